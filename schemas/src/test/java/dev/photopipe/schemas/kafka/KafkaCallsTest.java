package dev.photopipe.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.kafka.KafkaCalls.KafkaCallException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaCallsTest {
    private final KafkaCalls calls = new KafkaCalls("broker:9092", Duration.ofSeconds(20));

    @Test
    void asksAgainWhileKafkaSaysTheTopicIsNotKnownYet() {
        AtomicInteger attempts = new AtomicInteger();

        String answer = calls.awaitStage("wait for the leaders", timeoutMs -> attempts.incrementAndGet() < 4
                ? CompletableFuture.failedFuture(new UnknownTopicOrPartitionException("not yet"))
                : CompletableFuture.completedFuture("served"));

        assertThat(answer).isEqualTo("served");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aRefusalIsNotAskedAgainAndSaysSo() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.awaitStage("describe the cluster", timeoutMs -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new SaslAuthenticationException("Authentication failed"));
        }))
                .isInstanceOfSatisfying(KafkaCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(KafkaFailure.REFUSED_CREDENTIALS))
                .hasMessageContaining("refused photopipe's credentials when trying to describe the cluster");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void givesUpAtTheDeadlineWithTheLastFailureInOperatorWords() {
        KafkaCalls shortDeadline = new KafkaCalls("broker:9092", Duration.ofMillis(300));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> shortDeadline.awaitStage("describe the cluster", timeoutMs -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new TimeoutException("Timed out waiting for a node assignment"));
        }))
                .isInstanceOfSatisfying(KafkaCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(KafkaFailure.NO_ANSWER))
                .hasMessageContaining("Kafka at broker:9092 did not answer within")
                .hasMessageContaining("Timed out waiting for a node assignment")
                .hasMessageNotContaining("refused");
        assertThat(attempts).hasValueGreaterThanOrEqualTo(1); // how many fit in 300 ms depends on the machine
    }

    @Test
    void eachAttemptIsGivenTheTimeLeftSoThatNoRequestOutlivesTheDeadline() {
        java.util.List<Integer> given = new java.util.ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();

        calls.awaitStage("wait for the leaders", timeoutMs -> {
            given.add(timeoutMs);
            return attempts.incrementAndGet() < 3
                    ? CompletableFuture.failedFuture(new UnknownTopicOrPartitionException("not yet"))
                    : CompletableFuture.completedFuture("served");
        });

        assertThat(given).hasSize(3).allSatisfy(ms -> assertThat(ms).isBetween(1, 20_000));
        assertThat(given.get(2)).isLessThanOrEqualTo(given.get(0));
    }

    @Test
    void aFutureThatNeverCompletesEndsAtTheDeadlineAsNoAnswer() {
        KafkaCalls shortDeadline = new KafkaCalls("broker:9092", Duration.ofMillis(300));

        assertThatThrownBy(() -> shortDeadline.awaitStage("describe the cluster", timeoutMs -> new CompletableFuture<String>()))
                .isInstanceOfSatisfying(KafkaCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(KafkaFailure.NO_ANSWER));
    }
}
