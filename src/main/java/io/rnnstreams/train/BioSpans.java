package io.rnnstreams.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Entity spans of a BIO (IOB2) tag sequence, read leniently as conlleval does. */
final class BioSpans {
    record Span(int start, int end, String type) {}

    private BioSpans() {}

    static boolean isBioTagSet(List<String> classes) {
        boolean hasO = false;
        boolean hasB = false;
        for (String c : classes) {
            if (c.equals("O")) {
                hasO = true;
            } else if (c.startsWith("B-")) {
                hasB = true;
            } else if (!c.startsWith("I-")) {
                return false;
            }
        }
        return hasO && hasB;
    }

    /** A span starts at B-X, or at I-X not continuing an X span; it ends before anything else. */
    static List<Span> of(String[] tags) {
        List<Span> spans = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.length; i++) {
            String t = i < tags.length ? tags[i] : "O";
            String prefix = t.length() > 2 && t.charAt(1) == '-' ? t.substring(0, 2) : t;
            String ty = t.length() > 2 && t.charAt(1) == '-' ? t.substring(2) : null;
            boolean continues = prefix.equals("I-") && Objects.equals(ty, type);
            if (type != null && !continues) {
                spans.add(new Span(start, i, type));
                type = null;
            }
            if (ty != null && !continues) {
                start = i;
                type = ty;
            }
        }
        return spans;
    }
}
