package dev.photopipe.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy();

    @Test
    void aFailedThreadIsReplacedAndNothingIsReportedAsFatal() {
        assertThat(policy.handle(new IllegalStateException("commit failed once")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.fatal()).isEmpty();
    }

    @Test
    void threadsThatKeepFailingShutTheClientDownAndSayWhy() {
        for (int i = 1; i < ThreadFailurePolicy.MAX_FAILURES; i++) {
            assertThat(policy.handle(new IllegalStateException("state store corrupt")))
                    .as("failure %d of %d", i, ThreadFailurePolicy.MAX_FAILURES)
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(policy.handle(new IllegalStateException("state store corrupt")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).hasValueSatisfying(why -> assertThat(why)
                .contains(ThreadFailurePolicy.MAX_FAILURES + " stream threads failed").contains("state store corrupt"));
    }

    @Test
    void errorsNoNewThreadCanCureShutTheClientDownAtOnce() {
        assertThat(policy.handle(new StreamsException(new TopicAuthorizationException(Set.of("photopipe.photos.captured")))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).hasValueSatisfying(why -> assertThat(why).contains("photopipe.photos.captured"));
        assertThat(new ThreadFailurePolicy().handle(new MissingSourceTopicException("Missing source topics")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
