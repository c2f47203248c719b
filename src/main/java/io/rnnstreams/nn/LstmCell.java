package io.rnnstreams.nn;

/**
 * LSTM with PyTorch's gate order i, f, g, o:
 * c' = f * c + i * g, h' = o * tanh(c'), with i, f, o sigmoid and g tanh of gx + gh.
 */
final class LstmCell implements Cell {

    @Override
    public void forward(int rows, int hidden, double[] gx, int gxOffset, StepCache c) {
        int gw = 4 * hidden;
        double[] gh = c.gh.data;
        for (int b = 0; b < rows; b++) {
            int g0 = b * gw;
            for (int j = 0; j < hidden; j++) {
                int k = g0 + j;
                double i = Cell.sigmoid(gx[gxOffset + k] + gh[k]);
                double f = Cell.sigmoid(gx[gxOffset + k + hidden] + gh[k + hidden]);
                double g = Math.tanh(gx[gxOffset + k + 2 * hidden] + gh[k + 2 * hidden]);
                double o = Cell.sigmoid(gx[gxOffset + k + 3 * hidden] + gh[k + 3 * hidden]);
                int s = b * hidden + j;
                double cNew = f * c.cPrev[s] + i * g;
                double tc = Math.tanh(cNew);
                c.acts[k] = i;
                c.acts[k + hidden] = f;
                c.acts[k + 2 * hidden] = g;
                c.acts[k + 3 * hidden] = o;
                c.aux[s] = tc;
                c.cNew[s] = cNew;
                c.hNew[s] = o * tc;
            }
        }
    }

    @Override
    public void backward(int rows, int hidden, StepCache c, double[] dh, double[] dc,
            double[] dgx, int dgxOffset, double[] dgh, double[] dhPrev, double[] dcPrev) {
        int gw = 4 * hidden;
        for (int b = 0; b < rows; b++) {
            int g0 = b * gw;
            for (int j = 0; j < hidden; j++) {
                int k = g0 + j;
                int s = b * hidden + j;
                double i = c.acts[k];
                double f = c.acts[k + hidden];
                double g = c.acts[k + 2 * hidden];
                double o = c.acts[k + 3 * hidden];
                double tc = c.aux[s];
                double dcTotal = dc[s] + dh[s] * o * (1 - tc * tc);
                double di = dcTotal * g * i * (1 - i);
                double df = dcTotal * c.cPrev[s] * f * (1 - f);
                double dg = dcTotal * i * (1 - g * g);
                double dout = dh[s] * tc * o * (1 - o);
                dgh[k] = di;
                dgh[k + hidden] = df;
                dgh[k + 2 * hidden] = dg;
                dgh[k + 3 * hidden] = dout;
                dgx[dgxOffset + k] = di;
                dgx[dgxOffset + k + hidden] = df;
                dgx[dgxOffset + k + 2 * hidden] = dg;
                dgx[dgxOffset + k + 3 * hidden] = dout;
                dcPrev[s] = dcTotal * f;
                dhPrev[s] = 0;
            }
        }
    }

    @Override
    public void step(int hidden, float[][] gx, float[][] gh, float[] h, float[] c) {
        float[] i = gx[0];
        float[] f = gx[1];
        float[] g = gx[2];
        float[] o = gx[3];
        RationalTanh.sigmoidOfSum(i, gh[0], hidden);
        RationalTanh.sigmoidOfSum(f, gh[1], hidden);
        RationalTanh.tanhOfSum(g, gh[2], hidden);
        RationalTanh.sigmoidOfSum(o, gh[3], hidden);
        for (int j = 0; j < hidden; j++) {
            c[j] = f[j] * c[j] + i[j] * g[j];
        }
        for (int j = 0; j < hidden; j++) {
            h[j] = o[j] * RationalTanh.tanh(c[j]);
        }
    }
}
