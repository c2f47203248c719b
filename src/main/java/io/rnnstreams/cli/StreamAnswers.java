package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.data.Example;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The serving outputs of a replay, read back into per-sequence predictions: every partition of
 * the tags and/or labels topic, read_committed (so only what exactly-once serving committed),
 * from the end those topics had when {@link #open} was called, keeping the records whose key is
 * one of the replayed sequences'. A second answer for the same token or sequence (which
 * exactly-once serving never sends) is counted, and the first one kept.
 */
final class StreamAnswers implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final String tagsTopic;
    private final String labelsTopic;
    private final Map<String, Integer> index = new HashMap<>();
    private final String[][] tags;
    private final String[] labels;
    private final long tagsExpected;
    private final long labelsExpected;
    private final SortedSet<Long> models = new TreeSet<>();
    private long tagsReceived;
    private long labelsReceived;
    private long duplicates;
    private long malformed;

    /**
     * @param tagsTopic   where tags come from, or null when tags are not scored
     * @param labelsTopic where labels come from, or null when labels are not scored
     */
    StreamAnswers(Properties kafka, String tagsTopic, String labelsTopic, List<String> keys, List<Example> examples) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.tagsTopic = tagsTopic;
        this.labelsTopic = labelsTopic;
        this.tags = new String[examples.size()][];
        this.labels = new String[examples.size()];
        long expected = 0;
        for (int i = 0; i < examples.size(); i++) {
            index.put(keys.get(i), i);
            if (tagsTopic != null) {
                tags[i] = new String[examples.get(i).length()];
                expected += examples.get(i).length();
            }
        }
        this.tagsExpected = expected;
        this.labelsExpected = labelsTopic == null ? 0 : examples.size();
    }

    /** Positions the reader at the current end of the output topics: call before producing. */
    void open(Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : new String[] {tagsTopic, labelsTopic}) {
            if (topic == null) {
                continue;
            }
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new UserError("topic '" + topic + "' does not exist (serving creates it at start-up)");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(tp -> consumer.position(tp, timeout));
    }

    /** Reads what arrived within {@code timeout}; returns how many new answers it held. */
    int poll(Duration timeout) {
        int fresh = 0;
        for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
            Integer s = r.key() == null ? null : index.get(r.key());
            if (s == null) {
                continue;
            }
            JsonNode v;
            try {
                v = JSON.readTree(r.value());
            } catch (Exception e) {
                malformed++;
                continue;
            }
            if (r.topic().equals(tagsTopic)) {
                fresh += tag(s, v) ? 1 : 0;
            } else if (r.topic().equals(labelsTopic)) {
                fresh += label(s, v) ? 1 : 0;
            }
        }
        return fresh;
    }

    private boolean tag(int s, JsonNode v) {
        JsonNode i = v == null ? null : v.get("i");
        JsonNode tag = v == null ? null : v.get("tag");
        if (i == null || !i.canConvertToInt() || tag == null || !tag.isTextual()
                || i.asInt() < 0 || i.asInt() >= tags[s].length) {
            malformed++;
            return false;
        }
        model(v);
        if (tags[s][i.asInt()] != null) {
            duplicates++;
            return false;
        }
        tags[s][i.asInt()] = tag.asText();
        tagsReceived++;
        return true;
    }

    private boolean label(int s, JsonNode v) {
        JsonNode label = v == null ? null : v.get("label");
        if (label == null || !label.isTextual()) {
            malformed++;
            return false;
        }
        model(v);
        if (labels[s] != null) {
            duplicates++;
            return false;
        }
        labels[s] = label.asText();
        labelsReceived++;
        return true;
    }

    private void model(JsonNode v) {
        JsonNode m = v.get("model");
        if (m != null && m.canConvertToLong()) {
            models.add(m.asLong());
        }
    }

    boolean complete() {
        return tagsReceived == tagsExpected && labelsReceived == labelsExpected;
    }

    /** Predicted tags of sequence {@code s}, null where none arrived. */
    String[] tags(int s) {
        return tags[s];
    }

    /** Predicted label of sequence {@code s}, or null. */
    String label(int s) {
        return labels[s];
    }

    long tagsExpected() {
        return tagsExpected;
    }

    long tagsReceived() {
        return tagsReceived;
    }

    long labelsExpected() {
        return labelsExpected;
    }

    long labelsReceived() {
        return labelsReceived;
    }

    long duplicates() {
        return duplicates;
    }

    long malformed() {
        return malformed;
    }

    /** The model versions the answers came from (more than one when a new model arrived mid-replay). */
    SortedSet<Long> models() {
        return models;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
