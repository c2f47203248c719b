package io.rnnstreams.cli;

import io.rnnstreams.ops.ConfigKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * One measured run of the serving topology or of its baseline, on topics of its own:
 *
 * <ol>
 *   <li>M token records are written to a fresh tokens topic (not timed);
 *   <li>the topology starts; the clock runs from the moment it processes records (start-up, the
 *       same few seconds whatever the model, is reported apart) until a read-committed consumer
 *       has seen the M-th output: throughput = M / that time;
 *   <li>for latency (serving runs), tokens are then sent at a fixed share of that throughput for
 *       a few seconds, and each output's receive time minus its input's send time is recorded;
 *   <li>after a clean close (which flushes the record cache), the changelog's size on the broker
 *       divided by all tokens processed gives the changelog bytes per token.
 * </ol>
 */
final class BenchRun {
    /** Output value size of the baseline: about a tag record's. */
    static final int BASELINE_OUTPUT_BYTES = 64;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(30);
    /** What to run: M backlog tokens over K keys on P partitions with T stream threads, then the latency phase. */
    record Plan(long tokens, int keys, int partitions, int threads, long seed, Duration latencyDuration,
            double latencyShare) {
        /** Settings of every run of the plan: its stream threads, and no idle labels among the outputs. */
        Map<String, String> runSettings() {
            return Map.of("sequence.idle.timeout", "1h", ConfigKeys.NUM_STREAM_THREADS.name(),
                    Integer.toString(threads));
        }
    }

    /**
     * @param throughput               tokens per second from processing start to the last output
     * @param startupSeconds           from start() to processing
     * @param latency                  null without a latency phase
     * @param latencyRate              tokens per second of the latency phase
     * @param changelogBytesPerToken   changelog bytes on the broker / tokens processed
     * @param changelogRecordsPerToken changelog offsets / tokens processed (transaction markers included)
     * @param streamThreads            Kafka Streams processing threads that ran (counted, not configured)
     * @param streamThreadCores        CPU of the stream threads during the backlog, in cores
     * @param processCores             CPU of the whole process (broker included) during the backlog, in cores
     * @param loadAverage              the machine's 1-minute load average (the higher of start and end)
     */
    record Result(double throughput, double startupSeconds, LatencyHistogram.Percentiles latency,
            double latencyRate, double changelogBytesPerToken, double changelogRecordsPerToken, long peakHeapBytes,
            long peakRssBytes, int streamThreads, double streamThreadCores, double processCores, double loadAverage) {
        /** CPU time of all stream threads per token, in microseconds. */
        double streamThreadMicrosPerToken() {
            return streamThreadCores / throughput * 1e6;
        }

        /** CPU time of the whole process per token, in microseconds. */
        double processMicrosPerToken() {
            return processCores / throughput * 1e6;
        }
    }

    private BenchRun() {}

    /** Runs the serving topology with the case's model. */
    static Result serving(BenchSession session, BenchCase c, Plan plan) throws Exception {
        BenchWorkload workload = new BenchWorkload(plan.keys(), false, plan.seed());
        try (BenchDeployment d = BenchDeployment.serving(session, c, workload, plan.partitions(),
                plan.runSettings(), plan.seed())) {
            return run(session, d, workload, plan, c.label(), true);
        }
    }

    /** Runs the trivial topology with the case's state size, guarantee and store. */
    static Result baseline(BenchSession session, BenchCase c, Plan plan) throws Exception {
        BenchWorkload workload = new BenchWorkload(plan.keys(), false, plan.seed());
        try (BenchDeployment d = BenchDeployment.baseline(session, c, workload, plan.partitions(),
                plan.runSettings())) {
            return run(session, d, workload, plan, "baseline " + c.baselineLabel(workload), false);
        }
    }

