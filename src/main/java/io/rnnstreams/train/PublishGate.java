package io.rnnstreams.train;

import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a candidate may be published: it is scored next to the last published model on
 * the same held-out examples, through the serving step, for every head the held-out data can
 * score, and held back when any accuracy drops by more than the tolerance.
 */
final class PublishGate {
    static final String REGRESSION = "regression";

    private final double tolerance;

    PublishGate(double tolerance) {
        this.tolerance = tolerance;
    }

    /**
     * The verdict: publish or not, why not (a short code and a sentence for the log), the scores
     * of both models (published is null when there is none), the tasks scored, and the
     * candidate's score per held-out chunk (the published scores once it is published).
     */
    record Decision(boolean publish, String reason, String detail, HeldOutScore candidate, HeldOutScore published,
            List<Task> tasks, int heldOut, Map<HeldOutSet.Chunk, HeldOutScore> candidateByChunk) {

        /** Accuracy of the first scored task (tag, label, next), NaN when nothing was scored. */
        double accuracy() {
            return tasks.isEmpty() ? Double.NaN : candidate.accuracy(tasks.get(0));
        }

        /** The published model's accuracy on the same task, NaN without one. */
        double publishedAccuracy() {
            return tasks.isEmpty() || published == null ? Double.NaN : published.accuracy(tasks.get(0));
        }
    }

    /** @param published the last published model in its serving form, or null when there is none */
    Decision decide(Model candidate, InferenceModel published, HeldOutSet heldOut) {
        List<Task> heads = heads(candidate.config());
        InferenceModel serving = new InferenceModel(candidate);
        Map<HeldOutSet.Chunk, HeldOutScore> byChunk = new IdentityHashMap<>();
        HeldOutScore mine = HeldOutScore.EMPTY;
        HeldOutScore theirs = published == null ? null : HeldOutScore.EMPTY;
        for (HeldOutSet.Chunk chunk : heldOut.chunks()) {
            HeldOutScore s = HeldOutScore.of(serving, chunk.examples, heads);
            byChunk.put(chunk, s);
            mine = mine.plus(s);
            if (published != null) {
                if (chunk.published == null) {
                    chunk.published = HeldOutScore.of(published, chunk.examples, heads(published.config()));
                }
                theirs = theirs.plus(chunk.published);
            }
        }
        List<Task> tasks = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        for (Task task : heads) {
            if (mine.scored(task) == 0) {
                continue;
            }
            tasks.add(task);
            if (theirs != null && theirs.scored(task) > 0) {
                double before = theirs.accuracy(task);
                double after = mine.accuracy(task);
                if (before - after > tolerance) {
                    drops.add(String.format(Locale.ROOT, "%s accuracy %.4f < %.4f - %.4f", task.id(), after,
                            before, tolerance));
                }
            }
        }
        if (!drops.isEmpty()) {
            return new Decision(false, REGRESSION, String.join("; ", drops) + " on " + heldOut.size()
                    + " held-out examples", mine, theirs, tasks, heldOut.size(), byChunk);
        }
        return new Decision(true, null, null, mine, theirs, tasks, heldOut.size(), byChunk);
    }

    /** The tasks a model has a head for, in the order tag, label, next. */
    static List<Task> heads(ModelConfig config) {
        List<Task> tasks = new ArrayList<>();
        if (config.hasTagHead()) {
            tasks.add(Task.TAG);
        }
        if (config.hasLabelHead()) {
            tasks.add(Task.LABEL);
        }
        if (config.nextHead()) {
            tasks.add(Task.NEXT);
        }
        return tasks;
    }
}
