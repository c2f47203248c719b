package io.rnnstreams.nn;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Sub-word features of a token, each hashed into the model's feature embedding and summed into
 * its input. They let a tagger generalise to unknown words (suffix "-ing", capitalised shape).
 * The exact strings hashed are part of the model format (docs/model-format.md).
 */
public enum TokenFeature {
    /** "l:" + the token lower-cased per code point. */
    LOWER(1),
    /** "s1:", "s2:", "s3:" + the last 1, 2, 3 code points, lower-cased. */
    SUFFIX(3),
    /** "p1:", "p2:", "p3:" + the first 1, 2, 3 code points, lower-cased. */
    PREFIX(3),
    /**
     * "h:" + the word shape: upper-case letters become X, lower-case x, digits d, anything else
     * stays; runs of the same shape character collapse to one ("Hello" -> "Xx", "3.14" -> "d.d").
     */
    SHAPE(1),
    /**
     * "s4:", "s5:" + the last 4, 5 code points, lower-cased: the longer English endings ("-ness",
     * "-tion", "-ally") that the 3-character suffix cannot tell apart. A feature of its own, after
     * the others, so that models trained without it hash exactly as before.
     */
    SUFFIX5(2);

    private static final String[] SUFFIX_PREFIXES = {"s1:", "s2:", "s3:", "s4:", "s5:"};
    private static final String[] PREFIX_PREFIXES = {"p1:", "p2:", "p3:"};

    private final int count;

    TokenFeature(int count) {
        this.count = count;
    }

    /** How many feature ids this feature contributes per token. */
    public int count() {
        return count;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "lower,suffix,shape" (empty string = none). */
    public static Set<TokenFeature> parseSet(String s) {
        EnumSet<TokenFeature> set = EnumSet.noneOf(TokenFeature.class);
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            boolean found = false;
            for (TokenFeature f : values()) {
                if (f.id().equals(p)) {
                    set.add(f);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(
                        "unknown token feature '" + p + "' (expected lower, suffix, prefix, shape, suffix5)");
            }
        }
        return set;
    }

    public static String format(Set<TokenFeature> set) {
        StringBuilder sb = new StringBuilder();
        for (TokenFeature f : values()) {
            if (set.contains(f)) {
                sb.append(sb.length() == 0 ? "" : ",").append(f.id());
            }
        }
        return sb.toString();
    }

    /** Writes this feature's {@link #count()} hashes of {@code token} into out[offset..]. */
    void hashes(String token, int[] out, int offset) {
        int n = token.length();
        switch (this) {
            case LOWER -> out[offset] = TokenHash.hash("l:", token, 0, n, true);
            case SUFFIX -> suffixHashes(token, 1, 3, out, offset);
            case SUFFIX5 -> suffixHashes(token, 4, 5, out, offset);
            case PREFIX -> {
                for (int k = 1; k <= 3; k++) {
                    int to = codePointsFromStart(token, k);
                    out[offset + k - 1] = TokenHash.hash(PREFIX_PREFIXES[k - 1], token, 0, to, true);
                }
            }
            case SHAPE -> out[offset] = shapeHash(token);
        }
    }

    /** Hashes of the suffixes of shortest..longest code points into out[offset..]. */
    private static void suffixHashes(String token, int shortest, int longest, int[] out, int offset) {
        for (int k = shortest; k <= longest; k++) {
            int from = codePointsFromEnd(token, k);
            out[offset + k - shortest] = TokenHash.hash(SUFFIX_PREFIXES[k - 1], token, from, token.length(), true);
        }
    }

    private static int codePointsFromEnd(String s, int k) {
        int i = s.length();
        for (int c = 0; c < k && i > 0; c++) {
            i = Character.offsetByCodePoints(s, i, -1);
        }
        return i;
    }

    private static int codePointsFromStart(String s, int k) {
        int i = 0;
        for (int c = 0; c < k && i < s.length(); c++) {
            i = Character.offsetByCodePoints(s, i, 1);
        }
        return i;
    }

    /** Shape of one code point (see {@link #SHAPE}). */
    static int shapeOf(int cp) {
        if (Character.isUpperCase(cp)) {
            return 'X';
        } else if (Character.isLowerCase(cp)) {
            return 'x';
        } else if (Character.isDigit(cp)) {
            return 'd';
        }
        return cp;
    }

    private static int shapeHash(String token) {
        // Hash "h:" + collapsed shape, built on the fly so nothing is allocated.
        int h = TokenHash.hash("h:", "", 0, 0, false);
        int previous = -1;
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            i += Character.charCount(cp);
            int s = shapeOf(cp);
            if (s != previous) {
                h = TokenHash.extend(h, s);
                previous = s;
            }
        }
        return h;
    }
}
