package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.ReplayHeaders;
import dev.photopipe.sink.ledger.Ledger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decides what a record taken in needs: nothing (the ledger knows the photo), a dead letter (the
 * bytes are not an upload request), or an upload attempt. A photo the ledger knows is attempted
 * anyway when the record carries {@link ReplayHeaders#FORCE_CHECK} (Piwigo decides), or when the
 * ledger says {@code FAILED} and the record is an explicit replay of a dead letter
 * ({@link ReplayHeaders#REPLAYED_FROM}). Thread-safe when the deserializer is.
 */
final class Intake {
    /** What a record needs. */
    sealed interface Decision permits Undecodable, Known, Attempt {
    }

    /** Not an upload request: dead-letter the bytes as they came. */
    record Undecodable(RuntimeException error) implements Decision {
    }

    /** The ledger has the photo's outcome: done already. */
    record Known() implements Decision {
    }

    /** Upload (or check) the photo. */
    record Attempt(String photoId, UploadRequest request) implements Decision {
    }

    private final Deserializer<UploadRequest> deserializer;
    private final Ledger ledger;
    private final Counter skippedByLedger;
    private final Counter forceChecks;

    Intake(Deserializer<UploadRequest> deserializer, Ledger ledger, MeterRegistry registry) {
        this.deserializer = deserializer;
        this.ledger = ledger;
        this.skippedByLedger = SinkMeters.skipped(registry, "ledger");
        this.forceChecks = Counter.builder(SinkMeters.FORCE_CHECKS)
                .description("Requests the ledger knew, checked against Piwigo on a force-check replay").register(registry);
    }

    Decision decide(SinkRecord record) {
        UploadRequest request;
        try {
            request = deserializer.deserialize(record.topic(), record.headers(), record.value());
            if (request == null) {
                throw new SerializationException("no value (tombstone) on the upload request topic");
            }
        } catch (RuntimeException e) {
            return new Undecodable(e); // whatever the serde threw, the bytes are not an upload request
        }
        String photoId = record.key() != null ? new String(record.key(), StandardCharsets.UTF_8)
                : request.getPhoto().getPhotoId();
        Optional<UploadOutcome> known = ledger.outcome(record.partition(), photoId);
        if (known.isEmpty() || known.get().getStatus() == UploadStatus.UNKNOWN) {
            return new Attempt(photoId, request);
        }
        if (header(record, ReplayHeaders.FORCE_CHECK).filter(ReplayHeaders.FORCE_CHECK_TRUE::equals).isPresent()) {
            // The ledger may remember an upload Piwigo lost (a restored backup): the uploader's
            // exist check decides, linking a present image and uploading a missing one again.
            forceChecks.increment();
            return new Attempt(photoId, request);
        }
        if (known.get().getStatus() == UploadStatus.FAILED && header(record, ReplayHeaders.REPLAYED_FROM).isPresent()) {
            return new Attempt(photoId, request); // someone fixed the cause and replayed it: try again
        }
        skippedByLedger.increment();
        return new Known();
    }

    private static Optional<String> header(SinkRecord record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8).strip());
    }
}
