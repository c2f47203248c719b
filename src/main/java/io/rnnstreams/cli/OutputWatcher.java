package io.rnnstreams.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read-committed consumer on a thread of its own that counts the records of output topics as
 * a downstream application would see them. Latency is measured here, on the consumer side: the
 * serving topology stamps each output with its input's timestamp (the producer's send time in
 * this JVM), so receive time minus record timestamp is the whole path a user sees, including the
 * wait for the transaction commit under exactly-once.
 */
final class OutputWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final AtomicLong[] counts;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final Thread thread;
    private volatile long latencyFromMs = Long.MAX_VALUE;
    private volatile long target = Long.MAX_VALUE;
    private volatile long reachedNanos;
    private volatile Exception failure;

    /** Watches {@code topics} from their beginning; latency and the target apply to the first. */
    OutputWatcher(Map<String, Object> clientProperties, List<String> topics) {
        Map<String, Object> p = new java.util.HashMap<>(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        this.counts = new AtomicLong[topics.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new AtomicLong();
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String t : topics) {
            for (PartitionInfo info : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(t, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "bench-output-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.currentTimeMillis();
                long from = latencyFromMs;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    int i = topics.indexOf(r.topic());
                    counts[i].incrementAndGet();
                    if (i == 0 && r.timestamp() >= from) {
                        latencies.record(now - r.timestamp());
                    }
                }
                if (reachedNanos == 0 && counts[0].get() >= target) {
                    reachedNanos = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Records of the first topic seen so far. */
    long count() {
        return counts[0].get();
    }

    /** Records of topic {@code i} (in the constructor's order) seen so far. */
    long count(int i) {
        return counts[i].get();
    }

    /** From now on, outputs whose input was sent at or after {@code ms} count towards latency. */
    void measureLatencyFrom(long ms) {
        latencyFromMs = ms;
    }

    LatencyHistogram latencies() {
        return latencies;
    }

    /**
     * Waits until {@code n} records of the first topic have been seen; returns the System.nanoTime
     * of the poll that saw the n-th, or -1 after the timeout. {@code progress} is called every few
     * seconds while waiting.
     */
    long awaitCount(long n, Duration timeout, Runnable progress) throws InterruptedException {
        reachedNanos = 0;
        target = n;
        if (count() >= n) {
            return System.nanoTime();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextProgress = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reachedNanos == 0) {
            if (failure != null) {
                throw new IllegalStateException("the output consumer failed: " + failure, failure);
            }
            long now = System.nanoTime();
            if (now > deadline) {
                return -1;
            }
            if (now > nextProgress) {
                progress.run();
                nextProgress = now + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(5);
        }
        return reachedNanos;
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
