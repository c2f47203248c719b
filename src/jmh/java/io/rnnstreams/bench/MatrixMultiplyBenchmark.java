package io.rnnstreams.bench;

import io.rnnstreams.nn.MatrixProducts;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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
 * The raw multiply alone, for each product of a training window ({@link TrainingProduct}) at the
 * full (50-step) and truncated (10-step) window, with EJML ({@code kernel=ejml}) and with the
 * kernels training uses ({@code kernel=rows}, {@link MatrixProducts}): summed over a batch's
 * calls, the time training would take if it did nothing but these multiplies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class MatrixMultiplyBenchmark {

    @Param
    public TrainingProduct product;

    @Param({"50", "10"})
    public int window;

    @Param({"ejml", "rows"})
    public String kernel;

    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj c;
    private double[][] bRows;
    private final MatrixProducts products = new MatrixProducts();

    @Setup
    public void setUp() {
        DMatrixRMaj[] o = product.operands(window);
        SplittableRandom rng = new SplittableRandom(4);
        for (DMatrixRMaj m : o) {
            for (int i = 0; i < m.data.length; i++) {
                m.data[i] = rng.nextDouble(-0.1, 0.1);
            }
        }
        a = o[0];
        b = o[1];
        c = o[2];
        bRows = product.form.prepare(b);
    }

    @Benchmark
    public DMatrixRMaj multiply() {
        if (kernel.equals("ejml")) {
            product.form.ejml(a, b, c);
        } else {
            product.form.rows(products, a, b, bRows, c);
        }
        return c;
    }
}
