package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.embedded.DirectoryTree;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.PathSegment;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.ops.SequenceLookup;
import io.rnnstreams.stream.ServingTopology;
import io.rnnstreams.stream.TestModels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two serving instances of one application, each with its own HTTP server named in
 * {@code application.server}: {@code GET /sequences/{key}} answers the same document from either
 * instance, whichever of them owns the key, because the other forwards the request to the owner.
 * And one instance alone, without {@code application.server}, answers from its own store.
 */
class SequenceForwardingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;
    private static final int KEYS = 24;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServingProcess> processes = new ArrayList<>();
    private final List<Path> stateDirs = new ArrayList<>();

    @AfterEach
    void stop() {
        for (ServingProcess p : processes) {
            p.close();
        }
        stateDirs.forEach(DirectoryTree::delete);
    }

    @Test
    void eitherInstanceAnswersForEveryKey() throws Exception {
        Map<String, String> shared = sharedSettings("forwarding-app");
        ServingProcess a = start(shared, freePort(), true);
        ServingProcess b = start(shared, freePort(), true);
        RnnStreamsConfig config = new ConfigOptions().load(shared);

        Model model = TestModels.tokenModel(CellType.GRU, 8, 0, 1, 11);
        PublishCommand.publish(config, config.get(ConfigKeys.TOPICS_MODELS), "default", ModelFile.write(model));
        awaitTwoRunningOwners(a, b);

        Map<String, List<String>> sent = produceTokens(config.get(ConfigKeys.TOPICS_TOKENS));
        Predictor offline = new Predictor(new InferenceModel(model));
        Set<HostInfo> owners = new HashSet<>();
        for (Map.Entry<String, List<String>> e : sent.entrySet()) {
            String key = e.getKey();
            List<String> tokens = e.getValue();
            JsonNode fromA = awaitPosition(a, key, tokens.size());
            JsonNode fromB = awaitPosition(b, key, tokens.size());
            assertEquals(fromA, fromB, key + ": both instances answer with the owner's document");
            assertEquals(1, fromA.get("model").asLong(), key);
            float[][] running = offline.tokens(tokens.toArray(String[]::new), true).runningLabelProbabilities();
            float[] p = running[tokens.size() - 1];
            int best = Predictor.argmax(p);
            assertEquals(model.config().labelClasses().get(best), fromA.get("label").asText(), key);
            assertEquals(p[best], fromA.get("p").floatValue(), 1e-6, key);
            owners.add(owner(a, key));
        }
        assertEquals(Set.of(hostOf(a), hostOf(b)), owners, "the keys spread over both instances, so each forwarded");

        for (ServingProcess p : List.of(a, b)) {
            assertEquals(404, get(p, "never-sent", false).statusCode());
        }
        String ownedByB = sent.keySet().stream().filter(k -> owner(a, k).equals(hostOf(b))).findFirst().orElseThrow();
        HttpResponse<String> loop = get(a, ownedByB, true);
        assertEquals(503, loop.statusCode(), "a forwarded request is answered locally or refused, never forwarded again");
    }

    /** The quick start's setup: one instance, no application.server, as config/serve.properties ships. */
    @Test
    void anInstanceAloneAnswersFromItsOwnStore() throws Exception {
        Map<String, String> settings = sharedSettings("alone-app");
        ServingProcess alone = start(settings, freePort(), false);
        RnnStreamsConfig config = new ConfigOptions().load(settings);
        Model model = TestModels.tokenModel(CellType.GRU, 8, 0, 1, 13);
        PublishCommand.publish(config, config.get(ConfigKeys.TOPICS_MODELS), "default", ModelFile.write(model));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (alone.app().notReadyReason().isPresent()) {
            assertTrue(System.nanoTime() < deadline, "not ready: " + alone.app().notReadyReason().orElse(""));
            Thread.sleep(100);
        }

        Map<String, List<String>> sent = produceTokens(config.get(ConfigKeys.TOPICS_TOKENS));
        Predictor offline = new Predictor(new InferenceModel(model));
        for (Map.Entry<String, List<String>> e : sent.entrySet()) {
            List<String> tokens = e.getValue();
            JsonNode doc = awaitPosition(alone, e.getKey(), tokens.size());
            float[] p = offline.tokens(tokens.toArray(String[]::new), true).runningLabelProbabilities()[tokens.size() - 1];
            assertEquals(model.config().labelClasses().get(Predictor.argmax(p)), doc.get("label").asText(), e.getKey());
        }
        assertEquals(404, get(alone, "never-sent", false).statusCode());
    }

    private static Map<String, String> sharedSettings(String application) {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        shared.put("application.id", SharedBroker.uniqueName(application));
        shared.put("model.name", "default");
        for (String t : List.of("tokens", "tags", "labels", "generated", "models", "dlq")) {
            shared.put("topics." + t, SharedBroker.uniqueName(t));
        }
        shared.put("topics.partitions", Integer.toString(PARTITIONS));
        shared.put("http.bind.address", "127.0.0.1");
        return shared;
    }

    private ServingProcess start(Map<String, String> shared, int port, boolean named) throws IOException {
        Path stateDir = Files.createTempDirectory("forwarding");
        stateDirs.add(stateDir);
        Map<String, String> settings = new LinkedHashMap<>(shared);
        settings.put("state.dir", stateDir.toString());
        settings.put("http.port", Integer.toString(port));
        if (named) {
            settings.put("kafka.application.server", "127.0.0.1:" + port);
        }
        ServingProcess p = ServingProcess.start(new ConfigOptions().load(settings));
        processes.add(p);
        return p;
    }

    /** Both instances serve model 1 and each owns some partitions: a stable two-member group. */
    private static void awaitTwoRunningOwners(ServingProcess a, ServingProcess b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            boolean ready = a.app().notReadyReason().isEmpty() && b.app().notReadyReason().isEmpty();
            if (ready && ownsPartitions(a.app().streams(), hostOf(a)) && ownsPartitions(a.app().streams(), hostOf(b))
                    && ownsPartitions(b.app().streams(), hostOf(a)) && ownsPartitions(b.app().streams(), hostOf(b))) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "two instances did not settle: "
                    + a.app().notReadyReason().orElse("a ready") + ", " + b.app().notReadyReason().orElse("b ready"));
            Thread.sleep(100);
        }
    }

    private static boolean ownsPartitions(KafkaStreams streams, HostInfo host) {
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (m.hostInfo().equals(host) && !m.topicPartitions().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** KEYS open sequences of 2 to 6 tokens each, no {@code end}, so their state stays. */
    private static Map<String, List<String>> produceTokens(String topic) throws Exception {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        Properties props = new Properties();
        props.putAll(SharedBroker.clientProperties());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < KEYS; i++) {
                String key = "user/" + i + " é";
                List<String> tokens = new ArrayList<>();
                for (int t = 0; t < 2 + i % 5; t++) {
                    String token = TestModels.WORDS.get((i * 3 + t) % TestModels.WORDS.size());
                    tokens.add(token);
                    producer.send(new ProducerRecord<>(topic, key,
                            ("{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8)));
                }
                sent.put(key, tokens);
            }
            producer.flush();
        }
        return sent;
    }

    /** The instance's answer for the key once the owner has processed all its tokens. */
    private JsonNode awaitPosition(ServingProcess p, String key, int position) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(p, key, false);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode doc = JSON.readTree(r.body());
                assertEquals(key, doc.get("key").asText());
                if (doc.get("position").asInt() == position) {
                    return doc;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(key + " never reached position " + position + "; last answer: " + last);
    }

    private HttpResponse<String> get(ServingProcess p, String key, boolean forwarded) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort()
                + "/sequences/" + PathSegment.encode(key))).timeout(Duration.ofSeconds(10));
        if (forwarded) {
            request.header(SequenceLookup.FORWARDED_HEADER, "1");
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HostInfo owner(ServingProcess p, String key) {
        return p.app().streams().queryMetadataForKey(ServingTopology.SEQUENCE_STORE,
                Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), Serdes.Bytes().serializer()).activeHost();
    }

    private static HostInfo hostOf(ServingProcess p) {
        return new HostInfo("127.0.0.1", p.httpPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
