package io.rnnstreams.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the app reads and writes when they are missing (topics.create=true). Data
 * topics get topics.partitions partitions; the models topic gets one partition, log compaction
 * (the latest model per name is kept forever) and a record size limit large enough for models.
 * Existing topics are left as they are.
 */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {}

    /** A topic to create: name, partitions and topic-level configs. */
    public record Spec(String name, int partitions, Map<String, String> configs) {
        public static Spec data(String name, int partitions) {
            return new Spec(name, partitions, Map.of());
        }

        public static Spec models(String name, long maxBytes) {
            return new Spec(name, 1, Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(maxBytes + (1 << 20))));
        }
    }

    public static void ensure(Admin admin, List<Spec> specs, short replication) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Spec s : specs) {
                if (!existing.contains(s.name()) && missing.stream().noneMatch(t -> t.name().equals(s.name()))) {
                    missing.add(new NewTopic(s.name(), s.partitions(), replication).configs(s.configs()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    LOG.info("created topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new ConfigException("cannot create topics: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ConfigException("cannot create topics: the cluster did not answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while creating topics");
        }
    }
}
