package dev.photopipe.ops.views.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photopipe.ops.views.topology.JsonSerde;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs JSON documents from photopipe's metrics endpoints (another instance's views, or a running
 * process's from the command line). The JDK's client: two plain GETs need no HTTP library.
 * Thread-safe.
 */
final class JsonHttp {
    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout bound of one request, connection included */
    JsonHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A failed GET; the message names the URL and why. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Failure(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The HTTP status the server answered, or 0 when it did not answer. */
        int status() {
            return status;
        }
    }

    <T> T get(URI uri, Class<T> type) throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Failure("no answer from " + uri.getScheme() + "://" + uri.getAuthority() + " (" + e + ")", 0, e);
        }
        if (response.statusCode() != 200) {
            throw new Failure(uri.getScheme() + "://" + uri.getAuthority() + " answered " + response.statusCode() + ": "
                    + errorOf(response.body()), response.statusCode(), null);
        }
        try {
            return JsonSerde.MAPPER.readValue(response.body(), type);
        } catch (IOException e) {
            throw new Failure(uri + " answered what is not a photopipe views document: " + e.getMessage(), 200, e);
        }
    }

    /** The {@code error} of photopipe's error bodies, else the body's start. */
    private static String errorOf(byte[] body) {
        try {
            JsonNode error = JsonSerde.MAPPER.readTree(body).get("error");
            if (error != null) {
                return error.asText();
            }
        } catch (IOException notJson) {
            // the body's start below
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
