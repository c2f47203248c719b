package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
    @TempDir
    Path dir;

    private List<String> lines(byte[] content) throws IOException {
        Path f = Files.write(dir.resolve("f.txt"), content);
        List<String> out = new ArrayList<>();
        try (LineReader r = new LineReader(f)) {
            for (String line = r.next(); line != null; line = r.next()) {
                out.add(line);
                assertEquals(out.size(), r.lineNumber());
            }
        }
        return out;
    }

    private List<String> lines(String content) throws IOException {
        return lines(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsOnLineFeedOnly() throws IOException {
        assertEquals(List.of("a\u0085b", "c\rd", "e\u2028f", "", "last"), lines("a\u0085b\nc\rd\r\ne\u2028f\n\nlast"));
        assertEquals(List.of("x", ""), lines("x\n\n"));
        assertEquals(List.of("\r"), lines("\r\r\n"));
        assertEquals(List.of(), lines(""));
    }

    @Test
    void skipsAByteOrderMarkAtTheStartOnly() throws IOException {
        assertEquals(List.of("a", "\uFEFFb"), lines("\uFEFFa\n\uFEFFb\n"));
    }

    @Test
    void linesLongerThanTheReadBufferAndAcrossItsEdges() throws IOException {
        String longLine = "\u00e9".repeat(100_000);
        List<String> expected = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            String line = i == 7 ? longLine : "line " + i + " " + "x".repeat(i % 97);
            expected.add(line);
            content.append(line).append('\n');
        }
        assertEquals(expected, lines(content.toString()));
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheLine() throws IOException {
        byte[] content = "ok\nok\nbad \u00ff here\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = Files.write(dir.resolve("bad.txt"), content);
        try (LineReader r = new LineReader(f)) {
            r.next();
            r.next();
            DataFormatException e = assertThrows(DataFormatException.class, r::next);
            assertEquals(f + ":3: invalid UTF-8", e.getMessage());
            assertEquals(3, e.line());
        }
    }
}
