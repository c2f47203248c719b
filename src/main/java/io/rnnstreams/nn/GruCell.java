package io.rnnstreams.nn;

/**
 * GRU with PyTorch's gate order r, z, n:
 * r = sigmoid(gx_r + gh_r), z = sigmoid(gx_z + gh_z), n = tanh(gx_n + r * gh_n),
 * h' = (1 - z) * n + z * h. The reset gate multiplies the recurrent part only, as in PyTorch
 * (which is why gx and gh are kept apart).
 */
final class GruCell implements Cell {

    @Override
    public void forward(int rows, int hidden, double[] gx, int gxOffset, StepCache c) {
        int gw = 3 * hidden;
        double[] gh = c.gh.data;
        for (int b = 0; b < rows; b++) {
            int g0 = b * gw;
            for (int j = 0; j < hidden; j++) {
                int k = g0 + j;
                int s = b * hidden + j;
                double r = Cell.sigmoid(gx[gxOffset + k] + gh[k]);
                double z = Cell.sigmoid(gx[gxOffset + k + hidden] + gh[k + hidden]);
                double n = Math.tanh(gx[gxOffset + k + 2 * hidden] + r * gh[k + 2 * hidden]);
                c.acts[k] = r;
                c.acts[k + hidden] = z;
                c.acts[k + 2 * hidden] = n;
                c.hNew[s] = (1 - z) * n + z * c.hPrev[s];
            }
        }
    }

    @Override
    public void backward(int rows, int hidden, StepCache c, double[] dh, double[] dc,
            double[] dgx, int dgxOffset, double[] dgh, double[] dhPrev, double[] dcPrev) {
        int gw = 3 * hidden;
        double[] gh = c.gh.data;
        for (int b = 0; b < rows; b++) {
            int g0 = b * gw;
            for (int j = 0; j < hidden; j++) {
                int k = g0 + j;
                int s = b * hidden + j;
                double r = c.acts[k];
                double z = c.acts[k + hidden];
                double n = c.acts[k + 2 * hidden];
                double dn = dh[s] * (1 - z) * (1 - n * n);
                double dz = dh[s] * (c.hPrev[s] - n) * z * (1 - z);
                double dr = dn * gh[k + 2 * hidden] * r * (1 - r);
                dgx[dgxOffset + k] = dr;
                dgx[dgxOffset + k + hidden] = dz;
                dgx[dgxOffset + k + 2 * hidden] = dn;
                dgh[k] = dr;
                dgh[k + hidden] = dz;
                dgh[k + 2 * hidden] = dn * r;
                dhPrev[s] = dh[s] * z;
            }
        }
    }

    @Override
    public void step(int hidden, float[][] gx, float[][] gh, float[] h, float[] c) {
        float[] r = gx[0];
        float[] z = gx[1];
        float[] n = gx[2];
        float[] ghN = gh[2];
        RationalTanh.sigmoidOfSum(r, gh[0], hidden);
        RationalTanh.sigmoidOfSum(z, gh[1], hidden);
        for (int j = 0; j < hidden; j++) {
            n[j] = RationalTanh.tanh(n[j] + r[j] * ghN[j]);
        }
        for (int j = 0; j < hidden; j++) {
            h[j] = (1 - z[j]) * n[j] + z[j] * h[j];
        }
    }
}
