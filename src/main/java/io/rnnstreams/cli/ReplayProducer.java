package io.rnnstreams.cli;

import io.rnnstreams.data.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces keyed sequences into the tokens topic the way a live pipeline does: one record per
 * token ({@code {"token":..}}) or event ({@code {"x":[..]}}), the last one with
 * {@code "end":true}, several sequences open at once with their records interleaved (in order
 * within each key), optionally paced to a rate. Runs on its own thread; progress and the first
 * send failure are read from the outside.
 */
final class ReplayProducer implements Runnable {
    private final Properties kafka;
    private final String topic;
    private final List<String> keys;
    private final List<Example> examples;
    private final int open;
    private final double recordsPerSecond;
    private final long seed;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final TokenRecords records = new TokenRecords();
    private volatile boolean done;

    /**
     * @param open             sequences in flight at once (1 = one after the other)
     * @param recordsPerSecond pacing, or 0 for as fast as the producer goes
     */
    ReplayProducer(Properties kafka, String topic, List<String> keys, List<Example> examples, int open,
            double recordsPerSecond, long seed) {
        this.kafka = kafka;
        this.topic = topic;
        this.keys = keys;
        this.examples = examples;
        this.open = open;
        this.recordsPerSecond = recordsPerSecond;
        this.seed = seed;
    }

    /** Records handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    boolean done() {
        return done;
    }

    /** The first failure (a send the broker refused, a client error), or null. */
    Exception failure() {
        return failure.get();
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            produce(producer);
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            done = true;
        }
    }

    private void produce(KafkaProducer<String, byte[]> producer) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> inFlight = new ArrayList<>();
        int[] position = new int[examples.size()];
        int next = 0;
        long start = System.nanoTime();
        long count = 0;
        while ((next < examples.size() || !inFlight.isEmpty()) && failure.get() == null) {
            while (inFlight.size() < open && next < examples.size()) {
                inFlight.add(next++);
            }
            int slot = rng.nextInt(inFlight.size());
            int s = inFlight.get(slot);
            Example e = examples.get(s);
            int i = position[s]++;
            boolean end = i == e.length() - 1;
            if (end) {
                inFlight.remove(slot);
            }
            if (recordsPerSecond > 0) {
                long due = start + (long) (count * 1e9 / recordsPerSecond);
                for (long wait = due - System.nanoTime(); wait > 0 && !Thread.currentThread().isInterrupted();
                        wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            producer.send(new ProducerRecord<>(topic, keys.get(s), records.value(e, i, end)), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
            count++;
            sent.set(count);
        }
    }
}
