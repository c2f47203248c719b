package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sensor task's shape, and the claim behind it: anomalies are found far better with the
 * recent history than from the current event alone. The printed figures are the ones in
 * docs/synthetic-tasks.md.
 */
class SensorTaskTest {
    private static final SensorTask TASK = new SensorTask();
    private static final List<Example> TRAIN = TASK.generate(2_000, 1);
    private static final List<Example> TEST = TASK.generate(1_000, 2);
    private static final int WINDOW = 16;
    private static final double FLAG = 5;

    @Test
    void sessionsAreFiniteUnitScaleVectorsWithTagsAndLabels() {
        for (Example e : TRAIN) {
            assertTrue(e.length() >= 20 && e.length() <= 80);
            assertTrue(e.label().equals(SensorTask.HEALTHY) || e.label().equals(SensorTask.FAULTY));
            for (int t = 0; t < e.length(); t++) {
                assertEquals(SensorTask.WIDTH, e.vectors()[t].length);
                for (float v : e.vectors()[t]) {
                    assertTrue(Float.isFinite(v) && Math.abs(v) < 5, "value " + v);
                }
                assertTrue(e.tags()[t].equals(SensorTask.NORMAL) || e.tags()[t].equals(SensorTask.ANOMALY));
            }
        }
        double faulty = TRAIN.stream().filter(e -> e.label().equals(SensorTask.FAULTY)).count() / (double) TRAIN.size();
        assertTrue(faulty > 0.35 && faulty < 0.45, "faulty share " + faulty);
    }

    @Test
    void historyFindsAnomaliesThatTheCurrentVectorCannot() {
        long events = TEST.stream().mapToLong(Example::length).sum();
        long anomalies = TEST.stream().flatMap(e -> Arrays.stream(e.tags())).filter(SensorTask.ANOMALY::equals).count();
        double share = (double) anomalies / events;
        double currentF1 = f1(TEST, CURRENT_TEST, bestThreshold(TRAIN, CURRENT_TRAIN));
        double historyF1 = f1(TEST, HISTORY_TEST, bestThreshold(TRAIN, HISTORY_TRAIN));
        System.out.printf("sensor tags: %d test events, %.2f%% anomalies (all-'normal' accuracy %.2f%%, F1 0); "
                        + "current-vector |delta| threshold F1 %.3f; recent-history rule F1 %.3f%n",
                events, 100 * share, 100 * (1 - share), currentF1, historyF1);
        assertTrue(share > 0.02 && share < 0.10, "anomaly share " + share);
        assertTrue(historyF1 > currentF1 + 0.15, "history should matter: " + historyF1 + " vs " + currentF1);
    }

    @Test
    void sessionLabelNeedsEvidenceAccumulatedOverTheSession() {
        double majority = TEST.stream().filter(e -> e.label().equals(SensorTask.HEALTHY)).count() / (double) TEST.size();
        double threshold = bestThreshold(TRAIN, HISTORY_TRAIN);
        int bestCount = 1;
        double bestTrain = 0;
        for (int count = 1; count <= 6; count++) {
            double accuracy = labelAccuracy(TRAIN, HISTORY_TRAIN, threshold, count);
            if (accuracy > bestTrain) {
                bestTrain = accuracy;
                bestCount = count;
            }
        }
        double rule = labelAccuracy(TEST, HISTORY_TEST, threshold, bestCount);
        System.out.printf("sensor label: majority 'healthy' %.2f%%; "
                + "'faulty if the history rule flags >= %d events' %.2f%%%n", 100 * majority, bestCount, 100 * rule);
        assertTrue(rule > majority + 0.15, "label should be learnable from the events");
    }

    private static final List<double[]> CURRENT_TRAIN = TRAIN.stream().map(SensorTaskTest::deltaScores).toList();
    private static final List<double[]> CURRENT_TEST = TEST.stream().map(SensorTaskTest::deltaScores).toList();
    private static final List<double[]> HISTORY_TRAIN = TRAIN.stream().map(SensorTaskTest::historyScores).toList();
    private static final List<double[]> HISTORY_TEST = TEST.stream().map(SensorTaskTest::historyScores).toList();

    /** Current event only: the size of its delta. */
    private static double[] deltaScores(Example e) {
        double[] s = new double[e.length()];
        for (int t = 0; t < e.length(); t++) {
            s[t] = Math.abs(e.vectors()[t][1]);
        }
        return s;
    }

    /**
     * Recent history: fit value = a + b * clock over the last WINDOW unflagged events (the level
     * and the periodic swing), and score the residual in units of the fit's spread (median absolute
     * residual). An event that lands on the same side as a flagged predecessor is a level shift
     * settling: the fit restarts from the shift and the event is not flagged.
     */
    private static double[] historyScores(Example e) {
        int n = e.length();
        double[] s = new double[n];
        boolean[] flagged = new boolean[n];
        int start = 0;
        double previousResidual = 0;
        for (int t = 0; t < n; t++) {
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            int count = 0;
            int from = Math.max(start, t - WINDOW);
            for (int k = from; k < t; k++) {
                if (!flagged[k]) {
                    double c = e.vectors()[k][3];
                    double v = e.vectors()[k][0];
                    sx += c;
                    sy += v;
                    sxx += c * c;
                    sxy += c * v;
                    count++;
                }
            }
            if (count < 5) {
                continue;
            }
            double denominator = count * sxx - sx * sx;
            double b = Math.abs(denominator) < 1e-9 ? 0 : (count * sxy - sx * sy) / denominator;
            double a = (sy - b * sx) / count;
            double[] residuals = new double[count];
            int i = 0;
            for (int k = from; k < t; k++) {
                if (!flagged[k]) {
                    residuals[i++] = Math.abs(e.vectors()[k][0] - a - b * e.vectors()[k][3]);
                }
            }
            double spread = 1.4826 * median(residuals) + 1e-3;
            double residual = e.vectors()[t][0] - a - b * e.vectors()[t][3];
            s[t] = Math.abs(residual) / spread;
            if (s[t] > FLAG) {
                if (t > 0 && flagged[t - 1] && Math.signum(residual) == Math.signum(previousResidual)) {
                    start = t - 1;
                    flagged[t - 1] = false;
                    s[t] = 0;
                } else {
                    flagged[t] = true;
                }
            }
            previousResidual = residual;
        }
        return s;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double bestThreshold(List<Example> data, List<double[]> scores) {
        double best = 0;
        double bestF1 = -1;
        for (double threshold = 0.01; threshold < 50; threshold *= 1.05) {
            double f = f1(data, scores, threshold);
            if (f > bestF1) {
                bestF1 = f;
                best = threshold;
            }
        }
        return best;
    }

    private static double f1(List<Example> data, List<double[]> scores, double threshold) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < data.size(); i++) {
            Example e = data.get(i);
            double[] s = scores.get(i);
            for (int t = 0; t < e.length(); t++) {
                boolean flagged = s[t] > threshold;
                boolean anomaly = e.tags()[t].equals(SensorTask.ANOMALY);
                tp += flagged && anomaly ? 1 : 0;
                fp += flagged && !anomaly ? 1 : 0;
                fn += !flagged && anomaly ? 1 : 0;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static double labelAccuracy(List<Example> data, List<double[]> scores, double threshold, int count) {
        long right = 0;
        for (int i = 0; i < data.size(); i++) {
            long flagged = Arrays.stream(scores.get(i)).filter(s -> s > threshold).count();
            String guess = flagged >= count ? SensorTask.FAULTY : SensorTask.HEALTHY;
            right += guess.equals(data.get(i).label()) ? 1 : 0;
        }
        return (double) right / data.size();
    }
}
