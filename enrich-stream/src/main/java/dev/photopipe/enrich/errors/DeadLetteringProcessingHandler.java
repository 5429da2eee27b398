package dev.photopipe.enrich.errors;

import dev.photopipe.enrich.routing.RoutingException;
import dev.photopipe.schemas.deadletter.ReasonCode;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Dead-letters a record whose processing threw and continues. The dead letter carries the
 * original input bytes (not a re-serialised value), the Streams error headers and the project's
 * headers; a {@link RoutingException} gives its own reason (UNROUTABLE,
 * TEMPLATE_VARIABLE_MISSING, ...), anything else is PROCESSING_FAILED.
 */
public class DeadLetteringProcessingHandler extends LogAndContinueProcessingExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        // RoutingException's reasons are named like the shared codes they stand for.
        ReasonCode reason = exception instanceof RoutingException routing
                ? ReasonCode.valueOf(routing.reason().name())
                : ReasonCode.PROCESSING_FAILED;
        EnrichDeadLetters.addContext(response.deadLetterQueueRecords(), context, reason, exception, record.value());
        return response;
    }
}
