package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.Param;
import io.rnnstreams.nn.TokenEncoder;
import io.rnnstreams.nn.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the new tokens of a window to a token model's vocabulary, up to a size limit. The grown
 * model is a new {@link Model} with the old rows copied: embedding rows are laid out as
 * [vocabulary | unknown buckets], so the bucket rows move down behind the new words, and each new
 * word starts from the bucket row it used to hash into. Every input therefore reads exactly the
 * row it read before, and the tag and label heads predict exactly as before until training moves
 * the new rows apart. A new next-token class starts as a copy of {@code <unk>}, the class it was
 * before. H, cell and layers do not change, so serving state carries over to the grown model.
 */
final class VocabularyGrowth {
    private VocabularyGrowth() {}

    /** The model with the examples' new tokens (most frequent first) added, or {@code model} itself. */
    static Model grow(Model model, List<Example> examples, int maxSize) {
        Vocabulary old = model.vocabulary();
        if (old == null || old.size() >= maxSize) {
            return model;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Example e : examples) {
            if (e.hasTokens()) {
                for (String t : e.tokens()) {
                    if (old.id(t) < 0) {
                        counts.merge(t, 1, Integer::sum);
                    }
                }
            }
        }
        if (counts.isEmpty()) {
            return model;
        }
        List<String> candidates = new ArrayList<>(counts.keySet());
        candidates.sort(Comparator.comparing((String t) -> -counts.get(t)).thenComparing(Comparator.naturalOrder()));
        Vocabulary grown = old.grow(candidates, maxSize);
        return grown == old ? model : withVocabulary(model, grown);
    }

    static Model withVocabulary(Model model, Vocabulary grown) {
        Vocabulary old = model.vocabulary();
        TokenEncoder oldEncoder = model.tokenEncoder();
        Model m = Model.empty(model.config(), grown, model.metadata());
        for (Param p : model.params()) {
            Param q = m.param(p.name());
            double[] from = p.values();
            double[] to = q.values();
            switch (p.name()) {
                case Model.EMBEDDING -> {
                    int width = p.shape()[1];
                    System.arraycopy(from, 0, to, 0, old.size() * width);
                    for (int id = old.size(); id < grown.size(); id++) {
                        int row = oldEncoder.wordId(grown.token(id));
                        System.arraycopy(from, row * width, to, id * width, width);
                    }
                    int buckets = model.config().unknownBuckets();
                    System.arraycopy(from, old.size() * width, to, grown.size() * width, buckets * width);
                }
                case "next.weight" -> {
                    int width = p.shape()[1];
                    System.arraycopy(from, 0, to, 0, from.length);
                    for (int id = old.size(); id < grown.size(); id++) {
                        System.arraycopy(from, Vocabulary.UNK * width, to, id * width, width);
                    }
                }
                case "next.bias" -> {
                    System.arraycopy(from, 0, to, 0, from.length);
                    for (int id = old.size(); id < grown.size(); id++) {
                        to[id] = from[Vocabulary.UNK];
                    }
                }
                default -> System.arraycopy(from, 0, to, 0, from.length);
            }
        }
        return m;
    }
}
