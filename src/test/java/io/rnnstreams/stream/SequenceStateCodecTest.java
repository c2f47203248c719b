package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Float16;
import io.rnnstreams.nn.ModelConfig;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceStateCodecTest {

    /** The table in SequenceStateCodec's javadoc, which docs/performance-end-to-end.md repeats. */
    @ParameterizedTest
    @CsvSource({
        "RNN, 64, 283, 155", "RNN, 128, 539, 283", "RNN, 256, 1051, 539",
        "GRU, 64, 283, 155", "GRU, 128, 539, 283", "GRU, 256, 1051, 539",
        "LSTM, 64, 539, 283", "LSTM, 128, 1051, 539", "LSTM, 256, 2075, 1051"})
    void writesExactlyTheDocumentedBytes(CellType cell, int hidden, int float32Bytes, int float16Bytes) {
        SequenceState s = state(cell, hidden, 1);
        assertEquals(float32Bytes, new SequenceStateCodec(false).encode(s).length);
        assertEquals(float16Bytes, new SequenceStateCodec(true).encode(s).length);
        ModelConfig config = config(cell, hidden);
        assertEquals(float32Bytes, BaselineTopology.stateBytes(config.stateSize(), false));
        assertEquals(float16Bytes, BaselineTopology.stateBytes(config.stateSize(), true));
    }

    @Test
    void float32RoundTripsExactly() {
        SequenceState s = state(CellType.LSTM, 32, 2);
        s.modelVersion = 1234567890123L;
        s.position = 77;
        s.lastSeenMs = 1_700_000_000_123L;
        SequenceState back = new SequenceState();
        byte[] bytes = new SequenceStateCodec(false).encode(s);
        SequenceStateCodec.decode(bytes, back);
        assertEquals(s.valueCount, back.valueCount);
        assertArrayEquals(Arrays.copyOf(s.values, s.valueCount), Arrays.copyOf(back.values, back.valueCount));
        assertEquals(s.modelVersion, back.modelVersion);
        assertEquals(77, back.position);
        assertEquals(s.lastSeenMs, back.lastSeenMs);
        assertEquals(s.lastSeenMs, SequenceStateCodec.lastSeenMs(bytes));
        assertEquals(s.cell, back.cell);
        assertEquals(s.layers, back.layers);
        assertEquals(s.hidden, back.hidden);
    }

    @Test
    void float16KeepsElevenSignificantBits() {
        SequenceState s = state(CellType.GRU, 128, 3);
        SequenceState back = new SequenceState();
        SequenceStateCodec.decode(new SequenceStateCodec(true).encode(s), back);
        for (int i = 0; i < s.valueCount; i++) {
            assertEquals(s.values[i], back.values[i], Math.abs(s.values[i]) * 0x1p-11f + 0x1p-24f, "value " + i);
        }
    }

    @Test
    void pendingLookAheadEntriesRoundTripWithTheirBytesCounted() {
        SequenceState s = state(CellType.GRU, 8, 4);
        s.delay = 3;
        s.addPending("naïve", "id-1", false);
        s.addPending("\uD83D\uDE00", "42", true);
        s.addPending(null, null, false);
        byte[] bytes = new SequenceStateCodec(false).encode(s);
        int strings = (2 + 6) + (2 + 4) + (2 + 4) + (2 + 2);
        assertEquals(SequenceStateCodec.size(8, false) + 3 + strings, bytes.length);
        SequenceState back = new SequenceState();
        SequenceStateCodec.decode(bytes, back);
        assertEquals(3, back.pendingCount);
        assertEquals("naïve", back.pendingTokens[0]);
        assertEquals("id-1", back.pendingIds[0]);
        assertEquals("\uD83D\uDE00", back.pendingTokens[1]);
        assertEquals("42", back.pendingIds[1]);
        assertTrue(back.pendingIdNumeric[1]);
        assertEquals(null, back.pendingTokens[2]);
        assertArrayEquals(Arrays.copyOf(s.values, 8), Arrays.copyOf(back.values, back.valueCount));
    }

    @Test
    void truncatedOrForeignBytesAreRejected() {
        SequenceState s = state(CellType.GRU, 8, 5);
        s.delay = 1;
        s.addPending("token", null, false);
        byte[] bytes = new SequenceStateCodec(false).encode(s);
        SequenceState back = new SequenceState();
        assertThrows(IllegalArgumentException.class, () -> SequenceStateCodec.decode(new byte[10], back));
        assertThrows(IllegalArgumentException.class,
                () -> SequenceStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 1), back));
        assertThrows(IllegalArgumentException.class,
                () -> SequenceStateCodec.decode(Arrays.copyOf(bytes, SequenceStateCodec.HEADER_BYTES + 3), back));
        byte[] foreign = bytes.clone();
        foreign[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> SequenceStateCodec.decode(foreign, back));
    }

    @Test
    void encodingAllocatesOnlyTheRecordAndDecodingNothing() {
        SequenceState s = state(CellType.GRU, 128, 6);
        SequenceState back = new SequenceState();
        SequenceStateCodec codec = new SequenceStateCodec(true);
        byte[] bytes = codec.encode(s);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            SequenceStateCodec.decode(codec.encode(s), back);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += codec.encode(s).length;
        }
        long encoding = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            SequenceStateCodec.decode(bytes, back);
        }
        long decoding = threads.getCurrentThreadAllocatedBytes() - before;
        // An array of 283 bytes occupies 16 (header) + 283, rounded up to 8: 304.
        assertEquals((long) n * bytes.length, sum);
        assertTrue(encoding <= n * 304L + 1024, "encoding allocated " + encoding + " bytes for " + n + " records");
        assertTrue(decoding < 1024, "decoding allocated " + decoding + " bytes for " + n + " records");
    }

    private static ModelConfig config(CellType cell, int hidden) {
        return ModelConfig.builder().cell(cell).hidden(hidden).tagClasses(List.of("a", "b")).build();
    }

    /** A state of the config's shape with values in (-1, 1) as tanh-bounded states are. */
    private static SequenceState state(CellType cell, int hidden, long seed) {
        ModelConfig c = config(cell, hidden);
        SequenceState s = new SequenceState();
        s.cell = (byte) cell.ordinal();
        s.layers = 1;
        s.hidden = (short) hidden;
        s.valueCount = c.stateSize();
        s.values = new float[c.stateSize()];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < s.valueCount; i++) {
            s.values[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return s;
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
