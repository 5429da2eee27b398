package dev.photopipe.enrich.reference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every node, so that validation can name
 * the line of each problem (Jackson's own tree forgets locations). Duplicate keys are reported,
 * not silently overwritten.
 */
public final class LocatedYaml {
    /** A YAML node and the line it starts on. */
    public sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar; {@code text} is {@code null} for YAML null, {@code quoted}-ness is not kept. */
    public record Scalar(String text, boolean string, int line) implements Node {
    }

    /** A mapping in document order; {@code keyLines} holds the line of each key. */
    public record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    }

    public record Sequence(List<Node> items, int line) implements Node {
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private LocatedYaml() {
    }

    /**
     * Parses {@code file}; syntax errors and duplicate keys go to {@code problems}.
     *
     * @return the root node, or {@code null} if the file is empty or not valid YAML
     */
    public static Node parse(Path file, List<FileProblem> problems) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            return first == null ? null : read(parser, file, problems);
        } catch (JsonProcessingException e) {
            problems.add(new FileProblem(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage()));
            return null;
        }
    }

    private static Node read(JsonParser parser, Path file, List<FileProblem> problems) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    Node value = read(parser, file, problems);
                    if (entries.containsKey(key)) {
                        problems.add(new FileProblem(file, keyLine, "duplicate key '" + key + "' (first on line "
                                + keyLines.get(key) + ")"));
                        continue;
                    }
                    entries.put(key, value);
                    keyLines.put(key, keyLine);
                }
                return new Mapping(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines), line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, file, problems));
                }
                return new Sequence(List.copyOf(items), line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, false, line);
            }
            case VALUE_STRING -> {
                return new Scalar(parser.getText(), true, line);
            }
            default -> {
                return new Scalar(parser.getText(), false, line);
            }
        }
    }
}
