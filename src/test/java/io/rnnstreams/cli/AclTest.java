package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.embedded.EmbeddedKafkaBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.ops.PrometheusMetrics;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.ops.TrainerMetrics;
import io.rnnstreams.ops.KafkaAccessFailure;
import io.rnnstreams.stream.OutputCollector;
import io.rnnstreams.stream.TestModels;
import io.rnnstreams.train.SideTrainer;
import io.rnnstreams.train.TrainerSettings;
import io.rnnstreams.train.WindowReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACL tables of docs/security.md are exactly what `serve` and `train` need: on a broker with
 * Kafka's StandardAuthorizer, a user holding only the table's `serve` rows (parsed from the
 * document) reads tokens and the model and writes tags, labels, generations and dead letters with
 * exactly-once; without the group row it stops with an authorization error instead of retrying.
 * A user holding only the `train` rows trains a window, publishes the model and dead-letters a
 * bad example in its transaction.
 */
class AclTest {
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String USER = "rnn-serve";
    private static final String PASSWORD = "serve-secret";
    private static final Path DOC = Path.of("docs", "security.md");
    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.builder().scramUser(ADMIN, ADMIN_PASSWORD)
                .property("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                // The controller listener is PLAINTEXT inside the broker's own process.
                .property("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
                .build();
        broker.start();
        admin = Admin.create(broker.clientProperties());
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void theDocumentedAclsAreEnoughForServe() throws Exception {
        Map<String, String> set = settings("acl-ok");
        createTopics(set);
        grant(bindings(set));
        Map<String, Object> client = broker.clientProperties();
        try (KafkaProducer<String, byte[]> producer = producer(client);
                OutputCollector out = new OutputCollector(client, List.of(set.get("topics.tags"),
                        set.get("topics.labels"), set.get("topics.generated"), set.get("topics.dlq")))) {
            set.put("state.dir", dir.resolve("first").toString());
            try (ServingProcess serving = ServingProcess.start(RnnStreamsConfig.load(Optional.empty(), Map.of(), set))) {
                producer.send(new ProducerRecord<>(set.get("topics.models"), "default",
                        TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, 51)))).get();
                send(producer, set, "k", "{\"token\":\"the\",\"end\":true}");
                send(producer, set, "k", "{\"generate\":2}");
                send(producer, set, "k", "not json");
                send(producer, set, "open", "{\"token\":\"the\"}");
                for (String topic : List.of("tags", "labels", "generated", "dlq")) {
                    assertTrue(out.awaitCount(set.get("topics." + topic), 1, Duration.ofSeconds(120)),
                            "nothing on " + topic + " with the documented ACLs; streams "
                                    + serving.app().streams().state());
                }
                assertTrue(out.awaitCount(set.get("topics.tags"), 2, Duration.ofSeconds(60)), "tags " + out.counts());
            }
            // A second instance with an empty state directory must restore "open" from the changelog.
            set.put("state.dir", dir.resolve("second").toString());
            try (ServingProcess serving = ServingProcess.start(RnnStreamsConfig.load(Optional.empty(), Map.of(), set))) {
                send(producer, set, "open", "{\"token\":\"cat\",\"end\":true}");
                assertTrue(out.awaitCount(set.get("topics.labels"), 2, Duration.ofSeconds(120)),
                        "no label after the restart; streams " + serving.app().streams().state());
                var last = out.records().stream().filter(r -> r.topic().equals(set.get("topics.labels")))
                        .reduce((a, b) -> b).orElseThrow();
                assertTrue(new String(last.value(), StandardCharsets.UTF_8).contains("\"tokens\":2"),
                        "the restored sequence continued: " + new String(last.value(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theDocumentedAclsAreEnoughForTrain() throws Exception {
        Map<String, String> set = trainSettings("acl-train");
        grant(bindings(set, "train", 5));
        Map<String, Object> client = broker.clientProperties();
        try (RunningTrainer trainer = new RunningTrainer(set);
                OutputCollector out = new OutputCollector(client,
                        List.of(set.get("topics.models"), set.get("topics.training.dlq")))) {
            produceWindow(set);
            assertTrue(out.awaitCount(set.get("topics.models"), 1, Duration.ofSeconds(120)),
                    "no model published with the documented ACLs; windows " + trainer.reports + ", stopped: "
                            + trainer.running.isDone());
            assertTrue(out.awaitCount(set.get("topics.training.dlq"), 1, Duration.ofSeconds(30)), out.counts().toString());
            assertEquals(WindowReport.Outcome.PUBLISHED, trainer.reports.get(0).outcome());
        }
    }

    @Test
    void withoutTheDeadLetterAclTrainStopsWithAnAuthorizationError() throws Exception {
        Map<String, String> set = trainSettings("acl-train-no-dlq");
        List<AclBinding> bindings = bindings(set, "train", 5);
        bindings.removeIf(b -> b.pattern().name().equals(set.get("topics.training.dlq")));
        grant(bindings);
        try (RunningTrainer trainer = new RunningTrainer(set)) {
            produceWindow(set);
            ExecutionException stopped = assertThrows(ExecutionException.class,
                    () -> trainer.running.get(120, TimeUnit.SECONDS));
            assertTrue(stopped.getCause() instanceof SideTrainer.TrainerException, stopped.toString());
            assertTrue(stopped.getCause().getMessage().startsWith("Kafka authorization failed"),
                    stopped.getCause().getMessage());
            assertTrue(trainer.reports.isEmpty(), "nothing was published: " + trainer.reports);
        }
    }

    /** The settings of a trainer on topics of its own (created here), in windows of 41 records. */
    private Map<String, String> trainSettings(String prefix) throws Exception {
        Map<String, String> set = settings(prefix);
        set.put("topics.training", prefix + "-training");
        set.put("topics.training.dlq", prefix + "-training-dlq");
        set.put("train.window.examples", "41");
        set.put("train.epochs", "1");
        set.put("model.hidden", "8");
        admin.createTopics(List.of(new NewTopic(set.get("topics.training"), 2, (short) 1),
                new NewTopic(set.get("topics.training.dlq"), 2, (short) 1),
                new NewTopic(set.get("topics.models"), 1, (short) 1).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, "compact")))).all().get(30, TimeUnit.SECONDS);
        return set;
    }

    /** 40 tagged examples and one that is not JSON: one window, with a dead letter. */
    private static void produceWindow(Map<String, String> set) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(broker.clientProperties())) {
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>(set.get("topics.training"), "ex-" + i,
                        "{\"tokens\":[\"the\",\"cat\"],\"tags\":[\"DET\",\"NOUN\"]}".getBytes(StandardCharsets.UTF_8)));
            }
            producer.send(new ProducerRecord<>(set.get("topics.training"), "bad",
                    "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** A side trainer as the test user, on a thread of its own. */
    private static final class RunningTrainer implements AutoCloseable {
        final PrometheusMetrics metrics = new PrometheusMetrics("acl-train", "t-1");
        final List<WindowReport> reports = new CopyOnWriteArrayList<>();
        final SideTrainer trainer;
        final CompletableFuture<Void> running;

        RunningTrainer(Map<String, String> set) {
            RnnStreamsConfig config = RnnStreamsConfig.load(Optional.empty(), Map.of(), set);
            trainer = new SideTrainer(TrainerSettings.from(config), config.kafka(), metrics,
                    new TrainerMetrics(metrics.registry()), reports::add);
            running = CompletableFuture.runAsync(trainer::run, r -> new Thread(r, "acl-trainer").start());
        }

        @Override
        public void close() throws Exception {
            trainer.close();
            try {
                running.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // How the trainer stopped is the test's business.
            } finally {
                metrics.close();
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Map<String, String> set, String key,
            String value) throws Exception {
        producer.send(new ProducerRecord<>(set.get("topics.tokens"), key, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    @Test
    void withoutTheGroupAclServeStopsWithAnAuthorizationError() throws Exception {
        Map<String, String> set = settings("acl-no-group");
        createTopics(set);
        List<AclBinding> bindings = bindings(set);
        bindings.removeIf(b -> b.pattern().resourceType() == ResourceType.GROUP);
        grant(bindings);
        try (ServingProcess serving = ServingProcess.start(RnnStreamsConfig.load(Optional.empty(), Map.of(), set))) {
            Throwable failure = serving.app().failure().get(60, TimeUnit.SECONDS);
            String line = ServingProcess.failed(failure).getMessage();
            assertTrue(KafkaAccessFailure.find(failure).isPresent(), "not an access failure: " + failure);
            assertTrue(line.toLowerCase(Locale.ROOT).contains("authorization"), line);
        }
    }

    /**
     * Creates the ACLs and waits until the broker's authorizer has them: the controller commits
     * them first, and a client arriving before the broker catches up would be refused.
     */
    private static void grant(List<AclBinding> bindings) throws Exception {
        admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(bindings)) {
            assertTrue(System.nanoTime() < deadline, "the broker did not apply the ACLs within 30 s");
            Thread.sleep(50);
        }
    }

    private static List<AclBinding> bindings(Map<String, String> set) throws Exception {
        return bindings(set, "serve", 9);
    }

    /** The document's rows for one command, as ACLs for the test user with the names filled in. */
    private static List<AclBinding> bindings(Map<String, String> set, String command, int resources)
            throws Exception {
        List<AclBinding> out = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            String[] cells = line.split("\\|");
            if (cells.length < 7 || !cells[1].strip().equals(command)) {
                continue;
            }
            String name = cells[4].strip();
            for (Map.Entry<String, String> e : set.entrySet()) {
                name = name.replace("{" + e.getKey() + "}", e.getValue());
            }
            assertTrue(!name.contains("{"), "unknown placeholder in " + line);
            ResourcePattern pattern = new ResourcePattern(ResourceType.valueOf(cells[2].strip()), name,
                    PatternType.valueOf(cells[3].strip()));
            for (String op : cells[5].split(",")) {
                out.add(new AclBinding(pattern, new AccessControlEntry("User:" + USER, "*",
                        AclOperation.valueOf(op.strip()), AclPermissionType.ALLOW)));
            }
        }
        assertEquals(resources, out.stream().map(AclBinding::pattern).distinct().count(),
                command + " resource rows found in " + DOC);
        return out;
    }

    private static void createTopics(Map<String, String> set) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : List.of("tokens", "tags", "labels", "generated", "dlq")) {
            topics.add(new NewTopic(set.get("topics." + topic), 2, (short) 1));
        }
        topics.add(new NewTopic(set.get("topics.models"), 1, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, "compact")));
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }

    private Map<String, String> settings(String prefix) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("kafka.bootstrap.servers", broker.bootstrapServers());
        set.put("kafka.security.protocol", "SASL_PLAINTEXT");
        set.put("kafka.sasl.mechanism", EmbeddedKafkaBroker.SCRAM_MECHANISM);
        set.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + USER + "\" password=\"" + PASSWORD + "\";");
        set.put("application.id", prefix + "-app");
        set.put("state.dir", dir.resolve("state").toString());
        set.put("http.port", "-1");
        set.put("topics.create", "false");
        set.put("kafka.session.timeout.ms", "6000");
        for (String topic : List.of("tokens", "tags", "labels", "generated", "dlq", "models")) {
            set.put("topics." + topic, prefix + "-" + topic);
        }
        set.put("model.name", "default");
        return set;
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> client) {
        Properties p = new Properties();
        p.putAll(client);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
