package dev.photopipe.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a process's {@code /metrics} (Prometheus text format), {@code /health/live} (200 while
 * the process serves requests) and {@code /health/ready} (200 when every registered
 * {@link HealthCheck} is up, else 503; JSON body with each check's state and detail). One per
 * process: in single-process mode the three services share it. Services add JSON documents of
 * their own ({@link #json}). Thread-safe.
 */
public final class ObservabilityServer implements Observability, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusMeterRegistry registry;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    private final Map<String, Supplier<?>> documents = new ConcurrentHashMap<>();
    private final Server server;
    private final ServerConnector connector;

    /**
     * @param host interface to bind (0.0.0.0 for a Prometheus server elsewhere)
     * @param port TCP port; 0 picks a free one
     */
    public ObservabilityServer(PrometheusMeterRegistry registry, String host, int port) {
        this.registry = registry;
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return serve(Request.getPathInContext(request), response, callback);
            }
        });
    }

    @Override
    public MeterRegistry registry() {
        return registry;
    }

    /** Adds a readiness check under {@code name}, replacing one of the same name. */
    @Override
    public void health(String name, HealthCheck check) {
        checks.put(name, check);
    }

    @Override
    public void json(String path, Supplier<?> body) {
        documents.put(path, body);
    }

    public ObservabilityServer start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot serve /metrics and /health on " + connector.getHost() + ":"
                    + connector.getPort() + ": " + e.getMessage() + ". Is the port in use? Set metrics.port.", e);
        }
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the metrics server", e);
        }
    }

    private boolean serve(String path, Response response, Callback callback) {
        switch (path) {
            case "/metrics" -> write(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            case "/health/live", "/health" -> write(response, callback, 200, "application/json", "{\"status\":\"UP\"}");
            case "/health/ready" -> ready(response, callback);
            default -> {
                Supplier<?> document = documents.get(path);
                if (document == null) {
                    return false;
                }
                document(document, response, callback);
            }
        }
        return true;
    }

    private void ready(Response response, Callback callback) {
        boolean allUp = true;
        ObjectNode body = JSON.createObjectNode();
        ObjectNode details = body.putObject("checks");
        for (Map.Entry<String, HealthCheck> entry : new TreeMap<>(checks).entrySet()) {
            HealthCheck.Status status;
            try {
                status = entry.getValue().check();
            } catch (RuntimeException e) {
                status = HealthCheck.Status.down("check failed: " + e);
            }
            allUp &= status.up();
            details.putObject(entry.getKey()).put("status", status.up() ? "UP" : "DOWN").put("detail", status.detail());
        }
        body.put("status", allUp ? "UP" : "DOWN");
        write(response, callback, allUp ? 200 : 503, "application/json", body.toString());
    }

    private static void document(Supplier<?> document, Response response, Callback callback) {
        try {
            write(response, callback, 200, "application/json", JSON.writeValueAsString(document.get()));
        } catch (JsonProcessingException | RuntimeException e) {
            write(response, callback, 503, "application/json",
                    JSON.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
        }
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }
}
