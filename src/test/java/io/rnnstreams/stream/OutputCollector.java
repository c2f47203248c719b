package io.rnnstreams.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads output topics from the beginning in a background thread (read_committed, no consumer
 * group) and keeps every record, so a test can wait for counts while faults happen and compare
 * everything at the end.
 */
public final class OutputCollector implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private volatile long lastRecordNanos = System.nanoTime();

    public OutputCollector(Map<String, Object> clientProperties, List<String> topics) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "output-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (true) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        records.add(r);
                        counts.merge(r.topic(), 1, Integer::sum);
                    }
                    lastRecordNanos = System.nanoTime();
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close() stops the loop.
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    public synchronized int count(String topic) {
        return counts.getOrDefault(topic, 0);
    }

    /** Waits until at least {@code n} records of {@code topic} were read; false on timeout. */
    public synchronized boolean awaitCount(String topic, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(topic) < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Waits until the condition holds on the records read so far; false on timeout. */
    public synchronized boolean await(Predicate<OutputCollector> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(200, left / 1_000_000)));
        }
        return true;
    }

    /** Waits until no new record has arrived for {@code quiet} (anything late would be a duplicate). */
    public void awaitQuiet(Duration quiet) throws InterruptedException {
        while (System.nanoTime() - lastRecordNanos < quiet.toNanos()) {
            Thread.sleep(100);
        }
    }

    public synchronized List<ConsumerRecord<byte[], byte[]>> records() {
        return new ArrayList<>(records);
    }

    public synchronized Map<String, Integer> counts() {
        return new HashMap<>(counts);
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
