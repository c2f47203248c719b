package io.rnnstreams.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark threads per operation, beside JMH's wall-clock score
 * ({@code -prof io.rnnstreams.bench.CpuTimeProfiler}). On a shared, oversubscribed machine the
 * wall-clock score includes the time the thread waited for a core; the CPU time does not, so it
 * is the steadier measure of the code's own cost (cache pollution by the neighbours remains).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    static final String RESULT = "cpu";
    private static final String WORKER = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startCpu = new HashMap<>();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        startCpu.clear();
        for (ThreadInfo t : threads.dumpAllThreads(false, false)) {
            if (t.getThreadName().contains(WORKER)) {
                startCpu.put(t.getThreadId(), threads.getThreadCpuTime(t.getThreadId()));
            }
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        long cpuNanos = 0;
        for (ThreadInfo t : threads.dumpAllThreads(false, false)) {
            if (t.getThreadName().contains(WORKER)) {
                cpuNanos += threads.getThreadCpuTime(t.getThreadId()) - startCpu.getOrDefault(t.getThreadId(), 0L);
            }
        }
        long ops = result.getMetadata().getAllOps();
        double perOp = cpuNanos / (double) ops / benchmark.getTimeUnit().toNanos(1);
        String unit = result.getScoreUnit();
        return List.of(new ScalarResult(RESULT, perOp, unit, AggregationPolicy.AVG));
    }
}
