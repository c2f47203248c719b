package io.rnnstreams.cli;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What the bench reads about its own process: heap, resident set size, CPU time (of the process
 * and of the Kafka Streams threads) and the machine's load average. The broker, the bench's
 * clients and the topology share this process, so these are figures of the whole.
 */
final class ProcessResources {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    private ProcessResources() {}

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap in use right after the most recent collection of each pool: live data plus floating garbage. */
    static long heapAfterGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                sum += after.getUsed();
            }
        }
        return sum;
    }

    /** Resident set size in bytes, or -1 where /proc is not available. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time of the whole process in ns. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** How many threads, and their CPU time in ns. */
    record ThreadsCpu(int threads, long nanos) {}

    /**
     * The live Kafka Streams processing threads of an application ({@code <application id>-<process
     * id>-StreamThread-<n>}) and their CPU time. Not their producers' network threads, whose names
     * ({@code kafka-producer-network-thread | <client id>-StreamThread-<n>-producer}) contain the
     * same words, nor the global, state-updater or cleanup threads.
     */
    static ThreadsCpu streamThreadCpu(String applicationId) {
        var threads = ManagementFactory.getThreadMXBean();
        int count = 0;
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && isStreamThread(info.getThreadName(), applicationId)) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    count++;
                    sum += t;
                }
            }
        }
        return new ThreadsCpu(count, sum);
    }

    static boolean isStreamThread(String threadName, String applicationId) {
        return threadName.startsWith(applicationId + "-") && STREAM_THREAD.matcher(threadName).matches();
    }

    /**
     * Waits, a second at a time, until the JIT compilers spent less than {@code share} of a
     * second compiling in the last second, or until {@code timeout}; returns that last share
     * (NaN where the JVM does not account compilation time).
     */
    static double awaitIdleCompiler(double share, Duration timeout) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return Double.NaN;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long before = jit.getTotalCompilationTime();
        double last;
        do {
            Thread.sleep(1000);
            long now = jit.getTotalCompilationTime();
            last = (now - before) / 1000.0;
            before = now;
        } while (last >= share && System.nanoTime() < deadline);
        return last;
    }

    /** The 1-minute load average, or NaN. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(LOADAVG).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Samples heap and RSS on a daemon thread until closed, keeping the peaks. */
    static final class PeakSampler implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peakHeap;
        private volatile long peakRss;

        PeakSampler() {
            thread = new Thread(this::run, "bench-memory-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                peakHeap = Math.max(peakHeap, heapUsed());
                peakRss = Math.max(peakRss, rss());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peakHeap() {
            return peakHeap;
        }

        long peakRss() {
            return peakRss;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
