package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The serving step's float32 tanh and sigmoid against the JDK's double-precision functions. */
class RationalTanhTest {

    @Test
    void tanhIsWithinItsDocumentedErrorEverywhere() {
        double worst = 0;
        for (float x = -12f; x <= 12f; x = Math.nextUp(x + 1e-4f)) {
            worst = Math.max(worst, Math.abs(RationalTanh.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worst <= 3.7e-7, "max |error| of tanh: " + worst);
    }

    @Test
    void sigmoidIsWithinItsDocumentedErrorEverywhere() {
        double worst = 0;
        for (float x = -30f; x <= 30f; x = Math.nextUp(x + 1e-4f)) {
            worst = Math.max(worst, Math.abs(RationalTanh.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(worst <= 2e-7, "max |error| of sigmoid: " + worst);
    }

    @Test
    void tanhIsOddAndTinyArgumentsKeepTheirRelativeAccuracy() {
        for (float x : new float[] {1e-30f, 1e-7f, 1e-3f, 0.3f, 2f, 7.5f}) {
            assertEquals(-RationalTanh.tanh(x), RationalTanh.tanh(-x), 0f);
            assertEquals(Math.tanh(x), RationalTanh.tanh(x), 4e-7 * Math.tanh(x), "tanh(" + x + ")");
        }
        assertEquals(0f, RationalTanh.tanh(0f), 0f);
    }

    @Test
    void extremeArgumentsSaturateAndNaNPropagates() {
        assertEquals(1f, RationalTanh.tanh(Float.POSITIVE_INFINITY), 0f);
        assertEquals(-1f, RationalTanh.tanh(-Float.MAX_VALUE), 0f);
        assertEquals(1f, RationalTanh.sigmoid(Float.POSITIVE_INFINITY), 0f);
        assertEquals(0f, RationalTanh.sigmoid(Float.NEGATIVE_INFINITY), 0f);
        assertTrue(Float.isNaN(RationalTanh.tanh(Float.NaN)));
        assertTrue(Float.isNaN(RationalTanh.sigmoid(Float.NaN)));
    }
}
