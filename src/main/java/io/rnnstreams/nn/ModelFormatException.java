package io.rnnstreams.nn;

/** A model file that cannot be loaded; the message is one line naming the problem. */
public final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
