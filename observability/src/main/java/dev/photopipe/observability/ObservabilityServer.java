package dev.photopipe.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a process's {@code /metrics} (Prometheus text format), {@code /health/live} (200 while
 * the process serves requests) and {@code /health/ready} (200 when every registered
 * {@link HealthCheck} is up, else 503; JSON body with each check's state and detail). One per
 * process: in single-process mode the three services share it. Services add JSON documents of
 * their own ({@link #json}), operator actions ({@link #action}, POST only) and static pages
 * ({@link #page}). Thread-safe; actions run on the server's request threads, so a slow action
 * holds one of them until it answers.
 */
public final class ObservabilityServer implements Observability, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Pages may run their own inline script and call this server, nothing else: the status page
     * must work on machines without internet, and a page that loaded code from elsewhere would
     * fail there (and could be made to do anything).
     */
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'";

    private final PrometheusMeterRegistry registry;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    private final Map<String, Supplier<?>> documents = new ConcurrentHashMap<>();
    private final Map<String, Action> actions = new ConcurrentHashMap<>();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, Query> queries = new ConcurrentHashMap<>();
    private final HttpEndpoint endpoint;

    /**
     * With the default guard: no token, and only IP addresses and {@code localhost} accepted as
     * the Host of the status page and its documents and actions.
     *
     * @param host interface to bind (0.0.0.0 for a Prometheus server elsewhere)
     * @param port TCP port; 0 picks a free one
     */
    public ObservabilityServer(PrometheusMeterRegistry registry, String host, int port) {
        this(registry, host, port, HttpGuard.builder("the status page").hostNames(Set.of("localhost"), "metrics.allowed.hosts")
                .build());
    }

    /**
     * @param host interface to bind (0.0.0.0 for a Prometheus server elsewhere)
     * @param port TCP port; 0 picks a free one
     * @param guard checks requests: {@code /metrics} and {@code /health/*} pass unchecked, pages and
     *     documents are {@link HttpGuard.Access#READ}, actions {@link HttpGuard.Access#WRITE}
     */
    public ObservabilityServer(PrometheusMeterRegistry registry, String host, int port, HttpGuard guard) {
        this.registry = registry;
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return serve(request, response, callback);
            }
        };
        this.endpoint = new HttpEndpoint("/metrics and /health", "metrics.port", host, port,
                guard.protect(handler, this::access));
    }

    private HttpGuard.Access access(Request request) {
        String path = Request.getPathInContext(request);
        if (actions.containsKey(path)) {
            return HttpGuard.Access.WRITE;
        }
        return path.equals("/metrics") || path.equals("/health") || path.startsWith("/health/")
                ? HttpGuard.Access.OPEN : HttpGuard.Access.READ;
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

    @Override
    public void action(String path, Action action) {
        actions.put(path, action);
    }

    /**
     * @throws IllegalArgumentException when {@code resource} is null (a resource missing from the jar)
     */
    @Override
    public void page(String path, URL resource, String contentType) {
        if (resource == null) {
            throw new IllegalArgumentException("No resource to serve on " + path
                    + ": it is missing from the class path; rebuild the jar (mvn -B package)");
        }
        try (InputStream in = resource.openStream()) {
            pages.put(path, new Page(in.readAllBytes(), contentType));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource + " to serve on " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void query(String path, Query query) {
        queries.put(path, query);
    }

    public ObservabilityServer start() {
        endpoint.start();
        return this;
    }

    /** The port actually bound. */
    public int port() {
        return endpoint.port();
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private boolean serve(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        Action action = actions.get(path);
        if (action != null) {
            if (!HttpMethod.POST.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                error(response, callback, 405, method + " " + path + " is an action: send it as POST");
            } else if (request.getHeaders().get(ACTION_HEADER) == null) {
                error(response, callback, 403, "POST " + path + " needs the header " + ACTION_HEADER
                        + " (any value), which only photopipe's own page sends; e.g. curl -X POST -H '"
                        + ACTION_HEADER + ": 1' ...");
            } else {
                act("POST " + path, action::run, Request.extractQueryParameters(request), response, callback);
            }
            return true;
        }
        Query query = queries.get(path);
        if (query != null && HttpMethod.GET.is(method)) {
            act("GET " + path, query, Request.extractQueryParameters(request), response, callback);
            return true;
        }
        if (!HttpMethod.GET.is(method)) {
            return false;
        }
        switch (path) {
            case "/metrics" -> write(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            case "/health/live", "/health" -> write(response, callback, 200, "application/json", "{\"status\":\"UP\"}");
            case "/health/ready" -> ready(response, callback);
            default -> {
                Page page = pages.get(path);
                if (page != null) {
                    page(page, response, callback);
                    return true;
                }
                Supplier<?> document = documents.get(path);
                if (document == null) {
                    return false;
                }
                document(document, response, callback);
            }
        }
        return true;
    }

    /** Runs an action or query and answers with its result; {@code request} names it in messages, e.g. "POST /api/replay". */
    private static void act(String request, Query run, Fields query, Response response, Callback callback) {
        Map<String, String> parameters = new HashMap<>();
        query.forEach(field -> parameters.put(field.getName(), field.getValues().get(field.getValues().size() - 1)));
        try {
            Object result = run.run(parameters);
            write(response, callback, 200, "application/json", JSON.writeValueAsString(result));
        } catch (IllegalArgumentException e) {
            error(response, callback, 400, e.getMessage());
        } catch (Unavailable e) {
            error(response, callback, 503, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(response, callback, 503, request + " was interrupted: photopipe is stopping");
        } catch (Exception e) {
            LOG.warn("{} failed: {}", request, e.toString());
            LOG.debug("{} failed", request, e);
            error(response, callback, 500, request + " failed: " + e.getMessage());
        }
    }

    private static void page(Page page, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.contentType());
        response.getHeaders().put("Content-Security-Policy", PAGE_POLICY);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(page.bytes()), callback);
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

    private static void error(Response response, Callback callback, int status, String message) {
        write(response, callback, status, "application/json", JSON.createObjectNode().put("error", message).toString());
    }

    private record Page(byte[] bytes, String contentType) {
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }
}
