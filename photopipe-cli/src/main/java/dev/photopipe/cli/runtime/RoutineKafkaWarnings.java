package dev.photopipe.cli.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;

/**
 * Drops the Kafka client and broker warnings that a healthy pipeline produces in normal operation
 * and that only alarm operators (configured in {@code logback.xml}). Each entry names the logger
 * and a phrase of the message; everything else at WARN and above passes, so that a real problem
 * (a broker that is down, a refused ACL) still shows. Stateless and thread-safe.
 */
public final class RoutineKafkaWarnings extends Filter<ILoggingEvent> {
    /** A routine warning: its logger's name ends with {@code logger} and its message contains {@code phrase}. */
    record Routine(String logger, String phrase, String why) {
    }

    static final List<Routine> ROUTINE = List.of(
            new Routine("producer.internals.Sender", "Error: CONCURRENT_TRANSACTIONS",
                    "exactly_once_v2: a transaction's next batch races the previous commit; the client retries"),
            new Routine("producer.internals.Sender", "Error: OUT_OF_ORDER_SEQUENCE_NUMBER",
                    "the retried batch of the race above; the client retries (4.3.1 and 4.4.0 brokers, under load)"),
            new Routine("ReplicaManager", "OutOfOrderSequenceException",
                    "the broker's side of the same retried batch, logged at ERROR by 4.3.1 and 4.4.0 brokers"),
            new Routine("NetworkClient", "UNKNOWN_TOPIC_OR_PARTITION",
                    "Kafka Streams asks for its internal topics a moment before it has created them"),
            new Routine("NetworkClient", "Attempting to close NetworkClient that has already been closed",
                    "the embedded broker's controller channel on an orderly stop"),
            new Routine("StateDirectory", "Using an OS temp directory",
                    "a --data-dir under /tmp (tests, the demo): the state is rebuilt from Kafka if it is cleared"));

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        String message = event.getFormattedMessage();
        for (Routine routine : ROUTINE) {
            if (event.getLoggerName().endsWith(routine.logger()) && message != null
                    && message.contains(routine.phrase())) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
