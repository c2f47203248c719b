package io.rnnstreams.ops;

/**
 * The configuration cannot be used: an invalid value, an unreadable file, a placeholder left in
 * a value. The message is one line meant for the operator (key, value unless secret, where it
 * came from, what is allowed).
 *
 * <p>{@code ops} sits below {@code cli} and cannot throw {@code cli.UserError}; commands treat
 * this exception as a user error (one line, exit code 2, no stack trace).
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
