package dev.photopipe.ops.views.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The value format of {@code photopipe.dead-letters.resolved}: a {@link Resolution} as JSON, for
 * the views, {@code photopipe dead-letters resolve} and anyone reading the topic. Stateless and
 * thread-safe.
 */
public final class Resolutions {
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Resolutions() {
    }

    public static byte[] encode(Resolution resolution) {
        try {
            return JSON.writeValueAsBytes(resolution);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The resolution a record carries; a value that is not photopipe's JSON (written by hand) still
     * resolves the letter, by an operator at {@code timestampMs}, with its text as the note.
     */
    public static Resolution decode(byte[] value, long timestampMs) {
        try {
            Resolution parsed = JSON.readValue(value, Resolution.class);
            if (parsed.by() != null) {
                return parsed;
            }
        } catch (IOException notJson) {
            // falls through: the text is the note
        }
        return new Resolution(Resolution.OPERATOR, timestampMs, new String(value, StandardCharsets.UTF_8));
    }
}
