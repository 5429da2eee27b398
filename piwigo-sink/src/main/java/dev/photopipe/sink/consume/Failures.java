package dev.photopipe.sink.consume;

import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.serde.PhotopipeSerdeException;
import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.sink.upload.UnstorableTextException;
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
    /** Longest message kept from a server's answer. */
    private static final int MESSAGE_LIMIT = 200;

    private Failures() {
    }

    static Verdict classify(Throwable failure) {
        if (failure instanceof RejectedRequest rejected) {
            return Verdict.deadLetter(rejected.reason());
        }
        if (failure instanceof StoreUnavailable) {
            return Verdict.RETRY_LATER; // like Piwigo down: the window's backoff and pause, then the photo again
        }
        if (failure instanceof UnstorableTextException) {
            return Verdict.deadLetter(ReasonCode.UNSTORABLE_TEXT);
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

    /** The first line of what Piwigo said, bounded: a dead letter's message, not a page of HTML. */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() <= MESSAGE_LIMIT ? line : line.substring(0, MESSAGE_LIMIT) + "...";
    }

    /**
     * Piwigo (or the photo store) kept failing for one photo while it worked for others:
     * dead-lettered as {@code PIWIGO_SERVER_ERROR} (or {@code SOURCE_UNREADABLE}).
     */
    static final class KeptFailing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeptFailing(String message, Throwable cause) {
            super(message, cause);
        }
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
