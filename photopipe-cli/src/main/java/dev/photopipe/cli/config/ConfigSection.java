package dev.photopipe.cli.config;

import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings of one part of photopipe (the command itself or one service): a heading for the
 * documentation and the {@link ConfigDef} that declares, validates and documents them.
 *
 * @param name heading, e.g. {@code ingest-producer}
 * @param description one sentence saying who reads these settings
 * @param definition the settings
 */
public record ConfigSection(String name, String description, ConfigDef definition) {
    public ConfigSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(definition, "definition");
    }
}
