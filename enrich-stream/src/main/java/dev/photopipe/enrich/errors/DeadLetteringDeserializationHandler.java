package dev.photopipe.enrich.errors;

import dev.photopipe.schemas.deadletter.ReasonCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Logs a record that cannot be deserialised, sends its original bytes to the dead-letter topic
 * ({@code errors.dead.letter.queue.topic.name}) with the project's headers and continues: a bad
 * record is permanent, so failing would only stall the partition.
 */
public class DeadLetteringDeserializationHandler extends LogAndContinueExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        Response response = super.handleError(context, record, exception);
        EnrichDeadLetters.addContext(response.deadLetterQueueRecords(), context, ReasonCode.DESERIALIZATION_FAILED,
                exception, null);
        return response;
    }
}
