package io.rnnstreams.nn;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Initial weights: Xavier-uniform for input and head weights, orthogonal for each recurrent
 * gate block (keeps early gradients from exploding or vanishing through time), small normal
 * embeddings, zero biases except the LSTM forget gate, which starts at 1 so the cell remembers
 * by default.
 */
final class WeightInit {
    private static final double EMBEDDING_STD = 0.1;

    private WeightInit() {}

    static void initialize(Model model, RandomGenerator rng) {
        ModelConfig c = model.config();
        int h = c.hidden();
        int gates = c.cell().gates();
        for (Param p : model.params()) {
            String n = p.name();
            if (n.equals(Model.EMBEDDING) || n.equals(Model.FEATURES)) {
                normal(p.values(), EMBEDDING_STD, rng);
            } else if (n.startsWith("trunk.weight_ih")) {
                for (int g = 0; g < gates; g++) {
                    xavierRows(p, g * h, h, rng);
                }
            } else if (n.startsWith("trunk.weight_hh")) {
                for (int g = 0; g < gates; g++) {
                    orthogonalBlock(p, g * h, h, rng);
                }
            } else if (n.endsWith(".weight")) {
                xavierRows(p, 0, p.shape()[0], rng);
            }
        }
        if (c.cell() == CellType.LSTM) {
            for (int l = 0; l < c.layers(); l++) {
                double[] b = model.param(Model.biasIh(l)).values();
                for (int j = h; j < 2 * h; j++) {
                    b[j] = 1.0;
                }
            }
        }
    }

    private static void normal(double[] v, double std, RandomGenerator rng) {
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * std;
        }
    }

    /** Xavier-uniform over rows [from, from + count) of a 2-D weight. */
    private static void xavierRows(Param p, int from, int count, RandomGenerator rng) {
        int cols = p.shape()[1];
        double a = Math.sqrt(6.0 / (cols + count));
        double[] v = p.values();
        for (int i = from * cols; i < (from + count) * cols; i++) {
            v[i] = (2 * rng.nextDouble() - 1) * a;
        }
    }

    /** An orthogonal h x h block at rows [from, from + h): Q of the QR of a Gaussian matrix. */
    private static void orthogonalBlock(Param p, int from, int h, RandomGenerator rng) {
        DMatrixRMaj a = new DMatrixRMaj(h, h);
        normal(a.data, 1.0, rng);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(h, h);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("QR decomposition failed");
        }
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        // Fix the signs so Q is uniformly distributed (Mezzadri 2007).
        for (int j = 0; j < h; j++) {
            if (r.get(j, j) < 0) {
                for (int i = 0; i < h; i++) {
                    q.set(i, j, -q.get(i, j));
                }
            }
        }
        double[] v = p.values();
        System.arraycopy(q.data, 0, v, from * h, h * h);
    }
}
