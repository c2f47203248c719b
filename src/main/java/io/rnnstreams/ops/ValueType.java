package io.rnnstreams.ops;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a configuration value: how its text is parsed and validated, and how the allowed
 * values are described to operators (in error messages and the generated docs table).
 *
 * @param <T> the parsed Java type
 */
public final class ValueType<T> {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    // Stricter than Double.parseDouble, which also takes "NaN", "0x1p3" and a trailing "d".
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern KAFKA_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String description;
    private final Function<String, T> parser;

    private ValueType(String description, Function<String, T> parser) {
        this.description = description;
        this.parser = parser;
    }

    /** What is allowed, e.g. {@code int >= 1} or {@code one of: rnn, lstm, gru}. */
    public String description() {
        return description;
    }

    /**
     * Parses a non-empty, already trimmed text.
     *
     * @throws IllegalArgumentException when the text is not allowed; the message says what is
     */
    public T parse(String text) {
        T value = parser.apply(text);
        if (value == null) {
            throw new IllegalArgumentException("expected " + description);
        }
        return value;
    }

    /** Any non-empty text. */
    public static ValueType<String> text() {
        return new ValueType<>("text", s -> s);
    }

    /** A Kafka topic name or application id: the characters Kafka allows in topic names. */
    public static ValueType<String> kafkaName() {
        return new ValueType<>(
                "a Kafka name (letters, digits, '.', '_', '-'; at most 249)",
                s -> KAFKA_NAME.matcher(s).matches() && !s.equals(".") && !s.equals("..")
                        ? s : null);
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>("true or false", s -> {
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            return s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        });
    }

    public static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>("an integer " + range(min, max, Integer.MAX_VALUE), s -> {
            Long v = parseLong(s);
            return v != null && v >= min && v <= max ? Integer.valueOf(v.intValue()) : null;
        });
    }

    public static ValueType<Long> longInteger(long min, long max) {
        String allowed = min == Long.MIN_VALUE && max == Long.MAX_VALUE
                ? "any 64-bit integer" : "an integer " + range(min, max, Long.MAX_VALUE);
        return new ValueType<>(allowed, s -> {
            Long v = parseLong(s);
            return v != null && v >= min && v <= max ? v : null;
        });
    }

    /** A finite decimal number strictly greater than {@code exclusiveMin}. */
    public static ValueType<Double> decimalAbove(double exclusiveMin) {
        return new ValueType<>("a number > " + plain(exclusiveMin), s -> {
            Double v = parseDouble(s);
            return v != null && v > exclusiveMin ? v : null;
        });
    }

    /** A finite decimal number in {@code [min, max]}. */
    public static ValueType<Double> decimal(double min, double max) {
        return new ValueType<>("a number from " + plain(min) + " to " + plain(max), s -> {
            Double v = parseDouble(s);
            return v != null && v >= min && v <= max ? v : null;
        });
    }

    /** A positive duration written as an integer and a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    public static ValueType<Duration> duration() {
        return new ValueType<>("a duration > 0 such as 250ms, 30s, 5m or 1h", s -> {
            Matcher m = DURATION.matcher(s);
            if (!m.matches()) {
                return null;
            }
            try {
                long amount = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
                return d.isZero() ? null : d;
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        });
    }

    /** One of a fixed set of words, matched without regard to case and returned in lower case. */
    public static ValueType<String> oneOf(String... allowed) {
        List<String> words = List.of(allowed);
        return new ValueType<>("one of: " + String.join(", ", words), s -> {
            String lower = s.toLowerCase(Locale.ROOT);
            return words.contains(lower) ? lower : null;
        });
    }

    /** A comma list of distinct words from a fixed set, in the order given. */
    public static ValueType<List<String>> subsetOf(String... allowed) {
        List<String> words = List.of(allowed);
        return new ValueType<>(
                "one or more of " + String.join(", ", words) + ", comma separated", s -> {
                    Set<String> chosen = new LinkedHashSet<>();
                    for (String part : s.split(",", -1)) {
                        String word = part.strip().toLowerCase(Locale.ROOT);
                        if (!words.contains(word) || !chosen.add(word)) {
                            return null;
                        }
                    }
                    return List.copyOf(chosen);
                });
    }

    /** Two positive integers separated by a comma: {@code k1,k2}. */
    public static ValueType<IntPair> positivePair() {
        return new ValueType<>("two integers >= 1 as k1,k2", s -> {
            String[] parts = s.split(",", -1);
            if (parts.length != 2) {
                return null;
            }
            Long a = parseLong(parts[0].strip());
            Long b = parseLong(parts[1].strip());
            if (a == null || b == null || a < 1 || b < 1
                    || a > Integer.MAX_VALUE || b > Integer.MAX_VALUE) {
                return null;
            }
            return new IntPair(a.intValue(), b.intValue());
        });
    }

    private static Long parseLong(String s) {
        if (!INTEGER.matcher(s).matches()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private static Double parseDouble(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            return null;
        }
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v : null;
    }

    private static String range(long min, long max, long unbounded) {
        return max == unbounded ? ">= " + min : "from " + min + " to " + max;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
