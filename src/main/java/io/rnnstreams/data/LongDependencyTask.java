package io.rnnstreams.data;

import java.util.Iterator;

/**
 * The long-term dependency probe: a sequence of exactly {@code length} tokens whose label is
 * decided by a marker token, {@code A} (label {@code a}) or {@code B} (label {@code b}), at a
 * random one of the first three positions; every other token is drawn uniformly from 20 noise
 * tokens {@code n0 .. n19} and carries no information. A model must carry one bit across
 * {@code length - 3} or more steps: the classic case where a vanilla (Elman) RNN's gradient
 * vanishes and LSTM / GRU cells succeed. Optimal accuracy is 100%, chance is 50%.
 */
public final class LongDependencyTask implements SyntheticTask {
    public static final String NAME = "long-dependency";
    public static final int DEFAULT_LENGTH = 60;
    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 100_000;
    private static final String[] NOISE = new String[20];

    static {
        for (int i = 0; i < NOISE.length; i++) {
            NOISE[i] = "n" + i;
        }
    }

    private static final int MARKER_POSITIONS = 3;

    private final int length;

    public LongDependencyTask(int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("long-dependency length must be in " + MIN_LENGTH
                    + ".." + MAX_LENGTH + ", got " + length);
        }
        this.length = length;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "label a/b set by a marker A/B in the first 3 of " + length
                + " tokens; the rest is noise";
    }

    public int length() {
        return length;
    }

    @Override
    public SyntheticTask withLength(int newLength) {
        return new LongDependencyTask(newLength);
    }

    @Override
    public Iterator<Example> examples(long seed) {
        RandomDraws random = new RandomDraws(seed);
        return new ExampleStream(() -> draw(random));
    }

    private Example draw(RandomDraws random) {
        boolean isA = random.chance(0.5);
        int markerAt = random.below(MARKER_POSITIONS);
        String[] tokens = new String[length];
        for (int t = 0; t < length; t++) {
            tokens[t] = t == markerAt ? (isA ? "A" : "B") : NOISE[random.below(NOISE.length)];
        }
        return Example.tokens(tokens, null, isA ? "a" : "b");
    }

    /** The Bayes-optimal label: whichever marker occurs (always correct). */
    public static String optimalLabel(String[] tokens) {
        for (String t : tokens) {
            if (t.equals("A")) {
                return "a";
            } else if (t.equals("B")) {
                return "b";
            }
        }
        throw new IllegalArgumentException("no marker in the sequence");
    }
}
