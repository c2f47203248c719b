package io.rnnstreams.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One-to-many generation with the next-token head: from a state, pick a token, feed it back,
 * repeat; stops after n tokens or at end of sequence. Greedy when temperature is 0, otherwise
 * sampled from p^(1/T), optionally restricted to the top k tokens. The unknown token is never
 * generated. The state passed in is not modified.
 */
public final class Generator {
    private Generator() {}

    /** Generated tokens with the model's (untempered) probability of each. */
    public record Generated(List<String> tokens, float[] probabilities) {}

    public static Generated generate(InferenceModel model, float[] state, int n, double temperature, int topK,
            RandomGenerator rng, StepWorkspace ws) {
        if (!model.config().nextHead()) {
            throw new IllegalStateException("the model has no next-token head");
        }
        Vocabulary vocabulary = model.vocabulary();
        float[] s = state.clone();
        List<String> tokens = new ArrayList<>();
        float[] probabilities = new float[n];
        double[] weights = new double[vocabulary.size()];
        for (int i = 0; i < n; i++) {
            float[] p = model.nextProbabilities(s, ws);
            int pick = temperature <= 0 ? greedy(p) : sample(p, temperature, topK, rng, weights);
            if (pick == Vocabulary.EOS) {
                break;
            }
            probabilities[tokens.size()] = p[pick];
            String token = vocabulary.token(pick);
            tokens.add(token);
            model.step(s, token, ws);
        }
        return new Generated(tokens, java.util.Arrays.copyOf(probabilities, tokens.size()));
    }

    private static int greedy(float[] p) {
        int best = -1;
        for (int i = 0; i < p.length; i++) {
            if (i != Vocabulary.UNK && (best < 0 || p[i] > p[best])) {
                best = i;
            }
        }
        return best;
    }

    private static int sample(float[] p, double temperature, int topK, RandomGenerator rng, double[] w) {
        double threshold = -1;
        if (topK > 0 && topK < p.length) {
            float[] sorted = p.clone();
            sorted[Vocabulary.UNK] = -1;
            java.util.Arrays.sort(sorted);
            threshold = sorted[sorted.length - topK];
        }
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            boolean allowed = i != Vocabulary.UNK && p[i] >= threshold && p[i] > 0;
            w[i] = allowed ? Math.pow(p[i], 1.0 / temperature) : 0;
            total += w[i];
        }
        if (total <= 0 || !Double.isFinite(total)) {
            return greedy(p);
        }
        double r = rng.nextDouble() * total;
        for (int i = 0; i < p.length; i++) {
            r -= w[i];
            if (r < 0 && w[i] > 0) {
                return i;
            }
        }
        return greedy(p);
    }
}
