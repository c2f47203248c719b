package io.rnnstreams.stream;

import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelConfig;

/**
 * One key's sequence as stored between tokens: the model version and shape it was computed
 * with, its position (tokens seen), when it was last seen (wall clock), the recurrent state, and
 * for a look-ahead model the last D tokens whose tags are still to be emitted. One mutable
 * instance per processor is reused for every record; {@link SequenceStateCodec} stores it.
 */
final class SequenceState {
    long modelVersion;
    byte cell;
    byte layers;
    short hidden;
    byte delay;
    int position;
    long lastSeenMs;
    float[] values = new float[0];
    int valueCount;
    /** Pending look-ahead entries, oldest first: token (null for vector input) and echoed id. */
    final String[] pendingTokens = new String[16];
    final String[] pendingIds = new String[16];
    final boolean[] pendingIdNumeric = new boolean[16];
    int pendingCount;

    /** Starts a fresh sequence for the model (all-zero state). */
    void reset(InferenceModel model, long nowMs) {
        ModelConfig c = model.config();
        modelVersion = model.version();
        cell = (byte) c.cell().ordinal();
        layers = (byte) c.layers();
        hidden = (short) c.hidden();
        delay = (byte) c.delay();
        position = 0;
        lastSeenMs = nowMs;
        valueCount = model.stateSize();
        if (values.length < valueCount) {
            values = new float[valueCount];
        }
        java.util.Arrays.fill(values, 0, valueCount, 0f);
        clearPending();
    }

    /** Whether this state can continue under {@code model} (same cell, layers, H and delay). */
    boolean compatibleWith(InferenceModel model) {
        ModelConfig c = model.config();
        return cell == c.cell().ordinal() && layers == c.layers() && hidden == c.hidden() && delay == c.delay();
    }

    void addPending(String token, String id, boolean idNumeric) {
        pendingTokens[pendingCount] = token;
        pendingIds[pendingCount] = id;
        pendingIdNumeric[pendingCount] = idNumeric;
        pendingCount++;
    }

    /** Drops the oldest pending entry. */
    void shiftPending() {
        System.arraycopy(pendingTokens, 1, pendingTokens, 0, pendingCount - 1);
        System.arraycopy(pendingIds, 1, pendingIds, 0, pendingCount - 1);
        System.arraycopy(pendingIdNumeric, 1, pendingIdNumeric, 0, pendingCount - 1);
        pendingCount--;
        pendingTokens[pendingCount] = null;
        pendingIds[pendingCount] = null;
    }

    void clearPending() {
        for (int i = 0; i < pendingCount; i++) {
            pendingTokens[i] = null;
            pendingIds[i] = null;
        }
        pendingCount = 0;
    }
}
