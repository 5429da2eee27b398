package dev.photopipe.cli.config;

import java.util.Locale;

/** The environment variable that overrides a setting: {@code bootstrap.servers} → {@code PHOTOPIPE_BOOTSTRAP_SERVERS}. */
public final class EnvironmentNames {
    public static final String PREFIX = "PHOTOPIPE_";

    private EnvironmentNames() {
    }

    public static String of(String key) {
        return PREFIX + key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
