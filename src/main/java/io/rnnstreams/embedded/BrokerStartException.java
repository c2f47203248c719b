package io.rnnstreams.embedded;

/**
 * The embedded broker cannot start because of its surroundings (a port already taken, an unusable
 * data directory); the message is one line meant for the person who chose them.
 */
public final class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message) {
        super(message);
    }
}
