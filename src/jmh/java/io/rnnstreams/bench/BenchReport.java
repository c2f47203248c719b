package io.rnnstreams.bench;

import io.rnnstreams.nn.CellType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and prints what their raw JMH output does not: GFLOP/s of the serving
 * step, training tokens/s, and training time against the EJML multiply bound. Every figure is
 * the median over the measurement iterations, given both as wall-clock time and as the
 * benchmark thread's CPU time ({@link CpuTimeProfiler}), because this machine is shared and
 * noisy; the load average at the start of each benchmark says how shared.
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar io.rnnstreams.bench.BenchReport [step] [training]}
 * (both when no argument is given).
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
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

    private static String stepReport() throws RunnerException, IOException {
        StringBuilder out = new StringBuilder();
        out.append("Serving step, 1 layer, token input with precomputed projection (median; load ")
                .append(loadAverage()).append(")\n");
        out.append(String.format(Locale.ROOT, "%-5s %5s %11s %11s %11s %10s %10s%n",
                "cell", "H", "FLOP/token", "wall ns", "cpu ns", "wall GF/s", "cpu GF/s"));
        for (RunResult r : run(StepBenchmark.class)) {
            CellType cell = CellType.parse(r.getParams().getParam("cell"));
            int hidden = Integer.parseInt(r.getParams().getParam("hidden"));
            double wall = median(r, i -> i.getPrimaryResult().getScore());
            double cpu = median(r, BenchReport::cpuScore);
            long flops = StepFlops.perToken(cell, hidden);
            out.append(String.format(Locale.ROOT, "%-5s %5d %11d %11.1f %11.1f %10.2f %10.2f%n",
                    cell.id(), hidden, flops, wall, cpu, flops / wall, flops / cpu));
        }
        return out.append('\n').toString();
    }

    private static String trainingReport() throws RunnerException, IOException {
        String load = loadAverage();
        Collection<RunResult> training = run(TrainingBenchmark.class);
        Collection<RunResult> products = run(MatrixMultiplyBenchmark.class);
        StringBuilder out = new StringBuilder();
        out.append("Matrix products of one training batch (GRU, B=32, T=50, H=128, E=64, 17 tags; median)\n");
        out.append(String.format(Locale.ROOT, "%-26s %6s %6s %5s %11s %11s %10s %12s%n", "product", "window",
                "kernel", "calls", "wall us", "cpu us", "cpu GF/s", "cpu ms/batch"));
        // boundMs[truncated][kernel][wall, cpu]: the batch's products summed.
        double[][][] boundMs = new double[2][2][2];
        for (RunResult r : products) {
            TrainingProduct p = TrainingProduct.valueOf(r.getParams().getParam("product"));
            int window = Integer.parseInt(r.getParams().getParam("window"));
            String kernel = r.getParams().getParam("kernel");
            int truncated = window == TrainingShape.TRUNCATION ? 1 : 0;
            double wall = median(r, i -> i.getPrimaryResult().getScore());
            double cpu = median(r, BenchReport::cpuScore);
            int calls = p.callsPerWindow(window) * TrainingShape.windowsPerBatch(truncated == 1);
            double[] bound = boundMs[truncated][kernel.equals("ejml") ? 0 : 1];
            bound[0] += wall * calls / 1000;
            bound[1] += cpu * calls / 1000;
            out.append(String.format(Locale.ROOT, "%-26s %6d %6s %5d %11.2f %11.2f %10.2f %12.2f%n",
                    p, window, kernel, calls, wall, cpu, p.flopsPerCall(window) / (cpu * 1000), cpu * calls / 1000));
        }
        int tokens = TrainingShape.ROWS * TrainingShape.STEPS;
        out.append('\n').append("BPTT training (median; load ").append(load).append(")\n");
        out.append(String.format(Locale.ROOT, "%-10s %10s %10s %11s %11s%n",
                "bptt", "wall ms", "cpu ms", "wall tok/s", "cpu tok/s"));
        double[][] trainingMs = new double[2][];
        for (RunResult r : training) {
            String mode = r.getParams().getParam("bptt");
            double wall = median(r, i -> i.getPrimaryResult().getScore());
            double cpu = median(r, BenchReport::cpuScore);
            trainingMs[mode.equals("truncated") ? 1 : 0] = new double[] {wall, cpu};
            out.append(String.format(Locale.ROOT, "%-10s %10.2f %10.2f %11.0f %11.0f%n",
                    mode, wall, cpu, tokens * 1000 / wall, tokens * 1000 / cpu));
        }
        out.append('\n').append("Training time against the multiply bound (the batch's products alone)\n");
        out.append(String.format(Locale.ROOT, "%-10s %6s %10s %10s %11s %11s %11s%n",
                "bptt", "kernel", "wall ms", "cpu ms", "cpu tok/s", "ratio wall", "ratio cpu"));
        for (int t = 0; t < 2; t++) {
            for (int k = 0; k < 2; k++) {
                double[] bound = boundMs[t][k];
                double[] train = trainingMs[t];
                out.append(String.format(Locale.ROOT, "%-10s %6s %10.2f %10.2f %11.0f %11.2f %11.2f%n",
                        t == 0 ? "full" : "truncated", k == 0 ? "ejml" : "rows", bound[0], bound[1],
                        tokens * 1000 / bound[1], train == null ? Double.NaN : train[0] / bound[0],
                        train == null ? Double.NaN : train[1] / bound[1]));
            }
        }
        return out.append('\n').toString();
    }

    private static Collection<RunResult> run(Class<?> benchmark) throws RunnerException {
        return new Runner(new OptionsBuilder().include(benchmark.getName() + "\\.")
                .addProfiler(CpuTimeProfiler.class).build()).run();
    }

    private static double cpuScore(IterationResult i) {
        return i.getSecondaryResults().get(CpuTimeProfiler.RESULT).getScore();
    }

    /** The median over every measurement iteration of every fork. */
    private static double median(RunResult r, ToDoubleFunction<IterationResult> score) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                scores.add(score.applyAsDouble(i));
            }
        }
        scores.sort(null);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    private static String loadAverage() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.isReadable(p) ? Files.readString(p).split(" ")[0] : "unknown";
    }
}
