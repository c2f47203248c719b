package io.rnnstreams.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The one embedded broker of a test JVM, shared by every integration test: started on first use
 * (several seconds in a fresh JVM, so once rather than per test class) and stopped at JVM exit.
 * Tests keep out of each other's way by naming their topics, groups and transactional ids with
 * {@link #uniqueName}.
 */
public final class SharedBroker {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static final List<Runnable> BEFORE_SHUTDOWN = new ArrayList<>();

    private SharedBroker() {}

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A fresh mutable map with {@code bootstrap.servers}, to add a client's own settings to. */
    public static Map<String, Object> clientProperties() {
        return broker().clientProperties();
    }

    /** An admin client shared by all tests; do not close it. */
    public static synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProperties());
        }
        return admin;
    }

    /** {@code prefix} plus a suffix no other caller in this JVM gets. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** Creates a one-partition topic with a unique name starting with {@code prefix}. */
    public static String createTopic(String prefix) {
        return createTopic(prefix, 1, Map.of());
    }

    /** Creates a topic with a unique name starting with {@code prefix} and returns that name. */
    public static String createTopic(String prefix, int partitions, Map<String, String> configs) {
        String name = uniqueName(prefix);
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try {
            admin().createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
        return name;
    }

    private static synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.builder().build();
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedBroker::shutdown, "shared-broker-shutdown"));
            broker = started;
        }
        return broker;
    }

    /**
     * Runs {@code task} at JVM exit before the broker stops: a client still connected when the
     * broker goes (a Kafka Streams instance, say) would otherwise spend its whole close timeout
     * retrying, past the 30 s surefire grants the exit.
     */
    public static synchronized void beforeShutdown(Runnable task) {
        BEFORE_SHUTDOWN.add(task);
    }

    private static synchronized void shutdown() {
        BEFORE_SHUTDOWN.forEach(Runnable::run);
        if (admin != null) {
            admin.close();
        }
        broker.close();
    }
}
