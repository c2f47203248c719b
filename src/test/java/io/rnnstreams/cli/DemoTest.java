package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one-command demo, shortened. */
class DemoTest {

    @Test
    void demoPrintsTagsLabelsAGenerationAndASummary() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("demo", "--sequences", "40", "--show", "5", "--train", "1500", "--epochs", "3");
        String printed = out.toString();
        assertEquals(0, exit, err + printed);
        assertTrue(err.toString().contains("Published the model (version 1"), err.toString());
        Matcher shown = Pattern.compile("(?m)^  sentence-\\d{4}  (\\S+/[A-Z]+\\S* )+ => (north|south|west) [01]\\.\\d\\d")
                .matcher(printed);
        int count = 0;
        while (shown.find()) {
            count++;
        }
        assertEquals(5, count, printed);
        assertTrue(printed.contains("generated from \"the\""), printed);
        Matcher summary = Pattern.compile("Summary: 40 sentences, ([\\d,]+) tokens.*\\n  tag accuracy (0\\.\\d+)")
                .matcher(printed);
        assertTrue(summary.find(), printed);
        assertTrue(Double.parseDouble(summary.group(2)) > 0.8, "tag accuracy " + summary.group(2));
    }
}
