package io.rnnstreams.data;

import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Predictor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Soft tag targets for distillation: the teachers' mean tag distribution at every token of the
 * training examples, in the student's class order, and the weight it gets against the gold tag.
 * A student trained on them learns what the teachers know about each token beyond its one gold
 * tag: which other tags a word could have had (an ensemble's averaged view), or how a look-ahead
 * teacher resolved it with the words to the right, which a causal student can only learn in
 * expectation. The distributions come from the serving step ({@link Predictor}), so a look-ahead
 * teacher's tags are aligned to the tokens exactly as it serves them.
 *
 * @param distributions per example (by identity): [tokens][student classes]
 * @param weight        share of the teachers' distribution in the target; the gold tag has 1 - weight
 */
public record TeacherTags(Map<Example, float[][]> distributions, double weight) {

    public TeacherTags {
        checkWeight(weight);
    }

    private static void checkWeight(double weight) {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("the teacher weight must be in (0, 1], got " + weight);
        }
    }

    /** The teachers' mean distributions over the examples that have tags. */
    public static TeacherTags predict(List<InferenceModel> teachers, List<Example> examples, List<String> classes,
            double weight) {
        checkWeight(weight);
        if (teachers.isEmpty()) {
            throw new IllegalArgumentException("no teacher models");
        }
        List<int[]> classMaps = new ArrayList<>();
        for (InferenceModel teacher : teachers) {
            classMaps.add(classMap(teacher, classes));
        }
        List<Predictor> predictors = teachers.stream().map(Predictor::new).toList();
        Map<Example, float[][]> out = new IdentityHashMap<>();
        for (Example e : examples) {
            if (e.tags() == null) {
                continue;
            }
            float[][] mean = new float[e.length()][classes.size()];
            for (int m = 0; m < predictors.size(); m++) {
                Predictor p = predictors.get(m);
                if (p.model().config().tokenInput() != e.hasTokens()) {
                    throw new IllegalArgumentException("teacher " + (m + 1) + " reads "
                            + (e.hasTokens() ? "vectors" : "tokens") + " but the examples have "
                            + (e.hasTokens() ? "tokens" : "vectors"));
                }
                float[][] probabilities = (e.hasTokens() ? p.tokens(e.tokens(), false)
                        : p.vectors(e.vectors(), false)).tagProbabilities();
                int[] toStudent = classMaps.get(m);
                for (int t = 0; t < mean.length; t++) {
                    for (int k = 0; k < toStudent.length; k++) {
                        mean[t][toStudent[k]] += probabilities[t][k] / predictors.size();
                    }
                }
            }
            out.put(e, mean);
        }
        return new TeacherTags(out, weight);
    }

    /** Teacher class k -> student class; the two must have the same tag set. */
    private static int[] classMap(InferenceModel teacher, List<String> classes) {
        if (!teacher.config().hasTagHead()) {
            throw new IllegalArgumentException("a teacher model has no tag head");
        }
        List<String> own = teacher.config().tagClasses();
        if (!Set.copyOf(own).equals(Set.copyOf(classes))) {
            throw new IllegalArgumentException("a teacher's tag classes " + own + " differ from the student's " + classes);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] map = new int[own.size()];
        for (int k = 0; k < map.length; k++) {
            map[k] = index.get(own.get(k));
        }
        return map;
    }
}
