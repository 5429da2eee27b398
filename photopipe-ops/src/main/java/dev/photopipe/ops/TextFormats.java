package dev.photopipe.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable outputs of the operator commands: CSV with a header row, quoted as RFC 4180
 * says (Jackson's CSV module: a comma, quote or line break inside a value is quoted, quotes doubled),
 * and indented JSON. Stateless.
 */
public final class TextFormats {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final CsvMapper CSV = new CsvMapper();

    private TextFormats() {
    }

    /**
     * @param columns the header, in order
     * @param rows    one map per row, by column name; a missing or null value is an empty field
     */
    public static String csv(List<String> columns, List<Map<String, Object>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code document} as indented JSON, ending in a newline. */
    public static String json(Object document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
