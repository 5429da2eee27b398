package dev.photopipe.cli.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Renders the configuration reference as Markdown from the {@code ConfigDef}s, so that the README
 * never drifts from the code: one table per section, in declaration order.
 */
public final class ConfigDocs {
    public static final String START_MARKER = "<!-- config-docs:start -->";
    public static final String END_MARKER = "<!-- config-docs:end -->";
    /** What a contributor runs when the README is stale. */
    public static final String REGENERATE_COMMAND = "./photopipe config docs --update-readme README.md";

    private ConfigDocs() {
    }

    /** The reference for {@code sections}; deterministic, ends with a newline. */
    public static String markdown(List<ConfigSection> sections) {
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated from the services' ConfigDef by `photopipe config docs`; do not edit by hand. "
                + "Regenerate: ").append(REGENERATE_COMMAND).append(" -->\n");
        for (ConfigSection section : sections) {
            out.append("\n### ").append(section.name()).append("\n\n").append(section.description()).append("\n\n");
            out.append("| Setting | Environment variable | Type | Default | Valid values | Importance | Description |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (ConfigKey key : section.definition().configKeys().values()) {
                out.append("| `").append(key.name).append("` | `").append(EnvironmentNames.of(key.name)).append("` | ")
                        .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(cell(defaultValue(key))).append(" | ")
                        .append(cell(key.validator == null ? "" : key.validator.toString())).append(" | ")
                        .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(cell(key.documentation == null ? "" : key.documentation)).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The text between the markers of {@code document}, or null when a marker is missing. */
    public static String between(String document) {
        int start = document.indexOf(START_MARKER);
        int end = document.indexOf(END_MARKER);
        if (start < 0 || end < start) {
            return null;
        }
        return document.substring(start + START_MARKER.length(), end).strip() + "\n";
    }

    /** {@code document} with the text between the markers replaced by {@code markdown}. */
    public static String replaceBetween(String document, String markdown) {
        int start = document.indexOf(START_MARKER);
        int end = document.indexOf(END_MARKER);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("The document lacks the markers " + START_MARKER + " and "
                    + END_MARKER + "; add them where the configuration reference belongs");
        }
        return document.substring(0, start + START_MARKER.length()) + "\n" + markdown.strip() + "\n"
                + document.substring(end);
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "*required*";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        if (key.type == Type.PASSWORD) {
            return EffectiveConfig.MASK;
        }
        String text = value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
        return "`" + (text.isEmpty() ? "\"\"" : text) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
