package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The training products against EJML's; the shapes leave every remainder (0-3) after the 4-term passes. */
class MatrixProductsTest {
    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,2", "7,6,9", "6,15,17", "32,64,96"})
    void productMatchesEjml(int m, int k, int n) {
        SplittableRandom rng = new SplittableRandom(m * 31L + k * 7L + n);
        DMatrixRMaj a = random(m, k, rng);
        DMatrixRMaj b = random(k, n, rng);
        DMatrixRMaj bTransposed = random(n, k, rng);
        MatrixProducts products = new MatrixProducts();

        DMatrixRMaj expected = new DMatrixRMaj(1, 1);
        CommonOps_DDRM.mult(a, b, expected);
        DMatrixRMaj actual = new DMatrixRMaj(1, 1);
        products.multiply(a, MatrixProducts.rows(b, null), actual, false);
        assertEquals(m, actual.numRows);
        assertEquals(n, actual.numCols);
        assertArrayEquals(expected.data, actual.data, TOLERANCE, "a b");

        CommonOps_DDRM.multTransB(a, bTransposed, expected);
        products.multiply(a, MatrixProducts.transposedRows(bTransposed, null), actual, false);
        assertArrayEquals(expected.data, actual.data, TOLERANCE, "a b^T");

        DMatrixRMaj start = random(m, n, rng);
        expected.setTo(start);
        actual.setTo(start);
        CommonOps_DDRM.multAdd(a, b, expected);
        products.multiply(a, MatrixProducts.rows(b, null), actual, true);
        assertArrayEquals(expected.data, actual.data, TOLERANCE, "c + a b");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,2", "7,8,9", "14,6,17", "100,24,12"})
    void transposedLeftProductAccumulates(int rows, int m, int n) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + m * 7L + n);
        DMatrixRMaj a = random(rows, m, rng);
        DMatrixRMaj b = random(rows, n, rng);
        DMatrixRMaj start = random(m, n, rng);
        DMatrixRMaj expected = start.copy();
        DMatrixRMaj actual = start.copy();
        CommonOps_DDRM.multAddTransA(a, b, expected);
        MatrixProducts products = new MatrixProducts();
        products.multiplyAddTransA(a, b, actual);
        assertArrayEquals(expected.data, actual.data, TOLERANCE, "c + a^T b");
        // Scratch rows left over from a larger product must not leak into a smaller one.
        DMatrixRMaj small = random(2, 3, rng);
        DMatrixRMaj smallB = random(2, 2, rng);
        DMatrixRMaj smallExpected = new DMatrixRMaj(3, 2);
        DMatrixRMaj smallActual = new DMatrixRMaj(3, 2);
        CommonOps_DDRM.multAddTransA(small, smallB, smallExpected);
        products.multiplyAddTransA(small, smallB, smallActual);
        assertArrayEquals(smallExpected.data, smallActual.data, TOLERANCE, "after a larger product");
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextDouble(-1, 1);
        }
        return m;
    }
}
