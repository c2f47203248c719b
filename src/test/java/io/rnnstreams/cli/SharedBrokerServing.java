package io.rnnstreams.cli;

import io.rnnstreams.embedded.DirectoryTree;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.RnnStreamsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one serving process (topics, Kafka Streams, exactly-once) of a test JVM on the shared test
 * broker, with topic names, application id and model name of its own: started on first use
 * (tens of seconds on a loaded machine, so once rather than per test class) and stopped at JVM
 * exit. Tests publish their model to it as the next version and wait until it serves that one;
 * the {@code --set} arguments point a command at the same cluster and topics. Tests that use it
 * must not overlap in time (JUnit runs them one after the other by default).
 */
final class SharedBrokerServing {
    private static SharedBrokerServing instance;

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final RnnStreamsConfig config;
    private final ServingProcess process;
    private long version;

    static synchronized SharedBrokerServing instance() {
        if (instance == null) {
            try {
                Path stateDir = Files.createTempDirectory("shared-serving");
                instance = new SharedBrokerServing(stateDir, 3);
                SharedBroker.beforeShutdown(() -> instance.stop(stateDir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private SharedBrokerServing(Path stateDir, int partitions) {
        settings.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        settings.put("application.id", SharedBroker.uniqueName("replay-app"));
        settings.put("model.name", SharedBroker.uniqueName("model"));
        for (String t : List.of("tokens", "tags", "labels", "generated", "models")) {
            settings.put("topics." + t, SharedBroker.uniqueName(t));
        }
        settings.put("topics.dlq", SharedBroker.uniqueName("dlq"));
        settings.put("topics.partitions", Integer.toString(partitions));
        settings.put("state.dir", stateDir.toString());
        settings.put("http.port", "-1");
        // Fewer, larger exactly-once transactions: on a loaded machine this roughly triples what a replay gets through.
        settings.put("commit.interval.ms", "1000");
        ConfigOptions options = new ConfigOptions();
        config = options.load(settings);
        process = ServingProcess.start(config);
    }

    /** Publishes the model (or ensemble) under the next version and waits until serving runs with it. */
    long publish(Ensemble model) throws Exception {
        version++;
        PublishCommand.publish(config, config.get(ConfigKeys.TOPICS_MODELS), config.get(ConfigKeys.MODEL_NAME),
                ModelFile.write(model.withMetadata(ModelFile.VERSION, Long.toString(version))));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (process.app().notReadyReason().isPresent() || process.app().registry().current() == null
                || process.app().registry().current().version() != version) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("serving did not take model version " + version + ": "
                        + process.app().notReadyReason().orElse("older model"));
            }
            Thread.sleep(50);
        }
        return version;
    }

    /** {@code --set key=value} for every setting, to give to a command. */
    List<String> setArguments() {
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }

    String topic(String which) {
        return settings.get("topics." + which);
    }

    private void stop(Path stateDir) {
        process.close();
        try {
            DirectoryTree.delete(stateDir);
        } catch (UncheckedIOException e) {
            System.err.println("could not delete " + stateDir + ": " + e.getMessage());
        }
    }
}
