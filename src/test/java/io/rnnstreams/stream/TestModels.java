package io.rnnstreams.stream;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.TokenFeature;
import io.rnnstreams.nn.Vocabulary;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/** Small random models for topology tests. */
public final class TestModels {
    public static final List<String> WORDS = List.of("the", "cat", "sat", "on", "mat", "a", "dog", "ran");

    private TestModels() {}

    public static Model tokenModel(CellType cell, int hidden, int delay, long version, long seed) {
        return tokenModel(cell, 2, hidden, delay, version, seed);
    }

    public static Model tokenModel(CellType cell, int layers, int hidden, int delay, long version, long seed) {
        ModelConfig config = ModelConfig.builder().cell(cell).layers(layers).hidden(hidden).embed(8).unknownBuckets(4)
                .features(EnumSet.allOf(TokenFeature.class), 16)
                .tagClasses(List.of("DET", "NOUN", "VERB", "ADP"))
                .labelClasses(List.of("ham", "spam"))
                .nextHead(true).delay(delay).build();
        Model m = Model.create(config, Vocabulary.of(WORDS), new SplittableRandom(seed));
        m.putMetadata(ModelFile.VERSION, Long.toString(version));
        return m;
    }

    public static Model vectorModel(int width, long version) {
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(6).vectorInput(width)
                .tagClasses(List.of("normal", "anomaly")).labelClasses(List.of("healthy", "faulty")).build();
        Model m = Model.create(config, null, new SplittableRandom(3));
        m.putMetadata(ModelFile.VERSION, Long.toString(version));
        return m;
    }

    public static byte[] bytes(Model m) {
        return ModelFile.write(m);
    }
}
