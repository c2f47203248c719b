package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one-command demo, shortened; and its metrics scraped over HTTP while it runs. */
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

    @Test
    void metricsScrapedOverHttpMatchWhatWasStreamed() throws Exception {
        StringWriter text = new StringWriter();
        PrintWriter sink = new PrintWriter(text, true);
        try (DemoPipeline demo = new DemoPipeline(sink, sink)) {
            demo.start(new ConfigOptions(), 400, 1);
            DemoPipeline.Summary s = demo.stream(25, 0);
            assertEquals(25, s.labels(), text.toString());
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + demo.serving().httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            Map<String, Double> m = parse(r.body());
            assertEquals(s.tokens(), m.get("rnn_tokens_processed_total"), 0.0);
            assertEquals(25, m.get("rnn_sequences_completed_total{reason=\"end\"}"), 0.0);
            assertEquals(1, m.get("rnn_model_version"), 0.0);
            assertEquals(s.tokens(), m.get("rnn_token_latency_seconds_count"), 0.0);
            assertTrue(m.getOrDefault("rnn_generated_tokens_total", 0.0) >= 1);
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")), "JVM binder");
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("kafka_stream")), "Kafka Streams binder");
        }
    }

    /** Sample name with its labels as written (minus application/instance tags) -> value. */
    static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");
        for (String l : exposition.split("\n")) {
            Matcher m = line.matcher(l);
            if (l.startsWith("#") || !m.find()) {
                continue;
            }
            String labels = m.group(2) == null ? "" : m.group(2)
                    .replaceAll("(application|instance)=\"[^\"]*\",?", "").replace(",}", "}").replace("{}", "");
            samples.merge(m.group(1) + labels, Double.parseDouble(m.group(3)), Double::sum);
        }
        return samples;
    }
}
