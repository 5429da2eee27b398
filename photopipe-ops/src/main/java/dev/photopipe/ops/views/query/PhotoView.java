package dev.photopipe.ops.views.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One photo (or a file that never became one) as {@code photopipe find} and the status page show
 * it: where it came from, where it was routed, what Piwigo holds and what failed. The JSON field
 * names are a contract for scripts ({@code find --json}): fields are added, never renamed. Times
 * are ISO-8601. Immutable.
 *
 * @param photoId    the photo id, or null for a file that never became a photo
 * @param file       the file name the camera gave it
 * @param source     where the bytes are ({@code file:} URI, or the path of a refused file)
 * @param md5        the photo's MD5, how Piwigo knows it ({@code pwg.images.exist})
 * @param status     one of {@code uploaded}, {@code already-in-piwigo}, {@code failed}, {@code dead-lettered},
 *                   {@code waiting-for-upload}, {@code waiting-for-routing}, {@code replayed}, {@code resolved}
 * @param albumPath  the album path routed, slash-separated
 * @param imageId    the Piwigo image id, once uploaded
 * @param albumIds   the Piwigo albums it is linked to
 * @param imageUrl   the image's page in the gallery
 * @param albumUrls  the albums' pages
 * @param tagUrls    each tag's page, by tag (tags without a page are left out)
 * @param duplicates capture events beyond the first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhotoView(String photoId, String file, String source, String md5, String camera, String batch,
                        String capturedAt,
                        String status, String albumPath, List<String> tags, String ruleId, Long imageId,
                        List<Long> albumIds, String imageUrl, List<String> albumUrls, Map<String, String> tagUrls,
                        String uploadedAt, String error, int duplicates, List<LetterView> deadLetters) {

    /**
     * One dead letter of the photo.
     *
     * @param letter the letter's id ({@code <partition>-<offset>}), as {@code dead-letters resolve --letter} takes it
     * @param state  {@code pending}, {@code replayed} or {@code resolved}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LetterView(String letter, String stage, String reason, String message, String failedAt, String state,
                             String replayedAt, String resolvedAt, String resolvedBy, String note) {
    }
}
