package io.rnnstreams.train;

import io.rnnstreams.ops.TrainerMetrics;
import java.util.Locale;

/**
 * What one closed window did: its records, the training, the held-out verdict and the gradient
 * picture. {@link #progressLine()} is the compact line the {@code train} command prints.
 *
 * @param window        window number over the trainer's life
 * @param records       records consumed in the window
 * @param trained       examples trained on
 * @param heldOut       examples added to the held-out set
 * @param rejected      records sent to the DLQ
 * @param loss          mean training loss of the last pass (NaN when nothing trained)
 * @param accuracy      held-out accuracy of the candidate, first scored task (NaN when not scored)
 * @param baseline      held-out accuracy of the last published model on the same examples (NaN if none)
 * @param examplesPerSecond training throughput
 * @param tokensPerSecond   training throughput in tokens (steps)
 * @param outcome       what became of the candidate
 * @param version       the version published, or the last published one when not publishing (0 = none)
 * @param detail        why it was held back or not trained, for people; null when published
 * @param gradientNorms norm of dLoss/dstate at {@link TrainerMetrics#GRADIENT_DISTANCES} steps back
 */
public record WindowReport(long window, int records, int trained, int heldOut, int rejected, double loss,
        double accuracy, double baseline, double examplesPerSecond, double tokensPerSecond, Outcome outcome,
        long version, String detail, double[] gradientNorms) {

    /** What became of a window's candidate model. */
    public enum Outcome {
        /** A new version went to the models topic with the window's offsets. */
        PUBLISHED,
        /** Trained but not published (a regression, or a non-finite model); training goes on. */
        HELD_BACK,
        /** Nothing to train in the window (only rejects or held-out examples). */
        NOT_TRAINED,
        /** No model could be created from the data yet; the records wait for more. */
        WAITING_FOR_DATA
    }

    /** The norm {@code stepsBack} steps back (NaN when not measured). */
    public double gradientNorm(int stepsBack) {
        int i = TrainerMetrics.GRADIENT_DISTANCES.indexOf(stepsBack);
        return i < 0 ? Double.NaN : gradientNorms[i];
    }

    public String progressLine() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "window %d: %d records (%d trained, %d held out, %d rejected)", window, records, trained, heldOut,
                rejected));
        if (trained > 0) {
            s.append(String.format(Locale.ROOT, " loss %.4f, held-out acc %s (published %s), %.0f ex/s %.0f tok/s",
                    loss, percent(accuracy), percent(baseline), examplesPerSecond, tokensPerSecond));
        }
        s.append(switch (outcome) {
            case PUBLISHED -> " -> published version " + version;
            case HELD_BACK -> " -> held back: " + detail;
            case NOT_TRAINED -> " -> nothing trained";
            case WAITING_FOR_DATA -> " -> waiting for data: " + detail;
        });
        s.append(String.format(Locale.ROOT, "; grad norm 1 back %.2e, 50 back %.2e", gradientNorm(1),
                gradientNorm(50)));
        return s.toString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
