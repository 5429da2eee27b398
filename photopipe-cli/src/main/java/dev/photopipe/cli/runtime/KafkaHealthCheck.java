package dev.photopipe.cli.runtime;

import dev.photopipe.observability.HealthCheck;
import dev.photopipe.schemas.kafka.KafkaFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Ready when the cluster answers a metadata request within two seconds. Close it to release its client. */
public final class KafkaHealthCheck implements HealthCheck, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final String bootstrapServers;
    private final Admin admin;

    /** @param clientSettings the user's {@code kafka.*} settings, prefix stripped (security) */
    public KafkaHealthCheck(String bootstrapServers, Map<String, ?> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(adminProperties(bootstrapServers, clientSettings));
    }

    /** The user's settings, then the health check's own: its short timeouts are what "ready" means. */
    static Map<String, Object> adminProperties(String bootstrapServers, Map<String, ?> clientSettings) {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "photopipe-health");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return props;
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
