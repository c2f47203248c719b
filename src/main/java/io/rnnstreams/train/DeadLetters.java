package io.rnnstreams.train;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Rejected training records waiting for the next transaction: the original key and value
 * unchanged, headers {@code error} (the reason), {@code source.topic}, {@code source.partition}
 * and {@code source.offset}, like the serving DLQ. They are produced in the same transaction that
 * commits their offsets, so each rejected record lands in the DLQ exactly once.
 */
final class DeadLetters {
    private final String topic;
    private final List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();

    DeadLetters(String topic) {
        this.topic = topic;
    }

    void add(ConsumerRecord<byte[], byte[]> source, String reason) {
        RecordHeaders headers = new RecordHeaders(source.headers().toArray());
        headers.add("error", bytes(reason));
        headers.add("source.topic", bytes(source.topic()));
        headers.add("source.partition", bytes(Integer.toString(source.partition())));
        headers.add("source.offset", bytes(Long.toString(source.offset())));
        pending.add(new ProducerRecord<>(topic, null, source.timestamp(), source.key(), source.value(), headers));
    }

    List<ProducerRecord<byte[], byte[]>> pending() {
        return pending;
    }

    int size() {
        return pending.size();
    }

    void clear() {
        pending.clear();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
