package io.rnnstreams.cli;

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
}
