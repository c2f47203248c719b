package io.rnnstreams.ops;

import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Kafka refusing this instance: wrong credentials (authentication) or missing ACLs
 * (authorization). Retrying cannot fix either, so instead of replacing stream threads forever
 * the instance stops and says so in one line.
 */
public final class KafkaAccessFailure {
    private KafkaAccessFailure() {}

    /** The authentication or authorization error somewhere in {@code e}'s causes, if any. */
    public static Optional<KafkaException> find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return Optional.of((KafkaException) t);
            }
        }
        return Optional.empty();
    }

    /** One line for the operator, naming which of the two it is. */
    public static String describe(KafkaException e) {
        return (e instanceof AuthenticationException
                ? "Kafka authentication failed (check the credentials in kafka.sasl.jaas.config): "
                : "Kafka authorization failed (docs/security.md lists the ACLs serve and train need): ")
                + e.getMessage();
    }
}
