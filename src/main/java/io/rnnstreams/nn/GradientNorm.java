package io.rnnstreams.nn;

import java.util.List;

/** The global L2 norm of all gradients, and clipping by it (Pascanu et al. 2013). */
public final class GradientNorm {
    private GradientNorm() {}

    public static double of(List<Param> params) {
        double sq = 0;
        for (Param p : params) {
            double[] g = p.gradient();
            for (int i = 0; i < p.size(); i++) {
                sq += g[i] * g[i];
            }
        }
        return Math.sqrt(sq);
    }

    /** Scales all gradients so their global norm is at most maxNorm; returns the norm before. */
    public static double clip(List<Param> params, double maxNorm) {
        double norm = of(params);
        if (maxNorm > 0 && norm > maxNorm && Double.isFinite(norm)) {
            double scale = maxNorm / norm;
            for (Param p : params) {
                double[] g = p.gradient();
                for (int i = 0; i < p.size(); i++) {
                    g[i] *= scale;
                }
            }
        }
        return norm;
    }
}
