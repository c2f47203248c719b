package io.rnnstreams.nn;

/**
 * 32-bit FNV-1a over the UTF-8 bytes of a string, computed from its chars without allocating.
 * It maps unknown tokens and token features to embedding buckets; it is part of the model
 * file's contract (docs/model-format.md), so it must never change.
 */
public final class TokenHash {
    static final int OFFSET_BASIS = 0x811C9DC5;
    private static final int PRIME = 0x01000193;

    private TokenHash() {}

    /** Hash of prefix + s[from, to), optionally lower-cased per code point. */
    public static int hash(String prefix, CharSequence s, int from, int to, boolean lowerCase) {
        int h = OFFSET_BASIS;
        for (int i = 0; i < prefix.length(); i++) {
            h = extend(h, prefix.charAt(i));
        }
        int i = from;
        while (i < to) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            if (i > to) {
                cp = 0xFFFD; // a surrogate pair cut by the range: hash the replacement char
            }
            h = extend(h, lowerCase ? Character.toLowerCase(cp) : cp);
        }
        return h;
    }

    /** Hash of the whole string. */
    public static int hash(CharSequence s) {
        return hash("", s, 0, s.length(), false);
    }

    /** Index of a hash in [0, buckets). */
    public static int bucket(int hash, int buckets) {
        return Integer.remainderUnsigned(hash, buckets);
    }

    /** Continues a hash with the UTF-8 bytes of one code point. */
    static int extend(int h, int cp) {
        if (Character.isSurrogate((char) cp) && cp < 0x10000) {
            cp = 0xFFFD; // a lone surrogate is not encodable in UTF-8
        }
        if (cp < 0x80) {
            return mix(h, cp);
        } else if (cp < 0x800) {
            h = mix(h, 0xC0 | (cp >>> 6));
            return mix(h, 0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            h = mix(h, 0xE0 | (cp >>> 12));
            h = mix(h, 0x80 | ((cp >>> 6) & 0x3F));
            return mix(h, 0x80 | (cp & 0x3F));
        } else {
            h = mix(h, 0xF0 | (cp >>> 18));
            h = mix(h, 0x80 | ((cp >>> 12) & 0x3F));
            h = mix(h, 0x80 | ((cp >>> 6) & 0x3F));
            return mix(h, 0x80 | (cp & 0x3F));
        }
    }

    private static int mix(int h, int b) {
        return (h ^ (b & 0xFF)) * PRIME;
    }
}
