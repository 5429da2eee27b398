package dev.photopipe.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class RoutineKafkaWarningsTest {
    private final RoutineKafkaWarnings filter = new RoutineKafkaWarnings();
    private final LoggerContext context = new LoggerContext();

    @Test
    void dropsTheRetriedTransactionRaceOfAHealthyPipeline() {
        assertThat(decide("org.apache.kafka.clients.producer.internals.Sender", Level.WARN,
                "[Producer clientId=x] Got error produce response with correlation id 19 on topic-partition "
                        + "photopipe.upload.requests-2, retrying (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS"))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide("kafka.server.ReplicaManager", Level.ERROR, "[ReplicaManager broker=1] Error processing append "
                + "operation on partition x: org.apache.kafka.common.errors.OutOfOrderSequenceException: Invalid sequence"))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void letsWhatAnOperatorMustSeeThrough() {
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.WARN,
                "Connection to node -1 (localhost/127.0.0.1:9092) could not be established. Node may not be available."))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.apache.kafka.clients.producer.internals.Sender", Level.WARN,
                "Got error produce response ... Error: TOPIC_AUTHORIZATION_FAILED")).isEqualTo(FilterReply.NEUTRAL);
    }

    private FilterReply decide(String logger, Level level, String message) {
        Logger log = context.getLogger(logger);
        return filter.decide(new LoggingEvent(Logger.class.getName(), log, level, message, null, null));
    }
}
