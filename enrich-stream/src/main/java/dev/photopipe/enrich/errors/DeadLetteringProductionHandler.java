package dev.photopipe.enrich.errors;

import dev.photopipe.schemas.deadletter.ReasonCode;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Decides about results that cannot be written. Serialisation errors and records too large for
 * the topic are permanent for that record: dead-letter the input and continue. Everything else
 * keeps Kafka's default (retry what is retriable, fail otherwise), because an unreachable or
 * unauthorised cluster is not a property of one record.
 */
public class DeadLetteringProductionHandler extends DefaultProductionExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        Response response = super.handleError(context, record, exception);
        if (exception instanceof RecordTooLargeException) {
            response = Response.resume(response.deadLetterQueueRecords());
        }
        return withHeaders(response, context, exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                                             Exception exception, SerializationExceptionOrigin origin) {
        Response response = super.handleSerializationError(context, record, exception, origin);
        return withHeaders(Response.resume(response.deadLetterQueueRecords()), context, exception);
    }

    private static Response withHeaders(Response response, ErrorHandlerContext context, Exception exception) {
        EnrichDeadLetters.addContext(response.deadLetterQueueRecords(), context, ReasonCode.PRODUCTION_FAILED,
                exception, null);
        return response;
    }
}
