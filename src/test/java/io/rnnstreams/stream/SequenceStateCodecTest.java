package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceStateCodecTest {

    private static SequenceState sample(CellType cell, int delay) {
        InferenceModel m = new InferenceModel(TestModels.tokenModel(cell, 8, delay, 7, 1));
        SequenceState s = new SequenceState();
        s.reset(m, 1_700_000_000_123L);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < s.valueCount; i++) {
            s.values[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        s.position = 42;
        if (delay > 0) {
            s.addPending("héllo", "id-1", false);
            s.addPending(null, "17", true);
        }
        return s;
    }

    @Test
    void float32RoundTripIsExactWithPendingLookAheadEntries() {
        for (CellType cell : CellType.values()) {
            SequenceState s = sample(cell, 2);
            byte[] bytes = new SequenceStateCodec(false).encode(s);
            SequenceState back = new SequenceState();
            SequenceStateCodec.decode(bytes, back);
            assertEquals(s.modelVersion, back.modelVersion);
            assertEquals(s.position, back.position);
            assertEquals(s.lastSeenMs, back.lastSeenMs);
            assertEquals(s.lastSeenMs, SequenceStateCodec.lastSeenMs(bytes));
            assertEquals(s.cell, back.cell);
            assertEquals(s.layers, back.layers);
            assertEquals(s.hidden, back.hidden);
            assertEquals(s.delay, back.delay);
            assertEquals(s.valueCount, back.valueCount);
            assertArrayEquals(Arrays.copyOf(s.values, s.valueCount), Arrays.copyOf(back.values, back.valueCount));
            assertEquals(2, back.pendingCount);
            assertEquals("héllo", back.pendingTokens[0]);
            assertEquals("id-1", back.pendingIds[0]);
            assertEquals(null, back.pendingTokens[1]);
            assertEquals("17", back.pendingIds[1]);
            assertTrue(back.pendingIdNumeric[1]);
        }
    }

    @Test
    void encodedSizeIsTheDocumentedOne() {
        for (CellType cell : CellType.values()) {
            SequenceState s = sample(cell, 0);
            int values = 2 * 8 * (cell == CellType.LSTM ? 2 : 1);
            assertEquals(27 + 4 * values, new SequenceStateCodec(false).encode(s).length, cell + " float32");
            assertEquals(27 + 2 * values, new SequenceStateCodec(true).encode(s).length, cell + " float16");
        }
        assertEquals(27 + 512, SequenceStateCodec.size(128, false), "GRU H=128 as documented");
        assertEquals(27 + 256, SequenceStateCodec.size(128, true));
    }

    @Test
    void float16KeepsHiddenStatesToElevenSignificantBits() {
        SequenceState s = sample(CellType.LSTM, 0);
        SequenceState back = new SequenceState();
        SequenceStateCodec.decode(new SequenceStateCodec(true).encode(s), back);
        for (int i = 0; i < s.valueCount; i++) {
            assertEquals(s.values[i], back.values[i], Math.abs(s.values[i]) * 0x1p-11 + 0x1p-25);
        }
    }

    @Test
    void corruptRecordsAreRejected() {
        byte[] good = new SequenceStateCodec(false).encode(sample(CellType.GRU, 0));
        assertThrows(IllegalArgumentException.class, () -> SequenceStateCodec.decode(new byte[5], new SequenceState()));
        byte[] badEncoding = good.clone();
        badEncoding[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> SequenceStateCodec.decode(badEncoding, new SequenceState()));
        byte[] partial = Arrays.copyOf(good, good.length - 1);
        assertThrows(IllegalArgumentException.class, () -> SequenceStateCodec.decode(partial, new SequenceState()));
    }

    @Test
    void float16RoundTripsEveryHalfValueAndRoundsToNearestEven() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            float f = Float16.toFloat(h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
            } else {
                assertEquals(h, Float16.fromFloat(f), "half " + Integer.toHexString(bits));
            }
        }
        assertEquals(1.0f, Float16.toFloat(Float16.fromFloat(1.0f + 0x1p-11f)), "tie rounds to even (down)");
        assertEquals(1.0f + 0x1p-9f, Float16.toFloat(Float16.fromFloat(1.0f + 3 * 0x1p-11f)), "tie rounds to even (up)");
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat(Float16.fromFloat(70000f)));
        assertEquals(0x1p-24f, Float16.toFloat(Float16.fromFloat(0x1p-24f)), "smallest subnormal");
        assertEquals(0f, Float16.toFloat(Float16.fromFloat(0x1p-26f)));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) (rng.nextDouble() * 4 - 2);
            float back = Float16.toFloat(Float16.fromFloat(f));
            // half precision has 13 fewer significand bits than float: its half-ulp is ulp(float) * 2^12
            assertTrue(Math.abs(back - f) <= Math.ulp(back) * 0x1p12f, f + " -> " + back);
        }
    }
}
