package dev.photopipe.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KafkaFailureTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new TimeoutException("Timed out waiting for a node assignment. Call: describeCluster"),
                        KafkaFailure.NO_ANSWER),
                Arguments.of(new java.util.concurrent.TimeoutException(), KafkaFailure.NO_ANSWER),
                Arguments.of(new DisconnectException("gone"), KafkaFailure.NO_ANSWER),
                Arguments.of(new SaslAuthenticationException("Authentication failed: Invalid username or password"),
                        KafkaFailure.REFUSED_CREDENTIALS),
                Arguments.of(new SslAuthenticationException("handshake"), KafkaFailure.REFUSED_CREDENTIALS),
                Arguments.of(new TopicAuthorizationException("Not authorized to access topics: [a]"),
                        KafkaFailure.REFUSED_PERMISSION),
                Arguments.of(new ClusterAuthorizationException("no"), KafkaFailure.REFUSED_PERMISSION),
                Arguments.of(new UnknownTopicOrPartitionException("This server does not host this topic-partition."),
                        KafkaFailure.NOT_READY),
                Arguments.of(new LeaderNotAvailableException("election"), KafkaFailure.NOT_READY),
                Arguments.of(new NotControllerException("moved"), KafkaFailure.NOT_READY),
                Arguments.of(new TopicExistsException("exists"), KafkaFailure.OTHER),
                Arguments.of(new InvalidTopicException("bad name"), KafkaFailure.OTHER),
                Arguments.of(new IllegalStateException("bug"), KafkaFailure.OTHER));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifiesByKafkasExceptionHierarchyThroughFutureWrappers(Throwable failure, KafkaFailure expected) {
        assertThat(KafkaFailure.of(failure)).isEqualTo(expected);
        assertThat(KafkaFailure.of(new ExecutionException(failure))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void onlyNoAnswerAndNotReadyAreAskedAgain(Throwable failure, KafkaFailure expected) {
        assertThat(expected.retriable())
                .isEqualTo(expected == KafkaFailure.NO_ANSWER || expected == KafkaFailure.NOT_READY);
    }

    @org.junit.jupiter.api.Test
    void anUnreachableClusterIsNeverCalledAPermissionProblem() {
        String message = KafkaFailure.of(new TimeoutException("Timed out waiting for a node assignment"))
                .describe("broker:9092", "describe the cluster", new TimeoutException("Timed out waiting for a node assignment"),
                        Duration.ofSeconds(30));

        assertThat(message).startsWith("Kafka at broker:9092 did not answer within 30 s when trying to describe the cluster")
                .contains("bootstrap.servers", "kafka.security.protocol")
                .doesNotContain("refused", "ACL", "principal");
    }

    @org.junit.jupiter.api.Test
    void aRefusalNamesTheSettingsToCheck() {
        String credentials = KafkaFailure.REFUSED_CREDENTIALS.describe("b:9092", "create topic t",
                new SaslAuthenticationException("Authentication failed"), Duration.ofSeconds(1));
        String permission = KafkaFailure.REFUSED_PERMISSION.describe("b:9092", "create topic t",
                new TopicAuthorizationException("Not authorized"), Duration.ofSeconds(1));

        assertThat(credentials).contains("refused photopipe's credentials", "Authentication failed",
                "kafka.sasl.jaas.config").doesNotContain("did not answer");
        assertThat(permission).contains("refused to create topic t", "kafka-acls.sh").doesNotContain("did not answer");
    }
}
