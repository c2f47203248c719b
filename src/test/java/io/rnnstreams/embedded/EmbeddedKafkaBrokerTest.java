package io.rnnstreams.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        String topic = SharedBroker.createTopic("txn");
        try (KafkaProducer<String, String> producer = transactionalProducer(SharedBroker.clientProperties())) {
            writeCommittedAndAborted(producer, topic);
        }
        assertEquals(List.of("a", "b", "c"),
                values(readCommitted(SharedBroker.clientProperties(), topic, 3)));
    }

    @Test
    void exactlyOnceStreamsAppWithStateRuns(@TempDir Path stateDir) throws Exception {
        String input = SharedBroker.createTopic("words");
        String output = SharedBroker.createTopic("counts");
        StreamsBuilder topology = new StreamsBuilder();
        topology.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count()
                .toStream()
                .mapValues(Object::toString)
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.putAll(SharedBroker.clientProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, SharedBroker.uniqueName("counter"));
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // Without the cache every count is emitted, not only the latest per key and commit.
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);

        try (KafkaStreams streams = new KafkaStreams(topology.build(), config)) {
            streams.start();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    SharedBroker.clientProperties(), new StringSerializer(), new StringSerializer())) {
                for (String key : List.of("x", "y", "x")) {
                    producer.send(new ProducerRecord<>(input, key, "token")).get(30, TimeUnit.SECONDS);
                }
            }
            List<ConsumerRecord<String, String>> counts = readCommitted(SharedBroker.clientProperties(), output, 3);
            assertEquals(List.of("x=1", "y=1", "x=2"),
                    counts.stream().map(r -> r.key() + "=" + r.value()).toList());
        }
    }

    @Test
    void topicWithRaisedLimitTakesTwentyMegabyteRecord() throws Exception {
        String large = SharedBroker.createTopic("large", 1,
                Map.of("max.message.bytes", Integer.toString(64 * MIB)));
        String ordinary = SharedBroker.createTopic("ordinary");
        byte[] value = new byte[20 * 1000 * 1000];
        new Random(42).nextBytes(value);

        Map<String, Object> producerProps = SharedBroker.clientProperties();
        producerProps.put("max.request.size", 64 * MIB);
        producerProps.put("buffer.memory", 64 * MIB);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(large, value)).get(30, TimeUnit.SECONDS);
            ExecutionException rejected = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(ordinary, value)).get(30, TimeUnit.SECONDS));
            assertInstanceOf(RecordTooLargeException.class, rejected.getCause());
        }

        Map<String, Object> consumerProps = SharedBroker.clientProperties();
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("group.id", SharedBroker.uniqueName("large"));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(large));
            List<ConsumerRecord<byte[], byte[]>> records = poll(consumer, 1);
            assertArrayEquals(value, records.get(0).value());
        }
    }

    @Test
    void restartOnSameDirectoryKeepsRecordsOffsetsAndPorts(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("broker");
        ListAppender<ILoggingEvent> logged = captureRootLog();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(dataDir).build()) {
            broker.start();
            String bootstrap = broker.bootstrapServers();
            String topic = "events";
            TopicPartition partition = new TopicPartition(topic, 0);
            try (Admin admin = Admin.create(broker.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    broker.clientProperties(), new StringSerializer(), new StringSerializer())) {
                for (String v : List.of("a", "b", "c")) {
                    producer.send(new ProducerRecord<>(topic, v)).get(30, TimeUnit.SECONDS);
                }
            }
            try (KafkaConsumer<String, String> consumer = groupConsumer(broker, "readers")) {
                consumer.subscribe(List.of(topic));
                assertEquals(3, poll(consumer, 3).size());
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(2)));
            }

            BrokerStartException inUse = assertThrows(BrokerStartException.class,
                    () -> EmbeddedKafkaBroker.builder().dataDirectory(dataDir).build().start());
            assertTrue(inUse.getMessage().contains("in use by another broker"), inUse.getMessage());

            broker.stop();
            assertFalse(broker.isRunning());
            broker.start();

            assertEquals(bootstrap, broker.bootstrapServers());
            try (KafkaConsumer<String, String> consumer = groupConsumer(broker, "readers")) {
                assertEquals(2, consumer.committed(Set.of(partition)).get(partition).offset());
                consumer.subscribe(List.of(topic));
                assertEquals(List.of("c"), values(poll(consumer, 1)));
            }
            assertEquals(List.of("a", "b", "c"), values(readCommitted(broker.clientProperties(), topic, 3)));
        } finally {
            stopCapturing(logged);
        }
        assertTrue(Files.exists(dataDir.resolve("meta.properties")), "a given data directory is kept");
        List<String> warnings = logged.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
        assertEquals(List.of(), warnings, "starting, restarting and stopping a broker logs no warnings");
    }

    @Test
    void scramUserWithRightPasswordProducesAndConsumesTransactionally() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().scramUser("app", "app-secret").build()) {
            broker.start();
            dataDir = broker.dataDirectory();
            Map<String, Object> client = broker.clientProperties();
            assertEquals("SASL_PLAINTEXT", client.get("security.protocol"));
            String topic = "secured";
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            // Commit markers travel over the broker's own SCRAM connection to itself, so a
            // read_committed read only completes if inter-broker authentication works too.
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.clientProperties())) {
                writeCommittedAndAborted(producer, topic);
            }
            assertEquals(List.of("a", "b", "c"), values(readCommitted(broker.clientProperties(), topic, 3)));

            Map<String, Object> wrong = broker.clientProperties();
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"app\" password=\"not-the-secret\";");
            // The client logs the expected failure as an error with a stack trace.
            Logger clientLogs = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients");
            Level clientLevel = clientLogs.getLevel();
            clientLogs.setLevel(Level.OFF);
            try (Admin admin = Admin.create(wrong)) {
                long started = System.nanoTime();
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertInstanceOf(SaslAuthenticationException.class, failed.getCause());
                assertTrue(failed.getCause().getMessage().contains("Authentication failed"),
                        failed.getCause().getMessage());
                assertTrue(millis < 5000, "authentication failure took " + millis + " ms");
            } finally {
                clientLogs.setLevel(clientLevel);
            }
        }
        assertFalse(Files.exists(dataDir), "a temporary data directory is deleted on close");
    }

    @Test
    void directoryWithOtherContentIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a broker");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(dir).build();
        BrokerStartException e = assertThrows(BrokerStartException.class, broker::start);
        assertEquals("data directory " + dir + " is neither empty nor a broker data directory", e.getMessage());
        assertFalse(broker.isRunning());
    }

    @Test
    void scramValuesTheFormatToolCannotEncodeAreRefused() {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.scramUser("app", "pass,word"));
        assertThrows(IllegalArgumentException.class, () -> builder.scramUser("app", "pass\"word"));
        assertThrows(IllegalArgumentException.class, () -> builder.scramUser("app", " password"));
        assertThrows(IllegalArgumentException.class, () -> builder.scramUser("", "password"));
    }

    private static void writeCommittedAndAborted(KafkaProducer<String, String> producer, String topic) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "k", "a"));
        producer.send(new ProducerRecord<>(topic, "k", "b"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "k", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "k", "c"));
        producer.commitTransaction();
    }

    private static KafkaProducer<String, String> transactionalProducer(Map<String, Object> props) {
        props.put("transactional.id", SharedBroker.uniqueName("producer"));
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Reads {@code count} records from the start of {@code topic}, committed transactions only. */
    private static List<ConsumerRecord<String, String>> readCommitted(
            Map<String, Object> props, String topic, int count) {
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("group.id", SharedBroker.uniqueName("committed-reader"));
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            return poll(consumer, count);
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(EmbeddedKafkaBroker broker, String group) {
        Map<String, Object> props = broker.clientProperties();
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Polls until {@code count} records arrived, then briefly once more so that a record too many
     * (an aborted one, say) would be caught.
     */
    private static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int count) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        assertEquals(count, records.size(), "records received");
        return records;
    }

    private static <K, V> List<V> values(List<ConsumerRecord<K, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static ListAppender<ILoggingEvent> captureRootLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        rootLogger().addAppender(appender);
        return appender;
    }

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        rootLogger().detachAppender(appender);
        appender.stop();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
