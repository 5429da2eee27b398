package dev.photopipe.ops.views.topology;

import java.util.Map;
import java.util.Objects;

/**
 * What the views topology reads and how its repartitions are sized. Immutable.
 *
 * @param capturedTopic   PhotoCaptured events (key photo id)
 * @param requestsTopic   UploadRequest events (key photo id, co-partitioned with the captures)
 * @param ledgerTopic     the sink's UploadOutcome ledger (key photo id, co-partitioned)
 * @param deadLetterTopic dead letters (key: the failed record's key)
 * @param replayedTopic   marks of replayed letters (key letter id)
 * @param resolvedTopic   resolutions of letters (key letter id, co-partitioned with the marks)
 * @param changesTopic    ExpiryChange records (key photo id, co-partitioned with the ledger)
 * @param auditTopic      ExpiryAudit records (key photo id, not co-partitioned: re-keyed into the photo partitions)
 * @param photoPartitions partitions of the photo-id topics: letters are re-keyed by photo into as many
 * @param letterPartitions partitions of the marks and resolutions topics: letters are re-keyed by letter id into as many
 * @param serdeConfigs    the Avro serde settings (schema registry), as the services use them
 */
public record ViewsSettings(String capturedTopic, String requestsTopic, String ledgerTopic, String deadLetterTopic,
                            String replayedTopic, String resolvedTopic, String changesTopic, String auditTopic,
                            int photoPartitions, int letterPartitions, Map<String, ?> serdeConfigs) {
    public ViewsSettings {
        Objects.requireNonNull(capturedTopic, "capturedTopic");
        Objects.requireNonNull(requestsTopic, "requestsTopic");
        Objects.requireNonNull(ledgerTopic, "ledgerTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(replayedTopic, "replayedTopic");
        Objects.requireNonNull(resolvedTopic, "resolvedTopic");
        Objects.requireNonNull(changesTopic, "changesTopic");
        Objects.requireNonNull(auditTopic, "auditTopic");
        if (photoPartitions < 1 || letterPartitions < 1) {
            throw new IllegalArgumentException("partition counts must be at least 1, were " + photoPartitions + " and "
                    + letterPartitions);
        }
        serdeConfigs = Map.copyOf(serdeConfigs);
    }
}
