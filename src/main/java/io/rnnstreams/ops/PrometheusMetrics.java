package io.rnnstreams.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's Prometheus registry: owns the {@link PrometheusMeterRegistry}, the JVM and
 * system binders and any Kafka binders, and renders scrapes. Every meter carries the common
 * tags {@code application} and {@code instance}.
 */
public final class PrometheusMetrics implements AutoCloseable {
    /** Prometheus text exposition format 0.0.4, the format every scraper understands. */
    public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_CONTENT_TYPE =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);

    private final PrometheusMeterRegistry registry;
    // What close() must undo: the GC binder's listeners and the Kafka binders' refresh threads.
    private final List<Runnable> unbinders = new ArrayList<>();

    /**
     * @param application e.g. {@code rnn-streams-serve}
     * @param instance what tells processes of one application apart, e.g. the pod name
     */
    public PrometheusMetrics(String application, String instance) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", application, "instance", instance);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        unbinders.add(gc::close);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The registry to create meters in, e.g. {@code new ServingMetrics(metrics.registry())}. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Publishes a Kafka Streams instance's metrics; closing the result (or this object) removes
     * them. Bind before {@link KafkaStreams#start()} so no metric is missed.
     */
    public AutoCloseable bind(KafkaStreams streams) {
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
        return track(binder, binder::close);
    }

    public AutoCloseable bind(Producer<?, ?> producer) {
        KafkaClientMetrics binder = new KafkaClientMetrics(producer);
        return track(binder, binder::close);
    }

    public AutoCloseable bind(Consumer<?, ?> consumer) {
        KafkaClientMetrics binder = new KafkaClientMetrics(consumer);
        return track(binder, binder::close);
    }

    public AutoCloseable bind(AdminClient admin) {
        KafkaClientMetrics binder = new KafkaClientMetrics(admin);
        return track(binder, binder::close);
    }

    private AutoCloseable track(MeterBinder binder, Runnable unbind) {
        binder.bindTo(registry);
        synchronized (unbinders) {
            unbinders.add(unbind);
        }
        return () -> {
            boolean bound;
            synchronized (unbinders) {
                bound = unbinders.remove(unbind);
            }
            if (bound) {
                runQuietly(unbind);
            }
        };
    }

    /**
     * The content type to answer a scrape with: OpenMetrics when the {@code Accept} header asks
     * for it (as Prometheus itself does), the 0.0.4 text format otherwise.
     */
    public static String contentTypeFor(String acceptHeader) {
        return acceptHeader != null
                && acceptHeader.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
    }

    /** Writes a scrape in the given content type (one of this class's constants). */
    public void scrape(OutputStream out, String contentType) throws IOException {
        registry.scrape(out, contentType);
    }

    @Override
    public void close() {
        List<Runnable> bound;
        synchronized (unbinders) {
            bound = new ArrayList<>(unbinders);
            unbinders.clear();
        }
        bound.forEach(PrometheusMetrics::runQuietly);
        registry.close();
    }

    // A binder that fails to close must not keep the others, or the process, from shutting down.
    private static void runQuietly(Runnable unbind) {
        try {
            unbind.run();
        } catch (RuntimeException e) {
            LOG.warn("closing a metrics binder failed", e);
        }
    }
}
