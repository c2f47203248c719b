package io.rnnstreams.stream;

/**
 * UTF-8 length and encoding of a String without an intermediate byte array. An unpaired
 * surrogate is written as '?', as {@code String.getBytes(UTF_8)} does.
 */
final class Utf8 {
    private Utf8() {}

    /** Bytes {@link #write} writes for {@code s} with the same limit. */
    static int length(String s, int max) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int w;
            if (c < 0x80) {
                w = 1;
            } else if (c < 0x800) {
                w = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                w = 4;
                i++;
            } else {
                w = Character.isSurrogate(c) ? 1 : 3;
            }
            if (n + w > max) {
                break;
            }
            n += w;
        }
        return n;
    }

    /**
     * Writes the UTF-8 of {@code s} at {@code out[offset]}, whole characters only and at most
     * {@code max} bytes; returns the bytes written.
     */
    static int write(String s, byte[] out, int offset, int max) {
        int o = offset;
        int end = offset + max;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (o + 1 > end) {
                    break;
                }
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                if (o + 2 > end) {
                    break;
                }
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (o + 4 > end) {
                    break;
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[o++] = (byte) (0xF0 | (cp >> 18));
                out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (o + 1 > end) {
                    break;
                }
                out[o++] = '?';
            } else {
                if (o + 3 > end) {
                    break;
                }
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return o - offset;
    }
}
