package dev.photopipe.testing.kafka;

import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * JUnit 5 extension giving integration tests a real KRaft broker: one per test JVM, started on
 * first use and stopped when the JVM's tests are done. Tests share it, so each test names its own
 * topics ({@link #uniqueName(String)}) and consumer groups.
 *
 * <pre>{@code
 * @ExtendWith(SharedKafka.class)
 * class SomethingIT {
 *     String bootstrap = SharedKafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class SharedKafka implements BeforeAllCallback {
    private static final Namespace NAMESPACE = Namespace.create(SharedKafka.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);
    private static volatile EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes the broker once, after the last test class of this JVM.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("broker", key -> {
            broker = EmbeddedKafkaBroker.builder(tempDir()).build().start();
            return (AutoCloseable) () -> {
                broker.close();
                broker = null;
            };
        });
    }

    /** The shared broker's {@code bootstrap.servers}. */
    public static String bootstrapServers() {
        EmbeddedKafkaBroker current = broker;
        if (current == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(SharedKafka.class)");
        }
        return current.bootstrapServers();
    }

    /**
     * Creates {@code topics} on the shared broker and returns once each of their partitions has a
     * leader that serves it (ListOffsets answers), so that a test can produce and consume at once.
     * On a busy machine the metadata of a new topic takes its time: the create and the wait ask
     * again, within one deadline, while Kafka answers with errors it documents as retriable.
     */
    public static void createTopics(NewTopic... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            createTopics(admin, List.of(topics));
        }
    }

    /** As {@link #createTopics(NewTopic...)}, with the caller's admin client. */
    public static void createTopics(Admin admin, List<NewTopic> topics) {
        await("create " + names(topics), () -> {
            try {
                admin.createTopics(topics).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // "exists" means an earlier attempt of ours got through
                }
            }
        });
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        await("wait for the leaders of " + names(topics),
                () -> admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS));
    }

    private static void await(String what, ThrowingRunnable call) {
        Awaitility.await(what).atMost(LEADER_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(SharedKafka::retriable)
                .untilAsserted(call);
    }

    /** Kafka's retriable errors (a timeout, unknown topic, no leader yet), through the future's wrapper. */
    private static boolean retriable(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException;
    }

    private static List<String> names(List<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }

    /** A topic or group name no other test in this JVM uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("photopipe-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
