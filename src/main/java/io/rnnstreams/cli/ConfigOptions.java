package io.rnnstreams.cli;

import io.rnnstreams.ops.ConfigException;
import io.rnnstreams.ops.RnnStreamsConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value}, shared by the commands that talk to Kafka. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (see config/ and docs/configuration.md). Environment variables "
                    + "RNN_STREAMS_<KEY> override it, --set overrides both.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one configuration key, e.g. --set kafka.bootstrap.servers=host:9092 (repeatable).")
    List<String> sets = List.of();

    /** Loads the configuration; an invalid one is a one-line user error. */
    RnnStreamsConfig load() {
        return load(Map.of());
    }

    /** Loads the configuration with {@code defaults} applied below the file (e.g. the demo's broker). */
    RnnStreamsConfig load(Map<String, String> overrides) {
        Map<String, String> parsed = new LinkedHashMap<>(overrides);
        parsed.putAll(parsedSets());
        try {
            return RnnStreamsConfig.load(Optional.ofNullable(file), System.getenv(), parsed);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** Whether --set gives {@code key}. */
    boolean sets(String key) {
        return parsedSets().containsKey(key);
    }

    private Map<String, String> parsedSets() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--set needs KEY=VALUE, got '" + s + "'");
            }
            parsed.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        return parsed;
    }
}
