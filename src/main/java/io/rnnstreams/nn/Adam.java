package io.rnnstreams.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Adam (Kingma and Ba 2015) with bias correction; moments are kept per parameter tensor. */
public final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double lr;
    private long t;
    private final Map<Param, double[][]> moments = new IdentityHashMap<>();

    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8);
    }

    public Adam(double lr, double beta1, double beta2, double epsilon) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void step(List<Param> params) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double stepSize = lr * Math.sqrt(c2) / c1;
        for (Param p : params) {
            double[][] mv = moments.computeIfAbsent(p, k -> new double[][] {new double[k.size()], new double[k.size()]});
            double[] m = mv[0];
            double[] v = mv[1];
            double[] w = p.values();
            double[] g = p.gradient();
            for (int i = 0; i < m.length; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + epsilon);
            }
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }
}
