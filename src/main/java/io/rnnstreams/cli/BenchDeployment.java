package io.rnnstreams.cli;

import io.rnnstreams.embedded.DirectoryTree;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.PrometheusMetrics;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.ops.ServingMetrics;
import io.rnnstreams.ops.Topics;
import io.rnnstreams.stream.BaselineTopology;
import io.rnnstreams.stream.ServingApp;
import io.rnnstreams.stream.ServingSettings;
import io.rnnstreams.stream.ServingTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One instance under test, on topics of its own: the serving app with the case's model (the
 * configuration `serve` would build from the same keys), or the trivial baseline topology with
 * the same Kafka Streams settings. Closing it deletes its topics, changelog and state directory.
 */
final class BenchDeployment implements AutoCloseable {
    private final BenchSession session;
    private final String name;
    private final Path stateDir;
    private final RnnStreamsConfig config;
    private final ServingSettings settings;
    private final ServingApp app;
    /** The serving app reports to its meters as under `serve` (a timer per token); nobody scrapes them. */
    private final PrometheusMetrics metrics;
    private final KafkaStreams streams;
    private final int partitions;
    private final List<String> topics = new ArrayList<>();

    private BenchDeployment(BenchSession session, BenchCase c, BenchWorkload workload, int partitions,
            Map<String, String> overrides, boolean baseline, long seed) {
        this.session = session;
        this.name = session.uniqueName(baseline ? "base" : "serve");
        this.stateDir = session.stateDirectory(name);
        Map<String, String> keys = new HashMap<>(Map.of(
                "processing.guarantee", c.guarantee(),
                "state.store", c.store(),
                "state.encoding", c.encoding()));
        keys.putAll(overrides);
        this.config = session.config(name, stateDir, partitions, keys);
        this.settings = ServingProcess.settings(config);
        this.partitions = config.get(ConfigKeys.TOPICS_PARTITIONS);
        Properties props = ServingProcess.streamsProperties(config, settings, !baseline);
        List<Topics.Spec> specs = new ArrayList<>();
        for (String t : List.of(settings.tokensTopic(), settings.tagsTopic(), settings.labelsTopic(),
                settings.generatedTopic(), settings.dlqTopic())) {
            specs.add(Topics.Spec.data(t, this.partitions));
            topics.add(t);
        }
        Topics.ensure(session.admin(), specs, (short) 1);
        try {
            session.awaitLeaders(settings.tokensTopic(), this.partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topics of " + name, e);
        }
        topics.add(changelogTopic());
        if (baseline) {
            app = null;
            metrics = null;
            streams = new KafkaStreams(BaselineTopology.build(settings, c.stateBytes(workload),
                    BenchRun.BASELINE_OUTPUT_BYTES), props);
        } else {
            topics.add(settings.modelsTopic());
            try {
                PublishCommand.publish(config, settings.modelsTopic(), settings.modelName(),
                        ModelFile.write(c.served(workload, seed)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot publish the bench model", e);
            }
            metrics = new PrometheusMetrics(name, "bench");
            app = new ServingApp(settings, props, new MeteredServing(new ServingMetrics(metrics.registry())));
            streams = app.streams();
        }
    }

    /** The serving app with the case's model; {@code overrides} go under the user's --set. */
    static BenchDeployment serving(BenchSession session, BenchCase c, BenchWorkload workload, int partitions,
            Map<String, String> overrides, long seed) {
        return new BenchDeployment(session, c, workload, partitions, overrides, false, seed);
    }

    /** The baseline topology with the case's state size, guarantee and store. */
    static BenchDeployment baseline(BenchSession session, BenchCase c, BenchWorkload workload, int partitions,
            Map<String, String> overrides) {
        return new BenchDeployment(session, c, workload, partitions, overrides, true, 0);
    }

    String name() {
        return name;
    }

    ServingSettings settings() {
        return settings;
    }

    KafkaStreams streams() {
        return streams;
    }

    int partitions() {
        return partitions;
    }

    String changelogTopic() {
        return name + "-" + ServingTopology.SEQUENCE_STORE + "-changelog";
    }

    /**
     * Starts the instance and waits until it processes records: RUNNING, and for the serving app
     * a model loaded (it stays paused until then). Returns the System.nanoTime it was seen.
     */
    long startAndAwaitProcessing(Duration timeout) throws InterruptedException {
        if (app != null) {
            app.start();
        } else {
            streams.start();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING
                || (app != null && (app.registry().current() == null || streams.isPaused()))) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(name + " did not start processing (" + streams.state() + ")");
            }
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    /** Closes the instance cleanly (flushing its record cache to the changelog); the topics stay. */
    void stop() {
        streams.close(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        stop();
        if (metrics != null) {
            metrics.close();
        }
        session.deleteTopics(topics);
        DirectoryTree.delete(stateDir);
    }
}
