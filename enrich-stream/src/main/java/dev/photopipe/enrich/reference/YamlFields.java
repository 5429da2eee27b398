package dev.photopipe.enrich.reference;

import dev.photopipe.enrich.reference.LocatedYaml.Mapping;
import dev.photopipe.enrich.reference.LocatedYaml.Node;
import dev.photopipe.enrich.reference.LocatedYaml.Scalar;
import dev.photopipe.enrich.reference.LocatedYaml.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from a {@link LocatedYaml} tree that record every problem (with its line) instead
 * of stopping at the first, so a file is reported completely in one go. Not thread-safe.
 */
public final class YamlFields {
    private final Path file;
    private final List<FileProblem> problems;

    public YamlFields(Path file, List<FileProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    public void problem(int line, String message) {
        problems.add(new FileProblem(file, line, message));
    }

    /** {@code node} as a mapping, or {@code null} (and a problem) if it is something else. */
    public Mapping mapping(Node node, String what) {
        if (node instanceof Mapping mapping) {
            return mapping;
        }
        problem(node == null ? 0 : node.line(), what + " must be a mapping of keys to values");
        return null;
    }

    /** {@code node} as a sequence, or {@code null} (and a problem) if it is something else. */
    public Sequence sequence(Node node, int line, String what) {
        if (node instanceof Sequence sequence) {
            return sequence;
        }
        problem(node == null ? line : node.line(), what + " must be a list");
        return null;
    }

    /** Reports keys outside {@code allowed} and missing {@code required} keys. */
    public void checkKeys(Mapping mapping, String what, Set<String> allowed, Set<String> required) {
        mapping.keyLines().forEach((key, line) -> {
            if (!allowed.contains(key)) {
                problem(line, "unknown key '" + key + "' in " + what + " (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        });
        for (String key : required) {
            if (!mapping.entries().containsKey(key) || isNull(mapping.entries().get(key))) {
                problem(mapping.line(), what + " needs '" + key + "'");
            }
        }
    }

    public int line(Mapping mapping, String key) {
        return mapping.keyLines().getOrDefault(key, mapping.line());
    }

    /** A scalar as text; {@code null} if absent or null. */
    public String string(Mapping mapping, String key) {
        Node node = mapping.entries().get(key);
        if (node == null || isNull(node)) {
            return null;
        }
        if (node instanceof Scalar scalar) {
            return scalar.text();
        }
        problem(node.line(), "'" + key + "' must be a single value");
        return null;
    }

    /** An integer, or {@code fallback} if absent; a problem if it is not an integer. */
    public Integer integer(Mapping mapping, String key, Integer fallback) {
        String text = string(mapping, key);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            problem(line(mapping, key), "'" + key + "' must be a whole number, not '" + text + "'");
            return fallback;
        }
    }

    /** A boolean ({@code true}/{@code false}), or {@code fallback} if absent. */
    public boolean bool(Mapping mapping, String key, boolean fallback) {
        String text = string(mapping, key);
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        problem(line(mapping, key), "'" + key + "' must be true or false, not '" + text + "'");
        return fallback;
    }

    /** A list of scalars (a single scalar counts as a list of one); empty if absent. */
    public List<Located> strings(Mapping mapping, String key) {
        Node node = mapping.entries().get(key);
        List<Located> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (node instanceof Scalar scalar) {
            out.add(new Located(scalar.text(), scalar.line()));
            return out;
        }
        Sequence sequence = sequence(node, node.line(), "'" + key + "'");
        if (sequence != null) {
            for (Node item : sequence.items()) {
                if (item instanceof Scalar scalar && scalar.text() != null) {
                    out.add(new Located(scalar.text(), scalar.line()));
                } else {
                    problem(item.line(), "items of '" + key + "' must be single values");
                }
            }
        }
        return out;
    }

    /** A mapping of scalars to scalars; empty if absent. */
    public Map<String, String> stringMap(Mapping mapping, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Node node = mapping.entries().get(key);
        if (node == null || isNull(node)) {
            return out;
        }
        Mapping inner = mapping(node, "'" + key + "'");
        if (inner != null) {
            inner.entries().forEach((name, value) -> {
                if (value instanceof Scalar scalar && scalar.text() != null) {
                    out.put(name, scalar.text());
                } else {
                    problem(inner.keyLines().get(name), "'" + key + "." + name + "' must be a single value");
                }
            });
        }
        return out;
    }

    /** A value and the line it was read from. */
    public record Located(String value, int line) {
    }

    private static boolean isNull(Node node) {
        return node instanceof Scalar scalar && scalar.text() == null;
    }
}
