package io.rnnstreams.bench;

import io.rnnstreams.nn.Adam;
import io.rnnstreams.nn.Batch;
import io.rnnstreams.nn.Bptt;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.Network;
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
 * One BPTT training pass over a {@link TrainingShape} batch (forward, backward, clipping, Adam),
 * full or truncated. Tokens/s = 1,600 / time per pass; {@link BenchReport} prints it beside the
 * EJML multiply bound of {@link MatrixMultiplyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class TrainingBenchmark {

    @Param({"full", "truncated"})
    public String bptt;

    private Bptt trainer;
    private Batch batch;
    private final SplittableRandom rng = new SplittableRandom(3);

    @Setup
    public void setUp() {
        Model model = Model.create(TrainingShape.config(), BenchVocabulary.create(), new SplittableRandom(1));
        int k = bptt.equals("truncated") ? TrainingShape.TRUNCATION : 0;
        trainer = new Bptt(new Network(model), new Adam(1e-3), k, k, 5.0, 0.0);
        batch = TrainingShape.batch(BenchVocabulary.SIZE, 2);
    }

    @Benchmark
    public Bptt.Result train() {
        return trainer.train(batch, rng);
    }
}
