package dev.photopipe.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's baseline: the smallest correct uploader Piwigo allows, written on
 * {@code java.net.http} and independent of photopipe's own Piwigo client. It logs in once
 * ({@code pwg.session.login}; an API key logs in with its pkid as user name and its secret as
 * password) and sends each photo as ONE {@code pwg.images.uploadAsync} request (the whole file as
 * its single chunk, with its md5s, file name, title and album). It neither checks existence nor
 * publishes the lounge nor retries: it only measures. Like a script it sends no Referer, unless
 * told to send Piwigo's uploader page as the sink does by default (Piwigo then builds the user
 * without its user cache). Thread-safe (call {@link #upload} from N threads); counts every
 * request it sends.
 */
final class MinimalUploader {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?(\\d+)");

    private final HttpClient http;
    private final URI base;
    private final AtomicInteger requests = new AtomicInteger();
    /** The Referer of every request, or {@code null}. */
    private final String referer;

    /**
     * Logs in as {@code user} (or an API key's pkid) with {@code password} (or its secret).
     *
     * @param fromUploaderPage send {@code admin.php?page=photos_add} as Referer, as Piwigo's own
     *                         uploader page does
     */
    MinimalUploader(URI base, String user, String password, boolean fromUploaderPage)
            throws IOException, InterruptedException {
        this.base = base;
        this.referer = fromUploaderPage ? base.resolve("admin.php?page=photos_add").toString() : null;
        // HTTP/1.1: PHP's built-in server does not speak h2c, and HttpClient would ask to upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
        String answer = form("pwg.session.login", Map.of("username", user, "password", password));
        if (!answer.contains("\"stat\":\"ok\"")) {
            throw new IllegalStateException("login refused: " + answer);
        }
    }

    /** Requests sent so far, the login included. */
    int requests() {
        return requests.get();
    }

    /** {@code pwg.categories.add}: a new album for the baseline's photos. */
    long addAlbum(String name) throws IOException, InterruptedException {
        String answer = form("pwg.categories.add", Map.of("name", name));
        return id(answer);
    }

    /** One photo in one request; returns its image id. */
    long upload(Path file, String md5, String title, long album) throws IOException, InterruptedException {
        String boundary = "----minimal" + UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("chunk", "0");
        fields.put("chunks", "1");
        fields.put("chunk_sum", md5);
        fields.put("original_sum", md5);
        fields.put("filename", file.getFileName().toString());
        fields.put("name", title);
        fields.put("category", String.valueOf(album));
        List<byte[]> parts = new ArrayList<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(Files.readAllBytes(file));
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(endpoint("pwg.images.uploadAsync"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build();
        return id(send(request));
    }

    private String form(String method, Map<String, String> params) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        params.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(endpoint(method))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return send(request);
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        requests.incrementAndGet();
        HttpRequest sent = referer == null ? request : HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Referer", referer).build();
        return http.send(sent, HttpResponse.BodyHandlers.ofString()).body();
    }

    private URI endpoint(String method) {
        return base.resolve("ws.php?format=json&method=" + method);
    }

    private static long id(String answer) {
        Matcher m = ID.matcher(answer);
        if (!answer.contains("\"stat\":\"ok\"") || !m.find()) {
            throw new IllegalStateException("Piwigo did not answer an id: "
                    + answer.substring(0, Math.min(300, answer.length())));
        }
        return Long.parseLong(m.group(1));
    }
}
