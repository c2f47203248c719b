package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a bench matrix: for every case the runs of the serving topology and, paired by
 * repeat, those of its baseline (and, for float16 cases, of the float32 baseline). Medians over
 * the repeats; a ratio is the median of the per-repeat ratios, so a change of machine load
 * between repeats affects both sides of each ratio alike.
 */
final class BenchSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A case's runs; base and baseF32 hold the baseline run of the same repeat. */
    record CaseRuns(BenchCase c, int stateBytes, List<BenchRun.Result> ours, List<BenchRun.Result> base,
            List<BenchRun.Result> baseF32) {}

    private final BenchRun.Plan plan;
    private final int repeat;
    private final Map<BenchCase, CaseRuns> cases = new LinkedHashMap<>();

    BenchSummary(BenchRun.Plan plan, int repeat) {
        this.plan = plan;
        this.repeat = repeat;
    }

    void add(BenchCase c, int stateBytes, BenchRun.Result ours, BenchRun.Result base, BenchRun.Result baseF32) {
        CaseRuns runs = cases.computeIfAbsent(c, k -> new CaseRuns(k, stateBytes, new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>()));
        runs.ours().add(ours);
        runs.base().add(base);
        if (baseF32 != null) {
            runs.baseF32().add(baseF32);
        }
    }

    /** The median of ours/baseline over the repeats. */
    static double ratio(List<BenchRun.Result> ours, List<BenchRun.Result> base) {
        return medianRatio(ours, base, BenchRun.Result::throughput);
    }

    /**
     * The median of baseline / ours process CPU per token over the repeats: what the throughput
     * ratio would be if CPU were the only limit, and far less sensitive to other work on the
     * machine, which takes CPU time away from both runs but adds little to their CPU per token.
     */
    static double cpuRatio(List<BenchRun.Result> ours, List<BenchRun.Result> base) {
        return medianRatio(base, ours, BenchRun.Result::processMicrosPerToken);
    }

    /** The median over the repeats of f(numerator run) / f(denominator run), paired by repeat. */
    private static double medianRatio(List<BenchRun.Result> numerator, List<BenchRun.Result> denominator,
            ToDoubleFunction<BenchRun.Result> f) {
        double[] r = new double[Math.min(numerator.size(), denominator.size())];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(numerator.get(i)) / f.applyAsDouble(denominator.get(i));
        }
        return median(r);
    }

    static double median(List<BenchRun.Result> runs, ToDoubleFunction<BenchRun.Result> f) {
        return median(runs.stream().filter(r -> r != null).mapToDouble(f).toArray());
    }

    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double max(List<BenchRun.Result> runs, ToDoubleFunction<BenchRun.Result> f) {
        return runs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static double latency(List<BenchRun.Result> runs, ToDoubleFunction<LatencyHistogram.Percentiles> f) {
        return median(runs.stream().filter(r -> r.latency() != null).mapToDouble(r -> f.applyAsDouble(r.latency()))
                .toArray());
    }

    void printTable(PrintWriter out) {
        out.printf("%d tokens over %d keys on %d partitions, %d stream thread%s per topology, median of %d; %s%n",
                plan.tokens(), plan.keys(), plan.partitions(), plan.threads(), plan.threads() == 1 ? "" : "s", repeat,
                MachineDescription.describe());
        out.printf("latency: outputs of tokens sent at %.0f%% of each run's throughput for %d s "
                + "(consumer receive time - input send time)%n", plan.latencyShare() * 100,
                plan.latencyDuration().toSeconds());
        String header = String.format("%-32s %9s %9s %6s %7s %6s %6s %6s %7s %6s %8s %8s %6s %7s %7s %6s %6s",
                "case", "tokens/s", "base/s", "ratio", "vs f32", "cpu", "p50ms", "p99ms", "p99.9ms", "stateB",
                "clogB/t", "baseB/t", "wr/t", "thr_us", "base_us", "heapMB", "rssMB");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (CaseRuns r : cases.values()) {
            out.printf("%-32s %,9.0f %,9.0f %6.2f %7s %6.2f %6.0f %6.0f %7.0f %6d %8.1f %8.1f %6.3f %7.1f %7.1f %6.0f %6.0f%n",
                    r.c().label(),
                    median(r.ours(), BenchRun.Result::throughput),
                    median(r.base(), BenchRun.Result::throughput),
                    ratio(r.ours(), r.base()),
                    r.baseF32().isEmpty() ? "-" : String.format("%.2f", ratio(r.ours(), r.baseF32())),
                    cpuRatio(r.ours(), r.base()),
                    latency(r.ours(), LatencyHistogram.Percentiles::p50),
                    latency(r.ours(), LatencyHistogram.Percentiles::p99),
                    latency(r.ours(), LatencyHistogram.Percentiles::p999),
                    r.stateBytes(),
                    median(r.ours(), BenchRun.Result::changelogBytesPerToken),
                    median(r.base(), BenchRun.Result::changelogBytesPerToken),
                    median(r.ours(), BenchRun.Result::changelogRecordsPerToken),
                    median(r.ours(), BenchRun.Result::streamThreadMicrosPerToken),
                    median(r.base(), BenchRun.Result::streamThreadMicrosPerToken),
                    max(r.ours(), BenchRun.Result::peakHeapBytes) / (1 << 20),
                    max(r.ours(), BenchRun.Result::peakRssBytes) / (1 << 20));
        }
        out.println("ratio: ours / trivial baseline with the same state bytes, guarantee and store (median of "
                + "per-repeat ratios); vs f32: float16 case / float32 baseline; cpu: baseline / ours process CPU per "
                + "token (the ratio if CPU were the only limit)");
        out.println("clogB/t, baseB/t: changelog bytes on the broker per token (ours, baseline); wr/t: changelog "
                + "records per token; thr_us, base_us: CPU of the stream threads (all of them, not their producers' network "
                + "threads) per token in microseconds (ours, baseline); "
                + "heap, rss: peak of the whole process (broker included)");
        out.flush();
    }

    ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.set("machine", MachineDescription.toJson());
        ObjectNode p = root.putObject("plan");
        p.put("tokens", plan.tokens());
        p.put("keys", plan.keys());
        p.put("partitions", plan.partitions());
        p.put("streamThreads", plan.threads());
        p.put("repeat", repeat);
        p.put("seed", plan.seed());
        p.put("latencySeconds", plan.latencyDuration().toSeconds());
        p.put("latencyShare", plan.latencyShare());
        ArrayNode results = root.putArray("results");
        for (CaseRuns r : cases.values()) {
            ObjectNode o = results.addObject();
            if (r.c().file() != null) {
                o.put("model", r.c().file().name());
                o.put("members", r.c().file().ensemble().members().size());
            }
            o.put("cell", r.c().cell().id());
            o.put("hidden", r.c().hidden());
            o.put("guarantee", r.c().guarantee());
            o.put("store", r.c().store());
            o.put("encoding", r.c().encoding());
            o.put("stateBytes", r.stateBytes());
            o.put("throughput", median(r.ours(), BenchRun.Result::throughput));
            o.put("baselineThroughput", median(r.base(), BenchRun.Result::throughput));
            o.put("ratio", ratio(r.ours(), r.base()));
            o.put("cpuRatio", cpuRatio(r.ours(), r.base()));
            if (!r.baseF32().isEmpty()) {
                o.put("float32BaselineThroughput", median(r.baseF32(), BenchRun.Result::throughput));
                o.put("ratioToFloat32Baseline", ratio(r.ours(), r.baseF32()));
            }
            ObjectNode lat = o.putObject("latencyMs");
            lat.put("p50", latency(r.ours(), LatencyHistogram.Percentiles::p50));
            lat.put("p99", latency(r.ours(), LatencyHistogram.Percentiles::p99));
            lat.put("p999", latency(r.ours(), LatencyHistogram.Percentiles::p999));
            o.put("changelogBytesPerToken", median(r.ours(), BenchRun.Result::changelogBytesPerToken));
            o.put("baselineChangelogBytesPerToken", median(r.base(), BenchRun.Result::changelogBytesPerToken));
            o.put("changelogRecordsPerToken", median(r.ours(), BenchRun.Result::changelogRecordsPerToken));
            o.put("streamThreadMicrosPerToken", median(r.ours(), BenchRun.Result::streamThreadMicrosPerToken));
            o.put("baselineStreamThreadMicrosPerToken", median(r.base(), BenchRun.Result::streamThreadMicrosPerToken));
            o.put("processMicrosPerToken", median(r.ours(), BenchRun.Result::processMicrosPerToken));
            o.put("baselineProcessMicrosPerToken", median(r.base(), BenchRun.Result::processMicrosPerToken));
            o.put("peakHeapBytes", (long) max(r.ours(), BenchRun.Result::peakHeapBytes));
            o.put("peakRssBytes", (long) max(r.ours(), BenchRun.Result::peakRssBytes));
            ArrayNode repeats = o.putArray("repeats");
            for (int i = 0; i < r.ours().size(); i++) {
                ObjectNode rep = repeats.addObject();
                rep.set("serving", JSON.valueToTree(r.ours().get(i)));
                rep.set("baseline", JSON.valueToTree(r.base().get(i)));
                if (i < r.baseF32().size()) {
                    rep.set("float32Baseline", JSON.valueToTree(r.baseF32().get(i)));
                }
            }
        }
        return root;
    }

    void printJson(PrintWriter out) throws java.io.IOException {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()));
        out.flush();
    }
}
