package dev.photopipe.cli.runtime;

import dev.photopipe.observability.HealthCheck;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.kafka.KafkaFailure;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Ready when the cluster answers a metadata request within two seconds. Thread-safe (the admin
 * client is); close it to release its client.
 */
public final class KafkaHealthCheck implements HealthCheck, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final String bootstrapServers;
    private final Admin admin;

    /** @param clients the cluster and the user's {@code kafka.*} settings (security); the 2 s timeouts are the check's own */
    public KafkaHealthCheck(KafkaClients clients) {
        this.bootstrapServers = clients.bootstrapServers();
        this.admin = clients.admin(TIMEOUT);
    }

    @Override
    public Status check() {
        try {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            return Status.up(brokers + " broker(s) at " + bootstrapServers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.down("interrupted");
        } catch (Exception e) {
            // Not ready either way; the reason tells "did not answer" from "refused" and what to check.
            return Status.down(KafkaFailure.of(e).describe(bootstrapServers, "describe the cluster", e, TIMEOUT));
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
