package io.rnnstreams.nn;

/**
 * tanh and sigmoid in float32 for the serving step, as plain arithmetic. Math.tanh is a native
 * fdlibm call on Java 17 (~15 ns, never inlined), and neither it nor Math.exp is vectorised;
 * this is inlined and, in the cells' simple loops, vectorised by the JIT (~0.5 ns per element).
 *
 * <p>tanh(x) = x P(x^2) / Q(x^2) with P, Q of degree 4: an odd rational function of degree (9, 8)
 * fitted to tanh on [-9, 9] for the smallest maximum absolute error (Lawson-weighted least
 * squares in double, 2e-8; then the coefficients rounded to float32 and nudged by a few ulps
 * to suit float32 evaluation in exactly the order written here). Beyond +-9 tanh rounds to +-1
 * in float32, so the argument is clamped. Maximum absolute error in float32: 3.7e-7 for tanh
 * (at most 6 ulps of 1; checked against every float in [0, 9.5]) and 2e-7 for sigmoid, below
 * the rounding error of the float32 matrix-vector products that feed them (a 128-term float
 * sum can be off by ~1e-6 relative). NaN stays NaN.
 */
final class RationalTanh {
    private static final float LIMIT = 9f;
    private static final float P1 = 0.133803204f;
    private static final float P2 = 0.00349476119f;
    private static final float P3 = 2.05961114e-05f;
    private static final float P4 = 1.33380684e-08f;
    private static final float Q1 = 0.467136383f;
    private static final float Q2 = 0.0258738026f;
    private static final float Q3 = 0.000328430848f;
    private static final float Q4 = 7.76946763e-07f;

    private RationalTanh() {}

    static float tanh(float x) {
        float c = Math.max(-LIMIT, Math.min(LIMIT, x));
        float t = c * c;
        float p = (((P4 * t + P3) * t + P2) * t + P1) * t + 1f;
        float q = (((Q4 * t + Q3) * t + Q2) * t + Q1) * t + 1f;
        return c * p / q;
    }

    /** sigmoid(x) = (1 + tanh(x / 2)) / 2, an identity, so it inherits tanh's accuracy (halved). */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** a[j] = sigmoid(a[j] + b[j]) for j in [0, n). */
    static void sigmoidOfSum(float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            a[j] = sigmoid(a[j] + b[j]);
        }
    }

    /** a[j] = tanh(a[j] + b[j]) for j in [0, n). */
    static void tanhOfSum(float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            a[j] = tanh(a[j] + b[j]);
        }
    }
}
