package io.rnnstreams.stream;

/**
 * Why a tokens record goes to the dead-letter topic. The reason is the DLQ record's "error"
 * header and the "reason" label of rnn_dlq_records_total, so it is short and from a small set.
 * No stack trace: this is expected, data-driven control flow.
 */
final class RejectedInput extends Exception {
    RejectedInput(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
