package io.rnnstreams.cli;

import io.rnnstreams.embedded.DirectoryTree;
import io.rnnstreams.embedded.EmbeddedKafkaBroker;
import io.rnnstreams.ops.RnnStreamsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every run of one {@code bench} invocation shares: the in-process broker, an admin client,
 * the producers that write the input, the user's configuration options and a place for state
 * directories. Each run gets names of its own, so runs never see each other's topics or groups.
 */
final class BenchSession implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> backlogProducer;
    private final KafkaProducer<byte[], byte[]> pacedProducer;
    private final ConfigOptions options;
    private final PrintWriter progress;
    private final Path stateRoot;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private int runs;

    private BenchSession(EmbeddedKafkaBroker broker, ConfigOptions options, PrintWriter progress, Path stateRoot) {
        this.broker = broker;
        this.options = options;
        this.progress = progress;
        this.stateRoot = stateRoot;
        this.admin = Admin.create(broker.clientProperties());
        // The backlog is written before the clock starts: batch it as much as Kafka allows.
        Map<String, Object> backlog = inputProducerProperties();
        backlog.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        backlog.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        this.backlogProducer = new KafkaProducer<>(backlog, new ByteArraySerializer(), new ByteArraySerializer());
        // Paced input measures latency: no batching delay of the bench's own producer in it.
        Map<String, Object> paced = inputProducerProperties();
        paced.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.pacedProducer = new KafkaProducer<>(paced, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * One request in flight and no idempotence: the first batch to a partition created moments
     * ago can fail and be retried; an idempotent producer with several batches in flight then
     * finds its later batches already written and the retried first one out of sequence, for good.
     * With one request in flight a retry keeps the order.
     */
    private Map<String, Object> inputProducerProperties() {
        Map<String, Object> p = broker.clientProperties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Each run deletes its topics; the shared producers forget them after 5 s (the least
        // allowed) instead of warning about them for the default 5 minutes.
        p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, 5000);
        return p;
    }

    /** Starts the broker (several seconds in a fresh JVM). */
    static BenchSession start(ConfigOptions options, PrintWriter progress) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
        broker.start();
        try {
            return new BenchSession(broker, options, progress, Files.createTempDirectory("rnn-streams-bench"));
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    Admin admin() {
        return admin;
    }

    Map<String, Object> clientProperties() {
        return broker.clientProperties();
    }

    KafkaProducer<byte[], byte[]> backlogProducer() {
        return backlogProducer;
    }

    KafkaProducer<byte[], byte[]> pacedProducer() {
        return pacedProducer;
    }

    /**
     * Sends {@code n} records of the workload (none when n <= 0); a failed send fails the bench at
     * the next {@link #flush}, since a lost input record would leave a run waiting for its output.
     */
    void produce(KafkaProducer<byte[], byte[]> producer, BenchWorkload workload, String topic, long n) {
        for (long i = 0; i < n; i++) {
            producer.send(workload.next(topic), (metadata, e) -> {
                if (e != null) {
                    sendFailure.compareAndSet(null, e);
                }
            });
        }
    }

    /** Flushes and fails on any earlier failed send. */
    void flush(KafkaProducer<byte[], byte[]> producer) {
        producer.flush();
        Exception e = sendFailure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException("an input record could not be sent: " + e, e);
        }
    }

    void progress(String line) {
        progress.println(line);
        progress.flush();
    }

    /** A name no other run of this session uses. */
    synchronized String uniqueName(String prefix) {
        return "bench-" + prefix + "-" + (++runs);
    }

    /** A fresh, empty state directory for a run. */
    Path stateDirectory(String name) {
        try {
            return Files.createDirectories(stateRoot.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The configuration a run's serving instance starts from: the user's --config and --set, with
     * the run's own names, broker and state directory, and {@code extra} (the case's guarantee,
     * store and encoding) underneath the user's --set.
     */
    RnnStreamsConfig config(String name, Path stateDir, int partitions, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(extra);
        m.put("application.id", name);
        m.put("kafka.bootstrap.servers", broker.bootstrapServers());
        m.put("state.dir", stateDir.toString());
        m.put("topics.partitions", Integer.toString(partitions));
        for (String topic : List.of("tokens", "tags", "labels", "generated", "dlq", "models")) {
            m.put("topics." + topic, name + "-" + topic);
        }
        return options.load(m);
    }

    /** Waits until the producers know a leader for every partition of a new topic. */
    void awaitLeaders(String topic, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (KafkaProducer<byte[], byte[]> producer : List.of(backlogProducer, pacedProducer)) {
            while (true) {
                List<PartitionInfo> infos = producer.partitionsFor(topic);
                if (infos.size() == partitions && infos.stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no leaders for the partitions of " + topic + " after 60 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Deletes topics (a run's input, outputs and changelog) so the broker's disk stays small. */
    void deleteTopics(List<String> topics) {
        try {
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            progress("warning: could not delete the topics of a finished run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        backlogProducer.close(Duration.ofSeconds(10));
        pacedProducer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
        broker.close();
        DirectoryTree.delete(stateRoot);
    }
}
