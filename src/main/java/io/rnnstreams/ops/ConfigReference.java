package io.rnnstreams.ops;

import io.rnnstreams.ops.ConfigKey.UsedBy;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders the key declarations for people: the table in docs/configuration.md (a test keeps the
 * two equal) and the key list of a command's {@code --help}.
 */
public final class ConfigReference {
    private static final String UNSET = "(unset)";

    private ConfigReference() {}

    /** The Markdown table of every declared key, one row per key in declaration order. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| key | type | default | used by | environment variable | meaning |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (ConfigKey<?> key : ConfigKeys.all()) {
            out.append("| `").append(key.name()).append("` | ")
                    .append(cell(key.type().description())).append(" | ")
                    .append(key.isOptional() ? UNSET : "`" + key.defaultText() + "`")
                    .append(" | ").append(usedBy(key)).append(" | `")
                    .append(key.environmentVariable()).append("` | ")
                    .append(cell(key.description())).append(" |\n");
        }
        return out.toString();
    }

    /** Plain-text lines {@code key  default  meaning} for the keys one process reads. */
    public static String plainText(UsedBy process) {
        List<ConfigKey<?>> keys = ConfigKeys.all().stream()
                .filter(k -> k.usedBy().contains(process))
                .toList();
        int nameWidth = keys.stream().mapToInt(k -> k.name().length()).max().orElse(0);
        int defaultWidth = keys.stream().mapToInt(k -> shownDefault(k).length()).max().orElse(0);
        String format = "  %-" + nameWidth + "s  %-" + defaultWidth + "s  %s%n";
        StringBuilder out = new StringBuilder();
        for (ConfigKey<?> key : keys) {
            out.append(String.format(Locale.ROOT, format, key.name(), shownDefault(key),
                    key.description()));
        }
        return out.toString();
    }

    private static String shownDefault(ConfigKey<?> key) {
        return key.isOptional() ? UNSET : key.defaultText();
    }

    private static String usedBy(ConfigKey<?> key) {
        return key.usedBy().stream()
                .map(u -> u.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
