package dev.photopipe.expiry.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * What the expiry topology needs besides its serdes, gallery, clock and meters.
 *
 * @param ledgerTopic   the sink's ledger (UploadOutcome, compacted, key photo id)
 * @param changesTopic  expiry changes (ExpiryChange, compacted, co-partitioned with the ledger)
 * @param noticesTopic  where ExpiryNotices go
 * @param auditTopic    where ExpiryAudit records go
 * @param checkInterval wall-clock time between two checks
 * @param noticeBefore  how long before its expiry a photo's notice is sent
 * @param roundMax      longest one check may act on the gallery; the rest waits for the next check
 */
public record TopologySettings(String ledgerTopic, String changesTopic, String noticesTopic, String auditTopic,
                               Duration checkInterval, Duration noticeBefore, Duration roundMax) {
    public TopologySettings {
        Objects.requireNonNull(ledgerTopic, "ledgerTopic");
        Objects.requireNonNull(changesTopic, "changesTopic");
        Objects.requireNonNull(noticesTopic, "noticesTopic");
        Objects.requireNonNull(auditTopic, "auditTopic");
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(noticeBefore, "noticeBefore");
        Objects.requireNonNull(roundMax, "roundMax");
    }
}
