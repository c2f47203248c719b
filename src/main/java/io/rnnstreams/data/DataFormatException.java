package io.rnnstreams.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that cannot be read as the format it was given as. The message is one line,
 * {@code path:line: what is wrong}, ready to show a user as is.
 *
 * <p>It is an {@link IOException} on purpose: reading a file already throws IOException, so a
 * caller handles an unreadable and a malformed file in one place, and the CLI's error handler
 * already prints IOExceptions as a one-line user error (exit 2) without a stack trace.
 */
public final class DataFormatException extends IOException {
    private final Path path;
    private final long line;

    public DataFormatException(Path path, long line, String problem) {
        super(path + ":" + line + ": " + problem);
        this.path = path;
        this.line = line;
    }

    public Path path() {
        return path;
    }

    /** 1-based line number. */
    public long line() {
        return line;
    }
}
