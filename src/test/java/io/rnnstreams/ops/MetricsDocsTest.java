package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md lists exactly the rnn_* metrics the code publishes, with their types; README.md names each. */
class MetricsDocsTest {
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `(rnn_[a-z_]+)` \\| ([a-z]+) \\|",
            Pattern.MULTILINE);
    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (rnn_[a-z_]+) ([a-z]+)$",
            Pattern.MULTILINE);
    private static final Pattern README_NAME = Pattern.compile("`(rnn_[a-z_]+)[`{]");

    @Test
    void docsListEveryPublishedMetricWithItsType() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Matcher d = DOC_ROW.matcher(Files.readString(Path.of("docs/metrics.md")));
        while (d.find()) {
            documented.put(d.group(1), d.group(2));
        }
        assertEquals(published(), documented);
    }

    @Test
    void readmeNamesEveryPublishedMetric() throws IOException {
        Set<String> named = new TreeSet<>();
        Matcher m = README_NAME.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            named.add(m.group(1));
        }
        Set<String> families = new TreeSet<>(published().keySet());
        // The histogram's _max gauge is named with the histogram itself.
        families.remove("rnn_token_latency_seconds_max");
        Set<String> missing = new TreeSet<>(families);
        missing.removeAll(named);
        assertEquals(Set.of(), missing, "published but not named in README.md");
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(families);
        assertEquals(Set.of(), unknown, "named in README.md but not published");
    }

    /** Metric family -> type, from a scrape of every rnn_* meter. */
    private static Map<String, String> published() throws IOException {
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
        return published;
    }
}
