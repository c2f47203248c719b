package io.rnnstreams.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Part-of-speech-like tagging and dialect labelling from a known hidden Markov model.
 *
 * <p>Three "dialects" ({@code north}, {@code south}, {@code west}) are each an HMM over six hidden
 * states, the tags {@code DET ADJ NOUN VERB ADV PUNCT}, emitting words from one vocabulary of
 * about 200 English words. The dialects differ in word order (north puts adjectives before nouns,
 * west after them, south is heavy on adverbs), in how often they use each word, and in a few
 * marker words only one dialect uses ({@code loch}, {@code reckons}, {@code canyon} ...). A
 * quarter of the vocabulary is ambiguous between two tags ({@code walks}: NOUN or VERB,
 * {@code fast}: ADJ or ADV, {@code stone}: NOUN or ADJ, {@code clean}: ADJ or VERB), so the tag of
 * such a word depends on what came before, sometimes on the dialect, which itself has to be
 * inferred from earlier words. Tags are the hidden states; the label is the dialect. Lengths are
 * uniform in 5..30 tokens. Without tags and label it is a language-model data set.
 *
 * <p>Because the model is known, {@link #optimalTags} and {@link #optimalLabel} compute the best
 * any predictor can do (the forward algorithm over dialect x state), the ceiling a trained
 * network should approach; docs/synthetic-tasks.md has the figures next to the baselines.
 */
public final class HmmTask implements SyntheticTask {
    public static final String NAME = "hmm";
    static final int MIN_LENGTH = 5;
    static final int MAX_LENGTH = 30;

    private static final String[] TAGS = {"DET", "ADJ", "NOUN", "VERB", "ADV", "PUNCT"};
    private static final int ADJ = 1;
    private static final int NOUN = 2;
    private static final int VERB = 3;
    private static final int ADV = 4;
    private static final String[] DIALECTS = {"north", "south", "west"};

    /** Words of one tag only, most frequent first. */
    private static final String[][] CORE_WORDS = {
        {"the", "a", "this", "that", "every", "some", "no", "my", "your", "our", "their", "each"},
        {"old", "young", "big", "small", "red", "happy", "quiet", "dark", "bright", "tall", "short",
            "cold", "new", "long", "strong", "heavy", "soft", "loud", "proud", "brave", "kind",
            "sweet", "bitter", "narrow", "wide", "gentle"},
        {"dog", "cat", "house", "car", "river", "tree", "city", "road", "book", "door", "window",
            "child", "friend", "teacher", "farmer", "garden", "market", "village", "ship", "bird",
            "horse", "song", "story", "letter", "table", "chair", "field", "hill", "night",
            "morning", "winter", "storm", "voice", "hand", "king", "queen", "doctor", "island",
            "bridge", "forest", "mountain", "train", "apple", "bottle", "castle", "desert",
            "engine", "lake"},
        {"sees", "takes", "finds", "brings", "keeps", "sends", "leaves", "holds", "makes", "gives",
            "builds", "sells", "buys", "carries", "follows", "meets", "knows", "wants", "needs",
            "likes", "paints", "opens", "closes", "reads", "writes", "hears", "helps", "loves",
            "breaks", "fixes", "catches", "pulls", "pushes", "throws", "visits", "wins", "loses",
            "climbs"},
        {"often", "never", "always", "quickly", "slowly", "soon", "again", "here", "there",
            "rarely", "almost", "very"},
        {".", ",", "!", "?", ";"},
    };

    /** Words that two tags emit. */
    private record Ambiguity(int tag, int otherTag, String... words) {}

    private static final Ambiguity[] AMBIGUOUS_WORDS = {
        new Ambiguity(NOUN, VERB, "walks", "runs", "watches", "plays", "calls", "plans", "dreams",
                "rings", "works", "drinks", "trips", "marks", "signs", "lights", "sounds", "turns"),
        new Ambiguity(ADJ, ADV, "fast", "hard", "early", "late", "straight", "high", "low",
                "daily"),
        new Ambiguity(NOUN, ADJ, "gold", "silver", "stone", "paper", "iron", "glass", "plastic",
                "chemical"),
        new Ambiguity(ADJ, VERB, "clean", "open", "dry", "empty", "free", "warm"),
    };

    /** Per dialect, per tag: words only that dialect uses. */
    private static final String[][][] MARKER_WORDS = {
        {{"yon"}, {"wee", "braw"}, {"loch", "bairn"}, {}, {"aye"}, {}},
        {{}, {"mighty"}, {"creek", "porch"}, {"reckons", "fixin"}, {}, {}},
        {{}, {"dusty"}, {"canyon", "mesa"}, {"wrangles"}, {"yonder"}, {}},
    };

    private static final double ZIPF_EXPONENT = 0.9;
    /** Ambiguous words are frequent, as in natural language; this sets how frequent. */
    private static final double AMBIGUOUS_WEIGHT = 2.0;
    private static final double MARKER_WEIGHT = 0.15;
    /** Spread of the per-dialect word-frequency factors exp(spread * z). */
    private static final double DIALECT_SPREAD = 0.6;
    /** Seeds the fixed per-dialect word-frequency factors: part of the task's definition. */
    private static final long DEFINITION_SEED = 7L;

    private final String[] vocabulary;
    private final Map<String, Integer> wordIndex = new HashMap<>();
    /** emission[d][s][w]: dialect d, tag s, word w; rows sum to 1. */
    private final double[][][] emission;

    public HmmTask() {
        List<String> words = new ArrayList<>();
        for (String[] tagWords : CORE_WORDS) {
            words.addAll(List.of(tagWords));
        }
        for (Ambiguity group : AMBIGUOUS_WORDS) {
            words.addAll(List.of(group.words()));
        }
        for (String[][] dialect : MARKER_WORDS) {
            for (String[] tagWords : dialect) {
                words.addAll(List.of(tagWords));
            }
        }
        vocabulary = words.toArray(new String[0]);
        for (int i = 0; i < vocabulary.length; i++) {
            if (wordIndex.put(vocabulary[i], i) != null) {
                throw new IllegalStateException("duplicate word " + vocabulary[i]);
            }
        }
        emission = emissions();
    }

    /** Adjectives before nouns. Rows: from; columns: to, in {@link #TAGS} order. */
    private static final double[][] NORTH = {
        //  DET   ADJ   NOUN  VERB  ADV   PUNCT
        {0.00, 0.40, 0.60, 0.00, 0.00, 0.00}, // DET
        {0.00, 0.20, 0.80, 0.00, 0.00, 0.00}, // ADJ
        {0.00, 0.00, 0.00, 0.60, 0.10, 0.30}, // NOUN
        {0.55, 0.10, 0.00, 0.00, 0.15, 0.20}, // VERB
        {0.00, 0.40, 0.00, 0.60, 0.00, 0.00}, // ADV
        {0.70, 0.00, 0.15, 0.00, 0.15, 0.00}, // PUNCT
    };

    /** Adverbs everywhere, even in runs. */
    private static final double[][] SOUTH = {
        //  DET   ADJ   NOUN  VERB  ADV   PUNCT
        {0.00, 0.30, 0.70, 0.00, 0.00, 0.00}, // DET
        {0.00, 0.10, 0.90, 0.00, 0.00, 0.00}, // ADJ
        {0.00, 0.00, 0.00, 0.50, 0.30, 0.20}, // NOUN
        {0.40, 0.00, 0.00, 0.00, 0.35, 0.25}, // VERB
        {0.00, 0.30, 0.00, 0.50, 0.20, 0.00}, // ADV
        {0.50, 0.00, 0.20, 0.00, 0.30, 0.00}, // PUNCT
    };

    /** Adjectives after nouns. */
    private static final double[][] WEST = {
        //  DET   ADJ   NOUN  VERB  ADV   PUNCT
        {0.00, 0.10, 0.90, 0.00, 0.00, 0.00}, // DET
        {0.00, 0.20, 0.00, 0.50, 0.00, 0.30}, // ADJ
        {0.00, 0.35, 0.00, 0.45, 0.00, 0.20}, // NOUN
        {0.60, 0.00, 0.00, 0.00, 0.20, 0.20}, // VERB
        {0.00, 0.30, 0.00, 0.70, 0.00, 0.00}, // ADV
        {0.70, 0.00, 0.20, 0.00, 0.10, 0.00}, // PUNCT
    };

    /** transition[d][s][s']: per dialect, in {@link #DIALECTS} order. */
    private static final double[][][] TRANSITIONS = {NORTH, SOUTH, WEST};

    /** First tag probabilities per dialect, columns in {@link #TAGS} order. */
    private static final double[][] START = {
        {0.70, 0.00, 0.20, 0.00, 0.10, 0.00},
        {0.50, 0.00, 0.20, 0.00, 0.30, 0.00},
        {0.75, 0.00, 0.20, 0.00, 0.05, 0.00},
    };

    private double[][][] emissions() {
        RandomDraws factors = new RandomDraws(DEFINITION_SEED);
        double[][][] b = new double[DIALECTS.length][TAGS.length][vocabulary.length];
        for (int d = 0; d < DIALECTS.length; d++) {
            for (int s = 0; s < TAGS.length; s++) {
                int rank = 0;
                for (String w : CORE_WORDS[s]) {
                    b[d][s][wordIndex.get(w)] = zipf(rank++) * factor(factors);
                }
                int ambiguousRank = 2;
                for (Ambiguity group : AMBIGUOUS_WORDS) {
                    if (group.tag() == s || group.otherTag() == s) {
                        for (String w : group.words()) {
                            b[d][s][wordIndex.get(w)] =
                                    AMBIGUOUS_WEIGHT * zipf(ambiguousRank++) * factor(factors);
                        }
                    }
                }
                for (String w : MARKER_WORDS[d][s]) {
                    b[d][s][wordIndex.get(w)] = MARKER_WEIGHT;
                }
                normalize(b[d][s]);
            }
        }
        return b;
    }

    private static double zipf(int rank) {
        return 1.0 / StrictMath.pow(rank + 1, ZIPF_EXPONENT);
    }

    private static double factor(RandomDraws factors) {
        return StrictMath.exp(DIALECT_SPREAD * factors.gaussian());
    }

    private static void normalize(double[] row) {
        double sum = 0;
        for (double v : row) {
            sum += v;
        }
        for (int i = 0; i < row.length; i++) {
            row[i] /= sum;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "POS-like tags (6) and dialect label (3) from a known HMM over ~200 words, lengths "
                + MIN_LENGTH + "-" + MAX_LENGTH;
    }

    @Override
    public SyntheticTask withLength(int length) {
        throw new IllegalArgumentException("hmm draws its lengths from " + MIN_LENGTH + ".."
                + MAX_LENGTH + "; --length applies to long-dependency only");
    }

    public List<String> tags() {
        return List.of(TAGS);
    }

    public List<String> labels() {
        return List.of(DIALECTS);
    }

    public List<String> vocabulary() {
        return List.of(vocabulary);
    }

    @Override
    public Iterator<Example> examples(long seed) {
        RandomDraws random = new RandomDraws(seed);
        return new ExampleStream(() -> draw(random));
    }

    private Example draw(RandomDraws random) {
        int d = random.below(DIALECTS.length);
        int length = random.between(MIN_LENGTH, MAX_LENGTH);
        String[] tokens = new String[length];
        String[] tags = new String[length];
        int s = random.categorical(START[d]);
        for (int t = 0; t < length; t++) {
            if (t > 0) {
                s = random.categorical(TRANSITIONS[d][s]);
            }
            tokens[t] = vocabulary[random.categorical(emission[d][s])];
            tags[t] = TAGS[s];
        }
        return Example.tokens(tokens, tags, DIALECTS[d]);
    }

    /**
     * The Bayes-optimal causal tags: at each position, the tag most probable given the words up to
     * and including it (the forward algorithm over dialect x state, dialects equally likely a
     * priori). This is what a streaming tagger, which must answer before seeing the next word,
     * can achieve at best.
     *
     * @throws IllegalArgumentException for a word outside the vocabulary
     */
    public String[] optimalTags(String[] tokens) {
        String[] tags = new String[tokens.length];
        forward(tokens, tags);
        return tags;
    }

    /** The Bayes-optimal label: the dialect most probable given the whole sequence. */
    public String optimalLabel(String[] tokens) {
        double[][] alpha = forward(tokens, null).alpha;
        int best = 0;
        double bestP = -1;
        for (int d = 0; d < DIALECTS.length; d++) {
            double p = 0;
            for (double v : alpha[d]) {
                p += v;
            }
            if (p > bestP) {
                bestP = p;
                best = d;
            }
        }
        return DIALECTS[best];
    }

    /**
     * The natural log of the probability of the words under the true model (given the length):
     * minus its mean over tokens is the lowest cross-entropy a next-token model can reach.
     */
    public double logProbability(String[] tokens) {
        return forward(tokens, null).logProbability;
    }

    private record Filtered(double[][] alpha, double logProbability) {}

    /** Normalized forward filtering; fills causal argmax tags if tags is not null. */
    private Filtered forward(String[] tokens, String[] tags) {
        int k = DIALECTS.length;
        int n = TAGS.length;
        double[][] alpha = new double[k][n];
        double[][] next = new double[k][n];
        double logProbability = 0;
        for (int t = 0; t < tokens.length; t++) {
            Integer w = wordIndex.get(tokens[t]);
            if (w == null) {
                throw new IllegalArgumentException("not in the hmm vocabulary: " + tokens[t]);
            }
            double total = 0;
            for (int d = 0; d < k; d++) {
                for (int s = 0; s < n; s++) {
                    double prior;
                    if (t == 0) {
                        prior = START[d][s] / k;
                    } else {
                        prior = 0;
                        for (int r = 0; r < n; r++) {
                            prior += alpha[d][r] * TRANSITIONS[d][r][s];
                        }
                    }
                    next[d][s] = prior * emission[d][s][w];
                    total += next[d][s];
                }
            }
            if (total == 0) {
                throw new IllegalArgumentException("impossible under the hmm at position " + t);
            }
            logProbability += StrictMath.log(total);
            for (int d = 0; d < k; d++) {
                for (int s = 0; s < n; s++) {
                    alpha[d][s] = next[d][s] / total;
                }
            }
            if (tags != null) {
                int best = 0;
                double bestP = -1;
                for (int s = 0; s < n; s++) {
                    double p = 0;
                    for (int d = 0; d < k; d++) {
                        p += alpha[d][s];
                    }
                    if (p > bestP) {
                        bestP = p;
                        best = s;
                    }
                }
                tags[t] = TAGS[best];
            }
        }
        return new Filtered(alpha, logProbability);
    }

    @Override
    public String toString() {
        return NAME + " (" + vocabulary.length + " words, " + Arrays.toString(DIALECTS) + ")";
    }
}
