package io.rnnstreams.deploy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Not a full parser: it removes what cannot be a
 * metric name (strings, label matchers, ranges, grouping label lists, numbers, durations, Grafana
 * variables), then every remaining identifier that is neither a function call nor a keyword is a
 * metric name. Good enough to check that a dashboard only queries metrics the application exports.
 */
final class PromQlMetricNames {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** An identifier not glued to a word, a number, a decimal point or a Grafana {@code $}. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "atan2");

    private PromQlMetricNames() {}

    static Set<String> in(String expression) {
        String stripped = expression;
        for (Pattern removed : new Pattern[] {STRING, LABEL_MATCHERS, RANGE, GROUPING}) {
            stripped = removed.matcher(stripped).replaceAll(" ");
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String name = m.group();
            boolean functionCall = stripped.substring(m.end()).stripLeading().startsWith("(");
            if (!functionCall && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}
