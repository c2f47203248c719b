package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.stream.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /readyz} tells an operator while a serving instance waits for its first model, on a
 * real broker: the missing model, not the rebalance that the paused stream threads cannot finish
 * until it arrives.
 */
class ServingReadinessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void readyzNamesTheMissingModelUntilOneArrives() throws Exception {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        set.put("application.id", SharedBroker.uniqueName("readiness"));
        set.put("state.dir", dir.toString());
        set.put("http.port", "0");
        set.put("http.bind.address", "127.0.0.1");
        set.put("topics.partitions", "1");
        for (String t : new String[] {"tokens", "tags", "labels", "generated", "dlq", "models"}) {
            set.put("topics." + t, SharedBroker.uniqueName(t));
        }
        RnnStreamsConfig config = RnnStreamsConfig.load(Optional.empty(), Map.of(), set);
        try (ServingProcess serving = ServingProcess.start(config)) {
            int port = serving.httpPort();
            // Long enough for the group to form: the state then stays REBALANCING while paused.
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                HttpResponse<String> r = get(port);
                assertEquals(503, r.statusCode());
                assertEquals("not ready: no model\n", r.body());
                Thread.sleep(200);
            }
            assertEquals(KafkaStreams.State.REBALANCING, serving.app().streams().state(),
                    "paused stream threads do not finish the rebalance");

            PublishCommand.publish(config, set.get("topics.models"), "default",
                    TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, 71)));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            HttpResponse<String> r = get(port);
            while (r.statusCode() != 200 && System.nanoTime() < deadline) {
                assertTrue(r.body().startsWith("not ready: "), r.body());
                Thread.sleep(100);
                r = get(port);
            }
            assertEquals("ready\n", r.body(), "ready once the model is loaded and the rebalance completes");
        }
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
