package dev.photopipe.cli.config;

import java.util.regex.Pattern;

/**
 * Names that hold secrets even when a {@code ConfigDef} forgot {@code Type.PASSWORD}: masking one
 * value too many is harmless, printing one password is not.
 */
final class SecretNames {
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential|api[._-]?key|jaas).*");

    private SecretNames() {
    }

    static boolean looksSecret(String key) {
        return SECRET.matcher(key).matches();
    }
}
