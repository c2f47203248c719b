package io.rnnstreams.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Scores of a model on a data set for one task: accuracy, per-class precision / recall / F1,
 * the confusion matrix (rows gold, columns predicted), and for BIO tag sets entity-level
 * scores (exact span match, as conlleval counts them). For the next-token task, perplexity.
 *
 * @param unknownGold gold classes outside the model's classes (always counted as errors)
 * @param unanswered  predictions that never arrived from a stream (always counted as errors)
 */
public record EvaluationReport(Task task, int examples, long tokens, long scored, long correct, List<String> classes,
        long[][] confusion, long unknownGold, long unanswered, SpanScores entities, double perplexity) {

    /** Entity-level counts: predicted spans, gold spans, exact matches. */
    public record SpanScores(long predicted, long gold, long matched) {
        public double precision() {
            return predicted == 0 ? 0 : (double) matched / predicted;
        }

        public double recall() {
            return gold == 0 ? 0 : (double) matched / gold;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public double accuracy() {
        return scored == 0 ? 0 : (double) correct / scored;
    }

    /**
     * The figure that ranks models on this task: entity F1 for a BIO tag set (88% of a tweet's
     * tokens are outside any entity, so token accuracy barely moves with entity quality),
     * accuracy otherwise.
     */
    public double selectionScore() {
        return entities != null ? entities.f1() : accuracy();
    }

    public double precision(int k) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[k];
        }
        return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
    }

    public double recall(int k) {
        long gold = 0;
        for (long v : confusion[k]) {
            gold += v;
        }
        return gold == 0 ? 0 : (double) confusion[k][k] / gold;
    }

    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public long support(int k) {
        long gold = 0;
        for (long v : confusion[k]) {
            gold += v;
        }
        return gold;
    }

    /** F1 of one class by name (0 when the class is unknown). */
    public double f1(String cls) {
        int k = classes.indexOf(cls);
        return k < 0 ? 0 : f1(k);
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("task", task.id());
        o.put("examples", examples);
        o.put("tokens", tokens);
        o.put("accuracy", accuracy());
        if (task == Task.NEXT) {
            o.put("perplexity", perplexity);
        }
        if (unknownGold > 0) {
            o.put("unknown_gold", unknownGold);
        }
        if (unanswered > 0) {
            o.put("unanswered", unanswered);
        }
        if (task != Task.NEXT) {
            ObjectNode perClass = o.putObject("per_class");
            for (int k = 0; k < classes.size(); k++) {
                ObjectNode c = perClass.putObject(classes.get(k));
                c.put("precision", precision(k));
                c.put("recall", recall(k));
                c.put("f1", f1(k));
                c.put("support", support(k));
            }
            ObjectNode conf = o.putObject("confusion");
            ArrayNode labels = conf.putArray("classes");
            classes.forEach(labels::add);
            ArrayNode rows = conf.putArray("matrix");
            for (long[] row : confusion) {
                ArrayNode r = rows.addArray();
                for (long v : row) {
                    r.add(v);
                }
            }
        }
        if (entities != null) {
            ObjectNode e = o.putObject("entities");
            e.put("precision", entities.precision());
            e.put("recall", entities.recall());
            e.put("f1", entities.f1());
            e.put("gold", entities.gold());
            e.put("predicted", entities.predicted());
        }
        return o;
    }
}
