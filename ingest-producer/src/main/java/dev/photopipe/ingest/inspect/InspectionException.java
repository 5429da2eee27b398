package dev.photopipe.ingest.inspect;

import dev.photopipe.schemas.deadletter.ReasonCode;
import java.nio.file.Path;

/**
 * A file that cannot become a {@code PhotoCaptured} event. The {@link Problem} is stable (it
 * becomes the dead letter's reason); the message names the file and what to do about it.
 */
public final class InspectionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a file was refused, with the stable dead-letter reason it is reported under. */
    public enum Problem {
        /** Zero bytes: usually a copy that has not started yet or failed. */
        EMPTY_FILE(ReasonCode.EMPTY_FILE, "The photo is empty (0 bytes); send it again complete"),
        /** The file could not be read (permissions, vanished, I/O error). */
        UNREADABLE(ReasonCode.SOURCE_UNREADABLE, "photopipe cannot read the photo; check that the file exists and "
                + "that photopipe may read it"),
        /** Not one of the accepted photo or video formats. */
        UNSUPPORTED_TYPE(ReasonCode.FORBIDDEN_TYPE, "The content is not a supported photo or video (JPEG, PNG, WebP, "
                + "HEIC, MP4, MOV); formats are recognised by content, not by file name"),
        /** A JPEG whose end-of-image marker is missing: the copy was cut short. */
        TRUNCATED(ReasonCode.TRUNCATED_FILE, "The JPEG has no end-of-image marker: it was cut short; send it again "
                + "complete"),
        /** The sidecar JSON next to the photo is not a JSON object of the expected shape. */
        SIDECAR_INVALID(ReasonCode.INVALID_METADATA, "The metadata is not a JSON object of the expected shape");

        private final ReasonCode reason;
        private final String advice;

        Problem(ReasonCode reason, String advice) {
            this.reason = reason;
            this.advice = advice;
        }

        public ReasonCode reason() {
            return reason;
        }

        /**
         * What was wrong and how to fix it, for a remote client: unlike the exception's message it
         * names no server path and quotes none of the file's bytes.
         */
        public String advice() {
            return advice;
        }
    }

    private final transient Path file;
    private final Problem problem;

    public InspectionException(Path file, Problem problem, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
        this.problem = problem;
    }

    public InspectionException(Path file, Problem problem, String message) {
        this(file, problem, message, null);
    }

    public Path file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }
}
