package io.rnnstreams.ops;

import java.util.Optional;

/** Answers {@code GET /sequences/{key}}: what the serving topology knows about one sequence. */
@FunctionalInterface
public interface SequenceLookup {
    /**
     * Marks a request one instance forwarded to the instance that owns the key; that one answers
     * from its own state or says it is unavailable, and never forwards again.
     */
    String FORWARDED_HEADER = "X-Rnn-Streams-Forwarded";

    /**
     * The JSON document describing the sequence, or empty when it is unknown (404).
     *
     * @param key the sequence key, percent-decoded once, at most 1 KiB of UTF-8, free of
     *     control characters
     * @param forwarded whether another instance forwarded this request ({@link #FORWARDED_HEADER})
     * @throws Unavailable when the answer cannot be had right now (503)
     */
    Optional<String> lookup(String key, boolean forwarded);

    /**
     * The state that holds the key cannot be read at the moment (restoring, rebalancing, its
     * instance unreachable); the client should retry.
     */
    final class Unavailable extends RuntimeException {
        public Unavailable(String reason) {
            super(reason);
        }

        public Unavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
