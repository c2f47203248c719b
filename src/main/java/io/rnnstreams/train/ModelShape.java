package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Vocabulary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shape of a model the side trainer creates when it has none to start from (the
 * {@code model.*} keys). Input, vocabulary and class sets come from the first window's data.
 *
 * @param heads  any of tag, label, next
 * @param cell   recurrent cell
 * @param hidden H
 * @param layers stacked trunk layers
 * @param embed  token embedding width
 */
public record ModelShape(List<Task> heads, CellType cell, int hidden, int layers, int embed) {

    public ModelShape {
        heads = List.copyOf(heads);
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one head");
        }
    }

    /**
     * Why no model can be made from these examples yet (a classification head needs two classes
     * in the data), or null when {@link #create} will succeed.
     */
    public String missing(List<Example> examples) {
        if (examples.isEmpty()) {
            return "no examples";
        }
        if (heads.contains(Task.TAG) && VocabularyBuilder.tagClasses(examples).size() < 2) {
            return "the tag head needs examples with at least 2 distinct tags";
        }
        if (heads.contains(Task.LABEL) && VocabularyBuilder.labelClasses(examples).size() < 2) {
            return "the label head needs examples with at least 2 distinct labels";
        }
        if (heads.contains(Task.NEXT) && examples.stream().noneMatch(Example::hasTokens)) {
            return "the next-token head needs token examples";
        }
        return null;
    }

    /**
     * A new model: token input unless most examples are vectors (and no next-token head), the
     * vocabulary of {@code training}'s tokens up to {@code vocabMax}, the classes of
     * {@code examples}.
     *
     * @throws IllegalArgumentException when {@link #missing} says why not
     */
    public Model create(List<Example> examples, List<Example> training, int vocabMax, long seed) {
        String missing = missing(examples);
        if (missing != null) {
            throw new IllegalArgumentException(missing);
        }
        long vectors = examples.stream().filter(e -> !e.hasTokens()).count();
        boolean tokenInput = heads.contains(Task.NEXT) || vectors * 2 <= examples.size();
        ModelConfig.Builder b = ModelConfig.builder().cell(cell).layers(layers).hidden(hidden).embed(embed)
                .tagClasses(heads.contains(Task.TAG) ? VocabularyBuilder.tagClasses(examples) : List.of())
                .labelClasses(heads.contains(Task.LABEL) ? VocabularyBuilder.labelClasses(examples) : List.of())
                .nextHead(heads.contains(Task.NEXT));
        Vocabulary vocabulary = null;
        if (tokenInput) {
            vocabulary = VocabularyBuilder.tokens(training, 1, vocabMax);
        } else {
            b.vectorInput(commonWidth(examples));
        }
        return Model.create(b.build(), vocabulary, new SplittableRandom(seed));
    }

    private static int commonWidth(List<Example> examples) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (Example e : examples) {
            if (!e.hasTokens()) {
                counts.merge(e.vectors()[0].length, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .max(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
    }
}
