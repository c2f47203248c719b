package io.rnnstreams.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the serving topology must emit for each tokens record, written from the message contract
 * (DESIGN.md, docs/configuration.md limits) independently of the parser under test: a tree parse
 * of the whole value instead of a streaming one. It assumes a token model with a tag head without
 * look-ahead, a label head and a next head, and keeps each key's open sequence (its length and
 * when it was last extended) to know which tags, labels and generations follow.
 */
final class TokenContract {
    /** Nesting deeper than this is malformed input (documented limit of the tokens parser). */
    static final int MAX_NESTING = 32;
    private static final int MAX_ID_CHARS = 256;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The outputs of one record: a dead letter, or tags, a label and a generation. */
    record Outcome(boolean deadLetter, String token, JsonNode id, int tagPosition, int labelTokens,
            int generate) {
        static final Outcome DEAD_LETTER = new Outcome(true, null, null, -1, -1, 0);

        int tags() {
            return tagPosition >= 0 ? 1 : 0;
        }

        int labels() {
            return labelTokens >= 0 ? 1 : 0;
        }

        int generated() {
            return generate > 0 ? 1 : 0;
        }
    }

    /** An open sequence: tokens so far and the wall-clock time of the last one. */
    private record Open(int length, long lastSeenMs) {}

    private final int maxInputBytes;
    private final int maxTokenChars;
    private final int maxGenerate;
    private final Map<ByteBuffer, Open> open = new HashMap<>();

    TokenContract(ServingSettings limits) {
        this.maxInputBytes = limits.maxInputBytes();
        this.maxTokenChars = limits.maxTokenChars();
        this.maxGenerate = limits.maxGenerate();
    }

    /** Applies one record at wall-clock time {@code nowMs}; returns what it must produce. */
    Outcome apply(byte[] key, byte[] value, long nowMs) {
        if (key == null || key.length == 0 || value == null || value.length > maxInputBytes) {
            return Outcome.DEAD_LETTER;
        }
        JsonNode m = parse(value);
        if (m == null || !valid(m)) {
            return Outcome.DEAD_LETTER;
        }
        String token = m.has("token") ? m.get("token").textValue() : null;
        boolean end = m.has("end") && m.get("end").booleanValue();
        boolean reset = m.has("reset") && m.get("reset").booleanValue();
        int generate = m.has("generate") ? m.get("generate").intValue() : 0;
        JsonNode id = m.get("id");
        ByteBuffer k = ByteBuffer.wrap(key.clone());
        if (reset) {
            open.remove(k);
        }
        Open before = open.get(k);
        int tagPosition = -1;
        int labelTokens = -1;
        if (token != null && generate == 0) {
            int position = before == null ? 0 : before.length();
            tagPosition = position;
            open.put(k, new Open(position + 1, nowMs));
        }
        if (end) {
            Open current = open.remove(k);
            if (current != null) {
                labelTokens = current.length();
            }
        }
        return new Outcome(false, token, id, tagPosition, labelTokens, generate);
    }

    /**
     * The sequences the idle sweep must finish at {@code nowMs} (last extended at or before
     * {@code nowMs - timeoutMs}), with their lengths; they are closed.
     */
    Map<ByteBuffer, Integer> expire(long nowMs, long timeoutMs) {
        Map<ByteBuffer, Integer> expired = new HashMap<>();
        for (Iterator<Map.Entry<ByteBuffer, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ByteBuffer, Open> e = it.next();
            if (e.getValue().lastSeenMs() <= nowMs - timeoutMs) {
                expired.put(e.getKey(), e.getValue().length());
                it.remove();
            }
        }
        return expired;
    }

    /** The JSON object, or null when the value is not one JSON object in UTF-8. */
    private static JsonNode parse(byte[] value) {
        String text = utf8(value);
        if (text == null) {
            return null;
        }
        // RFC 8259 lets a parser ignore a leading byte-order mark, and Jackson does.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            JsonNode node = STRICT.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private boolean valid(JsonNode m) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : m.properties()) {
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "token" -> {
                    if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > maxTokenChars
                            || !wellFormed(v.textValue())) {
                        problems.add("token");
                    }
                }
                // The model reads tokens: any vector is refused, well formed or not.
                case "x" -> problems.add("x");
                case "end", "reset" -> {
                    if (!v.isBoolean()) {
                        problems.add(f.getKey());
                    }
                }
                case "generate" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > maxGenerate) {
                        problems.add("generate");
                    }
                }
                case "temperature" -> {
                    if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < 0) {
                        problems.add("temperature");
                    }
                }
                case "top_k" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
                        problems.add("top_k");
                    }
                }
                case "seed" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                        problems.add("seed");
                    }
                }
                case "id" -> {
                    boolean text = v.isTextual() && wellFormed(v.textValue());
                    if (!(text || v.isIntegralNumber()) || v.asText().length() > MAX_ID_CHARS) {
                        problems.add("id");
                    }
                }
                default -> { }
            }
        }
        boolean step = m.has("token");
        boolean end = m.path("end").asBoolean(false);
        boolean reset = m.path("reset").asBoolean(false);
        boolean generate = m.has("generate");
        return problems.isEmpty() && (step || end || reset || generate);
    }

    /** No unpaired surrogates: the text can be written back as UTF-8 JSON. */
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The text, or null when the bytes are not UTF-8 (parsing text, not bytes, rules out UTF-16 and 32). */
    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
