package io.rnnstreams.ops;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints on the JDK's HTTP server: {@code GET /metrics}, {@code /healthz},
 * {@code /readyz} and {@code /sequences/{key}}. Read-only: only GET and HEAD are accepted and
 * request bodies are refused, never read.
 *
 * <p>Routing looks at the raw (still percent-encoded) path and decodes the key only after the
 * route is chosen, so {@code /sequences/..%2Fmetrics} is a key, never another endpoint.
 */
public final class OpsHttpServer implements AutoCloseable {
    /** Longest accepted sequence key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
    private static final String SEQUENCES = "/sequences/";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final int THREADS = 4;
    private static final int QUEUED_REQUESTS = 64;
    // The JDK server reads request headers on a worker thread; without a deadline, a few
    // clients that never finish their headers would hold every worker and fail the probes.
    private static final String MAX_REQUEST_SECONDS_PROPERTY = "sun.net.httpserver.maxReqTime";
    private static final String MAX_REQUEST_SECONDS = "10";

    private record Reply(int status, String contentType, byte[] body) {
        static Reply text(int status, String text) {
            return new Reply(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** A JSON object of string fields given as name, value, name, value... */
        static Reply json(int status, String... fields) {
            JsonStringEncoder encoder = JsonStringEncoder.getInstance();
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < fields.length; i += 2) {
                out.append(i > 0 ? ",\"" : "\"").append(encoder.quoteAsString(fields[i]))
                        .append("\":\"").append(encoder.quoteAsString(fields[i + 1])).append('"');
            }
            out.append("}\n");
            return new Reply(status, JSON, out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final PrometheusMetrics metrics;
    private final ReadinessCheck readiness;
    private final SequenceLookup sequences;
    private volatile boolean shuttingDown;

    private OpsHttpServer(HttpServer server, ThreadPoolExecutor executor,
            PrometheusMetrics metrics, ReadinessCheck readiness, SequenceLookup sequences) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
        this.readiness = readiness;
        this.sequences = sequences;
    }

    /**
     * Starts listening.
     *
     * @param port 0 for any free port; {@link #port()} tells which one was taken
     * @throws IOException when the address cannot be bound; the message names it
     */
    public static OpsHttpServer start(String bindAddress, int port, PrometheusMetrics metrics,
            ReadinessCheck readiness, SequenceLookup sequences) throws IOException {
        if (System.getProperty(MAX_REQUEST_SECONDS_PROPERTY) == null) {
            System.setProperty(MAX_REQUEST_SECONDS_PROPERTY, MAX_REQUEST_SECONDS);
        }
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        if (address.isUnresolved()) {
            throw new IOException("cannot listen on " + bindAddress + ":" + port
                    + ": unknown host " + bindAddress);
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + bindAddress + ":" + port + ": "
                    + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_REQUESTS), workerThreads());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        OpsHttpServer ops = new OpsHttpServer(server, executor, metrics, readiness, sequences);
        server.createContext("/", ops::handle);
        server.start();
        LOG.info("HTTP server listening on {}:{}", bindAddress, ops.port());
        return ops;
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Marks the process as going away: {@code /healthz} and {@code /readyz} answer 503 from now
     * on, while {@code /metrics} keeps working for a last scrape.
     */
    public void shuttingDown() {
        shuttingDown = true;
    }

    /** Stops at once: open exchanges are cut rather than waited for. */
    @Override
    public void close() {
        shuttingDown = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            send(exchange, reply(exchange));
        } catch (IOException e) {
            LOG.debug("HTTP client went away", e);
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e);
        } finally {
            exchange.close();
        }
    }

    private Reply reply(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return Reply.text(405, "method not allowed: only GET and HEAD");
        }
        if (hasBody(exchange.getRequestHeaders())) {
            return Reply.text(413, "request bodies are not accepted");
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path == null) {
            return Reply.text(404, "not found");
        }
        switch (path) {
            case "/metrics":
                return metrics(exchange.getRequestHeaders().getFirst("Accept"));
            case "/healthz":
                return shuttingDown ? Reply.text(503, "shutting down") : Reply.text(200, "ok");
            case "/readyz":
                return ready();
            default:
                return path.startsWith(SEQUENCES)
                        ? sequence(path.substring(SEQUENCES.length()),
                                exchange.getRequestHeaders().containsKey(SequenceLookup.FORWARDED_HEADER))
                        : Reply.text(404, "not found");
        }
    }

    private Reply metrics(String accept) throws IOException {
        String contentType = PrometheusMetrics.contentTypeFor(accept);
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        metrics.scrape(body, contentType);
        return new Reply(200, contentType, body.toByteArray());
    }

    private Reply ready() {
        if (shuttingDown) {
            return Reply.text(503, "not ready: shutting down");
        }
        Optional<String> reason;
        try {
            reason = readiness.notReadyReason();
        } catch (RuntimeException e) {
            LOG.warn("readiness check failed", e);
            reason = Optional.of("readiness check failed: " + e);
        }
        return reason.map(r -> Reply.text(503, "not ready: " + oneLine(r)))
                .orElseGet(() -> Reply.text(200, "ready"));
    }

    private Reply sequence(String rawKey, boolean forwarded) {
        if (rawKey.isEmpty()) {
            return Reply.json(400, "error", "missing key");
        }
        if (rawKey.indexOf('/') >= 0) {
            return Reply.json(404, "error", "not found");
        }
        // Each decoded byte takes at most three raw characters.
        if (rawKey.length() > 3 * MAX_KEY_BYTES) {
            return tooLong();
        }
        String key;
        try {
            key = PathSegment.decode(rawKey);
        } catch (IllegalArgumentException e) {
            return Reply.json(400, "error", "bad key: " + e.getMessage());
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return tooLong();
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            return Reply.json(400, "error", "bad key: control characters");
        }
        if (key.equals(".") || key.equals("..")) {
            return Reply.json(400, "error", "bad key: dot segment");
        }
        try {
            return sequences.lookup(key, forwarded)
                    .map(json -> new Reply(200, JSON, json.getBytes(StandardCharsets.UTF_8)))
                    .orElseGet(() -> Reply.json(404, "error", "unknown key", "key", key));
        } catch (SequenceLookup.Unavailable e) {
            return Reply.json(503, "error", "unavailable", "reason",
                    String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("sequence lookup failed", e);
            return Reply.json(500, "error", "internal error");
        }
    }

    private static Reply tooLong() {
        return Reply.json(400, "error", "bad key: longer than " + MAX_KEY_BYTES + " bytes");
    }

    private static boolean hasBody(Headers request) {
        String length = request.getFirst("Content-Length");
        return request.containsKey("Transfer-Encoding")
                || length != null && !length.strip().equals("0");
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (hasBody(exchange.getRequestHeaders())) {
            // The body is never read; do not keep the connection for a next request behind it.
            headers.set("Connection", "close");
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("Content-Length", Integer.toString(reply.body().length));
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        // A length of 0 would mean "chunked" to the JDK server; -1 means no body.
        exchange.sendResponseHeaders(reply.status(),
                reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "rnn-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
