package io.rnnstreams.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses tokens-topic values (UTF-8 JSON objects) with Jackson's streaming parser, validating as
 * it goes. Every problem is a {@link RejectedInput} with one of the documented reasons; nothing
 * else escapes, whatever the bytes.
 */
final class TokenMessageParser {
    static final String MALFORMED = "malformed json";
    static final String NOT_OBJECT = "not a json object";
    static final String WRONG_TYPE = "wrong field type";
    static final String TOKEN_TOO_LONG = "token too long";
    static final String EMPTY_TOKEN = "empty token";
    static final String NON_FINITE = "non-finite value";
    static final String VECTOR_TOO_LONG = "vector too long";
    static final String TOKEN_AND_VECTOR = "token and x both given";
    static final String NOTHING_TO_DO = "missing token";
    static final String BAD_GENERATE = "bad generate";
    static final String ID_TOO_LONG = "id too long";

    private static final byte[] TOKEN_NAME = "\"token\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_VECTOR = 4096;
    private static final int MAX_ID_CHARS = 256;
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private final int maxTokenChars;
    private final int maxGenerate;

    TokenMessageParser(int maxTokenChars, int maxGenerate) {
        this.maxTokenChars = maxTokenChars;
        this.maxGenerate = maxGenerate;
    }

    void parse(byte[] value, TokenMessage m) throws RejectedInput {
        m.clear();
        if (!parsePlainToken(value, m)) {
            parseJson(value, m);
        }
    }

