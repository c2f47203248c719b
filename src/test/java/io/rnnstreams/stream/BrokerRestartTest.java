package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.embedded.EmbeddedKafkaBroker;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for a few seconds under a running exactly-once instance while tokens keep
 * coming (the producer buffers them), and comes back on the same directory and ports. The
 * instance must carry on by itself, never reaching ERROR, and its committed outputs must equal a
 * fault-free run of the same input.
 */
@Tag("slow")
class BrokerRestartTest {
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void theAppRecoversFromABrokerRestartAndLosesNothing() throws Exception {
        SequenceInput input = SequenceInput.generate(300, 13);
        int n = input.records().size();
        byte[] model = TestModels.bytes(TestModels.tokenModel(CellType.GRU, 16, 0, 1, 23));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(dir.resolve("broker")).build()) {
            broker.start();
            Map<String, Object> client = broker.clientProperties();
            ServingSettings s;
            try (Admin admin = Admin.create(client)) {
                s = FaultTestTopics.create(admin, Duration.ofMinutes(10), Duration.ofSeconds(1), 1000);
            }
            FaultTestTopics.publish(client, s, model);
            Map<String, Integer> expected = input.faultFreeOutputs(s, model, dir.resolve("fault-free"));
            Set<KafkaStreams.State> seen = ConcurrentHashMap.newKeySet();
            List<String> timeline = new ArrayList<>();
            try (ServingApp app = new ServingApp(s, FaultTestTopics.streamsProperties(client,
                            SharedBroker.uniqueName("broker-restart"), dir.resolve("state"), StreamsConfig.EXACTLY_ONCE_V2),
                    ServingObserver.NONE);
                    OutputCollector out = new OutputCollector(client, List.of(s.tagsTopic(), s.labelsTopic()))) {
                app.start();
                Thread watcher = watchStates(app, seen);
                SequenceInput.produce(client, s.tokensTopic(), input.slice(0, n / 2), 0);
                assertTrue(out.awaitCount(s.tagsTopic(), n / 4, Duration.ofSeconds(120)), "no progress before the stop");
                Thread producing = ServingCrashRestoreTest.produceInBackground(client, s, input.slice(n / 2, n));
                int before = out.count(s.tagsTopic());
                broker.stop();
                timeline.add("broker stopped after " + before + " of " + n + " tags");
                Thread.sleep(OUTAGE.toMillis());
                long started = System.nanoTime();
                broker.start();
                timeline.add("restarted after " + OUTAGE.toSeconds() + " s");
                boolean progressed = out.awaitCount(s.tagsTopic(), out.count(s.tagsTopic()) + 1, Duration.ofSeconds(120));
                timeline.add("first new output " + ServingCrashRestoreTest.seconds(started) + " s after the restart");
                producing.join();
                boolean complete = out.awaitCount(s.tagsTopic(), n, Duration.ofSeconds(120))
                        && out.awaitCount(s.labelsTopic(), input.lengths().size(), Duration.ofSeconds(60));
                timeline.add("all outputs " + ServingCrashRestoreTest.seconds(started) + " s after the restart");
                out.awaitQuiet(Duration.ofSeconds(3));
                watcher.interrupt();
                System.out.println("broker restart, " + n + " records: " + timeline + ", states seen " + seen);
                assertTrue(progressed && complete, "no recovery: " + out.counts() + " " + timeline);
                assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
                assertTrue(EnumSet.of(KafkaStreams.State.CREATED, KafkaStreams.State.REBALANCING,
                        KafkaStreams.State.RUNNING).containsAll(seen), "states " + seen);
                Map<String, Integer> got = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> r : out.records()) {
                    got.merge(SequenceInput.line(r.topic(), r.key(), r.value()), 1, Integer::sum);
                }
                assertEquals(List.of(), ServingCrashRestoreTest.difference(expected, got), "missing or different");
                assertEquals(List.of(), ServingCrashRestoreTest.difference(got, expected), "duplicates");
            }
        }
    }

    /** Records every state the instance passes through (polling: ServingApp owns the state listener). */
    private static Thread watchStates(ServingApp app, Set<KafkaStreams.State> seen) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                seen.add(app.streams().state());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "state-watcher");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
