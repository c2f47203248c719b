package io.rnnstreams.nn;

import java.util.Locale;

/** The recurrent cell of the trunk, with PyTorch's gate order. */
public enum CellType {
    /** Elman RNN, tanh: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). One gate block. */
    RNN(1, new RnnCell()),
    /** LSTM, gate blocks in PyTorch order i, f, g, o. State is (h, c). */
    LSTM(4, new LstmCell()),
    /** GRU, gate blocks in PyTorch order r, z, n. */
    GRU(3, new GruCell());

    private final int gates;
    private final Cell cell;

    CellType(int gates, Cell cell) {
        this.gates = gates;
        this.cell = cell;
    }

    /** Number of H-sized gate blocks stacked in weight_ih / weight_hh. */
    public int gates() {
        return gates;
    }

    /** Whether the state carries a cell vector c besides h. */
    public boolean hasCellState() {
        return this == LSTM;
    }

    Cell cell() {
        return cell;
    }

    /** The lower-case name used in files, metadata and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CellType parse(String s) {
        for (CellType c : values()) {
            if (c.id().equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + s + "' (expected rnn, lstm or gru)");
    }
}
