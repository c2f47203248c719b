package io.rnnstreams.train;

import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.ModelFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the models topic to its end (committed records only) and returns the newest valid model
 * of one name: where a restarted trainer resumes. Records that do not load are skipped with a
 * warning, as serving skips them; an ensemble as the newest stops the trainer, which could only
 * replace it with a single model trained from scratch.
 */
public final class PublishedModels {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedModels.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private PublishedModels() {}

    /** The newest model named {@code name} (highest version; the later record on a tie), or null. */
    public static Model latest(Map<String, Object> kafka, String topic, String name, long maxBytes) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String fetch = Long.toString(maxBytes + (1 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetch);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetch);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                return null;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            Ensemble newest = null;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnd(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("models topic " + topic + " not read to its end within "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (!name.equals(r.key()) || r.value() == null) {
                        continue;
                    }
                    try {
                        Ensemble m = ModelFile.readEnsemble(r.value());
                        if (newest == null || version(m) >= version(newest)) {
                            newest = m;
                        }
                    } catch (ModelFormatException e) {
                        LOG.warn("skipping an unreadable model record at {}-{}@{}: {}", r.topic(), r.partition(),
                                r.offset(), e.getMessage());
                    }
                }
            }
            if (newest != null && !newest.single()) {
                throw new SideTrainer.TrainerException("model '" + name + "' version " + version(newest) + " on " + topic
                        + " is an ensemble of " + newest.members().size() + " models, and the trainer fine-tunes a single "
                        + "model: give the trainer its own model.name, or publish a single model over the ensemble", null);
            }
            return newest == null ? null : newest.members().get(0);
        }
    }

    static long version(Model m) {
        return ModelProvenance.number(m, ModelFile.VERSION, 0);
    }

    private static long version(Ensemble e) {
        return ModelProvenance.number(e.metadata(), ModelFile.VERSION, 0);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
