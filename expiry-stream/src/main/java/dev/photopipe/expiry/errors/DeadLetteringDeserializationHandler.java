package dev.photopipe.expiry.errors;

import dev.photopipe.schemas.deadletter.DeadLetterQueueContext;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Logs a record of the ledger or of the expiry changes that cannot be deserialised, sends its
 * original bytes to the dead-letter topic ({@code errors.dead.letter.queue.topic.name}) with
 * photopipe's headers (stage {@code expiry}, reason {@code DESERIALIZATION_FAILED}) and continues:
 * one bad record must not stop every expiry. Without photopipe's headers the letter would be
 * invisible to {@code photopipe status}, {@code find} and the views.
 */
public class DeadLetteringDeserializationHandler extends LogAndContinueExceptionHandler {
    private static final DeadLetterQueueContext CONTEXT = new DeadLetterQueueContext(Stage.EXPIRY, "expiry-stream");

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        Response response = super.handleError(context, record, exception);
        CONTEXT.addContext(response.deadLetterQueueRecords(), new DeadLetterQueueContext.FailedInput(context.topic(),
                context.partition(), context.offset(), context.processorNodeId()), ReasonCode.DESERIALIZATION_FAILED,
                exception, null, null);
        return response;
    }
}
