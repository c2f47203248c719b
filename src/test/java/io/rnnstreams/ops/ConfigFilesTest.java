package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.ops.ConfigKey.UsedBy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example files in config/ load cleanly and say what they claim to say. */
class ConfigFilesTest {
    private static final Path SERVE = Path.of("config/serve.properties");
    private static final Path TRAIN = Path.of("config/train.properties");
    private static final Path DEMO = Path.of("config/demo.properties");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"config/serve.properties", "config/train.properties",
            "config/demo.properties"})
    void loadsWithoutWarnings(String file) {
        RnnStreamsConfig c = RnnStreamsConfig.load(Optional.of(Path.of(file)), Map.of(), Map.of());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void serveFileListsEveryServingKeyWithItsDefault() {
        assertListsKeysOf(SERVE, UsedBy.SERVE);
    }

    @Test
    void trainFileListsEveryTrainingKeyWithItsDefault() {
        assertListsKeysOf(TRAIN, UsedBy.TRAIN);
    }

    private static void assertListsKeysOf(Path file, UsedBy process) {
        Map<String, String> entries = entries(file);
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key.usedBy().contains(process)) {
                assertEquals(key.defaultText(), entries.get(key.name()),
                        file + " should set " + key.name() + " to its default");
            } else {
                assertFalse(entries.containsKey(key.name()),
                        file + " sets " + key.name() + ", which " + process + " does not read");
            }
        }
        assertEquals("localhost:9092", entries.get("kafka.bootstrap.servers"));
    }

    @Test
    void demoLeavesTheBootstrapToTheDemoAndMakesThingsHappenQuickly() {
        assertFalse(entries(DEMO).containsKey("kafka.bootstrap.servers"));
        RnnStreamsConfig demo = RnnStreamsConfig.load(Optional.of(DEMO), Map.of(), Map.of());
        RnnStreamsConfig defaults = RnnStreamsConfig.defaults();
        assertTrue(demo.get(ConfigKeys.TRAIN_WINDOW_EXAMPLES)
                < defaults.get(ConfigKeys.TRAIN_WINDOW_EXAMPLES));
        assertTrue(demo.get(ConfigKeys.TRAIN_WINDOW_SECONDS)
                < defaults.get(ConfigKeys.TRAIN_WINDOW_SECONDS));
        assertTrue(demo.get(ConfigKeys.SEQUENCE_IDLE_TIMEOUT).compareTo(Duration.ofSeconds(30)) <= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"config/serve.properties", "config/train.properties"})
    void saslExampleWorksOnceUncommentedWithTheJaasLineFromTheEnvironment(String name)
            throws IOException {
        List<String> lines = Files.readAllLines(Path.of(name), StandardCharsets.UTF_8);
        List<String> uncommented = lines.stream()
                .map(l -> l.startsWith("#kafka.") ? l.substring(1) : l)
                .toList();
        assertTrue(uncommented.contains("kafka.security.protocol=SASL_SSL"));
        Path file = dir.resolve("sasl.properties");
        Files.write(file, uncommented, StandardCharsets.UTF_8);

        ConfigException e = assertThrows(ConfigException.class,
                () -> RnnStreamsConfig.load(Optional.of(file), Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("kafka.sasl.jaas.config")
                && e.getMessage().contains("RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG"), e.getMessage());

        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"svc\" password=\"s3cr3t\";";
        RnnStreamsConfig c = RnnStreamsConfig.load(Optional.of(file),
                Map.of("RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG", jaas), Map.of());
        assertEquals(List.of(), c.warnings());
        Map<String, String> kafka = new HashMap<>(c.kafka());
        assertEquals("SASL_SSL", kafka.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", kafka.get("sasl.mechanism"));
        assertEquals(jaas, kafka.get("sasl.jaas.config"));
        assertFalse(c.dump().contains("s3cr3t"));
    }

    private static Map<String, String> entries(Path file) {
        Map<String, String> m = new HashMap<>();
        PropertiesFile.read(file).forEach(e -> m.put(e.key(), e.value()));
        return m;
    }
}
