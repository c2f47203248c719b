package io.rnnstreams.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective configuration of one process: built-in defaults, overridden by a properties
 * file, then by {@code RNN_STREAMS_*} environment variables, then by {@code --set key=value}.
 * Every declared key ({@link ConfigKeys}) is parsed and validated at load; {@code kafka.*} keys
 * pass through to the Kafka clients with the prefix removed.
 *
 * <p>Surrounding whitespace of values is ignored: a trailing space in a properties file is a
 * classic way to lose an afternoon.
 */
public final class RnnStreamsConfig {
    private static final Logger LOG = LoggerFactory.getLogger(RnnStreamsConfig.class);

    private static final String KAFKA_PREFIX = "kafka.";
    private static final String KAFKA_ENV_PREFIX = ConfigKey.ENV_PREFIX + "KAFKA_";
    // ${NAME} is a placeholder left in an example; ${provider:...} is Kafka's own config
    // provider syntax, resolved by the clients, so it is left alone.
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)}");
    // Kafka Streams settings that have a declared key of another name.
    private static final Map<String, String> KAFKA_ALIASES =
            Map.of("statestore.cache.max.bytes", "state.cache.max.bytes");

    private static final Map<String, ConfigKey<?>> BY_NAME = byName();
    private static final Map<String, ConfigKey<?>> BY_ENV = byEnvironmentVariable();

    /** A raw value and where it came from, for messages. */
    private record Setting(String value, String origin) {}

    private final Map<ConfigKey<?>, Object> values;
    private final Map<String, Setting> settings;
    private final Map<String, String> kafka;
    private final List<String> warnings;

    private RnnStreamsConfig(Map<ConfigKey<?>, Object> values, Map<String, Setting> settings,
            Map<String, String> kafka, List<String> warnings) {
        this.values = values;
        this.settings = settings;
        this.kafka = kafka;
        this.warnings = warnings;
    }

    /** Built-in defaults only. */
    public static RnnStreamsConfig defaults() {
        return load(Optional.empty(), Map.of(), Map.of());
    }

    /**
     * Loads and validates the configuration. Warnings (unknown keys, with the likely intended
     * key; duplicates; ignored settings) are logged and kept in {@link #warnings()}.
     *
     * @param file the {@code --config} properties file, if any
     * @param environment the process environment ({@code System.getenv()}); only variables
     *     starting with {@code RNN_STREAMS_} are read
     * @param overrides the {@code --set key=value} pairs
     * @throws ConfigException naming every invalid value, where it came from and what is allowed
     */
    public static RnnStreamsConfig load(Optional<Path> file, Map<String, String> environment,
            Map<String, String> overrides) {
        List<String> warnings = new ArrayList<>();
        Map<String, Setting> settings = new TreeMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            settings.put(key.name(), new Setting(key.defaultText(), "default"));
        }
        file.ifPresent(path -> readFile(path, settings, warnings));
        readEnvironment(environment, settings, warnings);
        overrides.forEach((k, v) -> settings.put(k.strip(), new Setting(v.strip(), "--set")));

        Map<String, Setting> effective = new TreeMap<>();
        Map<String, String> kafka = new TreeMap<>();
        for (Map.Entry<String, Setting> e : settings.entrySet()) {
            String key = e.getKey();
            Setting setting = e.getValue();
            if (BY_NAME.containsKey(key)) {
                effective.put(key, setting);
            } else if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
                String kafkaKey = key.substring(KAFKA_PREFIX.length());
                String declared = BY_NAME.containsKey(kafkaKey)
                        ? kafkaKey : KAFKA_ALIASES.get(kafkaKey);
                if (declared != null) {
                    warnings.add(key + " (" + setting.origin() + ") is ignored: set "
                            + declared + " instead");
                } else {
                    checkKafkaSpelling(key, kafkaKey, setting, warnings);
                    effective.put(key, setting);
                    kafka.put(kafkaKey, setting.value());
                }
            } else {
                warnings.add(unknownKeyWarning(key, setting.origin()));
            }
        }
        warnings.forEach(LOG::warn);

        List<String> errors = new ArrayList<>();
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            parse(key, effective.get(key.name()), values, errors);
        }
        effective.forEach((key, setting) -> checkPlaceholders(key, setting, errors));
        if (!errors.isEmpty()) {
            throw new ConfigException("invalid configuration: " + String.join("; ", errors));
        }
        return new RnnStreamsConfig(values, Collections.unmodifiableMap(effective),
                Collections.unmodifiableMap(kafka), List.copyOf(warnings));
    }

    /** The value of a key; for an optional key that is unset, use {@link #find}. */
    public <T> T get(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new NoSuchElementException(
                key.name() + " is optional and unset; use find()"));
    }

    /** The value of a key, empty only for an optional key left unset. */
    public <T> Optional<T> find(ConfigKey<T> key) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(key);
        return Optional.ofNullable(value);
    }

    /**
     * Where the value of a key came from, for messages: {@code default}, {@code file PATH line
     * N}, {@code environment variable NAME} or {@code --set}.
     */
    public String origin(String key) {
        Setting s = settings.get(key);
        if (s == null) {
            throw new NoSuchElementException("no configuration key " + key);
        }
        return s.origin();
    }

    /** The {@code kafka.*} settings with the prefix removed, sorted, for the Kafka clients. */
    public Map<String, String> kafka() {
        return kafka;
    }

    /** {@link #kafka()} as a fresh {@link Properties}, which the caller may add to. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(kafka);
        return p;
    }

    /** Warnings found while loading (already logged). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Every effective setting, one {@code key=value  (origin)} line each, sorted by key, secrets
     * masked: what a process logs at start-up.
     */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Setting> e : settings.entrySet()) {
            out.append(e.getKey()).append('=')
                    .append(SecretKeys.maskIfSecret(e.getKey(), e.getValue().value()))
                    .append("  (").append(e.getValue().origin()).append(")\n");
        }
        return out.toString();
    }

    private static void readFile(Path path, Map<String, Setting> settings, List<String> warnings) {
        Map<String, Integer> lineOf = new HashMap<>();
        for (PropertiesFile.Entry entry : PropertiesFile.read(path)) {
            Integer earlier = lineOf.put(entry.key(), entry.line());
            if (earlier != null) {
                warnings.add(entry.key() + " is set twice in " + path + " (lines " + earlier
                        + " and " + entry.line() + "); line " + entry.line() + " wins");
            }
            settings.put(entry.key(), new Setting(
                    entry.value().strip(), "file " + path + " line " + entry.line()));
        }
    }

    private static void readEnvironment(Map<String, String> environment,
            Map<String, Setting> settings, List<String> warnings) {
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(ConfigKey.ENV_PREFIX)) {
                continue;
            }
            String key = keyOfEnvironmentVariable(variable);
            if (key == null) {
                warnings.add(unknownVariableWarning(variable));
            } else {
                settings.put(key, new Setting(
                        e.getValue().strip(), "environment variable " + variable));
            }
        }
    }

    /** The key an {@code RNN_STREAMS_*} variable sets, or null when it matches none. */
    static String keyOfEnvironmentVariable(String variable) {
        ConfigKey<?> declared = BY_ENV.get(variable);
        if (declared != null) {
            return declared.name();
        }
        if (variable.startsWith(KAFKA_ENV_PREFIX) && variable.length() > KAFKA_ENV_PREFIX.length()) {
            // Kafka setting names never contain '_', so every underscore was a dot.
            return KAFKA_PREFIX + variable.substring(KAFKA_ENV_PREFIX.length())
                    .toLowerCase(Locale.ROOT).replace('_', '.');
        }
        return null;
    }

    private static String unknownKeyWarning(String key, String origin) {
        String message = "unknown configuration key " + key + " (" + origin + ")";
        if (KafkaConfigNames.ALL.contains(KafkaConfigNames.withoutClientPrefix(key))) {
            return message + "; Kafka settings need the kafka. prefix: " + KAFKA_PREFIX + key;
        }
        return NearestKey.of(key, BY_NAME.keySet())
                .map(k -> message + "; did you mean " + k + "?")
                .orElse(message);
    }

    private static String unknownVariableWarning(String variable) {
        String message = "environment variable " + variable + " matches no configuration key";
        String rest = variable.substring(ConfigKey.ENV_PREFIX.length());
        String asKafkaKey = rest.toLowerCase(Locale.ROOT).replace('_', '.');
        if (KafkaConfigNames.ALL.contains(asKafkaKey)) {
            return message + "; Kafka settings need the KAFKA_ prefix: " + KAFKA_ENV_PREFIX + rest;
        }
        return NearestKey.of(variable, BY_ENV.keySet())
                .map(v -> message + "; did you mean " + v + "?")
                .orElse(message);
    }

    private static void checkKafkaSpelling(String key, String kafkaKey, Setting setting,
            List<String> warnings) {
        if (KafkaConfigNames.isTopicSetting(kafkaKey)) {
            return;
        }
        String bare = KafkaConfigNames.withoutClientPrefix(kafkaKey);
        if (KafkaConfigNames.ALL.contains(bare)) {
            return;
        }
        NearestKey.of(bare, KafkaConfigNames.ALL).ifPresent(known -> warnings.add(
                key + " (" + setting.origin() + ") is not a Kafka client or Kafka Streams "
                        + "setting; did you mean " + KAFKA_PREFIX
                        + kafkaKey.substring(0, kafkaKey.length() - bare.length()) + known + "?"));
    }

    private static void parse(ConfigKey<?> key, Setting setting, Map<ConfigKey<?>, Object> values,
            List<String> errors) {
        String text = setting.value();
        if (text.isEmpty()) {
            if (!key.isOptional()) {
                errors.add(key.name() + " is empty (" + setting.origin() + "): expected "
                        + key.type().description());
            }
            return;
        }
        try {
            values.put(key, key.type().parse(text));
        } catch (IllegalArgumentException e) {
            errors.add(key.name() + "=" + SecretKeys.maskIfSecret(key.name(), text)
                    + " (" + setting.origin() + "): " + e.getMessage());
        }
    }

    private static void checkPlaceholders(String key, Setting setting, List<String> errors) {
        Matcher m = PLACEHOLDER.matcher(setting.value());
        if (m.find()) {
            errors.add(key + " (" + setting.origin() + ") still contains the placeholder "
                    + m.group() + ", which is not expanded: set the real value in the "
                    + "environment variable " + ConfigKey.environmentVariable(key)
                    + " or with --set");
        }
    }

    private static Map<String, ConfigKey<?>> byName() {
        Map<String, ConfigKey<?>> m = new LinkedHashMap<>();
        ConfigKeys.all().forEach(k -> m.put(k.name(), k));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, ConfigKey<?>> byEnvironmentVariable() {
        Map<String, ConfigKey<?>> m = new TreeMap<>();
        ConfigKeys.all().forEach(k -> m.put(k.environmentVariable(), k));
        return Collections.unmodifiableMap(m);
    }
}
