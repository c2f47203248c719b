package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.deploy.GrafanaDashboard;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.PrometheusMetrics;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.ops.TrainerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One demo pipeline scraped over HTTP after it has streamed, and after one malformed token and one
 * invalid model record, which a clean run never has: the scrape matches what was streamed, and
 * it holds every metric the Grafana dashboard queries.
 */
class DemoScrapeTest {
    private static final int SEQUENCES = 25;
    private static final String TRAINER_PREFIX = "rnn_trainer_";
    private static final String BAD_TOKEN = "rnn_dlq_records_total{reason=\"malformed json\"}";
    private static final String INVALID_MODEL = "rnn_models_rejected_total{reason=\"invalid\"}";

    private static final StringWriter LOG = new StringWriter();
    private static DemoPipeline demo;
    private static DemoPipeline.Summary streamed;
    private static Map<String, Double> scrape;

    @BeforeAll
    static void streamThenScrape() throws Exception {
        PrintWriter sink = new PrintWriter(LOG, true);
        demo = new DemoPipeline(sink, sink);
        demo.start(new ConfigOptions(), 400, 1);
        streamed = demo.stream(SEQUENCES, 0);
        sendBadRecords(demo.config());
        scrape = scrapeOnceCounted(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void metricsScrapedOverHttpMatchWhatWasStreamed() {
        assertEquals(SEQUENCES, streamed.labels(), LOG.toString());
        assertEquals(streamed.tokens(), scrape.get("rnn_tokens_processed_total"), 0.0);
        assertEquals(SEQUENCES, scrape.get("rnn_sequences_completed_total{reason=\"end\"}"), 0.0);
        assertEquals(1, scrape.get("rnn_model_version"), 0.0);
        assertEquals(streamed.tokens(), scrape.get("rnn_token_latency_seconds_count"), 0.0);
        assertTrue(scrape.getOrDefault("rnn_generated_tokens_total", 0.0) >= 1);
        assertTrue(scrape.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")), "JVM binder");
        assertTrue(scrape.keySet().stream().anyMatch(k -> k.startsWith("kafka_stream")), "Kafka Streams binder");
    }

    @Test
    void aMalformedTokenAndAnInvalidModelAreCountedByReason() {
        assertEquals(1, scrape.get(BAD_TOKEN), 0.0);
        assertEquals(1, scrape.get(INVALID_MODEL), 0.0);
        assertEquals(1, scrape.get("rnn_model_version"), 0.0, "the invalid model must not replace version 1");
    }

    @Test
    void everyServingMetricTheDashboardQueriesIsInTheScrape() throws Exception {
        Set<String> queried = GrafanaDashboard.read().metricNames().stream()
                .filter(name -> !name.startsWith(TRAINER_PREFIX)).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(queried.isEmpty(), "the dashboard queries no serving metric");
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(sampleNames(scrape));
        assertEquals(Set.of(), missing, "queried by " + GrafanaDashboard.FILE + " but not in the demo's scrape");
    }

    /** The demo runs no side trainer; its meters exist from the moment TrainerMetrics is created. */
    @Test
    void everyTrainerMetricTheDashboardQueriesIsInAFreshTrainerScrape() throws Exception {
        Set<String> queried = GrafanaDashboard.read().metricNames().stream()
                .filter(name -> name.startsWith(TRAINER_PREFIX)).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(queried.isEmpty(), "the dashboard queries no trainer metric");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrometheusMetrics metrics = new PrometheusMetrics("rnn-streams-train", "test")) {
            new TrainerMetrics(metrics.registry());
            metrics.scrape(text, PrometheusMetrics.TEXT_CONTENT_TYPE);
        }
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(sampleNames(parse(text.toString(StandardCharsets.UTF_8))));
        assertEquals(Set.of(), missing, "queried by " + GrafanaDashboard.FILE + " but not in a trainer's scrape");
    }

    private static void sendBadRecords(RnnStreamsConfig config) throws Exception {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config.kafkaProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.get(ConfigKeys.TOPICS_TOKENS), "bad-record",
                    "{\"token\":".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(config.get(ConfigKeys.TOPICS_MODELS), config.get(ConfigKeys.MODEL_NAME),
                    "not a model".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Scrapes /metrics until both bad records have been counted. */
    private static Map<String, Double> scrapeOnceCounted(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + demo.serving().httpPort() + "/metrics")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Double> samples = parse(r.body());
            if (samples.containsKey(BAD_TOKEN) && samples.containsKey(INVALID_MODEL)) {
                return samples;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bad token and the invalid model were not both counted within "
                        + timeout + "; scrape:\n" + r.body());
            }
            Thread.sleep(200);
        }
    }

    private static Set<String> sampleNames(Map<String, Double> samples) {
        return samples.keySet().stream().map(k -> k.replaceFirst("\\{.*", "")).collect(Collectors.toSet());
    }

    /** Sample name with its labels as written (minus application/instance tags) -> value. */
    private static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");
        for (String l : exposition.split("\n")) {
            Matcher m = line.matcher(l);
            if (l.startsWith("#") || !m.find()) {
                continue;
            }
            String labels = m.group(2) == null ? "" : m.group(2)
                    .replaceAll("(application|instance)=\"[^\"]*\",?", "").replace(",}", "}").replace("{}", "");
            samples.merge(m.group(1) + labels, Double.parseDouble(m.group(3)), Double::sum);
        }
        return samples;
    }
}
