package dev.photopipe.schemas.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The build's schema evolution rule: the current schema of a type must be BACKWARD compatible
 * with every committed version (a consumer on the new schema reads everything ever written), and
 * must itself be the latest committed version (so the next change is checked against it).
 *
 * <p>Stateless and thread-safe.
 */
public final class SchemaEvolution {
    private SchemaEvolution() {
    }

    /**
     * Every rule violation of {@code current} against {@code history} (oldest first), one readable
     * sentence each; empty when the schema may be released.
     */
    public static List<String> problems(String name, Schema current, List<SchemaHistory.Version> history) {
        List<String> problems = new ArrayList<>();
        for (SchemaHistory.Version old : history) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old.schema()).getResult();
            if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
                continue;
            }
            for (Incompatibility incompatibility : result.getIncompatibilities()) {
                problems.add(String.format(
                        "%s is not BACKWARD compatible with %s (%s): field '%s' at %s: %s %s. "
                                + "Give new fields a default, never change a field's type incompatibly.",
                        name, old, SchemaHistory.sourcePath(name, old.version()),
                        fieldName(current, incompatibility.getLocation()), incompatibility.getLocation(),
                        incompatibility.getType(), incompatibility.getMessage()));
            }
        }
        int latest = history.size();
        if (latest == 0 || !history.get(latest - 1).schema().equals(current)) {
            problems.add(String.format(
                    "%s differs from its latest committed version%s: snapshot it as %s with this content:%n%s",
                    name, latest == 0 ? " (none yet)" : " v" + latest,
                    SchemaHistory.sourcePath(name, latest + 1), SchemaFormatter.format("json/pretty", current)));
        }
        return problems;
    }

    /**
     * Dotted field path ({@code exif.make}) that a compatibility location such as
     * {@code /fields/13/type/1/fields/0} points at in {@code schema}; the location itself when it
     * does not resolve to a field.
     */
    static String fieldName(Schema schema, String location) {
        List<String> names = new ArrayList<>();
        Schema at = schema;
        String[] tokens = location.split("/");
        try {
            for (int i = 1; i < tokens.length; i++) {
                String token = tokens[i];
                switch (token) {
                    case "fields" -> {
                        Schema.Field field = at.getFields().get(Integer.parseInt(tokens[++i]));
                        names.add(field.name());
                        at = field.schema();
                    }
                    case "type" -> {
                        // A union branch follows as an index.
                        if (at.getType() == Schema.Type.UNION && i + 1 < tokens.length && tokens[i + 1].matches("\\d+")) {
                            at = at.getTypes().get(Integer.parseInt(tokens[++i]));
                        }
                    }
                    case "items" -> at = at.getElementType();
                    case "values" -> at = at.getValueType();
                    default -> {
                        if (at.getType() == Schema.Type.UNION && token.matches("\\d+")) {
                            at = at.getTypes().get(Integer.parseInt(token));
                        } else {
                            i = tokens.length; // symbols, size, name: no deeper field
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            return location;
        }
        return names.isEmpty() ? location : String.join(".", names);
    }
}
