package io.rnnstreams.ops;

import java.util.List;
import java.util.Locale;

/**
 * Which configuration keys hold secrets. Their values never appear in a dump, a log line or an
 * error message.
 */
public final class SecretKeys {
    /** Shown instead of a secret value. */
    public static final String MASK = "******";

    // Not a bare "token": that would hide topics.tokens and token.max.chars, which operators need.
    private static final List<String> FRAGMENTS = List.of(
            "password", "passphrase", "jaas", "secret", "token.value", "ssl.key", "private.key");

    private SecretKeys() {}

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String fragment : FRAGMENTS) {
            if (lower.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    /** The value, or {@link #MASK} when the key holds a secret. */
    public static String maskIfSecret(String key, String value) {
        return isSecret(key) ? MASK : value;
    }
}
