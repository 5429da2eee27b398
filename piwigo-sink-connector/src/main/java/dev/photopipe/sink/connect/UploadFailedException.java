package dev.photopipe.sink.connect;

import dev.photopipe.sink.consume.DeadLetterQueue;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Why piwigo-sink gave up on a record, as Connect's dead-letter queue and logs show it
 * ({@code __connect.errors.exception.*}): the reason code first, then the failure's message; the
 * failure itself as the cause. photopipe's own headers carry the same, structured.
 */
final class UploadFailedException extends ConnectException {
    private static final long serialVersionUID = 1L;

    UploadFailedException(DeadLetterQueue.Letter letter) {
        super(letter.reason() + ": " + (letter.error() == null ? "(no message)" : letter.error().getMessage()),
                letter.error());
    }
}
