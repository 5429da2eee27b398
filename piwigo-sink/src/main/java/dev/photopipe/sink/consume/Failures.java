package dev.photopipe.sink.consume;

import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.serde.PhotopipeSerdeException;
import dev.photopipe.sink.piwigo.PiwigoException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one place where a failure of one record becomes a {@link Verdict}. The Piwigo client has
 * already classified its own failures ({@link PiwigoException.Kind}); this maps them onto what the
 * consumer does and onto the dead letters' stable reason codes.
 */
final class Failures {
    /** Piwigo's (and the client's) code for a file type the server does not accept. */
    static final int FORBIDDEN_TYPE = 415;

    private Failures() {
    }

    static Verdict classify(Throwable failure) {
        if (failure instanceof RejectedRequest rejected) {
            return Verdict.deadLetter(rejected.reason());
        }
        if (failure instanceof StoreUnavailable) {
            return Verdict.RETRY_LATER; // like Piwigo down: pause, and the photo comes back
        }
        if (failure instanceof PiwigoException piwigo) {
            return switch (piwigo.kind()) {
                case TRANSIENT -> Verdict.RETRY_LATER;
                case AUTHENTICATION -> Verdict.STOP;
                case PERMANENT -> Verdict.deadLetter(permanentReason(piwigo));
            };
        }
        if (failure instanceof PhotopipeSerdeException || failure instanceof SerializationException) {
            return Verdict.deadLetter(ReasonCode.DESERIALIZATION_FAILED);
        }
        if (failure instanceof CancellationException || failure instanceof InterruptedException) {
            // The sink is shutting down around this upload: it was not the record's fault.
            return Verdict.RETRY_LATER;
        }
        return Verdict.deadLetter(ReasonCode.PROCESSING_FAILED);
    }

    private static ReasonCode permanentReason(PiwigoException e) {
        if (e.errorCode() == FORBIDDEN_TYPE || e.httpStatus() == FORBIDDEN_TYPE) {
            return ReasonCode.FORBIDDEN_TYPE;
        }
        if (e.getCause() instanceof UncheckedIOException io) {
            // The client failed reading the source while streaming it (it vanished after our check).
            return io.getCause() instanceof NoSuchFileException ? ReasonCode.SOURCE_MISSING : ReasonCode.SOURCE_UNREADABLE;
        }
        return ReasonCode.PIWIGO_REJECTED;
    }
}
