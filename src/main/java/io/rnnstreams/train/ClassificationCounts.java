package io.rnnstreams.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts behind an {@link EvaluationReport} for a tag or label task, added one sequence at a
 * time from predictions however they were made: by the serving step offline ({@link Evaluation})
 * or read back from the output topics of a running stream (the {@code replay} command). Both
 * paths count the same way, so their reports can be compared count for count.
 *
 * <p>A prediction that never arrived ({@code null}) is scored as an error and counted as
 * unanswered; for entity spans it reads as outside any entity. A gold class the classes do not
 * contain is scored as an error and counted as unknown.
 */
public final class ClassificationCounts {
    private static final String OUTSIDE = "O";

    private final Task task;
    private final List<String> classes;
    private final Map<String, Integer> index = new HashMap<>();
    private final long[][] confusion;
    private final boolean bio;
    private int examples;
    private long tokens;
    private long scored;
    private long correct;
    private long unknownGold;
    private long unanswered;
    private long predictedSpans;
    private long goldSpans;
    private long matchedSpans;

    /** @param classes the classes predictions are drawn from, in the order the report lists them */
    public ClassificationCounts(Task task, List<String> classes) {
        if (task == Task.NEXT) {
            throw new IllegalArgumentException("the next-token task is not a classification of given classes");
        }
        this.task = task;
        this.classes = List.copyOf(classes);
        for (int i = 0; i < this.classes.size(); i++) {
            index.put(this.classes.get(i), i);
        }
        this.confusion = new long[classes.size()][classes.size()];
        this.bio = task == Task.TAG && BioSpans.isBioTagSet(this.classes);
    }

    /** One tagged sequence: its gold tags and the predicted ones ({@code null} where none arrived). */
    public void addTags(String[] gold, String[] predicted) {
        if (task != Task.TAG) {
            throw new IllegalStateException("these counts are for " + task.id());
        }
        if (predicted.length != gold.length) {
            throw new IllegalArgumentException(predicted.length + " predicted tags for " + gold.length + " tokens");
        }
        examples++;
        tokens += gold.length;
        for (int i = 0; i < gold.length; i++) {
            count(gold[i], predicted[i]);
        }
        if (bio) {
            String[] answered = predicted.clone();
            for (int i = 0; i < answered.length; i++) {
                if (answered[i] == null) {
                    answered[i] = OUTSIDE;
                }
            }
            List<BioSpans.Span> gs = BioSpans.of(gold);
            List<BioSpans.Span> ps = BioSpans.of(answered);
            goldSpans += gs.size();
            predictedSpans += ps.size();
            for (BioSpans.Span s : ps) {
                matchedSpans += gs.contains(s) ? 1 : 0;
            }
        }
    }

    /** One labelled sequence of {@code length} tokens: its gold label and the predicted one (or null). */
    public void addLabel(int length, String gold, String predicted) {
        if (task != Task.LABEL) {
            throw new IllegalStateException("these counts are for " + task.id());
        }
        examples++;
        tokens += length;
        count(gold, predicted);
    }

    private void count(String gold, String predicted) {
        scored++;
        Integer p = null;
        if (predicted == null) {
            unanswered++;
        } else {
            p = index.get(predicted);
            if (p == null) {
                throw new IllegalArgumentException("predicted class '" + predicted + "' is not one of " + classes);
            }
        }
        Integer g = index.get(gold);
        if (g == null) {
            unknownGold++;
            return;
        }
        if (p != null) {
            confusion[g][p]++;
            correct += g.equals(p) ? 1 : 0;
        }
    }

    public EvaluationReport report() {
        long[][] matrix = new long[confusion.length][];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = confusion[i].clone();
        }
        EvaluationReport.SpanScores spans = bio
                ? new EvaluationReport.SpanScores(predictedSpans, goldSpans, matchedSpans) : null;
        return new EvaluationReport(task, examples, tokens, scored, correct, classes, matrix, unknownGold, unanswered,
                spans, Double.NaN);
    }
}
