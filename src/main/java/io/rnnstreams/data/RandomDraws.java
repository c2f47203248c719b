package io.rnnstreams.data;

import java.util.SplittableRandom;

/**
 * The random draws the synthetic generators need, all derived from
 * {@link SplittableRandom#nextLong()} with our own arithmetic and {@link StrictMath}.
 *
 * <p>Why not the JDK's {@code nextInt(bound)}, {@code nextDouble()} or {@code nextGaussian()}: only
 * the raw SplitMix64 sequence of {@code SplittableRandom} is fixed by its design; the bounded and
 * Gaussian algorithms layered on top are implementation details that have changed between JDK
 * releases, and {@link Math} may use platform intrinsics. Deriving everything here keeps a data set
 * identical for a seed across runs, JVMs and JDK versions (the generator tests pin a fingerprint).
 */
final class RandomDraws {
    private final SplittableRandom random;

    RandomDraws(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform in [0, 1), 53 random bits. */
    double uniform() {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * uniform();
    }

    /** Uniform integer in [0, n), without modulo bias (rejection sampling on 62 bits). */
    int below(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + n);
        }
        long range = 1L << 62;
        long limit = range - range % n;
        long r;
        do {
            r = random.nextLong() >>> 2;
        } while (r >= limit);
        return (int) (r % n);
    }

    /** Uniform integer in [lo, hi] (both inclusive). */
    int between(int lo, int hi) {
        return lo + below(hi - lo + 1);
    }

    boolean chance(double p) {
        return uniform() < p;
    }

    /** Standard normal, Box-Muller with StrictMath. */
    double gaussian() {
        double u1 = 1.0 - uniform();
        double u2 = uniform();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        return radius * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** An index drawn with the given probabilities (non-negative; need not sum exactly to 1). */
    int categorical(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double target = uniform() * total;
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                cumulative += weights[i];
                last = i;
                if (target < cumulative) {
                    return i;
                }
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
        return last;
    }
}
