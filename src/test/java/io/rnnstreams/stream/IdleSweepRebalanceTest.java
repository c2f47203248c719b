package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences without end markers expire by the idle sweep while the partitions move: a second
 * instance joins after the first labels appeared and leaves halfway through. The sweep examines
 * few keys per punctuation, so expiring them all spans both rebalances. Every sequence must get
 * exactly one idle label with its full length.
 */
@Tag("slow")
class IdleSweepRebalanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEQUENCES = 1200;

    @TempDir
    Path dir;

    @Test
    void noSequenceGetsTwoLabelsOrNoneWhileInstancesJoinAndLeave() throws Exception {
        ServingSettings s = FaultTestTopics.create(Duration.ofSeconds(3), Duration.ofMillis(200), 10);
        Map<String, Object> client = SharedBroker.clientProperties();
        FaultTestTopics.publish(client, s, TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, 24)));
        // One token each: on a loaded machine two tokens of a key may arrive more than the
        // timeout apart, which correctly makes two sequences.
        List<SequenceInput.Token> tokens = new ArrayList<>();
        for (int k = 0; k < SEQUENCES; k++) {
            tokens.add(new SequenceInput.Token("idle-" + k, null, "{\"token\":\"the\"}"));
        }
        String app = SharedBroker.uniqueName("idle-rebalance");
        String eos = StreamsConfig.EXACTLY_ONCE_V2;
        List<String> timeline = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> records;
        try (OutputCollector out = new OutputCollector(client, List.of(s.tagsTopic(), s.labelsTopic()));
                ServingApp first = new ServingApp(s, FaultTestTopics.streamsProperties(client, app, dir.resolve("a"), eos),
                        ServingObserver.NONE)) {
            first.start();
            SequenceInput.produce(client, s.tokensTopic(), tokens, 0);
            assertTrue(out.awaitCount(s.tagsTopic(), tokens.size(), Duration.ofSeconds(120)), "tags " + out.counts());
            assertTrue(out.awaitCount(s.labelsTopic(), SEQUENCES / 10, Duration.ofSeconds(60)), "no idle labels");
            try (ServingApp second = new ServingApp(s,
                    FaultTestTopics.streamsProperties(client, app, dir.resolve("b"), eos), ServingObserver.NONE)) {
                second.start();
                timeline.add("second instance joined at " + out.count(s.labelsTopic()) + " labels");
                assertTrue(out.awaitCount(s.labelsTopic(), SEQUENCES / 2, Duration.ofSeconds(120)),
                        "labels " + out.counts());
                timeline.add("left at " + out.count(s.labelsTopic()) + " labels");
            }
            assertTrue(out.awaitCount(s.labelsTopic(), SEQUENCES, Duration.ofSeconds(120)), "labels " + out.counts());
            out.awaitQuiet(Duration.ofSeconds(3));
            records = out.records();
        }
        Map<String, Integer> labels = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (!r.topic().equals(s.labelsTopic())) {
                continue;
            }
            JsonNode label = JSON.readTree(r.value());
            assertEquals("idle", label.get("reason").asText());
            assertEquals(1, label.get("tokens").asInt(), "length of " + new String(r.key(), StandardCharsets.UTF_8));
            labels.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        System.out.println("idle sweep across a join and a leave, " + SEQUENCES + " sequences: " + timeline);
        assertEquals(SEQUENCES, labels.size(), "sequences without a label");
        assertEquals(List.of(), labels.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList(),
                "sequences with two labels");
    }
}
