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
 * @param expiry     its expiry in force, or null when it does not expire (or is not in Piwigo)
 * @param expiryAudit what the expiry service did to it (and the changes it applied), oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhotoView(String photoId, String file, String source, String md5, String camera, String batch,
                        String capturedAt,
                        String status, String albumPath, List<String> tags, String ruleId, Long imageId,
                        List<Long> albumIds, String imageUrl, List<String> albumUrls, Map<String, String> tagUrls,
                        String uploadedAt, String error, int duplicates, List<LetterView> deadLetters,
                        ExpiryView expiry, List<AuditView> expiryAudit) {

    public PhotoView {
        expiryAudit = expiryAudit == null ? List.of() : List.copyOf(expiryAudit);
    }

    /**
     * The photo's expiry in force.
     *
     * @param expiresAt   ISO-8601
     * @param action      {@code none}, {@code archive} or {@code delete}
     * @param ruleId      the rule it comes from; null when changed by hand
     * @param setBy       {@code rule}, {@code hand} ({@code expiry extend}) or {@code reapply}
     * @param state       {@code pending}, {@code overdue} (its time passed, not acted on yet) or {@code done}
     *                    (the audit records it was dealt with)
     * @param reason      the change's reason, when changed
     * @param requestedBy who asked for the change, when known
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExpiryView(String expiresAt, String action, String ruleId, String setBy, String state, String reason,
                             String requestedBy) {
    }

    /**
     * One entry of the photo's expiry audit.
     *
     * @param at        when the expiry service did it, ISO-8601
     * @param event     {@code archived}, {@code deleted}, {@code expired-no-action}, {@code already-gone} or {@code changed}
     * @param expiresAt the expiry acted on (for {@code changed} the new one); null: never
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuditView(String at, String event, String action, String expiresAt, String ruleId, String reason,
                            String detail) {
    }

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
