package io.rnnstreams.cli;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Vocabulary;
import io.rnnstreams.stream.BaselineTopology;
import java.util.SplittableRandom;

/**
 * One configuration of the bench matrix: the model's cell and hidden width, the processing
 * guarantee, the store type and the state encoding.
 *
 * @param guarantee {@code exactly_once_v2} or {@code at_least_once}
 * @param store     {@code rocksdb} or {@code memory}
 * @param encoding  {@code float32} or {@code float16}
 * @param file      the user's model (bench --model) served instead of a random one of cell x
 *                  hidden, or null
 */
record BenchCase(CellType cell, int hidden, String guarantee, String store, String encoding, ModelFileCase file) {
    /** The model's embedding width: the model.embed default. */
    static final int EMBED = 64;

    /** A model or ensemble from a file: its name for the tables and what it holds. */
    record ModelFileCase(String name, Ensemble ensemble) {}

    BenchCase(CellType cell, int hidden, String guarantee, String store, String encoding) {
        this(cell, hidden, guarantee, store, encoding, null);
    }

    /** The file's model, with the cell and H it has. */
    static BenchCase of(ModelFileCase file, String guarantee, String store, String encoding) {
        ModelConfig c = file.ensemble().config();
        return new BenchCase(c.cell(), c.hidden(), guarantee, store, encoding, file);
    }

    /** e.g. {@code gru H=128 eos rocksdb float32}, or {@code x3.safetensors (3 x lstm H=256) eos ...}. */
    String label() {
        String model = cell.id() + " H=" + hidden;
        if (file != null) {
            int members = file.ensemble().members().size();
            model = file.name() + " (" + (members == 1 ? "" : members + " x ") + model + ")";
        }
        return model + " " + (guarantee.equals("exactly_once_v2") ? "eos" : "alos") + " " + store + " " + encoding;
    }

    boolean compact() {
        return encoding.equals("float16");
    }

    /** This case with float32 state: whose trivial baseline the stretch target compares against. */
    BenchCase withFloat32() {
        return new BenchCase(cell, hidden, guarantee, store, "float32", file);
    }

    /** A one-layer token model over the workload's vocabulary with tag and label heads. */
    ModelConfig modelConfig(BenchWorkload workload) {
        return ModelConfig.builder().cell(cell).layers(1).hidden(hidden).embed(EMBED).unknownBuckets(64)
                .tagClasses(workload.tags()).labelClasses(workload.labels()).build();
    }

    /** Randomly initialised weights: the step costs the same whatever the weights are. */
    Model model(BenchWorkload workload, long seed) {
        Model m = Model.create(modelConfig(workload), Vocabulary.of(workload.vocabulary()), new SplittableRandom(seed));
        m.putMetadata(ModelFile.VERSION, "1");
        return m;
    }

    /** What the serving run publishes: the file's model, else {@link #model}. */
    Ensemble served(BenchWorkload workload, long seed) {
        return file != null ? file.ensemble().withMetadata(ModelFile.VERSION, "1") : Ensemble.of(model(workload, seed));
    }

    /** Bytes stored per key, the same for this case's baseline. */
    int stateBytes(BenchWorkload workload) {
        int values = file != null ? file.ensemble().stateSize() : modelConfig(workload).stateSize();
        return BaselineTopology.stateBytes(values, compact());
    }

    /** e.g. {@code eos rocksdb 539 B}: what the case's baseline has in common with it. */
    String baselineLabel(BenchWorkload workload) {
        return (guarantee.equals("exactly_once_v2") ? "eos" : "alos") + " " + store + " " + stateBytes(workload) + " B";
    }
}
