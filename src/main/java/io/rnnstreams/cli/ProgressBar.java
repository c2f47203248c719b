package io.rnnstreams.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn at most 5 times a second; on a terminal only, so
 * logs and test output get just the summary lines.
 */
final class ProgressBar {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final boolean terminal;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err) {
        this(err, System.console() != null);
    }

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    void update(long done, long total, String detail) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = total <= 0 ? 0 : (int) Math.min(width, width * done / total);
        err.print("\r[" + "=".repeat(filled) + " ".repeat(width - filled) + "] "
                + String.format("%3d%%", total <= 0 ? 0 : 100 * done / total) + " " + detail + "\u001b[K");
        err.flush();
        drawn = true;
    }

    /** Clears the bar so a summary line can be printed in its place. */
    void clear() {
        if (terminal && drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }
}
