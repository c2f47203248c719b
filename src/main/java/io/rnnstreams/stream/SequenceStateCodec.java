package io.rnnstreams.stream;

import io.rnnstreams.nn.Float16;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a {@link SequenceState} in the state store and its changelog. Little-endian:
 *
 * <pre>
 * offset size
 *  0      1   encoding: 1 = float32 values, 2 = float16 values
 *  1      1   cell (0 rnn, 1 lstm, 2 gru)
 *  2      1   layers
 *  3      1   delay D
 *  4      2   hidden H
 *  6      8   model version
 * 14      4   position (tokens seen)
 * 18      8   last seen, wall-clock ms
 * 26      1   pending look-ahead entries (0..D), each:
 *             1 flags (1 = has token, 2 = has string id, 4 = has numeric id)
 *             [2 length + UTF-8 token] [2 length + UTF-8 id]
 *  ..     4*N or 2*N   the N state values (h, and c for LSTM, per layer)
 * </pre>
 *
 * Without pending entries a state takes exactly 27 + 4N bytes (float32) or 27 + 2N (float16),
 * N = layers x H (x 2 for LSTM):
 *
 * <pre>
 * one layer     H=64   H=128  H=256     (float32 / float16)
 * rnn, gru       283    539   1051      /  155   283   539
 * lstm           539   1051   2075      /  283   539  1051
 * </pre>
 *
 * Encoding writes straight into an array of the exact size, which the store keeps: the record
 * cache holds on to the array it is given until eviction, so it cannot be a reused buffer.
 * Decoding reads the stored array in place.
 */
final class SequenceStateCodec {
    static final int HEADER_BYTES = 27;
    static final byte FLOAT32 = 1;
    static final byte FLOAT16 = 2;
    private static final int LAST_SEEN_OFFSET = 18;
    private static final int MAX_PENDING_STRING = 65535;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private final boolean compact;

    /** @param compact store values as float16 (the math stays float32) */
    SequenceStateCodec(boolean compact) {
        this.compact = compact;
    }

    /** Bytes of an encoded state without pending entries. */
    static int size(int values, boolean compact) {
        return HEADER_BYTES + values * (compact ? 2 : 4);
    }

    byte[] encode(SequenceState s) {
        int need = size(s.valueCount, compact);
        for (int i = 0; i < s.pendingCount; i++) {
            need += 1 + stringBytes(s.pendingTokens[i]) + stringBytes(s.pendingIds[i]);
        }
        byte[] b = new byte[need];
        b[0] = compact ? FLOAT16 : FLOAT32;
        b[1] = s.cell;
        b[2] = s.layers;
        b[3] = s.delay;
        SHORT.set(b, 4, s.hidden);
        LONG.set(b, 6, s.modelVersion);
        INT.set(b, 14, s.position);
        LONG.set(b, LAST_SEEN_OFFSET, s.lastSeenMs);
        b[26] = (byte) s.pendingCount;
        int o = HEADER_BYTES;
        for (int i = 0; i < s.pendingCount; i++) {
            String token = s.pendingTokens[i];
            String id = s.pendingIds[i];
            b[o++] = (byte) ((token != null ? 1 : 0) | (id != null ? (s.pendingIdNumeric[i] ? 4 : 2) : 0));
            o = putString(b, o, token);
            o = putString(b, o, id);
        }
        float[] v = s.values;
        if (compact) {
            for (int i = 0; i < s.valueCount; i++, o += 2) {
                SHORT.set(b, o, Float16.fromFloat(v[i]));
            }
        } else {
            for (int i = 0; i < s.valueCount; i++, o += 4) {
                FLOAT.set(b, o, v[i]);
            }
        }
        return b;
    }

    /**
     * Decodes into {@code s}; values sized by the stored shape. Throws IllegalArgumentException
     * on bytes that are not a state (a corrupt changelog record).
     */
    static void decode(byte[] b, SequenceState s) {
        if (b.length < HEADER_BYTES) {
            throw new IllegalArgumentException("state record of " + b.length + " bytes is too short");
        }
        byte encoding = b[0];
        if (encoding != FLOAT32 && encoding != FLOAT16) {
            throw new IllegalArgumentException("unknown state encoding " + encoding);
        }
        s.cell = b[1];
        s.layers = b[2];
        s.delay = b[3];
        s.hidden = (short) SHORT.get(b, 4);
        s.modelVersion = (long) LONG.get(b, 6);
        s.position = (int) INT.get(b, 14);
        s.lastSeenMs = (long) LONG.get(b, LAST_SEEN_OFFSET);
        s.clearPending();
        int pending = b[26] & 0xFF;
        int o = HEADER_BYTES;
        for (int i = 0; i < pending; i++) {
            int flags = need(b, o, 1);
            o++;
            String token = null;
            String id = null;
            if ((flags & 1) != 0) {
                int n = need(b, o, 2);
                token = new String(b, o + 2, n, StandardCharsets.UTF_8);
                o += 2 + n;
            }
            if ((flags & 6) != 0) {
                int n = need(b, o, 2);
                id = new String(b, o + 2, n, StandardCharsets.UTF_8);
                o += 2 + n;
            }
            s.addPending(token, id, (flags & 4) != 0);
        }
        int width = encoding == FLOAT16 ? 2 : 4;
        int remaining = b.length - o;
        if (remaining < 0 || remaining % width != 0) {
            throw new IllegalArgumentException("state record has a partial value");
        }
        int count = remaining / width;
        if (s.values.length < count) {
            s.values = new float[count];
        }
        s.valueCount = count;
        float[] v = s.values;
        if (encoding == FLOAT16) {
            for (int i = 0; i < count; i++, o += 2) {
                v[i] = Float16.toFloat((short) SHORT.get(b, o));
            }
        } else {
            for (int i = 0; i < count; i++, o += 4) {
                v[i] = (float) FLOAT.get(b, o);
            }
        }
    }

    /** Last-seen time of an encoded state, without decoding the rest (for the idle sweep). */
    static long lastSeenMs(byte[] b) {
        return (long) LONG.get(b, LAST_SEEN_OFFSET);
    }

    /**
     * The flags byte (width 1) or a string's length (width 2) at {@code o}; throws when the
     * record ends before the field or the string it announces.
     */
    private static int need(byte[] b, int o, int width) {
        if (o + width > b.length) {
            throw new IllegalArgumentException("state record ends inside a pending entry");
        }
        if (width == 1) {
            return b[o];
        }
        int n = (short) SHORT.get(b, o) & 0xFFFF;
        if (o + 2 + n > b.length) {
            throw new IllegalArgumentException("state record ends inside a pending entry");
        }
        return n;
    }

    /** 2-byte length + UTF-8 of a string (truncated at 65535 bytes); nothing for null. */
    private static int stringBytes(String s) {
        return s == null ? 0 : 2 + Utf8.length(s, MAX_PENDING_STRING);
    }

    private static int putString(byte[] b, int o, String s) {
        if (s == null) {
            return o;
        }
        int n = Utf8.write(s, b, o + 2, MAX_PENDING_STRING);
        SHORT.set(b, o, (short) n);
        return o + 2 + n;
    }
}
