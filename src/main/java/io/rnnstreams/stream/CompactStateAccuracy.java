package io.rnnstreams.stream;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.StepWorkspace;

/**
 * What storing the state as float16 does to the tags: every sequence runs twice through the
 * model, once keeping float32 state between tokens and once passing the state through the
 * compact encoding between tokens, exactly as the store does (the tag of a token is computed
 * from the state its step produced, which is rounded only on its way into the store).
 */
public final class CompactStateAccuracy {
    /**
     * @param tokens        tokens compared
     * @param agreeing      tokens whose tag is the same with float16 state
     * @param maxDifference largest |p32 - p16| over all tokens and tag classes
     * @param meanDifference mean over tokens of the largest |p32 - p16| over the classes
     * @param float32Correct tokens whose float32 tag equals the example's tag
     * @param float16Correct tokens whose float16 tag equals the example's tag
     */
    public record Result(long tokens, long agreeing, double maxDifference, double meanDifference, long float32Correct,
            long float16Correct) {
        public double agreement() {
            return (double) agreeing / tokens;
        }

        public double float32Accuracy() {
            return (double) float32Correct / tokens;
        }

        public double float16Accuracy() {
            return (double) float16Correct / tokens;
        }
    }

    private CompactStateAccuracy() {}

    /**
     * Compares on token examples with tags (tags the model does not know count as wrong for both).
     * A look-ahead model's tag for token t comes D steps later, after the end-of-sequence steps for
     * the last D tokens, as in the stream. The state is rounded wherever the stream stores it:
     * after every token but the last, which carries {@code "end":true} and is finished at once.
     */
    public static Result measure(InferenceModel model, Iterable<Example> examples) {
        StepWorkspace ws = model.workspace(null);
        SequenceStateCodec codec = new SequenceStateCodec(true);
        SequenceState exact = new SequenceState();
        SequenceState compact = new SequenceState();
        float[] p32 = new float[model.config().tagClasses().size()];
        int delay = model.config().delay();
        long tokens = 0;
        long agreeing = 0;
        long correct32 = 0;
        long correct16 = 0;
        double max = 0;
        double sum = 0;
        for (Example e : examples) {
            exact.reset(model, 0);
            compact.reset(model, 0);
            for (int t = 0; t < e.length() + delay; t++) {
                if (t < e.length()) {
                    model.step(exact.values, e.tokens()[t], ws);
                    model.step(compact.values, e.tokens()[t], ws);
                } else {
                    model.stepEndOfSequence(exact.values, ws);
                    model.stepEndOfSequence(compact.values, ws);
                }
                int tagged = t - delay;
                if (tagged >= 0) {
                    System.arraycopy(model.tagProbabilities(exact.values, ws), 0, p32, 0, p32.length);
                    float[] p16 = model.tagProbabilities(compact.values, ws);
                    int tag32 = Predictor.argmax(p32);
                    int tag16 = Predictor.argmax(p16);
                    double worst = 0;
                    for (int c = 0; c < p32.length; c++) {
                        worst = Math.max(worst, Math.abs(p32[c] - p16[c]));
                    }
                    max = Math.max(max, worst);
                    sum += worst;
                    tokens++;
                    agreeing += tag32 == tag16 ? 1 : 0;
                    int gold = e.tags() == null ? -1 : model.config().tagClasses().indexOf(e.tags()[tagged]);
                    correct32 += tag32 == gold ? 1 : 0;
                    correct16 += tag16 == gold ? 1 : 0;
                }
                if (t < e.length() - 1) {
                    SequenceStateCodec.decode(codec.encode(compact), compact);
                }
            }
        }
        return new Result(tokens, agreeing, max, tokens == 0 ? 0 : sum / tokens, correct32, correct16);
    }
}
