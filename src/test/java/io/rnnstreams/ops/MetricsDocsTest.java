package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md lists exactly the rnn_* metrics the code publishes, with their types. */
class MetricsDocsTest {
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `(rnn_[a-z_]+)` \\| ([a-z]+) \\|",
            Pattern.MULTILINE);
    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (rnn_[a-z_]+) ([a-z]+)$",
            Pattern.MULTILINE);

    @Test
    void docsListEveryPublishedMetricWithItsType() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Matcher d = DOC_ROW.matcher(Files.readString(Path.of("docs/metrics.md")));
        while (d.find()) {
            documented.put(d.group(1), d.group(2));
        }

        Map<String, String> published = new TreeMap<>();
        try (PrometheusMetrics metrics = new PrometheusMetrics("docs", "test")) {
            ServingMetrics serving = new ServingMetrics(metrics.registry());
            TrainerMetrics trainer = new TrainerMetrics(metrics.registry());
            // Tagged counters appear with their first reason.
            serving.dlq("x");
            serving.modelRejected("x");
            trainer.modelHeldBack("x");
            trainer.batchSkipped("x");
            trainer.exampleRejected("x");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            metrics.scrape(out, PrometheusMetrics.TEXT_CONTENT_TYPE);
            Matcher t = TYPE_LINE.matcher(out.toString(StandardCharsets.UTF_8));
            while (t.find()) {
                published.put(t.group(1), t.group(2));
            }
        }
        assertEquals(published, documented);
    }
}
