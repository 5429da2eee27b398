package dev.photopipe.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photopipe.ingest.inspect.Inspection;
import java.util.Locale;

/**
 * What a caller said about a photo's identity ({@code photoId}, {@code md5}, {@code sizeBytes},
 * {@code mediaType}). photopipe never uses these: it computes them from the bytes it reads. A
 * claim that contradicts the bytes is refused (400), so that a caller who believes in an id learns
 * it is wrong instead of having it silently replaced; a matching or absent claim changes nothing.
 * Immutable and thread-safe.
 */
record IdentityClaims(String photoId, String md5, Long sizeBytes, String mediaType) {
    static final IdentityClaims NONE = new IdentityClaims(null, null, null, null);

    /** The claims in a JSON capture body or metadata object; absent fields claim nothing. */
    static IdentityClaims from(JsonNode json) {
        if (json == null || !json.isObject()) {
            return NONE;
        }
        JsonNode size = json.get("sizeBytes");
        return new IdentityClaims(text(json, "photoId"), text(json, "md5"),
                size == null || size.isNull() ? null : size.asLong(-1), text(json, "mediaType"));
    }

    /** @throws CaptureRefused (400, naming the field) when a claim contradicts the bytes read */
    void verify(Inspection inspection) throws CaptureRefused {
        check("photoId", photoId, inspection.sha256Hex(), "SHA-256");
        check("md5", md5, inspection.md5Hex(), "MD5");
        if (sizeBytes != null && sizeBytes != inspection.sizeBytes()) {
            throw contradiction("sizeBytes", "size");
        }
        check("mediaType", mediaType, inspection.kind().mediaType(), "media type, recognised from the content,");
    }

    private static void check(String field, String claimed, String actual, String what) throws CaptureRefused {
        if (claimed != null && !claimed.strip().toLowerCase(Locale.ROOT).equals(actual)) {
            throw contradiction(field, what);
        }
    }

    private static CaptureRefused contradiction(String field, String what) {
        return new CaptureRefused(400, field, "Field '" + field + "' does not match the " + what
                + " of the bytes photopipe read from the source. photopipe computes the photo id, MD5, size and "
                + "media type itself: leave these fields out, or check that sourceUri names the photo you meant");
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
