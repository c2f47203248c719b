package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final AtomicReference<Optional<String>> notReady =
            new AtomicReference<>(Optional.of("streams REBALANCING"));
    private final List<String> lookedUp = new CopyOnWriteArrayList<>();
    private final Map<String, String> known = Map.of("s-1", "{\"position\":3,\"label\":\"spam\"}",
            "user/42 x+y%", "{\"position\":1}");
    private PrometheusMetrics metrics;
    private ServingMetrics serving;
    private OpsHttpServer server;

    @BeforeEach
    void start() throws IOException {
        metrics = new PrometheusMetrics("rnn-streams-serve", "test");
        serving = new ServingMetrics(metrics.registry());
        server = OpsHttpServer.start("127.0.0.1", 0, metrics, notReady::get, this::lookup);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private Optional<String> lookup(String key, boolean forwarded) {
        lookedUp.add(key);
        switch (key) {
            case "restoring":
                throw new SequenceLookup.Unavailable("state store restoring");
            case "boom":
                throw new IllegalStateException("bug");
            default:
                return Optional.ofNullable(known.get(key));
        }
    }

    private URI uri(String rawPath) {
        return URI.create("http://127.0.0.1:" + server.port() + rawPath);
    }

    private HttpResponse<String> get(String rawPath, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(rawPath)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String rawPath) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(rawPath)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends bytes exactly as given (no client-side URI checks) and returns the raw response. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String rawGet(String rawPath) throws IOException {
        return raw("GET " + rawPath + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void reportsTheEphemeralPortItGot() throws Exception {
        assertTrue(server.port() > 0);
        try (OpsHttpServer second = OpsHttpServer.start("127.0.0.1", 0, metrics,
                Optional::empty, (k, forwarded) -> Optional.empty())) {
            assertNotEquals(server.port(), second.port());
        }
    }

    @Test
    void healthIsOkUntilShutdownBegins() throws Exception {
        HttpResponse<String> ok = get("/healthz");
        assertEquals(200, ok.statusCode());
        assertEquals("ok\n", ok.body());
        assertEquals(TEXT, contentType(ok));
        assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElse(""));

        server.shuttingDown();
        HttpResponse<String> going = get("/healthz");
        assertEquals(503, going.statusCode());
        assertEquals("shutting down\n", going.body());
        assertEquals("not ready: shutting down\n", get("/readyz").body());
        assertEquals(200, get("/metrics").statusCode());
    }

    @Test
    void readinessFollowsTheCheckWithAOneLineReason() throws Exception {
        HttpResponse<String> rebalancing = get("/readyz");
        assertEquals(503, rebalancing.statusCode());
        assertEquals("not ready: streams REBALANCING\n", rebalancing.body());
        assertEquals(TEXT, contentType(rebalancing));

        notReady.set(Optional.of("no model\nyet"));
        assertEquals("not ready: no model yet\n", get("/readyz").body());

        notReady.set(Optional.empty());
        HttpResponse<String> ready = get("/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("ready\n", ready.body());
    }

    @Test
    void aFailingReadinessCheckMeansNotReady() throws Exception {
        server.close();
        server = OpsHttpServer.start("127.0.0.1", 0, metrics, () -> {
            throw new IllegalStateException("streams not created");
        }, (k, forwarded) -> Optional.empty());
        HttpResponse<String> r = get("/readyz");
        assertEquals(503, r.statusCode());
        assertEquals("not ready: readiness check failed: java.lang.IllegalStateException: "
                + "streams not created\n", r.body());
    }

    @Test
    void metricsScrapeHasTheCountedValues() throws Exception {
        for (int i = 0; i < 7; i++) {
            serving.tokenProcessed(40_000);
        }
        serving.dlq("malformed_json");
        serving.modelLoaded(3);

        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", contentType(r));
        Scrape s = new Scrape(r.body());
        assertEquals(7, s.value("rnn_tokens_processed_total"));
        assertEquals(7, s.value("rnn_token_latency_seconds_bucket", "le", "5.0E-5"));
        assertEquals(0, s.value("rnn_token_latency_seconds_bucket", "le", "2.5E-5"));
        assertEquals(1, s.value("rnn_dlq_records_total", "reason", "malformed_json"));
        assertEquals(3, s.value("rnn_model_version"));
        assertEquals("rnn-streams-serve",
                s.find("rnn_tokens_processed_total").get(0).labels().get("application"));
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> r = get("/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertEquals(200, r.statusCode());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                contentType(r));
        assertTrue(r.body().endsWith("# EOF\n"));
    }

    @Test
    void sequenceLookupReturnsItsJson() throws Exception {
        HttpResponse<String> r = get("/sequences/s-1");
        assertEquals(200, r.statusCode());
        assertEquals(JSON, contentType(r));
        assertEquals("{\"position\":3,\"label\":\"spam\"}", r.body());
    }

    @Test
    void unknownKeysAre404WithAJsonError() throws Exception {
        HttpResponse<String> r = get("/sequences/nope%22%5C");
        assertEquals(404, r.statusCode());
        assertEquals(JSON, contentType(r));
        assertEquals("{\"error\":\"unknown key\",\"key\":\"nope\\\"\\\\\"}\n", r.body());
    }

    @Test
    void keysArePercentDecodedExactlyOnce() throws Exception {
        assertEquals(200, get("/sequences/user%2F42%20x+y%25").statusCode());
        get("/sequences/%252F");
        get("/sequences/caf%C3%A9");
        assertEquals(List.of("user/42 x+y%", "%2F", "café"), lookedUp);
    }

    @Test
    void pathTricksNeverReachAnotherEndpoint() throws Exception {
        String dotDot = rawGet("/sequences/../metrics");
        assertTrue(dotDot.startsWith("HTTP/1.1 404 "), dotDot);
        assertFalse(dotDot.contains("rnn_tokens_processed_total"), dotDot);

        HttpResponse<String> encoded = get("/sequences/..%2Fmetrics");
        assertEquals(404, encoded.statusCode());
        assertEquals(JSON, contentType(encoded));
        HttpResponse<String> allEncoded = get("/sequences/%2E%2E%2Fmetrics");
        assertEquals(404, allEncoded.statusCode());
        assertEquals(List.of("../metrics", "../metrics"), lookedUp);

        assertEquals(400, get("/sequences/..").statusCode());
        assertEquals(400, get("/sequences/%2e%2E").statusCode());
        assertEquals(400, get("/sequences/.").statusCode());
        for (String path : List.of("/metrics/", "/metrics%2F", "//metrics", "/Metrics",
                "/metricsx", "/healthz/..", "/", "/sequences", "/sequences/a/b")) {
            assertEquals(404, get(path).statusCode(), path);
        }
        assertEquals(400, get("/sequences/").statusCode());
        assertEquals(List.of("../metrics", "../metrics"), lookedUp);
        assertEquals(200, get("/healthz?verbose=1").statusCode());
    }

    @Test
    void keysOverOneKibibyteOrWithControlCharactersAreRejected() throws Exception {
        String longest = "k".repeat(OpsHttpServer.MAX_KEY_BYTES);
        assertEquals(404, get("/sequences/" + longest).statusCode());
        HttpResponse<String> tooLong = get("/sequences/" + longest + "k");
        assertEquals(400, tooLong.statusCode());
        assertEquals("{\"error\":\"bad key: longer than 1024 bytes\"}\n", tooLong.body());
        String euros = "%E2%82%AC".repeat(341);
        assertEquals(404, get("/sequences/" + euros).statusCode());
        assertEquals(400, get("/sequences/" + euros + "%E2%82%AC").statusCode());
        assertEquals(400, get("/sequences/" + "%41".repeat(3000)).statusCode());

        for (String control : List.of("%00", "a%0Ab", "%0D", "%09", "%7F", "%C2%85")) {
            HttpResponse<String> r = get("/sequences/" + control);
            assertEquals(400, r.statusCode(), control);
            assertEquals("{\"error\":\"bad key: control characters\"}\n", r.body());
        }
        assertEquals(400, get("/sequences/%C3%28").statusCode());
        assertEquals(400, get("/sequences/%C3").statusCode());
        assertTrue(rawGet("/sequences/%zz").startsWith("HTTP/1.1 400 "));
        assertEquals(List.of(longest, "€".repeat(341)), lookedUp);
    }

    @Test
    void lookupFailuresAre503WhenTemporaryAnd500Otherwise() throws Exception {
        HttpResponse<String> restoring = get("/sequences/restoring");
        assertEquals(503, restoring.statusCode());
        assertEquals("{\"error\":\"unavailable\",\"reason\":\"state store restoring\"}\n",
                restoring.body());
        HttpResponse<String> boom = get("/sequences/boom");
        assertEquals(500, boom.statusCode());
        assertEquals("{\"error\":\"internal error\"}\n", boom.body());
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = send(method, "/metrics");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""), method);
        }
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(uri("/sequences/s-1"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reset\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals(List.of(), lookedUp);
    }

    @Test
    void requestBodiesAreRefused() throws IOException {
        String response = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        String chunked = raw("GET /sequences/s-1 HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertTrue(chunked.startsWith("HTTP/1.1 413 "), chunked);
        assertEquals(List.of(), lookedUp);
    }

    @Test
    void oversizedRequestLinesAndHeadersAreRefused() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        for (String request : List.of(
                "GET /sequences/" + "a".repeat(2_000_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1_000_000)
                        + "\r\nConnection: close\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + "Connection: close\r\n\r\n")) {
            String response = rawOrReset(request);
            assertFalse(response.startsWith("HTTP/1.1 2"), request.substring(0, 40) + "... -> " + response);
        }
        assertEquals(List.of(), lookedUp);
        assertEquals(200, get("/healthz").statusCode(), "the server keeps serving");
    }

    /** Like {@link #raw}, but a connection the server resets or closes early gives "". */
    private String rawOrReset(String request) {
        try {
            return raw(request);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void headAnswersWithHeadersOnly() throws Exception {
        HttpResponse<String> health = send("HEAD", "/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("", health.body());
        assertEquals("3", health.headers().firstValue("Content-Length").orElse(""));
        assertEquals(TEXT, contentType(health));

        HttpResponse<String> scrape = send("HEAD", "/metrics");
        assertEquals(200, scrape.statusCode());
        assertEquals("", scrape.body());
        assertTrue(Integer.parseInt(scrape.headers().firstValue("Content-Length").orElse("0"))
                > 1000);
        assertEquals(404, send("HEAD", "/sequences/nope").statusCode());
    }

    @Test
    void closeIsQuickAndReleasesThePort() throws Exception {
        int port = server.port();
        get("/healthz");
        long start = System.nanoTime();
        server.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1_000, "close took " + millis + " ms");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void aPortInUseIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> OpsHttpServer.start(
                "127.0.0.1", server.port(), metrics, Optional::empty, (k, forwarded) -> Optional.empty()));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + server.port() + ": "),
                e.getMessage());
        IOException unknown = assertThrows(IOException.class, () -> OpsHttpServer.start(
                "no-such-host.invalid", 0, metrics, Optional::empty, (k, forwarded) -> Optional.empty()));
        assertEquals("cannot listen on no-such-host.invalid:0: unknown host no-such-host.invalid",
                unknown.getMessage());
    }
}
