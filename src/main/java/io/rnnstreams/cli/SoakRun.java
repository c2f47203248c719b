package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.stream.ServingTopology;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code bench --soak}: the peak throughput of one case is measured first (a backlog run), then
 * tokens flow at a fixed share of it for the soak's duration. Keys churn: each key carries one
 * sentence and is then abandoned, so the store stays bounded only if the idle sweep expires
 * them. Per window it records p99 latency, heap, RSS and the keys in the store.
 *
 * <p>Verdict: the first third of the windows is warm-up; the last third is compared with the
 * middle third (medians of the windows for latency and keys). Live heap is read after a full
 * collection forced at the end of the first, second and last third (those windows are marked).
 */
final class SoakRun {
    /** Allowed growth from the middle third to the last: latency is noisy, keys and heap are not. */
    static final double MAX_P99_GROWTH = 1.5;
    static final double MAX_KEY_GROWTH = 1.1;
    static final double MAX_HEAP_GROWTH = 1.1;
    /** Growth below this many ms or bytes counts as none, whatever the ratio. */
    static final double P99_SLACK_MS = 20;
    static final long HEAP_SLACK_BYTES = 16L << 20;

    record Settings(Duration duration, Duration window, Duration idleTimeout, double share, int keys,
            int partitions, long seed, long peakTokens) {}

    /** One reporting window. */
    record Window(double endSeconds, double outputsPerSecond, LatencyHistogram.Percentiles latency, long heapUsed,
            long heapAfterGc, long liveHeap, long rss, long storeKeys, long keysUsed, long idleLabels) {}

    private final BenchSession session;
    private final BenchCase c;
    private final Settings s;

    SoakRun(BenchSession session, BenchCase c, Settings s) {
        this.session = session;
        this.c = c;
        this.s = s;
    }

    Report run() throws Exception {
        session.progress("soak: measuring the peak of " + c.label() + " with " + s.peakTokens()
                + " tokens, after a warm-up run");
        BenchRun.serving(session, c, new BenchRun.Plan(Math.min(s.peakTokens(), BenchMatrix.WARM_UP_TOKENS), s.keys(),
                s.partitions(), 1, s.seed(), Duration.ZERO, 1));
        double peak = BenchRun.serving(session, c, new BenchRun.Plan(s.peakTokens(), s.keys(), s.partitions(),
                1, s.seed(), Duration.ZERO, 1)).throughput();
        double rate = peak * s.share();
        session.progress(String.format("soak: peak %,.0f tokens/s; running at %,.0f tokens/s for %s", peak, rate,
                s.duration()));
        BenchWorkload workload = new BenchWorkload(s.keys(), true, s.seed());
        Map<String, String> overrides = Map.of("sequence.idle.timeout", s.idleTimeout().toMillis() + "ms");
        List<Window> windows = new ArrayList<>();
        try (BenchDeployment d = BenchDeployment.serving(session, c, workload, s.partitions(), overrides, s.seed());
                OutputWatcher watcher = new OutputWatcher(session.clientProperties(),
                        List.of(d.settings().tagsTopic(), d.settings().labelsTopic(), d.settings().dlqTopic()))) {
            d.startAndAwaitProcessing(Duration.ofMinutes(2));
            String topic = d.settings().tokensTopic();
            int count = (int) Math.max(3, s.duration().toMillis() / s.window().toMillis());
            watcher.measureLatencyFrom(System.currentTimeMillis());
            long start = System.nanoTime();
            long sent = 0;
            long outputsBefore = 0;
            long labelsBefore = 0;
            for (int w = 1; w <= count; w++) {
                sent = BenchRun.paceUntil(session, workload, topic, rate, start, start + w * s.window().toNanos(),
                        sent);
                session.flush(session.pacedProducer());
                long outputs = watcher.count();
                long labels = watcher.count(1);
                LatencyHistogram.Percentiles latency = watcher.latencies().drain().percentiles();
                long heap = ProcessResources.heapUsed();
                long afterGc = ProcessResources.heapAfterGc();
                long live = -1;
                if (w == count / 3 || w == 2 * count / 3 || w == count) {
                    // Its pause shows in the next window's latency.
                    System.gc();
                    live = ProcessResources.heapUsed();
                }
                Window window = new Window((System.nanoTime() - start) / 1e9,
                        (outputs - outputsBefore) / (s.window().toNanos() / 1e9), latency, heap, afterGc, live,
                        ProcessResources.rss(), storeKeys(d), workload.keysUsed(), labels - labelsBefore);
                outputsBefore = outputs;
                labelsBefore = labels;
                windows.add(window);
                session.progress(String.format("soak %5.0f s: %,7.0f outputs/s, p99 %4.0f ms, heap %4d MB%s, "
                                + "rss %4d MB, %,d keys in store, %,d idle labels", window.endSeconds(),
                        window.outputsPerSecond(), window.latency().p99(), window.heapUsed() >> 20,
                        live >= 0 ? String.format(" (live %d MB)", live >> 20) : "", window.rss() >> 20,
                        window.storeKeys(), window.idleLabels()));
            }
            if (watcher.count(2) > 0) {
                throw new IllegalStateException(watcher.count(2) + " soak records went to the dead-letter topic");
            }
        }
        return new Report(c, s, peak, rate, windows);
    }

