package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The plain-token fast path agrees with Jackson on every input, and allocates only the token. */
class TokenMessageParserTest {
    private static final int MAX_TOKEN_CHARS = 12;
    private static final String[] PIECES = {
        "{", "}", "\"token\"", ":", "\"", "abc", "a b", "\\\"", "\\\\", "\\n", "\\u0041", "é", "\u0001", "\u007f",
        " ", "\t", "\n", "\r", ",", "\"end\"", "true", "\"id\"", "7", "\"toke\"", "\"tokens\"", "[", "]", "null",
        "\"\"", "abcdefghijklm", "x", "\uFEFF"};

    private final TokenMessageParser parser = new TokenMessageParser(MAX_TOKEN_CHARS, 10);

    @Test
    void fastPathAndJacksonAgreeOnGeneratedRecords() {
        SplittableRandom r = new SplittableRandom(11);
        int fast = 0;
        for (int i = 0; i < 30_000; i++) {
            String text = i % 3 == 0 ? mutate(canonical(r), r) : i % 3 == 1 ? canonical(r) : pieces(r);
            byte[] value = text.getBytes(StandardCharsets.UTF_8);
            String viaParse = outcome(value, true);
            String viaJackson = outcome(value, false);
            assertEquals(viaJackson, viaParse, "record " + text);
            if (viaParse.startsWith("token=")) {
                fast++;
            }
        }
        assertTrue(fast > 5_000, "a third of the records are canonical, most of them plain tokens: " + fast);
    }

    @Test
    void aPlainTokenAllocatesOnlyItsString() throws RejectedInput {
        byte[] value = "{\"token\":\"cat\"}".getBytes(StandardCharsets.UTF_8);
        TokenMessage m = new TokenMessage();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            parser.parse(value, m);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            parser.parse(value, m);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("cat", m.token);
        // A String of 3 Latin-1 characters: 24 bytes of String and 24 of byte[].
        assertTrue(allocated <= n * 48L + 1024, "parsing allocated " + allocated + " bytes for " + n + " records");
    }

    /** The parsed fields, or the rejection reason. */
    private String outcome(byte[] value, boolean withFastPath) {
        TokenMessage m = new TokenMessage();
        try {
            if (withFastPath) {
                parser.parse(value, m);
            } else {
                parser.parseJson(value, m);
            }
        } catch (RejectedInput e) {
            return "rejected " + e.reason();
        }
        return "token=" + m.token + " x=" + m.xLength + " end=" + m.end + " reset=" + m.reset + " generate="
                + m.generate + " id=" + m.id + " numeric=" + m.idNumeric;
    }

    private static String canonical(SplittableRandom r) {
        StringBuilder token = new StringBuilder();
        int length = r.nextInt(0, MAX_TOKEN_CHARS + 3);
        for (int i = 0; i < length; i++) {
            token.append((char) r.nextInt(0x20, 0x7F));
        }
        String ws = r.nextInt(4) == 0 ? " " : "";
        return ws + "{" + ws + "\"token\"" + ws + ":" + ws + "\"" + token.toString().replace("\\", "").replace("\"", "")
                + "\"" + ws + "}" + ws;
    }

    private static String mutate(String s, SplittableRandom r) {
        StringBuilder b = new StringBuilder(s);
        int edits = r.nextInt(1, 3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, PIECES[r.nextInt(PIECES.length)]);
                default -> b.setCharAt(at, (char) r.nextInt(0, 0x100));
            }
        }
        return b.toString();
    }

    private static String pieces(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(1, 12);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
