package io.rnnstreams.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's known tokens. Ids 0 and 1 are reserved: {@link #EOS} marks the end of a sequence
 * (input of look-ahead flush steps, target of the next-token head after the last token) and
 * {@link #UNK} is the next-token head's target for a token outside the vocabulary. Immutable:
 * growth makes a new vocabulary whose existing ids are unchanged.
 */
public final class Vocabulary {
    public static final String EOS_TOKEN = "<eos>";
    public static final String UNK_TOKEN = "<unk>";
    public static final int EOS = 0;
    public static final int UNK = 1;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: " + tokens.get(i));
            }
        }
        if (tokens.size() < 2 || !EOS_TOKEN.equals(tokens.get(EOS)) || !UNK_TOKEN.equals(tokens.get(UNK))) {
            throw new IllegalArgumentException("vocabulary must start with " + EOS_TOKEN + ", " + UNK_TOKEN);
        }
    }

    /** A vocabulary of the reserved tokens followed by {@code words} in order (duplicates dropped). */
    public static Vocabulary of(Collection<String> words) {
        List<String> all = new ArrayList<>(words.size() + 2);
        all.add(EOS_TOKEN);
        all.add(UNK_TOKEN);
        java.util.Set<String> seen = new java.util.HashSet<>(all);
        for (String w : words) {
            if (seen.add(w)) {
                all.add(w);
            }
        }
        return new Vocabulary(all);
    }

    /** Exactly these tokens, as read from a model file (reserved tokens included). */
    public static Vocabulary fromTokens(List<String> tokens) {
        return new Vocabulary(tokens);
    }

    /** Id of a known token, or -1. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public int size() {
        return tokens.size();
    }

    /** All tokens in id order, reserved ones included. */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /** This vocabulary plus the new tokens among {@code candidates}, appended, up to maxSize. */
    public Vocabulary grow(Collection<String> candidates, int maxSize) {
        List<String> all = new ArrayList<>(tokens);
        java.util.Set<String> seen = new java.util.HashSet<>(tokens);
        for (String w : candidates) {
            if (all.size() >= maxSize) {
                break;
            }
            if (seen.add(w)) {
                all.add(w);
            }
        }
        return all.size() == tokens.size() ? this : new Vocabulary(all);
    }
}
