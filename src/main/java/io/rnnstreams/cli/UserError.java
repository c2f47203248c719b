package io.rnnstreams.cli;

import java.util.function.Supplier;

/**
 * A failure caused by what the user gave us (arguments, files, configuration): printed as one
 * line without a stack trace, exit code 2.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What {@code value} computes, where an IllegalArgumentException (how option parsers and
     * builders reject a value) becomes a UserError with the same message.
     */
    public static <T> T ifInvalid(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
