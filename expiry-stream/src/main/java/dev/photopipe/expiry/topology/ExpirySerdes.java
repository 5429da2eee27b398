package dev.photopipe.expiry.topology;

import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryNotice;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.serde.AvroSerdes;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes the topology reads and writes topics with; keys are UTF-8 strings. Passed in so
 * that the wire format (registry or single-object encoding) is chosen once, by whoever wires the
 * service. The state stores always use single-object encoding (no registry round trip per write).
 */
public record ExpirySerdes(Serde<UploadOutcome> outcome, Serde<ExpiryChange> change, Serde<ExpiryNotice> notice,
                           Serde<ExpiryAudit> audit) {
    public ExpirySerdes {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(audit, "audit");
    }

    /**
     * The project's Avro serdes: Confluent wire format when {@code schema.registry.url} is set in
     * {@code configs}, single-object encoding otherwise; both formats are read either way.
     */
    public static ExpirySerdes avro(Map<String, ?> configs) {
        return new ExpirySerdes(AvroSerdes.forClass(UploadOutcome.class, configs),
                AvroSerdes.forClass(ExpiryChange.class, configs), AvroSerdes.forClass(ExpiryNotice.class, configs),
                AvroSerdes.forClass(ExpiryAudit.class, configs));
    }
}
