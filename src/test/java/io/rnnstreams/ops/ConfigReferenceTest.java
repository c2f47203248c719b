package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.ops.ConfigKey.UsedBy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
    private static final Path DOC = Path.of("docs/configuration.md");
    private static final String BEGIN = "<!-- BEGIN GENERATED TABLE";
    private static final String END = "<!-- END GENERATED TABLE -->";

    @Test
    void docsTableMatchesTheDeclarations() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf('\n', doc.indexOf(BEGIN)) + 1;
        int end = doc.indexOf(END);
        assertTrue(begin > 0 && end > begin, DOC + " lacks the generated-table markers");
        String expected = ConfigReference.markdownTable();
        if (!doc.substring(begin, end).equals(expected)) {
            Path fresh = Path.of("target/configuration-table.md");
            Files.writeString(fresh, expected, StandardCharsets.UTF_8);
            assertEquals(expected, doc.substring(begin, end), DOC + " is out of date with "
                    + "ConfigKeys: replace its table with " + fresh.toAbsolutePath());
        }
    }

    @Test
    void everyKeyHasOneRow() {
        List<String> rows = ConfigReference.markdownTable().lines().skip(2).toList();
        assertEquals(ConfigKeys.all().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith("| `" + ConfigKeys.all().get(i).name() + "` |"));
        }
    }

    @Test
    void helpListsTheKeysOfOneProcess() {
        String serve = ConfigReference.plainText(UsedBy.SERVE);
        assertTrue(serve.contains("  sequence.idle.timeout"), serve);
        assertTrue(serve.contains("  commit.interval.ms "), serve);
        assertTrue(serve.lines().anyMatch(l -> l.matches("  topics\\.dlq +tokens-dlq +rejected.*")),
                serve);
        assertTrue(!serve.contains("train.epochs"), serve);
        String train = ConfigReference.plainText(UsedBy.TRAIN);
        assertTrue(train.contains("  train.epochs "), train);
        assertTrue(!train.contains("sequence.idle.timeout"), train);
    }
}
