package dev.photopipe.sink.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends failed records to the {@link DeadLetterQueue} of the runtime, logging and counting each
 * by reason the same way whichever queue it is. Thread-safe.
 */
final class DeadLetterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final DeadLetterQueue queue;
    private final MeterRegistry registry;

    DeadLetterPublisher(DeadLetterQueue queue, MeterRegistry registry) {
        this.queue = queue;
        this.registry = registry;
    }

    /** Sends one dead letter; the caller waits for the returned acknowledgement before committing. */
    Future<?> publish(DeadLetterQueue.Letter letter) {
        SinkRecord failed = letter.record();
        LOG.warn("Dead-lettering {}-{}@{} ({}, batch {}): {}", failed.topic(), failed.partition(), failed.offset(),
                letter.reason(), letter.batchId(), letter.error() == null ? "" : letter.error().getMessage());
        Counter.builder(SinkMeters.DEAD_LETTERS).tag("reason", letter.reason().name())
                .description("Upload requests dead-lettered, by reason code").register(registry).increment();
        return queue.send(letter);
    }
}
