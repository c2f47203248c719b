package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.embedded.EmbeddedKafkaBroker;
import io.rnnstreams.stream.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `serve` against a broker that requires SASL/SCRAM-SHA-256, with the credentials only in the
 * environment (as a Kubernetes Secret would provide them): it serves with the right password;
 * with a wrong one it exits non-zero within seconds, with one error line that names
 * authentication; and neither password ever appears in its output.
 */
class ScramAuthenticationTest {
    private static final String USER = "rnn-serve";
    private static final String PASSWORD = "s3cret-Pa55word-xyz";
    private static final String WRONG_PASSWORD = "wrong-Pa55word-abc";
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().scramUser(USER, PASSWORD).build();
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void servesWithCredentialsFromTheEnvironment() throws Exception {
        Map<String, String> set = settings("scram-ok", true);
        try (ChildJvm serve = ChildJvm.serve(dir.resolve("serve.log"), set, environment(PASSWORD))) {
            serve.awaitOutput("processing paused until one is published", Duration.ofSeconds(120));
            Map<String, Object> client = broker.clientProperties();
            assertTrue(FirstTag.arrives(client, set, 41),
                    "no tag over the authenticated connection:\n" + serve.tail());
            assertFalse(serve.output().contains(PASSWORD), "the password is in the output:\n" + serve.output());
            assertTrue(serve.output().contains("sasl.jaas.config=******"), "the configuration dump masks it");
        }
    }

    @ParameterizedTest(name = "topics.create={0}")
    @ValueSource(booleans = {true, false})
    void aWrongPasswordFailsFastWithOneClearLine(boolean createTopics) throws Exception {
        long started = System.nanoTime();
        try (ChildJvm serve = ChildJvm.serve(dir.resolve("serve.log"), settings("scram-bad", createTopics),
                environment(WRONG_PASSWORD))) {
            int exit = serve.awaitExit(Duration.ofSeconds(60));
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            String output = serve.output();
            assertNotEquals(0, exit, output);
            assertTrue(seconds <= 30, "took " + seconds + " s to fail:\n" + output);
            List<String> errors = output.lines().filter(l -> l.startsWith("error: ")).toList();
            assertEquals(1, errors.size(), "one error line:\n" + output);
            assertTrue(errors.get(0).toLowerCase(Locale.ROOT).contains("authentication"), errors.get(0));
            assertFalse(output.contains(WRONG_PASSWORD), "the password is in the output:\n" + output);
            System.out.println("wrong password, topics.create=" + createTopics + ": exit " + exit + " after "
                    + seconds + " s: " + errors.get(0));
        }
    }

    private Map<String, String> settings(String prefix, boolean createTopics) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("kafka.bootstrap.servers", broker.bootstrapServers());
        set.put("application.id", prefix + "-" + System.nanoTime());
        set.put("state.dir", dir.resolve("state").toString());
        set.put("http.port", "-1");
        set.put("topics.create", Boolean.toString(createTopics));
        set.put("topics.partitions", "1");
        for (String topic : List.of("tokens", "tags", "labels", "generated", "dlq", "models")) {
            set.put("topics." + topic, prefix + "-" + topic);
        }
        return set;
    }

    /** The credentials as a Kubernetes Secret would provide them: in the environment only. */
    private static Map<String, String> environment(String password) {
        return Map.of(
                "RNN_STREAMS_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "RNN_STREAMS_KAFKA_SASL_MECHANISM", EmbeddedKafkaBroker.SCRAM_MECHANISM,
                "RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"" + USER + "\" password=\"" + password + "\";");
    }
}
