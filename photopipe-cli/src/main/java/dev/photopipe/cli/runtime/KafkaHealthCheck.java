package dev.photopipe.cli.runtime;

import dev.photopipe.observability.HealthCheck;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Ready when the cluster answers a metadata request within two seconds. Close it to release its client. */
public final class KafkaHealthCheck implements HealthCheck, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final String bootstrapServers;
    private final Admin admin;

    public KafkaHealthCheck(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "photopipe-health",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
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
            return Status.down("no answer from Kafka at " + bootstrapServers + " within " + TIMEOUT.toSeconds() + " s ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
