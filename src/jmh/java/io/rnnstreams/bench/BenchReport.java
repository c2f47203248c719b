package io.rnnstreams.bench;

import io.rnnstreams.nn.CellType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and prints what their raw JMH output does not: GFLOP/s of the serving
 * step, training tokens/s, and training time against the EJML multiply bound. Every figure is
 * the median of the measurement iterations, because this machine is shared and noisy.
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar io.rnnstreams.bench.BenchReport [step] [training]}
 * (both when no argument is given).
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws RunnerException {
        List<String> parts = args.length == 0 ? List.of("step", "training") : List.of(args);
        StringBuilder report = new StringBuilder();
        for (String part : parts) {
            switch (part) {
                case "step" -> report.append(stepReport());
                case "training" -> report.append(trainingReport());
                default -> throw new IllegalArgumentException("unknown part '" + part + "' (step, training)");
            }
        }
        System.out.println();
        System.out.print(report);
    }

    private static String stepReport() throws RunnerException {
        StringBuilder out = new StringBuilder("Serving step, 1 layer, token input with precomputed projection (median)\n");
        out.append(String.format(Locale.ROOT, "%-5s %5s %12s %12s %9s%n", "cell", "H", "ns/token", "FLOP/token", "GFLOP/s"));
        for (RunResult r : run(StepBenchmark.class)) {
            CellType cell = CellType.parse(r.getParams().getParam("cell"));
            int hidden = Integer.parseInt(r.getParams().getParam("hidden"));
            double ns = median(r);
            long flops = StepFlops.perToken(cell, hidden);
            out.append(String.format(Locale.ROOT, "%-5s %5d %12.1f %12d %9.2f%n",
                    cell.id(), hidden, ns, flops, flops / ns));
        }
        return out.append('\n').toString();
    }

    private static String trainingReport() throws RunnerException {
        Collection<RunResult> training = run(TrainingBenchmark.class);
        Collection<RunResult> products = run(MatrixMultiplyBenchmark.class);
        StringBuilder out = new StringBuilder();
        out.append("EJML multiplies of one training batch (GRU, B=32, T=50, H=128, E=64, 17 tags; median)\n");
        out.append(String.format(Locale.ROOT, "%-26s %6s %10s %9s %11s %11s%n",
                "product", "window", "us/call", "GFLOP/s", "calls/batch", "ms/batch"));
        double[] boundMs = new double[2];
        for (RunResult r : products) {
            TrainingProduct p = TrainingProduct.valueOf(r.getParams().getParam("product"));
            int window = Integer.parseInt(r.getParams().getParam("window"));
            boolean truncated = window == TrainingShape.TRUNCATION;
            double us = median(r);
            int calls = p.callsPerWindow(window) * TrainingShape.windowsPerBatch(truncated);
            double ms = us * calls / 1000;
            boundMs[truncated ? 1 : 0] += ms;
            out.append(String.format(Locale.ROOT, "%-26s %6d %10.2f %9.2f %11d %11.2f%n",
                    p, window, us, p.flopsPerCall(window) / (us * 1000), calls, ms));
        }
        out.append('\n').append("BPTT training (median)\n");
        out.append(String.format(Locale.ROOT, "%-10s %10s %10s %16s %16s %8s%n",
                "bptt", "ms/batch", "tokens/s", "multiply ms/batch", "bound tokens/s", "ratio"));
        int tokens = TrainingShape.ROWS * TrainingShape.STEPS;
        for (RunResult r : training) {
            String mode = r.getParams().getParam("bptt");
            double ms = median(r);
            double bound = boundMs[mode.equals("truncated") ? 1 : 0];
            out.append(String.format(Locale.ROOT, "%-10s %10.2f %10.0f %16.2f %16.0f %8.2f%n",
                    mode, ms, tokens * 1000 / ms, bound, tokens * 1000 / bound, ms / bound));
        }
        return out.append('\n').toString();
    }

    private static Collection<RunResult> run(Class<?> benchmark) throws RunnerException {
        return new Runner(new OptionsBuilder().include(benchmark.getName() + "\\.").build()).run();
    }

    /** The median over every measurement iteration of every fork. */
    private static double median(RunResult r) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                scores.add(i.getPrimaryResult().getScore());
            }
        }
        scores.sort(null);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }
}
