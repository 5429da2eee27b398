package dev.photopipe.expiry.gallery;

import dev.photopipe.schemas.ExpiryEvent;
import java.util.Objects;

/**
 * What the gallery did for one expiry.
 *
 * @param event  ARCHIVED, DELETED or ALREADY_GONE
 * @param detail what the gallery answered, in words (the archive album, the deleted image), for the audit
 */
public record Done(ExpiryEvent event, String detail) {
    public Done {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(detail, "detail");
    }
}