    private static Result run(BenchSession session, BenchDeployment d, BenchWorkload workload, Plan plan,
            String label, boolean measureLatency) throws Exception {
        String input = d.settings().tokensTopic();
        session.produce(session.backlogProducer(), workload, input, plan.tokens());
        session.flush(session.backlogProducer());

        try (OutputWatcher watcher = new OutputWatcher(session.clientProperties(),
                        List.of(d.settings().tagsTopic(), d.settings().dlqTopic()));
                ProcessResources.PeakSampler memory = new ProcessResources.PeakSampler()) {
            double loadBefore = ProcessResources.loadAverage();
            long started = System.nanoTime();
            long processing = d.startAndAwaitProcessing(Duration.ofMinutes(2));
            long cpu0 = ProcessResources.processCpuNanos();
            ProcessResources.ThreadsCpu streamCpu0 = ProcessResources.streamThreadCpu(d.name());
            long reached = watcher.awaitCount(plan.tokens(), DRAIN_TIMEOUT, () -> session.progress(String.format(
                    "    %s: %,d of %,d outputs, %,.0f tokens/s", label, watcher.count(), plan.tokens(),
                    watcher.count() / ((System.nanoTime() - processing) / 1e9))));
            if (reached < 0) {
                throw new IllegalStateException(label + ": only " + watcher.count() + " of " + plan.tokens()
                        + " outputs within " + DRAIN_TIMEOUT);
            }
            double seconds = (reached - processing) / 1e9;
            double throughput = plan.tokens() / seconds;
            ProcessResources.ThreadsCpu streamCpu = ProcessResources.streamThreadCpu(d.name());
            double streamCores = (streamCpu.nanos() - streamCpu0.nanos()) / 1e9 / seconds;
            double processCores = (ProcessResources.processCpuNanos() - cpu0) / 1e9 / seconds;

            long tokens = plan.tokens();
            LatencyHistogram.Percentiles latency = null;
            double rate = 0;
            if (measureLatency && !plan.latencyDuration().isZero()) {
                rate = plan.latencyShare() * throughput;
                tokens += pace(session, workload, input, rate, plan.latencyDuration(), watcher);
                if (watcher.awaitCount(tokens, Duration.ofMinutes(2), () -> { }) < 0) {
                    throw new IllegalStateException(label + ": the latency phase's outputs did not all arrive");
                }
                latency = watcher.latencies().percentiles();
            }
            if (watcher.count(1) > 0) {
                throw new IllegalStateException(label + ": " + watcher.count(1)
                        + " records went to the dead-letter topic");
            }
            d.stop();
            return new Result(throughput, (processing - started) / 1e9, latency, rate,
                    (double) topicBytes(session, d.changelogTopic()) / tokens,
                    (double) endOffsets(session, d.changelogTopic(), d.partitions()) / tokens,
                    memory.peakHeap(), memory.peakRss(), streamCpu.threads(), streamCores, processCores,
                    Math.max(loadBefore, ProcessResources.loadAverage()));
        }
    }

    /** Sends tokens at {@code rate} per second for {@code duration}, latency counted; returns how many. */
    static long pace(BenchSession session, BenchWorkload workload, String topic, double rate, Duration duration,
            OutputWatcher watcher) {
        watcher.measureLatencyFrom(System.currentTimeMillis());
        long start = System.nanoTime();
        long sent = paceUntil(session, workload, topic, rate, start, start + duration.toNanos(), 0);
        session.flush(session.pacedProducer());
        return sent;
    }

    /**
     * Sends tokens so that {@code rate} per second have gone out since {@code start}, until
     * {@code end} (both System.nanoTime); {@code sent} were sent before. Returns the new total.
     * Failed sends surface at the caller's next {@link BenchSession#flush}.
     */
    static long paceUntil(BenchSession session, BenchWorkload workload, String topic, double rate, long start,
            long end, long sent) {
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            long due = (long) (rate * (now - start) / 1e9);
            session.produce(session.pacedProducer(), workload, topic, due - sent);
            sent = Math.max(sent, due);
            LockSupport.parkNanos(500_000);
        }
        return sent;
    }

    /** Bytes of a topic's log segments on every broker. */
    static long topicBytes(BenchSession session, String topic) throws Exception {
        List<Integer> brokers = session.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .map(Node::id).toList();
        long bytes = 0;
        for (Map<String, LogDirDescription> dirs :
                session.admin().describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        bytes += e.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    private static long endOffsets(BenchSession session, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long sum = 0;
        for (var info : session.admin().listOffsets(request).all().get(30, TimeUnit.SECONDS).values()) {
            sum += info.offset();
        }
        return sum;
    }
}
