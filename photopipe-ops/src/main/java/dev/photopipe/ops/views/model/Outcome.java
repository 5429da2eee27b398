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
 */
public record Outcome(String status, Long imageId, List<Long> albumIds, int attempts, String lastError,
                      long lastAttemptMs) {
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
