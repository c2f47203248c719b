package io.rnnstreams.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Stochastic gradient descent with optional (heavy-ball) momentum. */
public final class Sgd implements Optimizer {
    private final double momentum;
    private double lr;
    private final Map<Param, double[]> velocity = new IdentityHashMap<>();

    public Sgd(double lr, double momentum) {
        this.lr = lr;
        this.momentum = momentum;
    }

    @Override
    public void step(List<Param> params) {
        for (Param p : params) {
            double[] w = p.values();
            double[] g = p.gradient();
            if (momentum == 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * g[i];
                }
                continue;
            }
            double[] v = velocity.computeIfAbsent(p, k -> new double[k.size()]);
            for (int i = 0; i < w.length; i++) {
                v[i] = momentum * v[i] + g[i];
                w[i] -= lr * v[i];
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
