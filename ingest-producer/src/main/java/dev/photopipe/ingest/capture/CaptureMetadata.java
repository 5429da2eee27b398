package dev.photopipe.ingest.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.inspect.InspectionException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a capture knows beyond its bytes: the lot, the station, free attributes. It comes as the
 * optional sidecar JSON file a line controller writes next to a photo ({@code photo.jpg.json},
 * else {@code photo.json}), or as the JSON metadata part of a capture posted over HTTP; both have
 * this shape:
 *
 * <pre>{@code
 * {"batch": "LOT-4711", "station": "S12", "orientation": "front",
 *  "captureTime": "2026-11-23T08:15:30Z", "attributes": {"part": "housing"}}
 * }</pre>
 *
 * <p>{@code lot} is accepted for {@code batch}. Other top-level scalar values become attributes,
 * so a line can add fields without a photopipe release; {@link #CAPTURE_FIELDS} never do.
 */
public record CaptureMetadata(
        Optional<String> batch,
        Optional<String> site,
        Optional<String> line,
        Optional<String> station,
        Optional<String> camera,
        Optional<String> orientation,
        Optional<Instant> captureTime,
        Map<String, String> attributes) {

    public static final CaptureMetadata NONE = new CaptureMetadata(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of(
            "batch", "lot", "site", "line", "station", "camera", "orientation", "captureTime", "attributes");
    /**
     * What identifies and locates the bytes: photopipe establishes these itself (see
     * {@link CaptureEvents}), so they are never metadata, not even as attributes.
     */
    public static final Set<String> CAPTURE_FIELDS = Set.of(
            "photoId", "md5", "sizeBytes", "mediaType", "sourceUri", "fileName");

    public CaptureMetadata {
        attributes = Map.copyOf(attributes);
    }

    /** The sidecar file of {@code photo}, if one exists. */
    public static Optional<Path> locate(Path photo) {
        Path full = photo.resolveSibling(photo.getFileName() + ".json");
        if (Files.isRegularFile(full)) {
            return Optional.of(full);
        }
        String name = photo.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            Path base = photo.resolveSibling(name.substring(0, dot) + ".json");
            if (Files.isRegularFile(base)) {
                return Optional.of(base);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the sidecar of {@code photo}; {@link #NONE} when it has none.
     *
     * @throws InspectionException ({@link Problem#SIDECAR_INVALID}) naming the sidecar and the field
     */
    public static CaptureMetadata readSidecar(Path photo) throws InspectionException {
        Optional<Path> file = locate(photo);
        if (file.isEmpty()) {
            return NONE;
        }
        try {
            return fromJson(JSON.readTree(file.get().toFile()));
        } catch (IOException e) {
            throw invalid(file.get(), "is not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        } catch (InvalidField e) {
            throw invalid(file.get(), e.getMessage(), e);
        }
    }

    /**
     * Reads metadata from parsed JSON.
     *
     * @throws InvalidField naming the field that has the wrong shape
     */
    public static CaptureMetadata fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidField(null, "must hold one JSON object like {\"batch\": \"LOT-4711\"}");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode declared = root.get("attributes");
        if (declared != null && !declared.isNull()) {
            if (!declared.isObject()) {
                throw new InvalidField("attributes", "field 'attributes' must be an object of strings");
            }
            declared.fields().forEachRemaining(e -> attributes.put(e.getKey(), scalar("attributes." + e.getKey(), e.getValue())));
        }
        root.fields().forEachRemaining(e -> {
            if (!KNOWN.contains(e.getKey()) && !CAPTURE_FIELDS.contains(e.getKey()) && e.getValue().isValueNode()
                    && !e.getValue().isNull()) {
                attributes.putIfAbsent(e.getKey(), e.getValue().asText());
            }
        });
        Optional<Instant> captureTime = text(root, "captureTime").map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidField("captureTime", "field 'captureTime' must be an ISO-8601 instant like 2026-11-23T08:15:30Z, was '" + value + "'");
            }
        });
        return new CaptureMetadata(text(root, "batch").or(() -> text(root, "lot")), text(root, "site"), text(root, "line"),
                text(root, "station"), text(root, "camera"), text(root, "orientation"), captureTime, attributes);
    }

    private static Optional<String> text(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String value = scalar(field, node).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String scalar(String field, JsonNode node) {
        if (!node.isValueNode()) {
            throw new InvalidField(field, "field '" + field + "' must be a string or number, was " + node.getNodeType());
        }
        return node.asText();
    }

    private static InspectionException invalid(Path file, String message, Throwable cause) {
        return new InspectionException(file, Problem.SIDECAR_INVALID,
                message + "; fix or remove the sidecar and the photo is taken again", cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Metadata that is JSON but not of the expected shape. */
    public static final class InvalidField extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        InvalidField(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The offending field ({@code attributes.part} for nested ones), or null for the whole object. */
        public String field() {
            return field;
        }
    }
}
