package dev.photopipe.cli.config;

import java.util.Objects;

/**
 * One explicitly set value.
 *
 * @param key the setting, e.g. {@code bootstrap.servers}
 * @param value the raw text, before parsing by the {@code ConfigDef}
 * @param source which layer set it
 * @param origin where exactly, for messages: a file name, an environment variable, a flag
 */
public record Setting(String key, String value, ConfigSource source, String origin) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
    }

    /** "environment PHOTOPIPE_KAFKA_PORT", "file photopipe.yaml", ... */
    public String describeOrigin() {
        return source.label() + " " + origin;
    }
}
