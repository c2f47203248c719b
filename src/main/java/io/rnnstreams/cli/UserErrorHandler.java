package io.rnnstreams.cli;

import io.rnnstreams.nn.ModelFormatException;
import io.rnnstreams.ops.ConfigException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns user errors into a one-line message and exit code 2; anything else is a bug and keeps
 * its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
            Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (e instanceof UserError || e instanceof IllegalArgumentException || e instanceof ModelFormatException
                || e instanceof ConfigException || e instanceof UncheckedIOException
                || e instanceof java.io.IOException) {
            cl.getErr().println("error: " + e.getMessage());
            return 2;
        }
        cl.getErr().println("internal error (please report): " + e);
        e.printStackTrace(cl.getErr());
        return 1;
    }
}
