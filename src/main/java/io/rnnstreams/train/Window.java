package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of the window being filled, in consumption order, each parsed or with the reason
 * it could not be, and the offset just past each partition's last record in it (what a
 * transaction commits once the window's work is published). Its clock starts at its first
 * record, so an idle topic does not churn empty windows.
 */
final class Window {
    /** One consumed record: its example, or why it is not one. */
    record Entry(ConsumerRecord<byte[], byte[]> record, Example example, String error) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private int target;
    private long startedNanos;

    Window(int target) {
        this.target = target;
    }

    void add(ConsumerRecord<byte[], byte[]> record, Example example, String error, long nowNanos) {
        if (entries.isEmpty()) {
            startedNanos = nowNanos;
        }
        entries.add(new Entry(record, example, error));
        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
    }

    boolean full() {
        return entries.size() >= target;
    }

    boolean due(long nowNanos, Duration time) {
        return !entries.isEmpty() && nowNanos - startedNanos >= time.toNanos();
    }

    /** Keeps the window open for {@code more} records or another full period. */
    void extend(int more, long nowNanos) {
        target = entries.size() + more;
        startedNanos = nowNanos;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The parsed examples, in order. */
    List<Example> examples() {
        List<Example> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.example() != null) {
                out.add(e.example());
            }
        }
        return out;
    }

    Map<TopicPartition, OffsetAndMetadata> offsets() {
        return offsets;
    }
}
