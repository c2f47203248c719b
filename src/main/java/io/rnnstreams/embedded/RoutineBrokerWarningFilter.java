package io.rnnstreams.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the two WARN lines Kafka 4.4 logs on every start and stop of a healthy broker, so that
 * starting the embedded broker prints nothing. Matching on logger and message keeps every other
 * warning from the same loggers, which are shared with Kafka's clients.
 */
public final class RoutineBrokerWarningFilter extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format,
            Object[] params, Throwable t) {
        if (level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        String name = logger.getName();
        boolean routine = (name.equals("org.apache.kafka.controller.QuorumController")
                        && format.contains("Performing controller activation"))
                || (name.equals("org.apache.kafka.clients.NetworkClient")
                        && format.contains("Attempting to close NetworkClient that has already been closed"));
        return routine ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
