package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A `serve` process killed abruptly (SIGKILL) in the middle of the stream, with sequences open
 * across every kill, then restarted: with exactly-once, first on the same state directory and
 * killed again, then on an empty one; with at-least-once on the same directory. The state must
 * come back from the changelog exactly: exactly-once outputs equal, value for value, those of a
 * fault-free run of the same input; at-least-once misses nothing, and its duplicates are counted.
 * Every incarnation has the same group.instance.id, as a StatefulSet pod does (helm/), so a
 * restart takes over the partitions at once instead of after the dead member's session timeout.
 */
@Tag("slow")
class ServingCrashRestoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUNNING_WITHIN = Duration.ofSeconds(120);
    private static final Duration OUTPUTS_WITHIN = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void exactlyOnceOutputsEqualAFaultFreeRunAcrossKillsAndRestores() throws Exception {
        SequenceInput input = SequenceInput.generate(400, 11);
        int n = input.records().size();
        ServingSettings s = FaultTestTopics.create(Duration.ofMinutes(10), Duration.ofSeconds(1), 1000);
        byte[] model = TestModels.bytes(TestModels.tokenModel(CellType.GRU, 16, 0, 1, 21));
        Map<String, Object> client = SharedBroker.clientProperties();
        FaultTestTopics.publish(client, s, model);
        Map<String, Integer> expected = input.faultFreeOutputs(s, model, dir.resolve("fault-free"));
        String app = SharedBroker.uniqueName("crash-eos");
        String eos = StreamsConfig.EXACTLY_ONCE_V2;
        List<String> timeline = new ArrayList<>();
        try (OutputCollector out = new OutputCollector(client, List.of(s.tagsTopic(), s.labelsTopic()))) {
            ChildJvm first = ChildJvm.serve(dir.resolve("first.log"),
                    withInstanceId(FaultTestTopics.serveSettings(s, app, dir.resolve("a"), eos)), Map.of());
            try {
                first.awaitOutput("-> RUNNING", RUNNING_WITHIN);
                SequenceInput.produce(client, s.tokensTopic(), input.slice(0, n / 3), 0);
                Thread producing = produceInBackground(client, s, input.slice(n / 3, 2 * n / 3));
                assertTrue(out.awaitCount(s.tagsTopic(), n / 3 + n / 12, OUTPUTS_WITHIN), "first instance stalled");
                timeline.add("killed the first instance after " + out.count(s.tagsTopic()) + " tags");
                first.kill();
                producing.join();
            } finally {
                first.kill();
            }

            long restarted = System.nanoTime();
            ChildJvm second = ChildJvm.serve(dir.resolve("second.log"),
                    withInstanceId(FaultTestTopics.serveSettings(s, app, dir.resolve("a"), eos)), Map.of());
            try {
                second.awaitOutput("-> RUNNING", RUNNING_WITHIN);
                timeline.add("same state dir: RUNNING " + seconds(restarted) + " s after restart");
                assertTrue(out.awaitCount(s.tagsTopic(), 2 * n / 3 - n / 12, OUTPUTS_WITHIN), "second instance stalled");
                Thread producing = produceInBackground(client, s, input.slice(2 * n / 3, n));
                assertTrue(out.awaitCount(s.tagsTopic(), 2 * n / 3 + n / 12, OUTPUTS_WITHIN), "second instance stalled");
                timeline.add("killed the second instance after " + out.count(s.tagsTopic()) + " tags");
                second.kill();
                producing.join();
            } finally {
                second.kill();
            }

            restarted = System.nanoTime();
            try (ServingApp third = new ServingApp(s,
                    withInstanceId(FaultTestTopics.streamsProperties(client, app, dir.resolve("empty"), eos)), ServingObserver.NONE)) {
                third.start();
                boolean complete = out.awaitCount(s.tagsTopic(), n, OUTPUTS_WITHIN)
                        && out.awaitCount(s.labelsTopic(), input.lengths().size(), OUTPUTS_WITHIN);
                timeline.add("empty state dir: all outputs " + seconds(restarted) + " s after restart");
                out.awaitQuiet(Duration.ofSeconds(3));
                assertTrue(complete, "outputs incomplete: " + out.counts() + "; " + timeline);
            }
            Map<String, Integer> got = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : out.records()) {
                got.merge(SequenceInput.line(r.topic(), r.key(), r.value()), 1, Integer::sum);
            }
            System.out.println("exactly-once, " + n + " records, " + input.lengths().size() + " sequences, 2 kills: "
                    + timeline);
            assertEquals(List.of(), difference(expected, got), "missing or different outputs (of " + n + ")");
            assertEquals(List.of(), difference(got, expected), "duplicate or unexpected outputs");
        }
    }

    @Test
    void atLeastOnceMissesNothingAcrossAKill() throws Exception {
        SequenceInput input = SequenceInput.generate(300, 12);
        int n = input.records().size();
        ServingSettings s = FaultTestTopics.create(Duration.ofMinutes(10), Duration.ofSeconds(1), 1000);
        byte[] model = TestModels.bytes(TestModels.tokenModel(CellType.GRU, 16, 0, 1, 22));
        Map<String, Object> client = SharedBroker.clientProperties();
        FaultTestTopics.publish(client, s, model);
        String app = SharedBroker.uniqueName("crash-alos");
        String alos = StreamsConfig.AT_LEAST_ONCE;
        try (OutputCollector out = new OutputCollector(client, List.of(s.tagsTopic(), s.labelsTopic()))) {
            ChildJvm first = ChildJvm.serve(dir.resolve("first.log"),
                    withInstanceId(FaultTestTopics.serveSettings(s, app, dir.resolve("a"), alos)), Map.of());
            try {
                first.awaitOutput("-> RUNNING", RUNNING_WITHIN);
                SequenceInput.produce(client, s.tokensTopic(), input.slice(0, n / 2), 0);
                Thread producing = produceInBackground(client, s, input.slice(n / 2, n));
                assertTrue(out.awaitCount(s.tagsTopic(), n / 2 + n / 10, OUTPUTS_WITHIN), "first instance stalled");
                first.kill();
                producing.join();
            } finally {
                first.kill();
            }
            long restarted = System.nanoTime();
            double complete;
            try (ServingApp second = new ServingApp(s,
                    withInstanceId(FaultTestTopics.streamsProperties(client, app, dir.resolve("a"), alos)), ServingObserver.NONE)) {
                second.start();
                out.await(o -> missing(input, o, s).isEmpty(), OUTPUTS_WITHIN);
                complete = seconds(restarted);
                out.awaitQuiet(Duration.ofSeconds(3));
            }
            List<String> missing = missing(input, out, s);
            assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())),
                    missing.size() + " inputs without output");
            Map<String, Integer> tags = tagsPerId(out, s);
            int duplicateTags = tags.values().stream().mapToInt(c -> c - 1).sum();
            int duplicateLabels = out.count(s.labelsTopic()) - input.lengths().size();
            // The changelog can be ahead of the committed input offsets: replayed tokens then run
            // again on a state that already has them, and the label counts them twice.
            long overcounted = out.records().stream().filter(r -> r.topic().equals(s.labelsTopic()))
                    .filter(r -> tokens(r) > input.lengths().get(new String(r.key(),
                            java.nio.charset.StandardCharsets.UTF_8)))
                    .count();
            System.out.println("at-least-once, " + n + " records, " + input.lengths().size() + " sequences, 1 kill: "
                    + "nothing missing; duplicate tags " + duplicateTags + ", duplicate labels " + duplicateLabels
                    + ", labels counting replayed tokens twice " + overcounted
                    + "; complete " + complete + " s after restart");
        }
    }

    private static int tokens(ConsumerRecord<byte[], byte[]> label) {
        try {
            return JSON.readTree(label.value()).get("tokens").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final String INSTANCE_ID = "serving-0";

    private static Map<String, String> withInstanceId(Map<String, String> serveSettings) {
        serveSettings.put("kafka.group.instance.id", INSTANCE_ID);
        return serveSettings;
    }

    private static java.util.Properties withInstanceId(java.util.Properties streamsProperties) {
        streamsProperties.put("group.instance.id", INSTANCE_ID);
        return streamsProperties;
    }

    /** Inputs with no tag (by id) and sequences with no label. */
    private static List<String> missing(SequenceInput input, OutputCollector out, ServingSettings s) {
        Map<String, Integer> tags = tagsPerId(out, s);
        Map<String, Integer> labels = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out.records()) {
            if (r.topic().equals(s.labelsTopic())) {
                labels.merge(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }
        List<String> missing = new ArrayList<>();
        for (SequenceInput.Token t : input.records()) {
            if (!tags.containsKey(t.id())) {
                missing.add("tag " + t.id());
            }
        }
        for (String key : input.lengths().keySet()) {
            if (!labels.containsKey(key)) {
                missing.add("label " + key);
            }
        }
        return missing;
    }

    private static Map<String, Integer> tagsPerId(OutputCollector out, ServingSettings s) {
        Map<String, Integer> tags = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out.records()) {
            if (r.topic().equals(s.tagsTopic())) {
                try {
                    tags.merge(JSON.readTree(r.value()).get("id").asText(), 1, Integer::sum);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return tags;
    }

    /** Entries of {@code a} not matched one for one in {@code b} (at most 10, for the message). */
    static List<String> difference(Map<String, Integer> a, Map<String, Integer> b) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            int extra = e.getValue() - b.getOrDefault(e.getKey(), 0);
            if (extra > 0 && out.size() < 10) {
                out.add(extra + "x " + e.getKey());
            }
        }
        return out;
    }

    static Thread produceInBackground(Map<String, Object> client, ServingSettings s, List<SequenceInput.Token> records) {
        Thread t = new Thread(() -> {
            try {
                SequenceInput.produce(client, s.tokensTopic(), records, 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-producer");
        t.start();
        return t;
    }

    static double seconds(long sinceNanos) {
        return Math.round((System.nanoTime() - sinceNanos) / 1e8) / 10.0;
    }
}
