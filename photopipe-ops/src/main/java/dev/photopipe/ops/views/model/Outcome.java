package dev.photopipe.ops.views.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The sink's latest ledger entry of a photo. Immutable.
 *
 * @param status        {@code UPLOADED}, {@code ALREADY_PRESENT}, {@code FAILED} or {@code UNKNOWN} (UploadStatus)
 * @param imageId       the Piwigo image id, or null
 * @param albumIds      the albums the image was linked to
 * @param lastAttemptMs when the sink last tried, epoch ms
 * @param ruleId        the routing rule of the request it records, or null
 * @param expiresAtMs   the expiry its rule gave, epoch ms; null: never
 * @param expiryAction  what happens then ({@code NONE}, {@code ARCHIVE}, {@code DELETE}); null read as {@code NONE}
 */
public record Outcome(String status, Long imageId, List<Long> albumIds, int attempts, String lastError,
                      long lastAttemptMs, String ruleId, Long expiresAtMs, String expiryAction) {
    public Outcome {
        albumIds = List.copyOf(albumIds);
    }

    /** True when the photo is in Piwigo (uploaded by the sink, or found there by its md5). */
    @JsonIgnore
    public boolean inPiwigo() {
        return "UPLOADED".equals(status) || "ALREADY_PRESENT".equals(status);
    }

    @JsonIgnore
    public boolean failed() {
        return "FAILED".equals(status);
    }
}
