package dev.photopipe.testing.connect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * Real Kafka Connect distributed workers in this JVM (Kafka's own {@link ConnectDistributed},
 * the code {@code connect-distributed.sh} runs), forming one cluster on a given broker, plugins
 * loaded from {@code plugin.path} as in production. Each worker's REST API listens on a free port
 * of 127.0.0.1; {@link #get}, {@link #put}, {@link #post} and {@link #delete} talk to the first
 * running one.
 *
 * <p>Needs {@code org.apache.kafka:connect-runtime} on the test class path (test-fixtures does not
 * bring it). Not thread-safe: one per test class; {@link #close()} stops every worker.
 */
public final class ConnectCluster implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final Map<String, String> workerProps;
    private final List<Connect<DistributedHerder>> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A REST answer. */
    public record Response(int status, String body) {
    }

    /**
     * @param bootstrapServers the broker the workers and their internal topics live on
     * @param name             unique per cluster on that broker: names the group and internal topics
     * @param pluginPath       the workers' {@code plugin.path}
     * @param overrides        further worker settings, winning over this class's defaults
     */
    public ConnectCluster(String bootstrapServers, String name, String pluginPath, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", name);
        props.put("config.storage.topic", name + ".configs");
        props.put("offset.storage.topic", name + ".offsets");
        props.put("status.storage.topic", name + ".status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "3");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.path", pluginPath);
        // Only plugins with a ServiceLoader manifest, as Connect recommends: quick start-up, and
        // a plugin without its manifest is not found (which is what a test should see).
        props.put("plugin.discovery", "service_load");
        // Tasks of a worker that left are given to the others at once, not after 5 minutes.
        props.put("scheduled.rebalance.max.delay.ms", "0");
        props.putAll(overrides);
        this.workerProps = Map.copyOf(props);
    }

    /** Starts one more worker; returns its index. Connect's own exit calls throw instead of ending the JVM. */
    public synchronized int startWorker() {
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka Connect worker asked to exit (" + code + "): " + message);
        });
        Thread current = Thread.currentThread();
        ClassLoader loader = current.getContextClassLoader();
        try {
            workers.add(new ConnectDistributed().startConnect(workerProps));
        } finally {
            current.setContextClassLoader(loader); // the worker swaps in its plugin loader
        }
        return workers.size() - 1;
    }

    /** Stops worker {@code index} in order, as {@code kill -TERM} of its process would. */
    public synchronized void stopWorker(int index) {
        Connect<DistributedHerder> worker = workers.set(index, null);
        if (worker != null) {
            worker.stop();
            worker.awaitStop();
        }
    }

    /** The REST address of the first running worker. */
    public synchronized URI url() {
        return workers.stream().filter(w -> w != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("no worker running")).rest().advertisedUrl();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(url().resolve(path)).GET());
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(url().resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(url().resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(url().resolve(path)).DELETE());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Kafka Connect's REST API did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        for (int i = workers.size() - 1; i >= 0; i--) {
            stopWorker(i);
        }
        Exit.resetExitProcedure();
    }
}
