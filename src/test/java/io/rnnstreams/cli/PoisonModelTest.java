package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.SafeTensors;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.stream.ModelRegistry;
import io.rnnstreams.stream.OutputCollector;
import io.rnnstreams.stream.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Poison on the models topic of a running serving process: a truncated file, bytes that are not
 * safetensors at all, a safetensors file of another format, a tensor of the wrong shape, a NaN
 * weight, and a valid model ten times over {@code models.max.bytes}. Each is rejected with a log
 * line and {@code rnn_models_rejected_total{reason}}, the tokens keep being served by the
 * previous model, and {@code /readyz} stays 200 throughout. A valid newer model still loads after.
 */
class PoisonModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MODEL_BYTES = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger registryLogger = (Logger) LoggerFactory.getLogger(ModelRegistry.class);

    @BeforeEach
    void captureLog() {
        log.start();
        registryLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        registryLogger.detachAppender(log);
    }

    @Test
    void poisonModelsAreRejectedAndThePreviousModelKeepsServing() throws Exception {
        // Created here with a generous record limit, so the oversized model reaches serving at all.
        String models = SharedBroker.createTopic("models", 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(16 << 20)));
        String tokens = SharedBroker.uniqueName("tokens");
        String tags = SharedBroker.uniqueName("tags");
        Map<String, String> set = new LinkedHashMap<>();
        set.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        set.put("application.id", SharedBroker.uniqueName("poison"));
        set.put("state.dir", dir.toString());
        set.put("http.port", "0");
        set.put("http.bind.address", "127.0.0.1");
        set.put("topics.partitions", "1");
        set.put("topics.tokens", tokens);
        set.put("topics.tags", tags);
        set.put("topics.labels", SharedBroker.uniqueName("labels"));
        set.put("topics.generated", SharedBroker.uniqueName("generated"));
        set.put("topics.dlq", SharedBroker.uniqueName("dlq"));
        set.put("topics.models", models);
        set.put("models.max.bytes", Integer.toString(MAX_MODEL_BYTES));
        byte[] v1 = TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, 31));
        Map<String, byte[]> poisons = poisons();

        try (ServingProcess serving = ServingProcess.start(RnnStreamsConfig.load(Optional.empty(), Map.of(), set));
                KafkaProducer<String, byte[]> producer = producer();
                OutputCollector out = new OutputCollector(SharedBroker.clientProperties(), List.of(tags))) {
            int port = serving.httpPort();
            producer.send(new ProducerRecord<>(models, "default", v1)).get();
            awaitReady(port);
            assertEquals(1, servedModel(producer, tokens, out, tags));
            int rejected = 0;
            for (Map.Entry<String, byte[]> poison : poisons.entrySet()) {
                producer.send(new ProducerRecord<>(models, "default", poison.getValue())).get();
                rejected++;
                awaitRejections(port, rejected, poison.getKey());
                assertEquals(200, get(port, "/readyz").statusCode(), "ready after " + poison.getKey());
                assertEquals(1, servedModel(producer, tokens, out, tags), "model serving after " + poison.getKey());
                String expectedReason = poison.getKey().equals("10x too large") ? "(too large)" : "(invalid)";
                assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(expectedReason)
                                && e.getFormattedMessage().contains("still serving version 1")),
                        "no rejection logged for " + poison.getKey() + ": " + messages());
            }
            String scrape = get(port, "/metrics").body();
            assertEquals(poisons.size() - 1, rejectedTotal(scrape, "invalid"), scrape);
            assertEquals(1, rejectedTotal(scrape, "too large"), scrape);
            assertEquals(poisons.size(), log.list.stream().filter(e -> e.getFormattedMessage().startsWith("rejected"))
                    .count(), messages());

            producer.send(new ProducerRecord<>(models, "default",
                    TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 7, 32)))).get();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int served = 1;
            while (served != 7 && System.nanoTime() < deadline) {
                served = servedModel(producer, tokens, out, tags);
            }
            assertEquals(7, served, "a valid newer model still loads after the poison");
        }
    }

    /** The poison records, in publishing order, each (but the last) claiming a newer version. */
    private static Map<String, byte[]> poisons() {
        Map<String, byte[]> p = new LinkedHashMap<>();
        byte[] v2 = TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 2, 33));
        p.put("truncated", Arrays.copyOf(v2, v2.length * 3 / 5));
        byte[] garbage = "GARBAGE! not a safetensors file at all".repeat(20).getBytes(StandardCharsets.UTF_8);
        p.put("garbage", garbage);
        SafeTensors.Contents c = SafeTensors.read(TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 3, 34)));
        Map<String, String> otherFormat = new LinkedHashMap<>(c.metadata());
        otherFormat.put("format", "someone-else.model/9");
        p.put("wrong format", SafeTensors.write(otherFormat, c.tensors()));
        List<SafeTensors.Tensor> reshaped = new ArrayList<>(c.tensors());
        SafeTensors.Tensor t = reshaped.get(0);
        int[] shape = t.shape().clone();
        shape[0]--;
        reshaped.set(0, new SafeTensors.Tensor(t.name(), shape,
                Arrays.copyOf(t.data(), t.data().length - t.data().length / t.shape()[0])));
        p.put("shape mismatch", SafeTensors.write(c.metadata(), reshaped));
        List<SafeTensors.Tensor> nan = new ArrayList<>(c.tensors());
        SafeTensors.Tensor last = nan.get(nan.size() - 1);
        float[] data = last.data().clone();
        data[data.length / 2] = Float.NaN;
        nan.set(nan.size() - 1, new SafeTensors.Tensor(last.name(), last.shape(), data));
        p.put("NaN weight", SafeTensors.write(c.metadata(), nan));
        byte[] big = TestModels.bytes(TestModels.tokenModel(CellType.GRU, 320, 0, 5, 35));
        assertTrue(big.length > 10 * MAX_MODEL_BYTES, "the big model is only " + big.length + " bytes");
        p.put("10x too large", big);
        return p;
    }

    /** Sends one token and returns the model version in its tag. */
    private static int servedModel(KafkaProducer<String, byte[]> producer, String tokens, OutputCollector out,
            String tags) throws Exception {
        int before = out.count(tags);
        producer.send(new ProducerRecord<>(tokens, "probe", "{\"token\":\"the\",\"end\":true}"
                .getBytes(StandardCharsets.UTF_8))).get();
        assertTrue(out.awaitCount(tags, before + 1, Duration.ofSeconds(60)), "no tag for the probe token");
        var records = out.records();
        return JSON.readTree(records.get(records.size() - 1).value()).get("model").asInt();
    }

    private static void awaitRejections(int port, int count, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String scrape = get(port, "/metrics").body();
            if (rejectedTotal(scrape, "invalid") + rejectedTotal(scrape, "too large") >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the " + what + " model was not counted as rejected");
    }

    private static int rejectedTotal(String scrape, String reason) {
        Matcher m = Pattern.compile("^rnn_models_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*} ([0-9.]+)$",
                Pattern.MULTILINE).matcher(scrape);
        return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
    }

    private static void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(port, "/readyz").statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never ready: " + get(port, "/readyz").body());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.putAll(SharedBroker.clientProperties());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
