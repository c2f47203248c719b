package io.rnnstreams.bench;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.StepWorkspace;
import io.rnnstreams.nn.Vocabulary;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One serving step of a single-layer token model (5,000-token vocabulary, precomputed input
 * projection), as the stream processor runs it: vocabulary lookup, projection row, recurrent
 * product, cell. Tokens cycle through a fixed random sequence of known words. GFLOP/s follow
 * from {@link StepFlops}; {@link BenchReport} prints them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class StepBenchmark {
    private static final int TOKEN_CYCLE = 1024;

    @Param({"rnn", "lstm", "gru"})
    public String cell;

    @Param({"64", "128", "256"})
    public int hidden;

    private InferenceModel model;
    private StepWorkspace workspace;
    private float[] state;
    private final String[] tokens = new String[TOKEN_CYCLE];
    private int next;

    @Setup
    public void setUp() {
        Vocabulary vocabulary = BenchVocabulary.create();
        ModelConfig config = ModelConfig.builder().cell(CellType.parse(cell)).layers(1).hidden(hidden)
                .embed(64).tagClasses(List.of("A", "B")).build();
        SplittableRandom rng = new SplittableRandom(1);
        model = new InferenceModel(Model.create(config, vocabulary, rng));
        if (!model.projectionPrecomputed()) {
            throw new IllegalStateException("the benchmark is meant for the precomputed projection");
        }
        workspace = model.workspace(null);
        state = new float[model.stateSize()];
        for (int i = 0; i < TOKEN_CYCLE; i++) {
            tokens[i] = vocabulary.token(2 + rng.nextInt(vocabulary.size() - 2));
        }
    }

    @Benchmark
    public float[] step() {
        model.step(state, tokens[next], workspace);
        next = (next + 1) & (TOKEN_CYCLE - 1);
        return state;
    }
}
