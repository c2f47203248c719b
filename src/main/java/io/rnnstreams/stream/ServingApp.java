package io.rnnstreams.stream;

import io.rnnstreams.ops.KafkaAccessFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running serving instance: the topology in a {@link KafkaStreams}, its model registry and
 * interactive queries. Until the first valid model arrives the stream threads are paused, so
 * tokens wait in Kafka instead of being rejected; they resume as soon as a model is loaded.
 */
public final class ServingApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingApp.class);

    private final KafkaStreams streams;
    private final ModelRegistry registry;
    private final SequenceQueries queries;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    public ServingApp(ServingSettings settings, Properties streamsConfig, ServingObserver observer) {
        this.registry = new ModelRegistry(settings.modelName(), settings.maxModelBytes(), observer);
        this.streams = new KafkaStreams(ServingTopology.build(settings, registry, observer), streamsConfig);
        String server = streamsConfig.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        this.queries = new SequenceQueries(streams, registry,
                server == null || server.isBlank() ? null : HostInfo.buildFromEndpoint(server));
        // A thread that dies on something unexpected is replaced; the record is retried. Refused
        // credentials or ACLs would fail every replacement the same way: stop instead.
        streams.setUncaughtExceptionHandler(e -> {
            Optional<KafkaException> denied = KafkaAccessFailure.find(e);
            if (denied.isPresent()) {
                LOG.error("{}; stopping this instance", KafkaAccessFailure.describe(denied.get()));
                failure.complete(denied.get());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("kafka streams {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                failure.complete(new IllegalStateException("Kafka Streams stopped after an error (see the log)"));
            }
        });
        registry.onModel(model -> {
            if (streams.isPaused()) {
                LOG.info("first model loaded: resuming processing");
                streams.resume();
            }
        });
    }

    public void start() {
        if (registry.current() == null) {
            LOG.info("no model '{}' yet: processing paused until one is published", registry.modelName());
            streams.pause();
        }
        streams.start();
        if (registry.current() != null && streams.isPaused()) {
            streams.resume();
        }
    }

    /**
     * Empty when ready (streams RUNNING and a model loaded), else why not. The missing model is
     * named first: while it is missing the stream threads are paused, and paused tasks never
     * finish the rebalance, so the state alone would say REBALANCING for as long as that lasts.
     */
    public Optional<String> notReadyReason() {
        if (registry.current() == null) {
            return Optional.of("no model");
        }
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Optional.of("streams " + state);
        }
        return Optional.empty();
    }

    /**
     * Completes, with the cause, when this instance stopped by itself on an error it cannot
     * recover from (Kafka refusing its credentials or ACLs, or Kafka Streams reaching ERROR).
     */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public SequenceQueries queries() {
        return queries;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration timeout) {
        streams.close(timeout);
    }
}
