package dev.photopipe.enrich.cameras;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.photopipe.enrich.reference.FileProblem;
import dev.photopipe.enrich.reference.InvalidFileException;
import dev.photopipe.enrich.reference.LocatedYaml;
import dev.photopipe.enrich.reference.LocatedYaml.Mapping;
import dev.photopipe.enrich.reference.LocatedYaml.Node;
import dev.photopipe.enrich.reference.LocatedYaml.Sequence;
import dev.photopipe.enrich.reference.YamlFields;
import dev.photopipe.schemas.Camera;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads camera reference data from CSV or YAML (by file extension) into {@link Camera} records,
 * rejecting the whole file if anything is wrong and reporting every problem with its line.
 *
 * <p>CSV: a header row with {@code camera_id} (required) and any of {@code site}, {@code line},
 * {@code station}, {@code default_album} (slash-separated path), {@code default_tags} and
 * {@code attributes} ({@code |}-separated; attributes as {@code name=value}). YAML:
 * {@code cameras:} followed by a list of mappings with {@code id}, the same optional keys, and
 * lists/mappings for tags and attributes. See {@code examples/cameras.csv}.
 */
public final class CamerasFile {
    static final Set<String> COLUMNS = Set.of("camera_id", "site", "line", "station", "default_album",
            "default_tags", "attributes");
    private static final Set<String> YAML_KEYS = Set.of("id", "site", "line", "station", "default_album",
            "default_tags", "attributes");
    private static final String LIST_SEPARATOR = "|";

    private CamerasFile() {
    }

    /**
     * Loads and validates {@code file} ({@code .csv}, {@code .yaml} or {@code .yml}).
     *
     * @return the cameras by id, in file order
     * @throws InvalidFileException listing every problem, each with file and line
     * @throws IOException          if the file cannot be read
     */
    public static Map<String, Camera> load(Path file) throws IOException, InvalidFileException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<FileProblem> problems = new ArrayList<>();
        Map<String, Camera> cameras = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        if (name.endsWith(".csv")) {
            readCsv(file, problems, cameras, lines);
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            readYaml(file, problems, cameras, lines);
        } else {
            problems.add(new FileProblem(file, 0, "expected a .csv, .yaml or .yml file"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems);
        }
        return cameras;
    }

    private static void readCsv(Path file, List<FileProblem> problems, Map<String, Camera> cameras,
                                Map<String, Integer> lines) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class).with(schema).readValues(reader)) {
            CsvSchema header = (CsvSchema) rows.getParser().getSchema();
            boolean headerOk = true;
            for (String column : header.getColumnNames()) {
                if (!COLUMNS.contains(column)) {
                    problems.add(new FileProblem(file, 1, "unknown column '" + column + "' (allowed: "
                            + String.join(", ", COLUMNS.stream().sorted().toList()) + ")"));
                }
            }
            if (!header.getColumnNames().contains("camera_id")) {
                problems.add(new FileProblem(file, 1, "the header needs a camera_id column"));
                headerOk = false;
            }
            while (headerOk && rows.hasNextValue()) {
                Map<String, String> row;
                try {
                    row = rows.nextValue();
                } catch (RuntimeJsonMappingException e) {
                    problems.add(new FileProblem(file, rows.getCurrentLocation().getLineNr(), e.getMessage()));
                    break;
                }
                int line = rows.getParser().currentTokenLocation().getLineNr();
                String id = blankToNull(row.get("camera_id"));
                if (id == null) {
                    problems.add(new FileProblem(file, line, "camera_id is empty"));
                    continue;
                }
                Map<String, String> attributes = new LinkedHashMap<>();
                for (String pair : split(row.get("attributes"))) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        problems.add(new FileProblem(file, line, "attribute '" + pair + "' is not name=value"));
                    } else {
                        attributes.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                    }
                }
                add(file, problems, cameras, lines, line, camera(id, row.get("site"), row.get("line"),
                        row.get("station"), row.get("default_album"), split(row.get("default_tags")), attributes));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add(new FileProblem(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid CSV: " + e.getOriginalMessage()));
        }
    }

    private static void readYaml(Path file, List<FileProblem> problems, Map<String, Camera> cameras,
                                 Map<String, Integer> lines) throws IOException {
        YamlFields fields = new YamlFields(file, problems);
        Node root = LocatedYaml.parse(file, problems);
        Mapping top = root == null ? null : fields.mapping(root, "the file");
        if (top == null) {
            return;
        }
        fields.checkKeys(top, "the file", Set.of("cameras"), Set.of("cameras"));
        Sequence list = top.entries().containsKey("cameras")
                ? fields.sequence(top.entries().get("cameras"), fields.line(top, "cameras"), "'cameras'") : null;
        for (Node item : list == null ? List.<Node>of() : list.items()) {
            Mapping camera = fields.mapping(item, "a camera");
            if (camera == null) {
                continue;
            }
            fields.checkKeys(camera, "a camera", YAML_KEYS, Set.of("id"));
            String id = blankToNull(fields.string(camera, "id"));
            List<String> tags = fields.strings(camera, "default_tags").stream().map(YamlFields.Located::value).toList();
            Map<String, String> attributes = fields.stringMap(camera, "attributes");
            if (id != null) {
                add(file, problems, cameras, lines, fields.line(camera, "id"), camera(id, fields.string(camera, "site"),
                        fields.string(camera, "line"), fields.string(camera, "station"),
                        fields.string(camera, "default_album"), tags, attributes));
            }
        }
    }

    private static void add(Path file, List<FileProblem> problems, Map<String, Camera> cameras,
                            Map<String, Integer> lines, int line, Camera camera) {
        Integer first = lines.putIfAbsent(camera.getCameraId(), line);
        if (first != null) {
            problems.add(new FileProblem(file, line, "duplicate camera id '" + camera.getCameraId()
                    + "' (first on line " + first + ")"));
            return;
        }
        cameras.put(camera.getCameraId(), camera);
    }

    private static Camera camera(String id, String site, String line, String station, String album,
                                 List<String> tags, Map<String, String> attributes) {
        List<String> albumPath = album == null ? List.of() : Arrays.stream(album.split("/"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return Camera.newBuilder()
                .setCameraId(id.strip())
                .setSite(blankToNull(site))
                .setLine(blankToNull(line))
                .setStation(blankToNull(station))
                .setDefaultAlbumPath(albumPath)
                .setDefaultTags(tags)
                .setAttributes(attributes)
                .build();
    }

    private static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(java.util.regex.Pattern.quote(LIST_SEPARATOR)))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
