package io.rnnstreams.ops;

import java.util.Optional;

/** Decides {@code /readyz}: whether this process should receive traffic now. */
@FunctionalInterface
public interface ReadinessCheck {
    /**
     * Empty when ready; otherwise a short one-line reason, e.g. {@code streams REBALANCING} or
     * {@code no model}, shown as {@code not ready: <reason>}.
     */
    Optional<String> notReadyReason();
}
