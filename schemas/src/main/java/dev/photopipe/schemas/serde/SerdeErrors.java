package dev.photopipe.schemas.serde;

import java.util.Optional;
import org.apache.kafka.common.errors.RecordDeserializationException;

/** Turns serde failures into one readable line for logs and dead-letter reasons. Stateless. */
public final class SerdeErrors {
    private SerdeErrors() {
    }

    /**
     * One line: {@code topic-partition@offset [REASON] ...message} for a consumer's
     * {@link RecordDeserializationException}, the message for a {@link PhotopipeSerdeException}, and
     * {@code ClassName: message} for anything else.
     */
    public static String describe(Throwable failure) {
        StringBuilder line = new StringBuilder();
        if (failure instanceof RecordDeserializationException rde) {
            line.append(rde.topicPartition()).append('@').append(rde.offset()).append(' ')
                    .append(rde.origin() == RecordDeserializationException.DeserializationExceptionOrigin.KEY ? "key " : "value ");
        }
        // The consumer's own message repeats partition and offset: describe its cause instead.
        Throwable detail = serdeCause(failure).<Throwable>map(e -> e).orElseGet(() ->
                failure instanceof RecordDeserializationException && failure.getCause() != null ? failure.getCause() : failure);
        if (detail instanceof PhotopipeSerdeException) {
            line.append(detail.getMessage());
        } else {
            line.append(detail.getClass().getName()).append(": ").append(detail.getMessage());
        }
        return line.toString().replace('\n', ' ');
    }

    /** The stable reason of a serde failure anywhere in the cause chain. */
    public static Optional<PhotopipeSerdeException.Reason> reason(Throwable failure) {
        return serdeCause(failure).map(PhotopipeSerdeException::reason);
    }

    private static Optional<PhotopipeSerdeException> serdeCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PhotopipeSerdeException pse) {
                return Optional.of(pse);
            }
        }
        return Optional.empty();
    }
}
