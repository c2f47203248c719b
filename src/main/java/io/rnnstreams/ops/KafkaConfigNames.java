package io.rnnstreams.ops;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings Kafka's producer, consumer, admin client and Kafka Streams know, used to spot a
 * misspelt {@code kafka.*} key. Unknown names are not errors: plugins (serdes, interceptors,
 * config providers) read settings of their own.
 */
final class KafkaConfigNames {
    // Kafka Streams passes these prefixes on to one of its clients or to created topics.
    private static final List<String> CLIENT_PREFIXES = List.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);

    static final Set<String> ALL = known();

    private KafkaConfigNames() {}

    /** The key without a Kafka Streams client prefix such as {@code producer.}. */
    static String withoutClientPrefix(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    /** Topic-level settings ({@code topic.*}) are Kafka's broker configs; not checked here. */
    static boolean isTopicSetting(String key) {
        return key.startsWith(StreamsConfig.TOPIC_PREFIX);
    }

    private static Set<String> known() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        names.addAll(StreamsConfig.configDef().names());
        return Set.copyOf(names);
    }
}
