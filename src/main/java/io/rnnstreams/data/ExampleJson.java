package io.rnnstreams.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.rnnstreams.data.InvalidExampleException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training example as a JSON object, the value format of the {@code training-examples} topic
 * and of {@code .jsonl} files (DESIGN.md):
 * <pre>
 * {"tokens":["Free","entry"],"label":"spam"}
 * {"tokens":["the","dog"],"tags":["DET","NOUN"]}          (tags and label may both be present)
 * {"tokens":["the","dog","barks"]}                        (language model)
 * {"x":[[0.1,2.0],[0.3,1.5]],"tags":["normal","anomaly"],"label":"faulty"}
 * </pre>
 *
 * <p>{@link #parse} is strict: the record must be valid UTF-8 holding exactly one JSON object with
 * only the fields {@code tokens}, {@code x}, {@code tags} and {@code label} (a {@code null} field
 * counts as absent; any other field is rejected so that a typo such as {@code "lable"} does not
 * silently turn a labelled example into a language-model one). Numbers must be finite float32
 * values (JSON has no NaN; {@code 1e39} overflows and is rejected). Tags and labels must not be
 * empty strings; a token may be (real corpora have them: Broad Twitter Corpus dev has three).
 * Every rejection is an {@link InvalidExampleException} with one of a small set of
 * {@link Reason}s; no other exception escapes, whatever the bytes.
 *
 * <p>Thread-safe; one instance can serve every consumer thread.
 */
public final class ExampleJson {

    /**
     * Upper bounds on what a record may hold, so that one bad record cannot make the trainer
     * allocate without limit.
     *
     * @param maxSteps most tokens or rows of x (and tags)
     * @param maxTokenChars longest token, tag or label, in UTF-16 chars (as
     *     {@code token.max.chars})
     * @param maxWidth widest row of x
     */
    public record Limits(int maxSteps, int maxTokenChars, int maxWidth) {
        /** 10,000 steps, 256-char tokens (the serving default), 4,096-wide vectors. */
        public static final Limits DEFAULT = new Limits(10_000, 256, 4_096);

        public Limits {
            if (maxSteps < 1 || maxTokenChars < 1 || maxWidth < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxSteps + ", "
                        + maxTokenChars + ", " + maxWidth);
            }
        }
    }

    private static final String X_SHAPE = "x must be an array of arrays of numbers";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Limits limits;

    public ExampleJson() {
        this(Limits.DEFAULT);
    }

    public ExampleJson(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Parses one record; a null or empty record is {@code malformed json}. */
    public Example parse(byte[] utf8) throws InvalidExampleException {
        if (utf8 == null || utf8.length == 0) {
            throw new InvalidExampleException(Reason.MALFORMED_JSON, "empty record");
        }
        checkUtf8(utf8);
        try (JsonParser p = FACTORY.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidExampleException(Reason.NOT_AN_OBJECT, "expected a JSON object");
            }
            Example example = readObject(p);
            if (p.nextToken() != null) {
                throw new InvalidExampleException(
                        Reason.MALFORMED_JSON, "content after the object");
            }
            return example;
        } catch (IOException e) {
            throw new InvalidExampleException(Reason.MALFORMED_JSON, firstLine(e.getMessage()));
        }
    }

    private Example readObject(JsonParser p) throws IOException, InvalidExampleException {
        String[] tokens = null;
        float[][] x = null;
        String[] tags = null;
        String label = null;
        for (JsonToken t = next(p); t != JsonToken.END_OBJECT; t = next(p)) {
            String field = p.currentName();
            JsonToken value = next(p);
            if (value == JsonToken.VALUE_NULL && isKnownField(field)) {
                continue;
            }
            switch (field) {
                case "tokens" -> tokens = readStrings(p, "tokens", true);
                case "tags" -> tags = readStrings(p, "tags", false);
                case "x" -> x = readRows(p);
                case "label" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new InvalidExampleException(
                                Reason.WRONG_TYPE, "label must be a string");
                    }
                    label = readString(p, "label", false);
                }
                default -> throw new InvalidExampleException(Reason.UNKNOWN_FIELD,
                        "field '" + clip(field) + "' (expected tokens, x, tags, label)");
            }
        }
        if (tokens == null && x == null) {
            throw new InvalidExampleException(Reason.MISSING_TOKENS, "neither tokens nor x");
        }
        if (tokens != null && x != null) {
            throw new InvalidExampleException(Reason.TOKENS_AND_X, "both tokens and x");
        }
        int steps = tokens != null ? tokens.length : x.length;
        if (steps == 0) {
            throw new InvalidExampleException(Reason.EMPTY_SEQUENCE,
                    (tokens != null ? "tokens" : "x") + " is empty");
        }
        if (tags != null && tags.length != steps) {
            throw new InvalidExampleException(Reason.TAGS_LENGTH_MISMATCH,
                    "tags has " + tags.length + " entries for " + steps + " steps");
        }
        return tokens != null
                ? Example.tokens(tokens, tags, label)
                : Example.vectors(x, tags, label);
    }

    /** The next token; the parser reports an unclosed structure itself, this is a second guard. */
    private static JsonToken next(JsonParser p) throws IOException, InvalidExampleException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new InvalidExampleException(Reason.MALFORMED_JSON, "unexpected end of input");
        }
        return t;
    }

    private static boolean isKnownField(String field) {
        return field.equals("tokens") || field.equals("tags") || field.equals("x")
                || field.equals("label");
    }

    private String[] readStrings(JsonParser p, String field, boolean emptyAllowed)
            throws IOException, InvalidExampleException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidExampleException(
                    Reason.WRONG_TYPE, field + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
            if (t != JsonToken.VALUE_STRING) {
                throw new InvalidExampleException(
                        Reason.WRONG_TYPE, field + " must be an array of strings");
            }
            if (values.size() == limits.maxSteps()) {
                throw new InvalidExampleException(Reason.TOO_LONG,
                        field + " has more than " + limits.maxSteps() + " entries");
            }
            values.add(readString(p, field, emptyAllowed));
        }
        return values.toArray(new String[0]);
    }

    private String readString(JsonParser p, String field, boolean emptyAllowed)
            throws IOException, InvalidExampleException {
        if (p.getTextLength() > limits.maxTokenChars()) {
            throw new InvalidExampleException(Reason.TOKEN_TOO_LONG,
                    "a " + field + " entry is longer than " + limits.maxTokenChars() + " chars");
        }
        String s = p.getText();
        if (s.isEmpty() && !emptyAllowed) {
            throw new InvalidExampleException(Reason.EMPTY_STRING, field + " has an empty string");
        }
        if (hasLoneSurrogate(s)) {
            throw new InvalidExampleException(Reason.INVALID_UTF8,
                    field + " has an escaped unpaired surrogate");
        }
        return s;
    }

    private float[][] readRows(JsonParser p) throws IOException, InvalidExampleException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidExampleException(Reason.WRONG_TYPE, X_SHAPE);
        }
        List<float[]> rows = new ArrayList<>();
        float[] row = new float[16];
        int width = -1;
        for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
            if (t != JsonToken.START_ARRAY) {
                throw new InvalidExampleException(Reason.WRONG_TYPE, X_SHAPE);
            }
            if (rows.size() == limits.maxSteps()) {
                throw new InvalidExampleException(Reason.TOO_LONG,
                        "x has more than " + limits.maxSteps() + " rows");
            }
            int n = 0;
            for (JsonToken v = next(p); v != JsonToken.END_ARRAY; v = next(p)) {
                if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw new InvalidExampleException(Reason.WRONG_TYPE, X_SHAPE);
                }
                if (n == limits.maxWidth()) {
                    throw new InvalidExampleException(Reason.TOO_WIDE,
                            "x row wider than " + limits.maxWidth());
                }
                float f = p.getFloatValue();
                if (!Float.isFinite(f)) {
                    throw new InvalidExampleException(Reason.NON_FINITE_VALUE,
                            "x row " + rows.size() + " has " + clip(p.getText()));
                }
                if (n == row.length) {
                    row = Arrays.copyOf(row, n * 2);
                }
                row[n++] = f;
            }
            if (n == 0) {
                throw new InvalidExampleException(
                        Reason.RAGGED_X, "x row " + rows.size() + " is empty");
            }
            if (width >= 0 && n != width) {
                throw new InvalidExampleException(Reason.RAGGED_X,
                        "x row " + rows.size() + " has " + n + " values, row 0 has " + width);
            }
            width = n;
            rows.add(Arrays.copyOf(row, n));
        }
        return rows.toArray(new float[0][]);
    }

    /**
     * Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). A NUL byte is
     * rejected too: it never occurs in JSON text, and without it the parser cannot mistake the
     * record for UTF-16 or UTF-32.
     */
    private static void checkUtf8(byte[] b) throws InvalidExampleException {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int extra;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (c == 0) {
                throw new InvalidExampleException(Reason.MALFORMED_JSON, "NUL byte at offset " + i);
            } else if (c < 0x80) {
                extra = 0;
            } else if (c >= 0xC2 && c <= 0xDF) {
                extra = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                extra = 2;
                if (c == 0xE0) {
                    min2 = 0xA0;
                } else if (c == 0xED) {
                    max2 = 0x9F;
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                extra = 3;
                if (c == 0xF0) {
                    min2 = 0x90;
                } else if (c == 0xF4) {
                    max2 = 0x8F;
                }
            } else {
                throw new InvalidExampleException(Reason.INVALID_UTF8, "bad byte at offset " + i);
            }
            if (i + extra >= b.length && extra > 0) {
                throw new InvalidExampleException(
                        Reason.INVALID_UTF8, "truncated sequence at offset " + i);
            }
            for (int k = 1; k <= extra; k++) {
                int cont = b[i + k] & 0xFF;
                int lo = k == 1 ? min2 : 0x80;
                int hi = k == 1 ? max2 : 0xBF;
                if (cont < lo || cont > hi) {
                    throw new InvalidExampleException(
                            Reason.INVALID_UTF8, "bad sequence at offset " + i);
                }
            }
            i += 1 + extra;
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return clip(nl < 0 ? message : message.substring(0, nl));
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /**
     * The example as one compact JSON object in UTF-8 (no trailing newline), readable by
     * {@link #parse}; float32 values are written in their shortest exact decimal form.
     *
     * @throws IllegalArgumentException if a vector holds NaN or infinity, or a string holds an
     *     unpaired surrogate (neither can be represented)
     */
    public byte[] toJson(Example example) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 16 * example.length());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (example.hasTokens()) {
                writeStrings(g, "tokens", example.tokens());
            } else {
                g.writeArrayFieldStart("x");
                for (float[] row : example.vectors()) {
                    g.writeStartArray();
                    for (float v : row) {
                        if (!Float.isFinite(v)) {
                            throw new IllegalArgumentException(
                                    "cannot write non-finite value " + v);
                        }
                        g.writeNumber(v);
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            if (example.tags() != null) {
                writeStrings(g, "tags", example.tags());
            }
            if (example.label() != null) {
                checkWritable(example.label());
                g.writeStringField("label", example.label());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeStrings(JsonGenerator g, String field, String[] values)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            checkWritable(s);
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void checkWritable(String s) {
        if (hasLoneSurrogate(s)) {
            throw new IllegalArgumentException("cannot write a string with an unpaired surrogate");
        }
    }
}
