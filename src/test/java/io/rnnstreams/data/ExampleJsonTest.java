package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rnnstreams.data.InvalidExampleException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExampleJsonTest {
    private final ExampleJson json = new ExampleJson(new ExampleJson.Limits(5, 8, 3));

    private Example parse(String s) throws InvalidExampleException {
        return json.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheFourShapesOfTheContract() throws Exception {
        assertEquals(Example.tokens(new String[] {"the", "dog"}, new String[] {"DET", "NOUN"}, null),
                parse("{\"tokens\":[\"the\",\"dog\"],\"tags\":[\"DET\",\"NOUN\"]}"));
        assertEquals(Example.tokens(new String[] {"Free", "entry"}, null, "spam"),
                parse("{\"tokens\":[\"Free\",\"entry\"],\"label\":\"spam\"}"));
        assertEquals(Example.tokens(new String[] {"a"}, null, null), parse(" {\"tokens\":[\"a\"]} \n"));
        Example dense = parse("{\"x\":[[0.5,-2,1e-3],[1,2,3]],\"tags\":[\"n\",\"a\"],\"label\":\"f\"}");
        assertArrayEquals(new float[] {0.5f, -2f, 1e-3f}, dense.vectors()[0]);
        assertArrayEquals(new String[] {"n", "a"}, dense.tags());
        assertEquals("f", dense.label());
    }

    @Test
    void nullFieldsCountAsAbsent() throws Exception {
        Example e = parse("{\"tokens\":[\"a\"],\"tags\":null,\"label\":null,\"x\":null}");
        assertNull(e.tags());
        assertNull(e.label());
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("", Reason.MALFORMED_JSON),
                Arguments.of("{\"tokens\":[\"a\"]", Reason.MALFORMED_JSON),
                Arguments.of("{\"tokens\":[\"a\"]} {}", Reason.MALFORMED_JSON),
                Arguments.of("{\"tokens\":[\"a\"],\"tokens\":[\"b\"]}", Reason.MALFORMED_JSON),
                Arguments.of("{\"x\":[[NaN]]}", Reason.MALFORMED_JSON),
                Arguments.of("{\"x\":[[Infinity]]}", Reason.MALFORMED_JSON),
                Arguments.of("{'tokens':['a']}", Reason.MALFORMED_JSON),
                Arguments.of("{\"tokens\":[\"a\"]\u0000}", Reason.MALFORMED_JSON),
                Arguments.of("[\"a\"]", Reason.NOT_AN_OBJECT),
                Arguments.of("\"a\"", Reason.NOT_AN_OBJECT),
                Arguments.of("{\"tokens\":[\"a\"],\"lable\":\"spam\"}", Reason.UNKNOWN_FIELD),
                Arguments.of("{\"tokens\":\"a b\"}", Reason.WRONG_TYPE),
                Arguments.of("{\"tokens\":[\"a\",1]}", Reason.WRONG_TYPE),
                Arguments.of("{\"tokens\":[\"a\"],\"label\":1}", Reason.WRONG_TYPE),
                Arguments.of("{\"tokens\":[\"a\"],\"tags\":[[\"x\"]]}", Reason.WRONG_TYPE),
                Arguments.of("{\"x\":[1,2]}", Reason.WRONG_TYPE),
                Arguments.of("{\"x\":[[\"1\"]]}", Reason.WRONG_TYPE),
                Arguments.of("{\"x\":[[true]]}", Reason.WRONG_TYPE),
                Arguments.of("{}", Reason.MISSING_TOKENS),
                Arguments.of("{\"label\":\"spam\"}", Reason.MISSING_TOKENS),
                Arguments.of("{\"tokens\":[\"a\"],\"x\":[[1]]}", Reason.TOKENS_AND_X),
                Arguments.of("{\"tokens\":[]}", Reason.EMPTY_SEQUENCE),
                Arguments.of("{\"x\":[]}", Reason.EMPTY_SEQUENCE),
                Arguments.of("{\"tokens\":[\"a\",\"\"],\"tags\":[\"X\",\"\"]}", Reason.EMPTY_STRING),
                Arguments.of("{\"tokens\":[\"a\"],\"label\":\"\"}", Reason.EMPTY_STRING),
                Arguments.of("{\"tokens\":[\"a\",\"b\"],\"tags\":[\"X\"]}", Reason.TAGS_LENGTH_MISMATCH),
                Arguments.of("{\"x\":[[1]],\"tags\":[\"X\",\"Y\"]}", Reason.TAGS_LENGTH_MISMATCH),
                Arguments.of("{\"x\":[[1,2],[3]]}", Reason.RAGGED_X),
                Arguments.of("{\"x\":[[]]}", Reason.RAGGED_X),
                Arguments.of("{\"x\":[[1e39]]}", Reason.NON_FINITE_VALUE),
                Arguments.of("{\"x\":[[-1e400]]}", Reason.NON_FINITE_VALUE),
                Arguments.of("{\"x\":[[" + "9".repeat(60) + "]]}", Reason.NON_FINITE_VALUE),
                Arguments.of("{\"tokens\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}", Reason.TOO_LONG),
                Arguments.of("{\"x\":[[1],[1],[1],[1],[1],[1]]}", Reason.TOO_LONG),
                Arguments.of("{\"tokens\":[\"abcdefghi\"]}", Reason.TOKEN_TOO_LONG),
                Arguments.of("{\"tokens\":[\"a\"],\"label\":\"abcdefghi\"}", Reason.TOKEN_TOO_LONG),
                Arguments.of("{\"x\":[[1,2,3,4]]}", Reason.TOO_WIDE),
                Arguments.of("{\"tokens\":[\"\\ud800\"]}", Reason.INVALID_UTF8));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void rejectsWithReason(String record, Reason reason) {
        InvalidExampleException e = assertThrows(InvalidExampleException.class, () -> parse(record));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of((Object) new byte[] {'{', (byte) 0xC3}),
                Arguments.of((Object) new byte[] {'{', (byte) 0xC0, (byte) 0x80, '}'}),
                Arguments.of((Object) new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'}),
                Arguments.of((Object) new byte[] {'{', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of((Object) new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'}),
                Arguments.of((Object) new byte[] {(byte) 0x80}));
    }

    @ParameterizedTest
    @MethodSource("invalidUtf8")
    void rejectsInvalidUtf8(byte[] record) {
        InvalidExampleException e = assertThrows(InvalidExampleException.class, () -> json.parse(record));
        assertEquals(Reason.INVALID_UTF8, e.reason(), e.getMessage());
    }

    @Test
    void nullRecordIsMalformed() {
        assertEquals(Reason.MALFORMED_JSON,
                assertThrows(InvalidExampleException.class, () -> json.parse(null)).reason());
    }

    @Test
    void messageStartsWithTheReasonCode() {
        InvalidExampleException e = assertThrows(InvalidExampleException.class,
                () -> parse("{\"tokens\":[\"a\",\"b\"],\"tags\":[\"X\"]}"));
        assertEquals("tags length mismatch: tags has 1 entries for 2 steps", e.getMessage());
    }

    @Test
    void roundTripsEveryShapeExactly() throws Exception {
        ExampleJson roomy = new ExampleJson();
        Example[] examples = {
            Example.tokens(new String[] {"caf\u00e9", "\"q\"", "\\", "\uD83D\uDE02", "tab\there"},
                    new String[] {"A", "B", "C", "D", "E"}, "l\u00e4bel"),
            Example.tokens(new String[] {"lm", ""}, null, null),
            Example.vectors(new float[][] {{Float.MIN_VALUE, -0.1f, 3.4028235e38f}, {1f / 3, 1e-7f, -0f}},
                    new String[] {"normal", "anomaly"}, "faulty"),
        };
        for (Example e : examples) {
            assertEquals(e, roomy.parse(roomy.toJson(e)));
        }
        assertEquals("{\"tokens\":[\"a\"],\"label\":\"b\"}",
                new String(roomy.toJson(Example.tokens(new String[] {"a"}, null, "b")), StandardCharsets.UTF_8));
    }

    @Test
    void refusesToWriteNonFiniteValues() {
        Example nan = Example.vectors(new float[][] {{Float.NaN}}, null, null);
        assertThrows(IllegalArgumentException.class, () -> json.toJson(nan));
    }
}
