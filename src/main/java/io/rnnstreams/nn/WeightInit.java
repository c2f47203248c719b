package io.rnnstreams.nn;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Initial weights: Xavier-uniform for input and head weights, orthogonal for each recurrent
 * gate block, normal embeddings scaled so a token's summed input has unit variance per element
 * (PyTorch's nn.Embedding default is N(0, 1)), zero biases, and chrono initialisation (Tallec and
 * Ollivier 2018) of the gates that keep state: the LSTM forget gate bias b_f ~ log U(1, T - 1)
 * with input gate b_i = -b_f, the GRU update gate bias b_z likewise, for T = {@link #CHRONO_MAX}.
 * That spreads the units' memory time scales over 1..T steps from the start; with the usual
 * constant biases a gated cell first forgets in a few steps and a dependency 50 steps back sends
 * no gradient to learn otherwise. The vanilla RNN has no gate to initialise: that difference is
 * what the long-dependency task shows.
 */
final class WeightInit {
    /** Longest memory time scale, in steps, that chrono initialisation prepares for. */
    static final double CHRONO_MAX = 100;

    private WeightInit() {}

    static void initialize(Model model, RandomGenerator rng) {
        ModelConfig c = model.config();
        int h = c.hidden();
        int gates = c.cell().gates();
        for (Param p : model.params()) {
            String n = p.name();
            if (n.equals(Model.EMBEDDING) || n.equals(Model.FEATURES)) {
                normal(p.values(), 1.0 / Math.sqrt(1 + c.featuresPerToken()), rng);
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
        for (int l = 0; l < c.layers(); l++) {
            double[] b = model.param(Model.biasIh(l)).values();
            for (int j = 0; j < h; j++) {
                double chrono = Math.log(1 + rng.nextDouble() * (CHRONO_MAX - 2));
                if (c.cell() == CellType.LSTM) {
                    b[h + j] = chrono; // forget gate
                    b[j] = -chrono; // input gate
                } else if (c.cell() == CellType.GRU) {
                    b[h + j] = chrono; // update gate z: h' = (1 - z) n + z h keeps state as z -> 1
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
