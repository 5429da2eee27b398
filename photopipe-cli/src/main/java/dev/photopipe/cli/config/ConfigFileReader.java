package dev.photopipe.cli.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Reads a configuration file into flat {@code key → text} pairs. YAML may nest
 * ({@code bootstrap: {servers: ...}} equals {@code bootstrap.servers: ...}) and give lists for
 * list settings; values stay text so that the {@code ConfigDef} parses and validates them exactly
 * as it does environment variables and flags.
 */
final class ConfigFileReader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigFileReader() {
    }

    /** @throws InvalidConfigException when the file is missing, unreadable or not YAML/properties */
    static Map<String, String> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw fileProblem(file, "the file does not exist or is not a regular file",
                    "give an existing file with --config, e.g. --config photopipe.yaml");
        }
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return readYaml(file);
            }
            if (name.endsWith(".properties")) {
                return readProperties(file);
            }
        } catch (JacksonException e) {
            throw fileProblem(file, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()),
                    "correct the YAML syntax at that line");
        } catch (IOException e) {
            throw fileProblem(file, "cannot be read: " + e.getMessage(), "check the path and its permissions");
        }
        throw fileProblem(file, "unknown file type", "name the file *.yaml, *.yml or *.properties");
    }

    private static Map<String, String> readYaml(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        Map<String, String> flat = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return flat;
        }
        if (!root.isObject()) {
            throw fileProblem(file, "the YAML document is not a mapping of settings",
                    "write one 'key: value' per line, e.g. 'bootstrap.servers: localhost:9092'");
        }
        flatten("", root, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), flat);
            }
        } else if (node.isArray()) {
            // Kafka's LIST type reads comma-separated text.
            flat.put(prefix, StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(",")));
        } else {
            flat.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            flat.put(key, properties.getProperty(key).trim());
        }
        return flat;
    }

    private static InvalidConfigException fileProblem(Path file, String message, String fix) {
        return new InvalidConfigException(List.of(new ConfigProblem(file.toString(), message, fix)));
    }
}
