package io.rnnstreams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped by the Helm chart queries only metrics the application exports
 * (its own rnn_* meters and Micrometer's kafka_* / jvm_* binders) and covers what operators need.
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("helm/rnn-streams/dashboards/rnn-streams.json");

    /** The application's own meters, as Prometheus names (histograms add _bucket/_count/_sum). */
    private static final Set<String> COUNTERS_AND_GAUGES = Set.of(
            "rnn_tokens_processed_total",
            "rnn_sequences_completed_total",
            "rnn_dlq_records_total",
            "rnn_model_version",
            "rnn_model_swaps_total",
            "rnn_state_resets_total",
            "rnn_models_rejected_total",
            "rnn_trainer_loss",
            "rnn_trainer_accuracy",
            "rnn_trainer_examples_per_second",
            "rnn_trainer_tokens_per_second",
            "rnn_trainer_models_published_total",
            "rnn_trainer_gradient_norm");
    private static final Set<String> HISTOGRAMS = Set.of("rnn_token_latency_seconds");
    private static final List<String> BINDER_PREFIXES = List.of("kafka_", "jvm_");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    private static JsonNode dashboard;

    @BeforeAll
    static void parse() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    @Test
    void everyPanelHasAQueryAndEveryQuerySelectsAMetric() {
        assertTrue(dashboard.path("panels").size() > 0, "no panels in " + DASHBOARD);
        for (JsonNode panel : dashboard.path("panels")) {
            List<String> exprs = expressions(panel);
            assertFalse(exprs.isEmpty(), "panel without a query: " + panel.path("title").asText());
            for (String expr : exprs) {
                assertFalse(PromQlMetricNames.in(expr).isEmpty(), "query selects no metric: " + expr);
            }
        }
    }

    @Test
    void queriesReferenceOnlyExportedMetrics() {
        Set<String> unknown = new TreeSet<>();
        for (String metric : allMetricNames()) {
            if (!isExported(metric)) {
                unknown.add(metric);
            }
        }
        assertEquals(Set.of(), unknown, "dashboard queries metrics the application does not export");
    }

    @Test
    void coversTheOperatorsQuestions() {
        Set<String> used = allMetricNames();
        for (String needed : List.of(
                "rnn_tokens_processed_total",
                "rnn_token_latency_seconds_bucket",
                "rnn_dlq_records_total",
                "rnn_sequences_completed_total",
                "rnn_model_version",
                "rnn_model_swaps_total",
                "kafka_consumer_fetch_manager_records_lag_max",
                "rnn_trainer_loss",
                "rnn_trainer_accuracy",
                "rnn_trainer_gradient_norm",
                "rnn_trainer_examples_per_second")) {
            assertTrue(used.contains(needed), "no panel shows " + needed);
        }
        assertTrue(allExpressions().stream().anyMatch(e -> e.startsWith("histogram_quantile(0.99,")
                        && e.contains("rnn_token_latency_seconds_bucket")),
                "no p99 token latency from the histogram buckets");
    }

    @Test
    void gradientNormByDistanceIsOnALogScale() {
        JsonNode panel = panelQuerying("rnn_trainer_gradient_norm");
        assertEquals("log", panel.at("/fieldConfig/defaults/custom/scaleDistribution/type").asText(),
                "vanishing gradients span orders of magnitude: " + panel.path("title").asText());
        assertTrue(expressions(panel).stream().anyMatch(e -> e.contains("by (distance)")),
                "gradient norm must be split by distance");
    }

    private static boolean isExported(String metric) {
        if (COUNTERS_AND_GAUGES.contains(metric) || BINDER_PREFIXES.stream().anyMatch(metric::startsWith)) {
            return true;
        }
        return HISTOGRAMS.stream().anyMatch(h ->
                metric.equals(h + "_bucket") || metric.equals(h + "_count") || metric.equals(h + "_sum"));
    }

    private static Set<String> allMetricNames() {
        Set<String> names = new TreeSet<>();
        for (String expr : allExpressions()) {
            names.addAll(PromQlMetricNames.in(expr));
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            Matcher m = LABEL_VALUES.matcher(variable.at("/query/query").asText(variable.path("query").asText()));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<String> allExpressions() {
        List<String> all = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> all.addAll(expressions(panel)));
        return all;
    }

    private static List<String> expressions(JsonNode panel) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode target : panel.path("targets")) {
            String expr = target.path("expr").asText("").strip();
            if (!expr.isEmpty()) {
                exprs.add(expr);
            }
        }
        return exprs;
    }

    private static JsonNode panelQuerying(String metric) {
        for (JsonNode panel : dashboard.path("panels")) {
            if (expressions(panel).stream().anyMatch(e -> PromQlMetricNames.in(e).contains(metric))) {
                return panel;
            }
        }
        throw new AssertionError("no panel queries " + metric);
    }
}
