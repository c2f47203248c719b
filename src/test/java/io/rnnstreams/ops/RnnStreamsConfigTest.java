package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RnnStreamsConfigTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("test.properties");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static RnnStreamsConfig load(Path file, Map<String, String> env, Map<String, String> set) {
        return RnnStreamsConfig.load(Optional.ofNullable(file), env, set);
    }

    @Test
    void defaultsAreTheDeclaredOnes() {
        RnnStreamsConfig c = RnnStreamsConfig.defaults();
        assertEquals("rnn-streams", c.get(ConfigKeys.APPLICATION_ID));
        assertEquals(Duration.ofMinutes(5), c.get(ConfigKeys.SEQUENCE_IDLE_TIMEOUT));
        assertEquals(67108864, c.get(ConfigKeys.MODELS_MAX_BYTES));
        assertEquals(List.of("tag"), c.get(ConfigKeys.MODEL_TASK));
        assertEquals(0.002, c.get(ConfigKeys.TRAIN_LEARNING_RATE));
        assertEquals(true, c.get(ConfigKeys.TOPICS_CREATE));
        assertEquals(Optional.empty(), c.find(ConfigKeys.TRAIN_TBPTT));
        assertEquals(Optional.empty(), c.find(ConfigKeys.COMMIT_INTERVAL_MS));
        assertThrows(NoSuchElementException.class, () -> c.get(ConfigKeys.TRAIN_TBPTT));
        assertEquals(Map.of(), c.kafka());
        assertEquals(List.of(), c.warnings());
        assertEquals("default", c.origin("topics.tokens"));
    }

    @Test
    void fileThenEnvironmentThenSetOverride() throws IOException {
        Path f = file(
                "# comment",
                "topics.tokens = from-file",
                "topics.tags=from-file",
                "topics.labels=from-file",
                "kafka.bootstrap.servers=file:9092");
        RnnStreamsConfig c = load(f,
                Map.of("RNN_STREAMS_TOPICS_TAGS", "from-env",
                        "RNN_STREAMS_TOPICS_LABELS", "from-env",
                        "RNN_STREAMS_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                        "PATH", "/usr/bin"),
                Map.of("topics.labels", "from-set"));
        assertEquals("from-file", c.get(ConfigKeys.TOPICS_TOKENS));
        assertEquals("from-env", c.get(ConfigKeys.TOPICS_TAGS));
        assertEquals("from-set", c.get(ConfigKeys.TOPICS_LABELS));
        assertEquals("generated", c.get(ConfigKeys.TOPICS_GENERATED));
        assertEquals(Map.of("bootstrap.servers", "env:9092"), c.kafka());
        assertEquals("file " + f + " line 2", c.origin("topics.tokens"));
        assertEquals("environment variable RNN_STREAMS_TOPICS_TAGS", c.origin("topics.tags"));
        assertEquals("--set", c.origin("topics.labels"));
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void environmentVariablesMapToKeysAndKafkaSettings() {
        assertEquals("topics.training.dlq",
                RnnStreamsConfig.keyOfEnvironmentVariable("RNN_STREAMS_TOPICS_TRAINING_DLQ"));
        assertEquals("kafka.sasl.jaas.config",
                RnnStreamsConfig.keyOfEnvironmentVariable("RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG"));
        assertEquals(null, RnnStreamsConfig.keyOfEnvironmentVariable("RNN_STREAMS_KAFKA_"));
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertEquals(key.name(),
                    RnnStreamsConfig.keyOfEnvironmentVariable(key.environmentVariable()));
        }
    }

    @Test
    void kafkaSettingsPassThroughWithoutThePrefix() {
        RnnStreamsConfig c = load(null,
                Map.of("RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG", "secret-jaas"),
                Map.of("kafka.security.protocol", "SASL_SSL",
                        "kafka.producer.linger.ms", "5",
                        "kafka.application.server", "pod-0.svc:8080"));
        assertEquals(Map.of("security.protocol", "SASL_SSL", "producer.linger.ms", "5",
                "application.server", "pod-0.svc:8080", "sasl.jaas.config", "secret-jaas"),
                c.kafka());
        assertEquals("SASL_SSL", c.kafkaProperties().getProperty("security.protocol"));
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void kafkaSettingsThatDuplicateADeclaredKeyAreIgnored() {
        RnnStreamsConfig c = load(null, Map.of(), Map.of(
                "kafka.application.id", "other",
                "kafka.statestore.cache.max.bytes", "1"));
        assertEquals(Map.of(), c.kafka());
        assertEquals(List.of(
                "kafka.application.id (--set) is ignored: set application.id instead",
                "kafka.statestore.cache.max.bytes (--set) is ignored: set state.cache.max.bytes instead"),
                c.warnings());
    }

    @Test
    void unknownKeysWarnWithTheLikelyIntendedKey() throws IOException {
        Path f = file("topic.tokens=x", "bootstrap.servers=localhost:9092", "frobnicate=1",
                "kafka.bootstrap.server=localhost:9092", "kafka.producer.lingr.ms=5",
                "kafka.schema.registry.url=http://registry");
        RnnStreamsConfig c = load(f, Map.of("RNN_STREAMS_TOPICS_TOKEN", "y",
                "RNN_STREAMS_BOOTSTRAP_SERVERS", "z"), Map.of("trian.epochs", "2"));
        assertEquals(List.of(
                "environment variable RNN_STREAMS_BOOTSTRAP_SERVERS matches no configuration key;"
                        + " Kafka settings need the KAFKA_ prefix: RNN_STREAMS_KAFKA_BOOTSTRAP_SERVERS",
                "environment variable RNN_STREAMS_TOPICS_TOKEN matches no configuration key;"
                        + " did you mean RNN_STREAMS_TOPICS_TOKENS?",
                "unknown configuration key bootstrap.servers (file " + f + " line 2);"
                        + " Kafka settings need the kafka. prefix: kafka.bootstrap.servers",
                "unknown configuration key frobnicate (file " + f + " line 3)",
                "kafka.bootstrap.server (file " + f + " line 4) is not a Kafka client or Kafka"
                        + " Streams setting; did you mean kafka.bootstrap.servers?",
                "kafka.producer.lingr.ms (file " + f + " line 5) is not a Kafka client or Kafka"
                        + " Streams setting; did you mean kafka.producer.linger.ms?",
                "unknown configuration key topic.tokens (file " + f + " line 1);"
                        + " did you mean topics.tokens?",
                "unknown configuration key trian.epochs (--set); did you mean train.epochs?"),
                c.warnings());
        assertEquals("tokens", c.get(ConfigKeys.TOPICS_TOKENS));
        assertEquals("http://registry", c.kafka().get("schema.registry.url"));
    }

    @Test
    void invalidValuesStopWithOneMessageNamingKeyValueOriginAndWhatIsAllowed()
            throws IOException {
        Path f = file("topics.partitions=six", "sequence.idle.timeout=300");
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(f, Map.of("RNN_STREAMS_MODEL_CELL", "transformer"), Map.of()));
        assertEquals("invalid configuration: "
                + "topics.partitions=six (file " + f + " line 1): expected an integer >= 1; "
                + "sequence.idle.timeout=300 (file " + f + " line 2): "
                + "expected a duration > 0 such as 250ms, 30s, 5m or 1h; "
                + "model.cell=transformer (environment variable RNN_STREAMS_MODEL_CELL): "
                + "expected one of: rnn, lstm, gru",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void emptyMeansUnsetForOptionalKeysAndIsAnErrorOtherwise() {
        RnnStreamsConfig c = load(null, Map.of("RNN_STREAMS_TRAIN_TBPTT", ""),
                Map.of("train.init.model", " "));
        assertEquals(Optional.empty(), c.find(ConfigKeys.TRAIN_TBPTT));
        assertEquals(Optional.empty(), c.find(ConfigKeys.TRAIN_INIT_MODEL));
        assertEquals(new IntPair(20, 40),
                load(null, Map.of(), Map.of("train.tbptt", "20,40")).get(ConfigKeys.TRAIN_TBPTT));

        ConfigException e = assertThrows(ConfigException.class,
                () -> load(null, Map.of("RNN_STREAMS_TOPICS_TOKENS", ""), Map.of()));
        assertEquals("invalid configuration: topics.tokens is empty (environment variable "
                + "RNN_STREAMS_TOPICS_TOKENS): expected a Kafka name (letters, digits, '.', '_',"
                + " '-'; at most 249)", e.getMessage());
    }

    @Test
    void surroundingWhitespaceIsIgnored() throws IOException {
        RnnStreamsConfig c = load(file("topics.tokens = in   ", "http.port=9090\t"),
                Map.of("RNN_STREAMS_MODEL_CELL", " lstm "), Map.of());
        assertEquals("in", c.get(ConfigKeys.TOPICS_TOKENS));
        assertEquals(9090, c.get(ConfigKeys.HTTP_PORT));
        assertEquals("lstm", c.get(ConfigKeys.MODEL_CELL));
    }

    @Test
    void secretsAreMaskedInTheDumpAndInErrors() {
        RnnStreamsConfig c = load(null,
                Map.of("RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule password=\"hunter2\";"),
                Map.of("kafka.ssl.truststore.password", "hunter3",
                        "kafka.ssl.key.password", "hunter4",
                        "kafka.security.protocol", "SASL_SSL"));
        String dump = c.dump();
        assertFalse(dump.contains("hunter"), dump);
        assertTrue(dump.contains("kafka.sasl.jaas.config=******  "
                + "(environment variable RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG)\n"), dump);
        assertTrue(dump.contains("kafka.ssl.truststore.password=******  (--set)\n"), dump);
        assertTrue(dump.contains("kafka.security.protocol=SASL_SSL  (--set)\n"), dump);
        assertTrue(dump.contains("topics.tokens=tokens  (default)\n"), dump);
        assertTrue(dump.contains("train.tbptt=  (default)\n"), dump);
        List<String> lines = List.of(dump.split("\n"));
        List<String> keys = lines.stream().map(l -> l.substring(0, l.indexOf('='))).toList();
        assertEquals(keys.stream().sorted().toList(), keys);
        assertEquals(ConfigKeys.all().size() + 4, lines.size());
    }

    @Test
    void placeholdersLeftInAValueStopStartUpWithoutShowingTheValue() throws IOException {
        Path f = file("kafka.sasl.jaas.config=ScramLoginModule required username=\"${USER}\" "
                + "password=\"${PASSWORD}\";");
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(f, Map.of(), Map.of()));
        assertEquals("invalid configuration: kafka.sasl.jaas.config (file " + f + " line 1) "
                + "still contains the placeholder ${USER}, which is not expanded: set the real "
                + "value in the environment variable RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG or with "
                + "--set", e.getMessage());

        RnnStreamsConfig fromEnv = load(f,
                Map.of("RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG", "real"), Map.of());
        assertEquals("real", fromEnv.kafka().get("sasl.jaas.config"));

        RnnStreamsConfig provider = load(null, Map.of(),
                Map.of("kafka.ssl.key.password", "${file:/etc/secret.properties:key}"));
        assertEquals("${file:/etc/secret.properties:key}",
                provider.kafka().get("ssl.key.password"));
    }

    @Test
    void fileErrorsNameTheFileAndLine() throws IOException {
        Path missing = dir.resolve("missing.properties");
        assertEquals("config file not found: " + missing, assertThrows(ConfigException.class,
                () -> load(missing, Map.of(), Map.of())).getMessage());

        Path bad = file("topics.tokens=a", "topics.tags=\\u12");
        assertEquals(bad + " line 2: cannot parse: Malformed \\uxxxx encoding.",
                assertThrows(ConfigException.class, () -> load(bad, Map.of(), Map.of()))
                        .getMessage());

        Path latin1 = dir.resolve("latin1.properties");
        Files.write(latin1, "topics.tokens=t\u00f6kens\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("config file " + latin1 + " is not valid UTF-8",
                assertThrows(ConfigException.class, () -> load(latin1, Map.of(), Map.of()))
                        .getMessage());
    }

    @Test
    void propertiesSyntaxKeepsItsJavaMeaningAndLineNumbers() throws IOException {
        Path f = file(
                "! bang comment",
                "# comment ending in a backslash \\",
                "topics.tokens:colon-separated",
                "kafka.sasl.jaas.config=first \\",
                "    second \\",
                "    third",
                "model.name=caf\\u00e9",
                "topics.tags   spaced",
                "topics.tags=again");
        RnnStreamsConfig c = load(f, Map.of(), Map.of());
        assertEquals("colon-separated", c.get(ConfigKeys.TOPICS_TOKENS));
        assertEquals("first second third", c.kafka().get("sasl.jaas.config"));
        assertEquals("café", c.get(ConfigKeys.MODEL_NAME));
        assertEquals("file " + f + " line 3", c.origin("topics.tokens"));
        assertEquals("file " + f + " line 4", c.origin("kafka.sasl.jaas.config"));
        assertEquals("file " + f + " line 7", c.origin("model.name"));
        assertEquals("again", c.get(ConfigKeys.TOPICS_TAGS));
        assertEquals(List.of("topics.tags is set twice in " + f + " (lines 8 and 9); line 9 wins"),
                c.warnings());
    }
}
