package io.rnnstreams.stream;

import java.util.Arrays;

/**
 * A JSON text built in a reused byte buffer, for the output records of the per-token path: no
 * generator object, no intermediate String, and the only allocation is the exact-size copy the
 * caller hands to Kafka ({@link #toByteArray}). Strings are written as UTF-8 with JSON escapes
 * (a lone surrogate, which has no UTF-8 form, is written as its \\u escape). The caller writes
 * the punctuation: this class only knows values.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};
    /** Plain decimal notation is written for magnitudes in [1e-3, 1e7), as Float.toString does. */
    private static final float PLAIN_MIN = 1e-3f;
    private static final float PLAIN_MAX = 1e7f;

    private byte[] buf = new byte[256];
    private int len;

    void reset() {
        len = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Bytes already encoded (punctuation, pre-encoded field names and strings). */
    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    JsonBytes raw(char ascii) {
        ensure(1);
        buf[len++] = (byte) ascii;
        return this;
    }

    /** Text that is known to need no escaping and to be ASCII (numeric ids from the parser). */
    JsonBytes ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    JsonBytes number(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return ascii(Long.toString(v));
            }
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        reverse(start, len - 1);
        return this;
    }

    /**
     * The shortest decimal of at most 9 significant digits that reads back as the same float,
     * found by trying 1, 2, ... digits (9 always suffice for a float). Magnitudes outside
     * [1e-3, 1e7) and non-finite values, which the per-token outputs never have, go through
     * Float.toString (NaN and infinities as strings, as Jackson writes them).
     */
    JsonBytes number(float f) {
        if (!Float.isFinite(f)) {
            return raw('"').ascii(Float.toString(f)).raw('"');
        }
        if (f == 0) {
            return ascii(Float.compare(f, 0f) == 0 ? "0.0" : "-0.0");
        }
        float a = Math.abs(f);
        if (a < PLAIN_MIN || a >= PLAIN_MAX) {
            return ascii(Float.toString(f));
        }
        int exponent = (int) Math.floor(Math.log10(a));
        for (int digits = 1; digits <= 9; digits++) {
            int scale = digits - 1 - exponent;
            long m = Math.round(scale >= 0 ? a * POW10[scale] : a / POW10[-scale]);
            double back = scale >= 0 ? m / POW10[scale] : m * POW10[-scale];
            if ((float) back == a) {
                ensure(24);
                if (f < 0) {
                    buf[len++] = '-';
                }
                writeDecimal(m, scale);
                return this;
            }
        }
        return ascii(Float.toString(f));
    }

    /** m * 10^-scale in plain notation with at least one fraction digit and no trailing zeros after it. */
    private void writeDecimal(long m, int scale) {
        if (scale <= 0) {
            number(m);
            for (int i = 0; i < -scale; i++) {
                buf[len++] = '0';
            }
            buf[len++] = '.';
            buf[len++] = '0';
            return;
        }
        long unit = (long) POW10[scale];
        number(m / unit);
        buf[len++] = '.';
        long fraction = m % unit;
        int start = len;
        for (int i = 0; i < scale; i++) {
            buf[len++] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        reverse(start, len - 1);
        while (len > start + 1 && buf[len - 1] == '0') {
            len--;
        }
    }

    /** A JSON string: quotes, escapes, UTF-8. */
    JsonBytes string(String s) {
        ensure(s.length() * 6 + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    buf[len++] = '\\';
                }
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                escape(c);
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                escape(c);
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buf[len++] = '"';
        return this;
    }

    /** The bytes of a JSON string value, for names and classes written again and again. */
    static byte[] encodeString(String s) {
        JsonBytes j = new JsonBytes();
        j.string(s);
        return j.toByteArray();
    }

    private void escape(char c) {
        buf[len++] = '\\';
        switch (c) {
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            default -> {
                buf[len++] = 'u';
                buf[len++] = HEX[(c >> 12) & 0xF];
                buf[len++] = HEX[(c >> 8) & 0xF];
                buf[len++] = HEX[(c >> 4) & 0xF];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    private void reverse(int from, int to) {
        while (from < to) {
            byte t = buf[from];
            buf[from++] = buf[to];
            buf[to--] = t;
        }
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
