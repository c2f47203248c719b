package io.rnnstreams.ops;

import java.util.Optional;

/** Answers {@code GET /sequences/{key}}: what the serving topology knows about one sequence. */
@FunctionalInterface
public interface SequenceLookup {
    /**
     * The JSON document describing the sequence, or empty when it is unknown (404).
     *
     * @param key the sequence key, percent-decoded once, at most 1 KiB of UTF-8, free of
     *     control characters
     * @throws Unavailable when the answer cannot be had right now (503)
     */
    Optional<String> lookup(String key);

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
