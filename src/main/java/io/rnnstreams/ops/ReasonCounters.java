package io.rnnstreams.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One counter per {@code reason} label value, resolved once and cached by the reason string so
 * that counting allocates nothing. The set of reasons is meant to be small; past a limit, new
 * reasons are counted as {@value #OTHER} so a caller passing free text cannot flood Prometheus
 * with series.
 */
final class ReasonCounters {
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";
    static final int MAX_REASONS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(ReasonCounters.class);

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private Counter other;

    ReasonCounters(MeterRegistry registry, String name, String description,
            Collection<String> knownReasons) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        knownReasons.forEach(this::resolve);
    }

    void increment(String reason) {
        resolve(reason).increment();
    }

    private Counter resolve(String reason) {
        String key = reason == null ? UNKNOWN : reason;
        Counter c = counters.get(key);
        return c != null ? c : register(key);
    }

    private synchronized Counter register(String reason) {
        Counter c = counters.get(reason);
        if (c != null) {
            return c;
        }
        if (counters.size() < MAX_REASONS) {
            c = counter(reason);
            counters.put(reason, c);
            return c;
        }
        if (other == null) {
            LOG.warn("{}: more than {} distinct reasons; counting new ones (first: {}) as {}",
                    name, MAX_REASONS, reason, OTHER);
            other = counter(OTHER);
        }
        return other;
    }

    private Counter counter(String reason) {
        return Counter.builder(name).description(description).tag("reason", reason)
                .register(registry);
    }
}
