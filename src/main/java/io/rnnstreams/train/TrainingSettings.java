package io.rnnstreams.train;

/**
 * Hyper-parameters of a training run (offline fit and the side trainer).
 *
 * @param epochs       passes over the data (per window for the side trainer)
 * @param batchSize    sequences per batch
 * @param learningRate peak learning rate
 * @param optimizer    "adam" or "sgd"
 * @param k1           truncated BPTT: steps between updates (0 = full BPTT)
 * @param k2           truncated BPTT: steps backpropagated (0 = full BPTT)
 * @param clipNorm     global gradient-norm clip (0 = none)
 * @param dropout      dropout on the trunk's inputs and outputs during training
 * @param schedule     "constant" or "cosine" (decay to 5% of the peak over the run)
 * @param seed         seed of every random choice (shuffles, dropout)
 * @param averageDecay decay of the parameter average that offline fit evaluates and keeps
 *                     (0 = keep the trained weights themselves; see ParameterAverage)
 * @param wordDropout  share of training tokens read as unknown words (their features kept), so the
 *                     model learns to tag unknown words from their features
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, String optimizer, int k1, int k2,
        double clipNorm, double dropout, String schedule, long seed, double averageDecay,
        double wordDropout) {

    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0");
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer must be adam or sgd, got " + optimizer);
        }
        if (k1 < 0 || k2 < k1 || (k1 == 0) != (k2 == 0)) {
            throw new IllegalArgumentException("truncated BPTT needs 0 < k1 <= k2 (or neither), got " + k1 + "," + k2);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1)");
        }
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            throw new IllegalArgumentException("schedule must be constant or cosine, got " + schedule);
        }
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new IllegalArgumentException("average decay must be in [0, 1)");
        }
        if (!(wordDropout >= 0 && wordDropout < 1)) {
            throw new IllegalArgumentException("word dropout must be in [0, 1)");
        }
    }

    public static TrainingSettings defaults() {
        return new TrainingSettings(10, 32, 0.002, "adam", 0, 0, 5.0, 0.0, "cosine", 1, 0, 0);
    }

    public TrainingSettings withEpochs(int e) {
        return new TrainingSettings(e, batchSize, learningRate, optimizer, k1, k2, clipNorm, dropout, schedule, seed,
                averageDecay, wordDropout);
    }

    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(epochs, batchSize, learningRate, optimizer, k1, k2, clipNorm, dropout, schedule, s,
                averageDecay, wordDropout);
    }

    /** "k1,k2" parsed (empty or "full" = full BPTT). */
    public static int[] parseTbptt(String s) {
        if (s == null || s.isBlank() || s.equals("full")) {
            return new int[] {0, 0};
        }
        String[] parts = s.split(",");
        try {
            if (parts.length == 1) {
                int k = Integer.parseInt(parts[0].trim());
                return new int[] {k, k};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("truncated BPTT must be K1,K2 (e.g. 20,40), got '" + s + "'");
    }
}
