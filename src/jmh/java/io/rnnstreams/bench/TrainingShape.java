package io.rnnstreams.bench;

import io.rnnstreams.nn.Batch;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training workload of the BPTT benchmarks: a GRU tagger with token input, batch 32 x 50
 * steps, H = 128, embedding width 64, 17 tags (the Universal POS tag set's size), 5,000-token
 * vocabulary; truncated BPTT uses k1 = k2 = 10.
 */
final class TrainingShape {
    static final int ROWS = 32;
    static final int STEPS = 50;
    static final int HIDDEN = 128;
    static final int EMBED = 64;
    static final int TAGS = 17;
    static final int TRUNCATION = 10;
    static final int GATES = CellType.GRU.gates();

    private TrainingShape() {}

    static ModelConfig config() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < TAGS; i++) {
            tags.add("T" + i);
        }
        return ModelConfig.builder().cell(CellType.GRU).layers(1).hidden(HIDDEN).embed(EMBED)
                .tagClasses(tags).build();
    }

    /** Full-length rows (no padding) of random known words and random tags. */
    static Batch batch(int vocabularySize, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = ROWS * STEPS;
        int[] words = new int[n];
        int[] tags = new int[n];
        double[] mask = new double[n];
        for (int i = 0; i < n; i++) {
            words[i] = 2 + rng.nextInt(vocabularySize - 2);
            tags[i] = rng.nextInt(TAGS);
            mask[i] = 1;
        }
        return new Batch(ROWS, STEPS, words, null, null, mask, tags, null, null);
    }

    /** Steps per BPTT window: the whole batch, or the truncation length. */
    static int windowSteps(boolean truncated) {
        return truncated ? TRUNCATION : STEPS;
    }

    static int windowsPerBatch(boolean truncated) {
        return STEPS / windowSteps(truncated);
    }
}
