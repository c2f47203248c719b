package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleFormat;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.ModelFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay: what it sends, and the stream's answers scored exactly as eval scores the same model. */
class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void streamedSensorSessionsScoreExactlyAsEval() throws Exception {
        String model = dir.resolve("sensor.safetensors").toString();
        CommandRun.of("fit", "--synthetic", "sensor", "--n", "300", "--task", "tag,label", "--hidden", "16",
                "--epochs", "2", "--lr", "0.01", "--out", model).ok();
        JsonNode tags = CommandRun.of("eval", "--model", model, "--synthetic", "sensor", "--n", "60", "--seed", "5",
                "--task", "tag").ok().json();
        JsonNode labels = CommandRun.of("eval", "--model", model, "--synthetic", "sensor", "--n", "60", "--seed", "5",
                "--task", "label").ok().json();
        SharedBrokerServing serving = SharedBrokerServing.instance();
        long version = serving.publish(ModelFile.readEnsemble(Path.of(model)));
        JsonNode streamed = CommandRun.of(List.of("replay", "--synthetic", "sensor", "--n", "60", "--seed", "5",
                "--open", "8", "--gold"), serving.setArguments()).ok().json();
        JsonNode replay = streamed.get("replay");
        assertEquals(60, replay.get("sequences").asInt());
        assertEquals(tags.get("tokens").asLong(), replay.get("records").asLong());
        assertEquals(replay.get("records"), replay.get("tags_received"));
        assertEquals(60, replay.get("labels_received").asInt());
        assertEquals("[" + version + "]", replay.get("models").toString());
        CommandRun.assertSameScores(tags, streamed.get("tag"));
        CommandRun.assertSameScores(labels, streamed.get("label"));
    }

    @Test
    void sendsOneRecordPerTokenKeyedPerSequenceAtTheGivenRate() throws Exception {
        Path data = dir.resolve("tweets.conll");
        Files.writeString(data, "Hello\tO\nParis\tB-LOC\n\n\tO\n\nbye\tO\nnow\tO\n!\tO\n\n\"quoted\"\tO\n",
                StandardCharsets.UTF_8);
        String topic = SharedBroker.createTopic("replay-tokens", 2, Map.of());
        long start = System.nanoTime();
        JsonNode out = CommandRun.of("replay", "--data", data.toString(), "--format", "conll", "--topic", topic,
                "--keys", "tw", "--rate", "20/s", "--open", "2", "--set",
                "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers()).ok().json();
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode replay = out.get("replay");
        assertEquals(3, replay.get("sequences").asInt());
        assertEquals(6, replay.get("records").asInt());
        assertEquals(1, replay.get("skipped").get("empty token").asInt(), out.toString());
        assertTrue(seconds >= 5 / 20.0, "6 records at 20/s take at least 0.25 s, took " + seconds);

        Map<String, List<JsonNode>> byKey = consume(topic, 6);
        assertEquals(List.of("tw-000000", "tw-000002", "tw-000003"), byKey.keySet().stream().sorted().toList());
        assertEquals(List.of("{\"token\":\"Hello\"}", "{\"token\":\"Paris\",\"end\":true}"),
                byKey.get("tw-000000").stream().map(JsonNode::toString).toList());
        assertEquals(List.of("{\"token\":\"bye\"}", "{\"token\":\"now\"}", "{\"token\":\"!\",\"end\":true}"),
                byKey.get("tw-000002").stream().map(JsonNode::toString).toList());
        assertEquals("{\"token\":\"\\\"quoted\\\"\",\"end\":true}", byKey.get("tw-000003").get(0).toString());
    }

    @Test
    void denseEventsGoOutAsVectorsThatReadBackToTheSameFloats() throws Exception {
        Path data = dir.resolve("events.jsonl");
        float tiny = Float.MIN_VALUE;
        float third = 1f / 3;
        Files.writeString(data, "{\"x\":[[" + third + ",-2.5],[" + tiny + ",1e30]],\"label\":\"a\"}\n",
                StandardCharsets.UTF_8);
        String topic = SharedBroker.createTopic("replay-vectors");
        CommandRun.of("replay", "--data", data.toString(), "--topic", topic, "--keys", "dev", "--set",
                "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers()).ok();
        List<JsonNode> records = consume(topic, 2).get("dev-000000");
        Example e = ExampleFormat.JSONL.read(data).get(0);
        for (int i = 0; i < 2; i++) {
            JsonNode x = records.get(i).get("x");
            for (int k = 0; k < 2; k++) {
                assertEquals(e.vectors()[i][k], (float) x.get(k).asDouble(), 0f, "step " + i + " value " + k);
            }
        }
        assertFalse(records.get(0).has("end"));
        assertTrue(records.get(1).get("end").asBoolean());
    }

    @Test
    void missingAnswersTimeOutAndCountAsErrors() throws Exception {
        Path data = dir.resolve("sms.tsv");
        Files.writeString(data, "ham\tsee you at 5\nspam\tWIN a prize now\n", StandardCharsets.UTF_8);
        CommandRun run = CommandRun.of("replay", "--data", data.toString(), "--gold", "--timeout", "1s",
                "--set", "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers(),
                "--set", "topics.tokens=" + SharedBroker.createTopic("unserved-tokens"),
                "--set", "topics.labels=" + SharedBroker.createTopic("unserved-labels"));
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("0 of 2 labels arrived"), run.err());
        JsonNode label = run.json().get("label");
        assertEquals(2, label.get("unanswered").asInt());
        assertEquals(0.0, label.get("accuracy").asDouble(), 0.0);
    }

    @Test
    void userErrorsAreOneLine() throws Exception {
        Path data = dir.resolve("sms.tsv");
        Files.writeString(data, "ham\thello\n", StandardCharsets.UTF_8);
        String bootstrap = "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers();
        CommandRun missing = CommandRun.of("replay", "--data", data.toString(), "--topic",
                SharedBroker.uniqueName("no-such-topic"), "--set", bootstrap);
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        CommandRun rate = CommandRun.of("replay", "--data", data.toString(), "--rate", "fast", "--set", bootstrap);
        assertEquals(2, rate.exit());
        assertTrue(rate.err().contains("--rate must be a positive number"), rate.err());
        CommandRun gold = CommandRun.of("replay", "--data", data.toString(), "--gold", "tag", "--set", bootstrap);
        assertEquals(2, gold.exit());
        assertTrue(gold.err().contains("the data has no tags"), gold.err());
    }

    /** Reads {@code n} records of the topic from the start, grouped by key in offset order per key. */
    private static Map<String, List<JsonNode>> consume(String topic, int n) throws Exception {
        Map<String, Object> p = SharedBroker.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, SharedBroker.uniqueName("replay-check"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        int count = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            while (count < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
                    count++;
                }
            }
        }
        assertEquals(n, count, "records on " + topic);
        return byKey;
    }
}
