package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/** One command executed in-process: its exit code and what it printed. */
record CommandRun(int exit, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CommandRun of(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new CommandRun(exit, out.toString(), err.toString());
    }

    static CommandRun of(String... args) {
        return of(List.of(args));
    }

    /** Runs {@code args} followed by {@code more}. */
    static CommandRun of(List<String> args, List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return of(all);
    }

    CommandRun ok() {
        assertEquals(0, exit, "exit code; stderr:\n" + err + "\nstdout:\n" + out);
        return this;
    }

    JsonNode json() throws IOException {
        assertEquals(1, out.trim().lines().count(), "one JSON object: " + out);
        return JSON.readTree(out);
    }

    /**
     * The scores of the stream equal the offline ones count for count: examples, tokens,
     * accuracy, every class's precision / recall / F1 / support (a class only one side lists has
     * no support and no prediction on the other), and the entity spans.
     */
    static void assertSameScores(JsonNode offline, JsonNode streamed) {
        assertNotNull(streamed, "no streamed scores");
        assertEquals(offline.get("task"), streamed.get("task"));
        assertEquals(offline.get("examples"), streamed.get("examples"));
        assertEquals(offline.get("tokens"), streamed.get("tokens"));
        assertEquals(offline.get("accuracy").asDouble(), streamed.get("accuracy").asDouble(), 0.0, "accuracy");
        assertTrue(streamed.get("unanswered") == null, "unanswered: " + streamed.get("unanswered"));
        Set<String> classes = new TreeSet<>();
        offline.get("per_class").fieldNames().forEachRemaining(classes::add);
        streamed.get("per_class").fieldNames().forEachRemaining(classes::add);
        for (String c : classes) {
            JsonNode a = offline.get("per_class").get(c);
            JsonNode b = streamed.get("per_class").get(c);
            if (a == null || b == null) {
                JsonNode only = a == null ? b : a;
                assertEquals(0, only.get("support").asLong(), c + " support");
                assertEquals(0.0, only.get("precision").asDouble(), 0.0, c + " predicted on one side only");
                continue;
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                assertEquals(a.get(field).asDouble(), b.get(field).asDouble(), 0.0, c + " " + field);
            }
        }
        assertEquals(offline.get("entities"), streamed.get("entities"), "entity spans");
    }
}
