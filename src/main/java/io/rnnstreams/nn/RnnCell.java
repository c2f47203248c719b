package io.rnnstreams.nn;

/** Elman RNN: h' = tanh(gx + gh). */
final class RnnCell implements Cell {

    @Override
    public void forward(int rows, int hidden, double[] gx, int gxOffset, StepCache c) {
        double[] gh = c.gh.data;
        for (int i = 0; i < rows * hidden; i++) {
            double h = Math.tanh(gx[gxOffset + i] + gh[i]);
            c.acts[i] = h;
            c.hNew[i] = h;
        }
    }

    @Override
    public void backward(int rows, int hidden, StepCache c, double[] dh, double[] dc,
            double[] dgx, int dgxOffset, double[] dgh, double[] dhPrev, double[] dcPrev) {
        for (int i = 0; i < rows * hidden; i++) {
            double h = c.acts[i];
            double da = dh[i] * (1 - h * h);
            dgx[dgxOffset + i] = da;
            dgh[i] = da;
            dhPrev[i] = 0;
        }
    }

    @Override
    public void step(int hidden, float[][] gx, float[][] gh, float[] h, float[] c) {
        float[] x = gx[0];
        float[] r = gh[0];
        for (int j = 0; j < hidden; j++) {
            h[j] = RationalTanh.tanh(x[j] + r[j]);
        }
    }
}
