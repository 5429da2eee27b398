package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import java.util.Objects;

/**
 * One outcome to record.
 *
 * @param partition the upload request's partition; the ledger record goes to the same-numbered
 *                  ledger partition, so that the instance owning the request owns its entry
 * @param key       the upload request's key bytes (the photo id), written unchanged
 * @param outcome   what became of the photo
 */
public record LedgerEntry(int partition, byte[] key, UploadOutcome outcome) {
    public LedgerEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
    }
}
