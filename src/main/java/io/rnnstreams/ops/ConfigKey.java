package io.rnnstreams.ops;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One declared configuration key: its name, type, default, meaning and which processes read it.
 * Declared once, in {@link ConfigKeys}; the docs table and the example files are checked
 * against the declarations.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {
    /** The processes that read a key; each one's example file must list it. */
    public enum UsedBy { SERVE, TRAIN }

    static final String ENV_PREFIX = "RNN_STREAMS_";

    private final String name;
    private final ValueType<T> type;
    private final String defaultText;
    private final String description;
    private final Set<UsedBy> usedBy;

    /**
     * @param defaultText the default as written in a properties file; empty for an optional key,
     *     which then has no value unless one is set
     */
    ConfigKey(String name, ValueType<T> type, String defaultText, String description,
            Set<UsedBy> usedBy) {
        this.name = name;
        this.type = type;
        this.defaultText = defaultText;
        if (!defaultText.isEmpty()) {
            // A bad default fails when ConfigKeys initialises, in every test, not in production.
            type.parse(defaultText);
        }
        this.description = description;
        this.usedBy = Collections.unmodifiableSet(EnumSet.copyOf(usedBy));
    }

    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    /** The default as text, empty for an optional key. */
    public String defaultText() {
        return defaultText;
    }

    /** An optional key may be left empty; {@link RnnStreamsConfig#find} then returns empty. */
    public boolean isOptional() {
        return defaultText.isEmpty();
    }

    public String description() {
        return description;
    }

    public Set<UsedBy> usedBy() {
        return usedBy;
    }

    /** The environment variable that overrides this key, e.g. {@code RNN_STREAMS_TOPICS_TOKENS}. */
    public String environmentVariable() {
        return environmentVariable(name);
    }

    static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return name;
    }
}
