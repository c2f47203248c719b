package io.rnnstreams.cli;

import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.OpsHttpServer;
import io.rnnstreams.ops.PrometheusMetrics;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.ops.ServingMetrics;
import io.rnnstreams.ops.Topics;
import io.rnnstreams.stream.BoundedRocksDbMemory;
import io.rnnstreams.ops.KafkaAccessFailure;
import io.rnnstreams.stream.ServingApp;
import io.rnnstreams.stream.ServingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a serving instance runs, from one configuration: topics, the Kafka Streams app,
 * Prometheus meters and the HTTP server (metrics, health, readiness, sequence queries).
 */
final class ServingProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingProcess.class);

    private final PrometheusMetrics metrics;
    private final ServingApp app;
    private final AutoCloseable streamsBinding;
    private final OpsHttpServer http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServingProcess(PrometheusMetrics metrics, ServingApp app, AutoCloseable streamsBinding, OpsHttpServer http) {
        this.metrics = metrics;
        this.app = app;
        this.streamsBinding = streamsBinding;
        this.http = http;
    }

    static ServingProcess start(RnnStreamsConfig config) {
        LOG.info("effective configuration:\n{}", config.dump());
        ServingSettings settings = settings(config);
        if (config.get(ConfigKeys.TOPICS_CREATE)) {
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                int partitions = config.get(ConfigKeys.TOPICS_PARTITIONS);
                Topics.ensure(admin, List.of(
                        Topics.Spec.data(settings.tokensTopic(), partitions),
                        Topics.Spec.data(settings.tagsTopic(), partitions),
                        Topics.Spec.data(settings.labelsTopic(), partitions),
                        Topics.Spec.data(settings.generatedTopic(), partitions),
                        Topics.Spec.data(settings.dlqTopic(), partitions),
                        Topics.Spec.models(settings.modelsTopic(), settings.maxModelBytes())),
                        config.get(ConfigKeys.TOPICS_REPLICATION_FACTOR).shortValue());
            }
        }
        PrometheusMetrics metrics = new PrometheusMetrics(config.get(ConfigKeys.APPLICATION_ID), instanceName(config));
        ServingApp app = new ServingApp(settings, streamsProperties(config, settings, true),
                new MeteredServing(new ServingMetrics(metrics.registry())));
        AutoCloseable binding = metrics.bind(app.streams());
        OpsHttpServer http = null;
        int port = config.get(ConfigKeys.HTTP_PORT);
        if (port >= 0) {
            try {
                http = OpsHttpServer.start(config.get(ConfigKeys.HTTP_BIND_ADDRESS), port, metrics,
                        app::notReadyReason, app.queries());
                LOG.info("HTTP on port {}: /metrics /healthz /readyz /sequences/{key}", http.port());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the HTTP server on port " + port, e);
            }
        }
        ServingProcess process = new ServingProcess(metrics, app, binding, http);
        try {
            app.start();
        } catch (RuntimeException e) {
            process.close();
            throw KafkaAccessFailure.find(e).<RuntimeException>map(
                    denied -> new UserError(KafkaAccessFailure.describe(denied), e)).orElse(e);
        }
        return process;
    }

    /**
     * The one line {@code serve} exits with when the instance stopped by itself: Kafka refusing
     * its credentials or ACLs, or Kafka Streams failing.
     */
    static UserError failed(Throwable cause) {
        return new UserError(KafkaAccessFailure.find(cause).map(KafkaAccessFailure::describe)
                .orElse(cause.getMessage()), cause);
    }

    static ServingSettings settings(RnnStreamsConfig c) {
        return new ServingSettings(
                c.get(ConfigKeys.TOPICS_TOKENS), c.get(ConfigKeys.TOPICS_TAGS), c.get(ConfigKeys.TOPICS_LABELS),
                c.get(ConfigKeys.TOPICS_GENERATED), c.get(ConfigKeys.TOPICS_DLQ), c.get(ConfigKeys.TOPICS_MODELS),
                c.get(ConfigKeys.MODEL_NAME), c.get(ConfigKeys.MODELS_MAX_BYTES),
                c.get(ConfigKeys.STATE_STORE).equals("rocksdb"), c.get(ConfigKeys.STATE_ENCODING).equals("float16"),
                c.get(ConfigKeys.SEQUENCE_IDLE_TIMEOUT), c.get(ConfigKeys.SEQUENCE_IDLE_SCAN_INTERVAL),
                c.get(ConfigKeys.SEQUENCE_IDLE_SCAN_MAX), c.get(ConfigKeys.TOKEN_MAX_CHARS),
                c.get(ConfigKeys.INPUT_MAX_BYTES), c.get(ConfigKeys.GENERATE_MAX_TOKENS));
    }

    /**
     * Kafka Streams settings: the kafka.* pass-through, then the declared keys on top.
     * {@code globalThread}: whether the topology has a global thread (the serving topology's
     * models), which takes a share of the record cache.
     */
    static Properties streamsProperties(RnnStreamsConfig c, ServingSettings settings, boolean globalThread) {
        Properties p = new Properties();
        p.putAll(c.kafka());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, c.get(ConfigKeys.APPLICATION_ID));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, c.get(ConfigKeys.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.STATE_DIR_CONFIG, c.get(ConfigKeys.STATE_DIR));
        long cache = c.get(ConfigKeys.STATE_CACHE_MAX_BYTES);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                globalThread ? recordCacheWithGlobalShare(cache, c.get(ConfigKeys.NUM_STREAM_THREADS)) : cache);
        c.find(ConfigKeys.COMMIT_INTERVAL_MS).ifPresent(ms -> p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ms));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, c.get(ConfigKeys.NUM_STREAM_THREADS));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, c.get(ConfigKeys.NUM_STANDBY_REPLICAS));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, c.get(ConfigKeys.TOPICS_REPLICATION_FACTOR));
        // The models processor handles its own failures; this is the forward-compatible setting (default in 5.0).
        // Kafka 4.4 checks it a second time in the partition assignor, which sees only the main
        // consumer's settings and would warn on every start that it is off; so it goes there too.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        p.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, c.get(ConfigKeys.ROCKSDB_MEMORY_BYTES));
        // A model record can be tens of MB; the global consumer must fetch it in one go.
        String modelFetch = Long.toString(settings.maxModelBytes() + (1 << 20));
        p.put(StreamsConfig.globalConsumerPrefix("max.partition.fetch.bytes"), modelFetch);
        p.put(StreamsConfig.globalConsumerPrefix("fetch.max.bytes"), modelFetch);
        return p;
    }

    /**
     * statestore.cache.max.bytes for stream threads that should get {@code streamThreadsBytes} in
     * all next to a global thread: Kafka Streams splits the setting evenly among the stream threads
     * and the global thread, which would leave the stream threads N/(N+1) of what
     * state.cache.max.bytes says: half with one thread.
     */
    static long recordCacheWithGlobalShare(long streamThreadsBytes, int streamThreads) {
        long share = streamThreadsBytes / streamThreads;
        return share > Long.MAX_VALUE - streamThreadsBytes ? Long.MAX_VALUE : streamThreadsBytes + share;
    }

    private static String instanceName(RnnStreamsConfig c) {
        String id = c.kafka().get("group.instance.id");
        if (id != null) {
            return id;
        }
        String host = System.getenv("HOSTNAME");
        return host != null ? host : "local";
    }

    ServingApp app() {
        return app;
    }

    PrometheusMetrics metrics() {
        return metrics;
    }

    /** The HTTP port, or -1 without an HTTP server. */
    int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Stops everything; later calls do nothing (the shutdown hook may come after an error exit). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (http != null) {
            http.shuttingDown();
        }
        app.close(Duration.ofSeconds(30));
        try {
            streamsBinding.close();
        } catch (Exception e) {
            LOG.warn("unbinding Kafka Streams metrics failed", e);
        }
        if (http != null) {
            http.close();
        }
        metrics.close();
    }
}
