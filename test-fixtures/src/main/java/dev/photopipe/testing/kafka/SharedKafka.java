package dev.photopipe.testing.kafka;

import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
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
