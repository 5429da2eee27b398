package dev.photopipe.ingest.publish;

import dev.photopipe.ingest.capture.UntrustedText;
import dev.photopipe.schemas.deadletter.ReasonCode;
import java.util.Objects;
import java.util.Optional;

/**
 * An input refused by ingest.
 *
 * @param source the file path or request that was refused, as the operator would look for it
 * @param reasonCode stable code for dashboards and replay selection (e.g. TRUNCATED_FILE)
 * @param message what is wrong and what to do, naming the input
 * @param batchId the lot, when the sidecar or folder named one (so a batch's failures can be found)
 */
public record Rejection(String source, ReasonCode reasonCode, String message, Optional<String> batchId) {
    /** Source, message and batch are cleaned ({@link UntrustedText}): they carry file names and sidecar values. */
    public Rejection {
        source = UntrustedText.clean(Objects.requireNonNull(source, "source"));
        Objects.requireNonNull(reasonCode, "reasonCode");
        message = UntrustedText.clean(Objects.requireNonNull(message, "message"));
        batchId = Objects.requireNonNull(batchId, "batchId").map(UntrustedText::clean);
    }
}
