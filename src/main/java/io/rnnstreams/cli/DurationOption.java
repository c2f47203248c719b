package io.rnnstreams.cli;

import io.rnnstreams.ops.ValueType;
import java.time.Duration;

/** A duration given on the command line, read as the configuration reads them ("10s", "5m", "250ms"). */
final class DurationOption {
    private DurationOption() {}

    /** The duration, or a user error naming the option and the expected form. */
    static Duration parse(String option, String text) {
        ValueType<Duration> type = ValueType.duration();
        try {
            return type.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new UserError(option + " " + text + ": expected " + type.description());
        }
    }
}
