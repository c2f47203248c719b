package io.rnnstreams.cli;

/**
 * Millisecond latencies (the resolution of Kafka record timestamps) in one bucket per
 * millisecond up to a minute, and an overflow count. Thread-safe: the output watcher records,
 * the bench reads.
 */
final class LatencyHistogram {
    private static final int MAX_MS = 60_000;
    private final long[] counts = new long[MAX_MS + 1];
    private long total;

    synchronized void record(long ms) {
        counts[(int) Math.max(0, Math.min(MAX_MS, ms))]++;
        total++;
    }

    synchronized long count() {
        return total;
    }

    /** The latency at quantile q (0..1) in ms, or NaN without samples; 60000 means "a minute or more". */
    synchronized double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int ms = 0; ms <= MAX_MS; ms++) {
            seen += counts[ms];
            if (seen >= Math.max(1, rank)) {
                return ms;
            }
        }
        return MAX_MS;
    }

    /** A copy of the counts so far, then empty (the soak's per-window figures). */
    synchronized LatencyHistogram drain() {
        LatencyHistogram copy = new LatencyHistogram();
        System.arraycopy(counts, 0, copy.counts, 0, counts.length);
        copy.total = total;
        java.util.Arrays.fill(counts, 0);
        total = 0;
        return copy;
    }

    /** p50, p99 and p99.9 in ms. */
    Percentiles percentiles() {
        return new Percentiles(quantile(0.5), quantile(0.99), quantile(0.999), count());
    }

    record Percentiles(double p50, double p99, double p999, long samples) {}
}
