package dev.photopipe.ingest.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the folders under a watched root to attributes: with {@code {site}/{line}/{camera}/**},
 * a photo at {@code plant-1/line-3/cam-07/2026/11/a.jpg} gets site {@code plant-1}, line
 * {@code line-3} and camera {@code cam-07}. A segment is a {@code {name}}, a literal, {@code *}
 * (any one folder) or, last only, {@code **} (any depth). Variables are matched against folders
 * only, never the file name.
 *
 * <p>Hand-written: {@link java.nio.file.PathMatcher} globs test a path but cannot capture parts
 * of it. Immutable and thread-safe.
 */
public final class PathPattern {
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)}");

    private final String source;
    private final List<String> segments;
    private final boolean anyDepth;

    private PathPattern(String source, List<String> segments, boolean anyDepth) {
        this.source = source;
        this.segments = segments;
        this.anyDepth = anyDepth;
    }

    /**
     * Parses a pattern; empty or blank means "no attributes from folders, any depth".
     *
     * @throws IllegalArgumentException naming the pattern and the offending segment
     */
    public static PathPattern parse(String pattern) {
        String trimmed = pattern == null ? "" : pattern.strip();
        if (trimmed.isEmpty()) {
            return new PathPattern("", List.of(), true);
        }
        String[] parts = trimmed.split("/");
        List<String> segments = new ArrayList<>();
        boolean anyDepth = false;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("**")) {
                if (i != parts.length - 1) {
                    throw new IllegalArgumentException("Path pattern '" + pattern + "': '**' may only be the last segment");
                }
                anyDepth = true;
            } else if (part.isEmpty() || (part.contains("{") && !VARIABLE.matcher(part).matches())
                    || (part.contains("*") && !part.equals("*"))) {
                throw new IllegalArgumentException("Path pattern '" + pattern + "': segment '" + part
                        + "' must be {name}, a folder name, * or a final **");
            } else {
                segments.add(part);
            }
        }
        return new PathPattern(trimmed, List.copyOf(segments), anyDepth);
    }

    /**
     * The variables a photo's folders give, or empty when its folders do not fit the pattern.
     *
     * @param relativeFolder the photo's folder relative to the watched root (empty path for the root)
     */
    public Optional<Map<String, String>> match(Path relativeFolder) {
        List<String> folders = new ArrayList<>();
        for (Path part : relativeFolder) {
            if (!part.toString().isEmpty()) {
                folders.add(part.toString());
            }
        }
        if (folders.size() < segments.size() || (!anyDepth && folders.size() != segments.size())) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            Matcher variable = VARIABLE.matcher(segment);
            if (variable.matches()) {
                values.put(variable.group(1), folders.get(i));
            } else if (!segment.equals("*") && !segment.equals(folders.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    @Override
    public String toString() {
        return source;
    }
}
