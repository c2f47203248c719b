package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleJson;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.ops.PrometheusMetrics;
import io.rnnstreams.ops.TrainerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A side trainer on the shared test broker, on its own thread, with fresh topics: produce
 * examples, wait for windows, read what it published and rejected.
 */
final class TrainerHarness implements AutoCloseable {
    static final ExampleJson JSON = new ExampleJson();

    final String trainingTopic;
    final String dlqTopic;
    final String modelsTopic;
    /** The application.id a {@code train} process on these topics uses; group and transactional id follow. */
    final String applicationId;
    final String clientId;
    final PrometheusMetrics metrics = new PrometheusMetrics("test", "trainer");
    private final TrainerMetrics trainerMetrics = new TrainerMetrics(metrics.registry());
    final List<WindowReport> reports = new CopyOnWriteArrayList<>();
    private TrainerSettings settings;
    private SideTrainer trainer;
    private Thread thread;
    private volatile Throwable failure;

    TrainerHarness(int trainingPartitions) {
        trainingTopic = SharedBroker.createTopic("training", trainingPartitions, Map.of());
        dlqTopic = SharedBroker.createTopic("training-dlq", 1, Map.of());
        modelsTopic = SharedBroker.createTopic("models", 1, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(65 << 20)));
        applicationId = SharedBroker.uniqueName("app");
        clientId = applicationId + "-trainer-default";
    }

    /** Settings on this harness's topics: count-based windows, small learning rate schedule-free Adam. */
    TrainerSettings settings(int windowExamples, int epochs, double learningRate, double tolerance, ModelShape shape) {
        return settings(windowExamples, Duration.ofMinutes(10), epochs, learningRate, tolerance, shape);
    }

    TrainerSettings settings(int windowExamples, Duration windowTime, int epochs, double learningRate,
            double tolerance, ModelShape shape) {
        return new TrainerSettings(trainingTopic, dlqTopic, modelsTopic, "default", clientId, clientId,
                windowExamples, windowTime,
                new TrainingSettings(epochs, 32, learningRate, "adam", 0, 0, 5.0, 0.0, "constant", 1, 0, 0),
                10, tolerance, 50_000, 64L << 20, null, shape);
    }

    static ModelShape shape(CellType cell, int hidden, Task... heads) {
        return new ModelShape(List.of(heads), cell, hidden, 1, 16);
    }

    void start(TrainerSettings s) {
        settings = s;
        trainer = new SideTrainer(s, SharedBroker.clientProperties(), metrics, trainerMetrics, reports::add);
        thread = new Thread(() -> {
            try {
                trainer.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, "side-trainer-" + clientId);
        thread.setDaemon(true);
        thread.start();
    }

    SideTrainer trainer() {
        return trainer;
    }

    void stop() throws InterruptedException {
        if (trainer != null) {
            trainer.close();
            thread.join(30_000);
            trainer = null;
        }
        checkAlive();
    }

    void checkAlive() {
        if (failure != null) {
            throw new AssertionError("the trainer failed", failure);
        }
    }

    /** Produces records as they are (null keys and values allowed), in order. */
    void produceRecords(List<byte[]> keys, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(SharedBroker.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                p.send(new ProducerRecord<>(trainingTopic, keys.get(i), values.get(i)));
            }
            p.flush();
        }
    }

    /** Produces the examples as JSON, keyed ex-{first + i}. */
    void produce(List<Example> examples, int first) {
        List<byte[]> values = new ArrayList<>();
        for (Example e : examples) {
            values.add(JSON.toJson(e));
        }
        produceRaw(values, first);
    }

    void produceRaw(List<byte[]> values, int first) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(SharedBroker.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                p.send(new ProducerRecord<>(trainingTopic, ("ex-" + (first + i)).getBytes(), values.get(i)));
            }
            p.flush();
        }
    }

    /** Waits until a window report matches (and returns it). */
    WindowReport awaitReport(Predicate<WindowReport> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            for (WindowReport r : reports) {
                if (wanted.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such window report within " + timeout + "; reports so far:\n"
                + String.join("\n", reports.stream().map(WindowReport::progressLine).toList()));
    }

    WindowReport awaitWindow(long window, Duration timeout) throws InterruptedException {
        return awaitReport(r -> r.window() == window, timeout);
    }

    /** Every committed model record on the models topic, in order. */
    List<Model> publishedModels() {
        List<Model> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(modelsTopic)) {
            out.add(ModelFile.read(r.value()));
        }
        return out;
    }

    /** The last committed model record on the models topic. */
    Model lastPublishedModel() {
        List<ConsumerRecord<byte[], byte[]>> records = readAll(modelsTopic);
        return ModelFile.read(records.get(records.size() - 1).value());
    }

    /** Every committed record of a topic, read to its end. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> p = SharedBroker.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 65 << 20);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 65 << 20);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        metrics.close();
    }
}
