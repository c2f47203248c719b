package io.rnnstreams.deploy;

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

/** The Grafana dashboard shipped with the Helm chart, read as the PromQL it runs. */
public final class GrafanaDashboard {
    public static final Path FILE = Path.of("helm/rnn-streams/dashboards/rnn-streams.json");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    private final JsonNode json;

    private GrafanaDashboard(JsonNode json) {
        this.json = json;
    }

    public static GrafanaDashboard read() throws IOException {
        return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
    }

    JsonNode json() {
        return json;
    }

    /** Every metric name a panel or a template variable queries, as Prometheus sample names. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions()) {
            names.addAll(PromQlMetricNames.in(expr));
        }
        for (JsonNode variable : json.at("/templating/list")) {
            Matcher m = LABEL_VALUES.matcher(variable.at("/query/query").asText(variable.path("query").asText()));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The PromQL of every panel. */
    List<String> expressions() {
        List<String> all = new ArrayList<>();
        json.path("panels").forEach(panel -> all.addAll(expressions(panel)));
        return all;
    }

    static List<String> expressions(JsonNode panel) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode target : panel.path("targets")) {
            String expr = target.path("expr").asText("").strip();
            if (!expr.isEmpty()) {
                exprs.add(expr);
            }
        }
        return exprs;
    }
}
