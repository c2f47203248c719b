package io.rnnstreams.data;

/**
 * A training-example record that {@link ExampleJson} rejects. {@link #reason()} is a short,
 * stable code for metrics labels and the DLQ {@code error} header; the message adds a detail for
 * people ("tags has 3 entries for 4 steps").
 *
 * <p>No stack trace is captured: the exception describes the input, not the code, and a flood of
 * bad records must stay cheap to reject.
 */
public final class InvalidExampleException extends Exception {

    /** Why a record was rejected. The codes are part of the contract (metrics, DLQ headers). */
    public enum Reason {
        /** Not valid UTF-8, or a {@code \\u} escape encoding a lone surrogate. */
        INVALID_UTF8("invalid utf-8"),
        /** Not one JSON value (syntax error, trailing content, duplicate field, NaN literal). */
        MALFORMED_JSON("malformed json"),
        /** Valid JSON, but not an object. */
        NOT_AN_OBJECT("not an object"),
        /** A field other than tokens, x, tags, label. */
        UNKNOWN_FIELD("unknown field"),
        /** A known field with the wrong JSON type. */
        WRONG_TYPE("wrong type"),
        /** Neither tokens nor x. */
        MISSING_TOKENS("missing tokens"),
        /** Both tokens and x. */
        TOKENS_AND_X("tokens and x"),
        /** tokens or x is an empty array. */
        EMPTY_SEQUENCE("empty sequence"),
        /** An empty tag or label (an empty token is allowed). */
        EMPTY_STRING("empty string"),
        /** tags and the input have different lengths. */
        TAGS_LENGTH_MISMATCH("tags length mismatch"),
        /** Rows of x of different widths, or an empty row. */
        RAGGED_X("ragged x"),
        /** A number that is not a finite float32 (overflow such as 1e39). */
        NON_FINITE_VALUE("non-finite value"),
        /** More steps than the configured limit. */
        TOO_LONG("too long"),
        /** A token, tag or label longer than the configured limit. */
        TOKEN_TOO_LONG("token too long"),
        /** Rows of x wider than the configured limit. */
        TOO_WIDE("too wide");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable short code, e.g. {@code "tags length mismatch"}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public InvalidExampleException(Reason reason, String detail) {
        super(reason.code() + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
