package io.rnnstreams.stream;

/**
 * The seed of a fuzz test: fixed by default so the suite is repeatable, or given with
 * {@code -Drnnstreams.fuzz.seed=N} to reproduce a failure ({@code random} draws a new one).
 * Every failure message starts with {@link #describe}.
 */
final class FuzzSeed {
    static final String PROPERTY = "rnnstreams.fuzz.seed";

    private FuzzSeed() {}

    static long get(long defaultSeed) {
        String given = System.getProperty(PROPERTY);
        if (given == null || given.isBlank()) {
            return defaultSeed;
        }
        return given.equals("random") ? System.nanoTime() : Long.parseLong(given.trim());
    }

    static String describe(long seed) {
        return "fuzz seed " + seed + " (reproduce with -D" + PROPERTY + "=" + seed + ")";
    }

    /** A record's bytes for a failure message: printable text escaped, long values cut. */
    static String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder("(" + bytes.length + " bytes) ");
        for (int i = 0; i < Math.min(bytes.length, 300); i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                s.append((char) b);
            } else {
                s.append(String.format("\\x%02x", b));
            }
        }
        return bytes.length > 300 ? s.append("...").toString() : s.toString();
    }
}