    /** Keys in the sequence store (all local tasks), counted exactly; -1 while it is not queryable. */
    private static long storeKeys(BenchDeployment d) {
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = d.streams().store(StoreQueryParameters.fromNameAndType(
                    ServingTopology.SEQUENCE_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
            long n = 0;
            try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            return n;
        } catch (InvalidStateStoreException e) {
            return -1;
        }
    }

    /** The soak's windows and its verdict. */
    record Report(BenchCase c, Settings s, double peak, double rate, List<Window> windows) {
        private List<Window> third(int i) {
            int n = windows.size();
            return windows.subList(i * n / 3, (i + 1) * n / 3);
        }

        private static double medianOf(List<Window> ws, java.util.function.ToDoubleFunction<Window> f) {
            return BenchSummary.median(ws.stream().mapToDouble(f).toArray());
        }

        double p99Middle() {
            return medianOf(third(1), w -> w.latency().p99());
        }

        double p99Last() {
            return medianOf(third(2), w -> w.latency().p99());
        }

        double keysMiddle() {
            return medianOf(third(1), Window::storeKeys);
        }

        double keysLast() {
            return medianOf(third(2), Window::storeKeys);
        }

        /** Live heap after the forced collections: end of first third, end of second, end. */
        List<Long> liveHeap() {
            return windows.stream().filter(w -> w.liveHeap() >= 0).map(Window::liveHeap).toList();
        }

        boolean latencyStable() {
            return p99Last() <= Math.max(p99Middle() * MAX_P99_GROWTH, p99Middle() + P99_SLACK_MS);
        }

        boolean keysStable() {
            return keysLast() <= keysMiddle() * MAX_KEY_GROWTH;
        }

        boolean heapStable() {
            List<Long> live = liveHeap();
            long first = live.get(Math.max(0, live.size() - 2));
            long last = live.get(live.size() - 1);
            return last <= Math.max(first * MAX_HEAP_GROWTH, first + HEAP_SLACK_BYTES);
        }

        boolean stable() {
            return latencyStable() && keysStable() && heapStable();
        }

        void printTable(PrintWriter out) {
            out.printf("soak of %s: peak %,.0f tokens/s, run at %,.0f tokens/s for %s, idle timeout %s; %s%n",
                    c.label(), peak, rate, s.duration(), s.idleTimeout(), MachineDescription.describe());
            String header = String.format("%8s %10s %7s %7s %8s %8s %9s %8s %7s %10s %10s %8s", "t(s)", "outputs/s",
                    "p50ms", "p99ms", "p99.9ms", "heapMB", "afterGcMB", "liveMB", "rssMB", "storeKeys", "keysUsed",
                    "idle");
            out.println(header);
            out.println("-".repeat(header.length()));
            for (Window w : windows) {
                out.printf("%8.0f %,10.0f %7.0f %7.0f %8.0f %8d %9d %8s %7d %,10d %,10d %,8d%n", w.endSeconds(),
                        w.outputsPerSecond(), w.latency().p50(), w.latency().p99(), w.latency().p999(),
                        w.heapUsed() >> 20, w.heapAfterGc() >> 20,
                        w.liveHeap() >= 0 ? Long.toString(w.liveHeap() >> 20) : "-", w.rss() >> 20, w.storeKeys(),
                        w.keysUsed(), w.idleLabels());
            }
            out.printf("p99 latency: middle third %.0f ms, last third %.0f ms: %s%n", p99Middle(), p99Last(),
                    latencyStable() ? "stable" : "GROWING");
            out.printf("keys in store: middle third %,.0f, last third %,.0f: %s%n", keysMiddle(), keysLast(),
                    keysStable() ? "stable" : "GROWING");
            out.printf("live heap after forced GCs: %s MB: %s%n",
                    liveHeap().stream().map(b -> Long.toString(b >> 20)).toList(), heapStable() ? "stable" : "GROWING");
            out.println("verdict: " + (stable() ? "STABLE" : "NOT STABLE"));
            out.flush();
        }

        void printJson(PrintWriter out) throws IOException {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.set("machine", MachineDescription.toJson());
            root.put("case", c.label());
            root.put("peakThroughput", peak);
            root.put("rate", rate);
            root.put("durationSeconds", s.duration().toSeconds());
            root.put("idleTimeoutSeconds", s.idleTimeout().toSeconds());
            ArrayNode ws = root.putArray("windows");
            windows.forEach(w -> ws.add(json.valueToTree(w)));
            ObjectNode verdict = root.putObject("verdict");
            verdict.put("p99MiddleMs", p99Middle());
            verdict.put("p99LastMs", p99Last());
            verdict.put("latencyStable", latencyStable());
            verdict.put("keysMiddle", keysMiddle());
            verdict.put("keysLast", keysLast());
            verdict.put("keysStable", keysStable());
            verdict.set("liveHeapBytes", json.valueToTree(liveHeap()));
            verdict.put("heapStable", heapStable());
            verdict.put("stable", stable());
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            out.flush();
        }
    }
}
