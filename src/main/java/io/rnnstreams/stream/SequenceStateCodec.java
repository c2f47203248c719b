package io.rnnstreams.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a {@link SequenceState} in the state store and its changelog
 * (docs/architecture.md has the table). Little-endian:
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
 * A GRU with H = 128 and no look-ahead takes 27 + 512 bytes (float32) or 27 + 256 (float16).
 */
final class SequenceStateCodec {
    static final int HEADER_BYTES = 27;
    static final byte FLOAT32 = 1;
    static final byte FLOAT16 = 2;
    private static final int MAX_PENDING_STRING = 65535;

    private final boolean compact;
    private ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

    /** @param compact store values as float16 (the math stays float32) */
    SequenceStateCodec(boolean compact) {
        this.compact = compact;
    }

    /** Bytes of an encoded state without pending entries (for sizing and docs). */
    static int size(int values, boolean compact) {
        return HEADER_BYTES + values * (compact ? 2 : 4);
    }

    byte[] encode(SequenceState s) {
        int need = size(s.valueCount, compact);
        for (int i = 0; i < s.pendingCount; i++) {
            need += 5 + utf8Length(s.pendingTokens[i]) + utf8Length(s.pendingIds[i]);
        }
        if (buffer.capacity() < need) {
            buffer = ByteBuffer.allocate(Math.max(need, buffer.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = buffer;
        b.clear();
        b.put(compact ? FLOAT16 : FLOAT32).put(s.cell).put(s.layers).put(s.delay).putShort(s.hidden);
        b.putLong(s.modelVersion).putInt(s.position).putLong(s.lastSeenMs);
        b.put((byte) s.pendingCount);
        for (int i = 0; i < s.pendingCount; i++) {
            String token = s.pendingTokens[i];
            String id = s.pendingIds[i];
            int flags = (token != null ? 1 : 0) | (id != null ? (s.pendingIdNumeric[i] ? 4 : 2) : 0);
            b.put((byte) flags);
            if (token != null) {
                putString(b, token);
            }
            if (id != null) {
                putString(b, id);
            }
        }
        for (int i = 0; i < s.valueCount; i++) {
            if (compact) {
                b.putShort(Float16.fromFloat(s.values[i]));
            } else {
                b.putFloat(s.values[i]);
            }
        }
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    /**
     * Decodes into {@code s}; values sized by the stored shape. Throws IllegalArgumentException
     * on bytes that are not a state (a corrupt changelog record).
     */
    static void decode(byte[] bytes, SequenceState s) {
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("state record of " + bytes.length + " bytes is too short");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte encoding = b.get();
        if (encoding != FLOAT32 && encoding != FLOAT16) {
            throw new IllegalArgumentException("unknown state encoding " + encoding);
        }
        s.cell = b.get();
        s.layers = b.get();
        s.delay = b.get();
        s.hidden = b.getShort();
        s.modelVersion = b.getLong();
        s.position = b.getInt();
        s.lastSeenMs = b.getLong();
        s.clearPending();
        int pending = b.get() & 0xFF;
        for (int i = 0; i < pending; i++) {
            int flags = b.get();
            String token = (flags & 1) != 0 ? getString(b) : null;
            String id = (flags & 6) != 0 ? getString(b) : null;
            s.addPending(token, id, (flags & 4) != 0);
        }
        int width = encoding == FLOAT16 ? 2 : 4;
        int count = b.remaining() / width;
        if (b.remaining() % width != 0) {
            throw new IllegalArgumentException("state record has a partial value");
        }
        if (s.values.length < count) {
            s.values = new float[count];
        }
        s.valueCount = count;
        for (int i = 0; i < count; i++) {
            s.values[i] = encoding == FLOAT16 ? Float16.toFloat(b.getShort()) : b.getFloat();
        }
    }

    /** Last-seen time of an encoded state, without decoding the rest (for the idle sweep). */
    static long lastSeenMs(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(18);
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, MAX_PENDING_STRING);
        b.putShort((short) n).put(utf8, 0, n);
    }

    private static String getString(ByteBuffer b) {
        int n = b.getShort() & 0xFFFF;
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : Math.min(s.getBytes(StandardCharsets.UTF_8).length, MAX_PENDING_STRING);
    }
}
