package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusMetricsTest {
    // Nothing listens here: constructing Kafka clients does not need a broker.
    private static final String NO_BROKER = "127.0.0.1:1";

    private final PrometheusMetrics metrics = new PrometheusMetrics("rnn-streams-serve", "pod-0");

    @TempDir
    Path stateDir;

    @AfterEach
    void close() {
        metrics.close();
    }

    private String scrape(String contentType) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out, contentType);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jvmAndSystemMetricsCarryTheCommonTags() throws IOException {
        Scrape s = new Scrape(scrape(PrometheusMetrics.TEXT_CONTENT_TYPE));
        for (String name : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds",
                "process_files_open_files", "jvm_gc_memory_allocated_bytes_total"}) {
            assertFalse(s.find(name).isEmpty(), name + " missing");
        }
        assertFalse(s.samples().isEmpty());
        for (Scrape.Sample sample : s.samples()) {
            assertEquals("rnn-streams-serve", sample.labels().get("application"), sample.name());
            assertEquals("pod-0", sample.labels().get("instance"), sample.name());
        }
    }

    @Test
    void openMetricsOnlyWhenAskedFor() throws IOException {
        assertEquals(PrometheusMetrics.TEXT_CONTENT_TYPE, PrometheusMetrics.contentTypeFor(null));
        assertEquals(PrometheusMetrics.TEXT_CONTENT_TYPE,
                PrometheusMetrics.contentTypeFor("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertEquals(PrometheusMetrics.OPENMETRICS_CONTENT_TYPE, PrometheusMetrics.contentTypeFor(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                        + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertTrue(scrape(PrometheusMetrics.OPENMETRICS_CONTENT_TYPE).endsWith("# EOF\n"));
        assertFalse(scrape(PrometheusMetrics.TEXT_CONTENT_TYPE).contains("# EOF"));
    }

    @Test
    void kafkaProducerMetricsComeAndGoWithTheBinding() throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER,
                ProducerConfig.CLIENT_ID_CONFIG, "metrics-test");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                config, new StringSerializer(), new StringSerializer())) {
            AutoCloseable binding = metrics.bind(producer);
            Scrape bound = new Scrape(scrape(PrometheusMetrics.TEXT_CONTENT_TYPE));
            assertFalse(bound.find("kafka_producer_record_send_total").isEmpty(), bound.text());
            assertEquals(0, bound.value("kafka_producer_record_send_total",
                    "client_id", "metrics-test"));
            binding.close();
            assertFalse(scrape(PrometheusMetrics.TEXT_CONTENT_TYPE).contains("kafka_producer_"));
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void kafkaConsumerAndAdminMetricsAppearWhenBound() throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER,
                ConsumerConfig.GROUP_ID_CONFIG, "metrics-test",
                ConsumerConfig.CLIENT_ID_CONFIG, "metrics-test-consumer");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                        config, new StringDeserializer(), new StringDeserializer());
                AdminClient admin = AdminClient.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER,
                        AdminClientConfig.CLIENT_ID_CONFIG, "metrics-test-admin"))) {
            metrics.bind(consumer);
            metrics.bind(admin);
            Scrape s = new Scrape(scrape(PrometheusMetrics.TEXT_CONTENT_TYPE));
            assertFalse(s.find("kafka_consumer_fetch_manager_records_lag_max").isEmpty(),
                    s.text());
            assertFalse(s.find("kafka_admin_client_request_total",
                    "client_id", "metrics-test-admin").isEmpty(), s.text());
            admin.close(Duration.ZERO);
        }
    }

    @Test
    void kafkaStreamsMetricsAppearWhenBound() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        try {
            metrics.bind(streams);
            String text = scrape(PrometheusMetrics.TEXT_CONTENT_TYPE);
            assertTrue(text.contains("kafka_stream_"), text);
        } finally {
            streams.close(Duration.ofSeconds(5));
        }
    }
}