    /** The general case, any record: Jackson's streaming parser. */
    void parseJson(byte[] value, TokenMessage m) throws RejectedInput {
        m.clear();
        if (!startsLikeUtf8(value)) {
            throw new RejectedInput(MALFORMED);
        }
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RejectedInput(NOT_OBJECT);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "token" -> m.token = token(p, v);
                    case "x" -> vector(p, v, m);
                    case "end" -> m.end = bool(p, v);
                    case "reset" -> m.reset = bool(p, v);
                    case "generate" -> m.generate = generate(p, v);
                    case "temperature" -> m.temperature = nonNegative(p, v);
                    case "top_k" -> m.topK = (int) integer(p, v, 0, Integer.MAX_VALUE);
                    case "seed" -> {
                        m.seed = integer(p, v, Long.MIN_VALUE, Long.MAX_VALUE);
                        m.hasSeed = true;
                    }
                    case "id" -> id(p, v, m);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new RejectedInput(MALFORMED);
            }
        } catch (IOException | RuntimeException e) {
            // Jackson reports syntax errors, invalid UTF-8, duplicate fields and limits this way.
            throw new RejectedInput(MALFORMED);
        }
        if (m.token != null && m.xLength >= 0) {
            throw new RejectedInput(TOKEN_AND_VECTOR);
        }
        if (!m.hasStep() && !m.end && !m.reset && m.generate == 0) {
            throw new RejectedInput(NOTHING_TO_DO);
        }
    }

    /**
     * Jackson reads byte input as UTF-16 or UTF-32 when its first bytes hold a zero or a UTF-16
     * byte-order mark; the contract is UTF-8, where neither 0x00 nor 0xFE / 0xFF can begin a JSON
     * text, so such values are malformed rather than decoded in another encoding.
     */
    private static boolean startsLikeUtf8(byte[] value) {
        if (value.length > 0 && (value[0] == 0 || value[0] == (byte) 0xFE || value[0] == (byte) 0xFF)) {
            return false;
        }
        return value.length < 2 || value[1] != 0;
    }

    /**
     * The shape nearly every record has, {@code {"token":"w"}} with w printable ASCII without
     * escapes, read without a Jackson parser (whose per-record objects cost more than the rest of
     * the parse). Returns false, having set nothing, for anything else, which Jackson then reads:
     * the result is the same either way, this only skips the parser's set-up.
     */
    private boolean parsePlainToken(byte[] v, TokenMessage m) {
        int i = skipSpace(v, 0);
        if (i == v.length || v[i] != '{') {
            return false;
        }
        i = skipSpace(v, i + 1);
        if (!startsWith(v, i, TOKEN_NAME)) {
            return false;
        }
        i = skipSpace(v, i + TOKEN_NAME.length);
        if (i == v.length || v[i] != ':') {
            return false;
        }
        i = skipSpace(v, i + 1);
        if (i == v.length || v[i] != '"') {
            return false;
        }
        int start = ++i;
        while (i < v.length && v[i] >= 0x20 && v[i] < 0x7F && v[i] != '"' && v[i] != '\\') {
            i++;
        }
        int length = i - start;
        if (i == v.length || v[i] != '"' || length == 0 || length > maxTokenChars) {
            return false;
        }
        int end = skipSpace(v, i + 1);
        if (end == v.length || v[end] != '}' || skipSpace(v, end + 1) != v.length) {
            return false;
        }
        m.token = new String(v, start, length, StandardCharsets.ISO_8859_1);
        return true;
    }

    private static int skipSpace(byte[] v, int i) {
        while (i < v.length && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] v, int i, byte[] prefix) {
        if (i + prefix.length > v.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (v[i + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private String token(JsonParser p, JsonToken v) throws IOException, RejectedInput {
        if (v != JsonToken.VALUE_STRING) {
            throw new RejectedInput(WRONG_TYPE);
        }
        if (p.getTextLength() > maxTokenChars) {
            throw new RejectedInput(TOKEN_TOO_LONG);
        }
        String s = p.getText();
        if (s.isEmpty()) {
            throw new RejectedInput(EMPTY_TOKEN);
        }
        return wellFormed(s);
    }

    /**
     * Text that is echoed into the outputs must be valid Unicode. An escaped lone surrogate is
     * legal JSON syntax, but it would be echoed as an unpaired surrogate escape, which strict JSON
     * readers downstream refuse (the training side rejects it too), so such a record is malformed.
     */
    private static String wellFormed(String s) throws RejectedInput {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new RejectedInput(MALFORMED);
            }
        }
        return s;
    }

    private static void vector(JsonParser p, JsonToken v, TokenMessage m) throws IOException, RejectedInput {
        if (v != JsonToken.START_ARRAY) {
            throw new RejectedInput(WRONG_TYPE);
        }
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new RejectedInput(WRONG_TYPE);
            }
            if (n == MAX_VECTOR) {
                throw new RejectedInput(VECTOR_TOO_LONG);
            }
            double d = p.getDoubleValue();
            float f = (float) d;
            if (!Float.isFinite(f)) {
                throw new RejectedInput(NON_FINITE);
            }
            if (n == m.x.length) {
                m.x = java.util.Arrays.copyOf(m.x, Math.min(MAX_VECTOR, 2 * n));
            }
            m.x[n++] = f;
        }
        m.xLength = n;
    }

    private static boolean bool(JsonParser p, JsonToken v) throws RejectedInput {
        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
            throw new RejectedInput(WRONG_TYPE);
        }
        return v == JsonToken.VALUE_TRUE;
    }

    private int generate(JsonParser p, JsonToken v) throws IOException, RejectedInput {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new RejectedInput(WRONG_TYPE);
        }
        long n = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE : p.getLongValue();
        if (n < 1 || n > maxGenerate) {
            throw new RejectedInput(BAD_GENERATE);
        }
        return (int) n;
    }

    private static double nonNegative(JsonParser p, JsonToken v) throws IOException, RejectedInput {
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new RejectedInput(WRONG_TYPE);
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d) || d < 0) {
            throw new RejectedInput(BAD_GENERATE);
        }
        return d;
    }

    private static long integer(JsonParser p, JsonToken v, long min, long max) throws IOException, RejectedInput {
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new RejectedInput(WRONG_TYPE);
        }
        long n = p.getLongValue();
        if (n < min || n > max) {
            throw new RejectedInput(BAD_GENERATE);
        }
        return n;
    }

    private static void id(JsonParser p, JsonToken v, TokenMessage m) throws IOException, RejectedInput {
        if (v == JsonToken.VALUE_STRING) {
            m.idNumeric = false;
        } else if (v == JsonToken.VALUE_NUMBER_INT) {
            m.idNumeric = true;
        } else {
            throw new RejectedInput(WRONG_TYPE);
        }
        if (p.getTextLength() > MAX_ID_CHARS) {
            throw new RejectedInput(ID_TOO_LONG);
        }
        m.id = wellFormed(p.getText());
    }
}
