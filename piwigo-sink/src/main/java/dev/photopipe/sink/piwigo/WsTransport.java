package dev.photopipe.sink.piwigo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.ContextualSupplier;
import dev.photopipe.sink.piwigo.PiwigoSettings.ApiKey;
import dev.photopipe.sink.piwigo.PiwigoSettings.UserPassword;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ws.php requests: authentication (API key header, or a session cookie with re-login once
 * when it expired), one classification of every answer ({@link Answers}) and Failsafe retries of
 * transient failures. Thread-safe.
 */
final class WsTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WsTransport.class);
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    private static final String API_KEY_HEADER = "X-PIWIGO-API";

    private final PiwigoSettings settings;
    private final OkHttpClient http;
    private final HttpUrl endpoint;
    private final RetryPolicy<Object> retryPolicy;
    private final SessionCookies cookies = new SessionCookies();
    private final Object loginLock = new Object();
    /** Bumped by every login so that threads that saw the same 401 log in only once. */
    private volatile int loginGeneration;
    private volatile Connection connection;
    /**
     * Sends the API key header on every request: configured so, or because Piwigo refused to log
     * in with the key (then set once, never cleared).
     */
    private volatile boolean keyHeader;
    private final RequestCounter counter;
    /**
     * The Referer of every request when the user cache is bypassed, else {@code null}. Piwigo's own
     * uploader sends its requests from this page, and Piwigo builds the user of such a request
     * without its user cache: no request waits while another rebuilds it after an upload.
     */
    private final String adminPage;

    /** What getStatus told, per connection (session), and when. */
    private record Connection(ServerStatus status, String token, int generation, long readAtNanos) {
    }

    /** Told of every request sent (before its answer), by ws.php method. Thread-safe. */
    interface RequestCounter {
        RequestCounter NONE = method -> { };

        void sent(String method);
    }

    /** A region of a file sent as the multipart {@code file} field, streamed from disk. */
    record FilePart(java.nio.file.Path path, long offset, long length, String fileName) {
    }

    WsTransport(PiwigoSettings settings, OkHttpClient base) {
        this(settings, base, RequestCounter.NONE);
    }

    WsTransport(PiwigoSettings settings, OkHttpClient base, RequestCounter counter) {
        this.settings = settings;
        this.counter = counter;
        this.keyHeader = settings.credentials() instanceof ApiKey key && !key.sessionLogin();
        this.http = base.newBuilder().cookieJar(cookies).build();
        this.endpoint = HttpUrl.get(settings.url().resolve("ws.php").toString());
        this.adminPage = settings.bypassUserCache() ? settings.url().resolve(PiwigoSettings.ADMIN_UPLOAD_PAGE).toString() : null;
        PiwigoSettings.Retry retry = settings.retry();
        this.retryPolicy = RetryPolicy.builder()
                .handleIf(e -> e instanceof PiwigoException p && p.isTransient())
                .withBackoff(retry.initialBackoff(), retry.maxBackoff())
                .withJitter(retry.jitterFactor())
                .withMaxAttempts(retry.maxAttempts())
                .onRetry(e -> LOG.warn("Piwigo call failed, retry {}: {}", e.getAttemptCount(),
                        e.getLastException().getMessage()))
                .build();
    }

    /** A form POST, retried while its failures are transient. */
    JsonNode call(String method, Params params) {
        return retrying(ctx -> once(method, params, null));
    }

    /**
     * Like {@link #call}, for methods where Piwigo answers {@code stat:ok} with HTTP 500 when part
     * of the call was refused (pwg.images.setInfo with an unknown album: the error is built,
     * dropped, and only its status remains). Such an answer fails PERMANENT here.
     */
    JsonNode callStrict(String method, Params params) {
        return retrying(ctx -> once(method, params, null, true));
    }

    /** Runs {@code step} under the retry policy; the context tells which attempt this is. */
    @SuppressWarnings("unchecked")
    <T> T retrying(ContextualSupplier<T, T> step) {
        return Failsafe.with((RetryPolicy<T>) (RetryPolicy<?>) retryPolicy).get(step);
    }

    /**
     * One request (plus one re-login and resend when a session expired), not retried. With a
     * file, the body is multipart/form-data.
     */
    JsonNode once(String method, Params params, FilePart file) {
        return once(method, params, file, false);
    }

    /**
     * A session that expired answers HTTP 401 (or err 401): log in again once and resend once.
     * Only a refused login is an AUTHENTICATION failure; a 401 right after a fresh login means
     * this account may not call {@code method} (e.g. the key's forbidden methods): PERMANENT.
     */
    private JsonNode once(String method, Params params, FilePart file, boolean strict) {
        if (usesSession() && loginGeneration == 0) {
            connection(); // log in before the first call rather than after its 401
        }
        int generation = loginGeneration;
        try {
            return send(method, params, file, strict);
        } catch (PiwigoAuthenticationException e) {
            if (!usesSession() || e.errorCode() == 999) {
                throw e;
            }
            LOG.info("Piwigo session expired ({}), logging in again", method);
            relogin(generation);
            try {
                return send(method, params, file, strict);
            } catch (PiwigoAuthenticationException again) {
                throw new PiwigoException(PiwigoException.Kind.PERMANENT, method, again.httpStatus(), again.errorCode(),
                        "refused right after a fresh login: this account may not call it (" + again.getMessage() + ")",
                        again);
            }
        }
    }

    /** The server's status, read again when older than {@link PiwigoSettings#statusMaxAge()}. */
    ServerStatus status() {
        Connection current = connection();
        if (System.nanoTime() - current.readAtNanos() > settings.statusMaxAge().toNanos()) {
            return refreshStatus();
        }
        return current.status();
    }

    /**
     * Reads {@code pwg.session.getStatus} again on the current connection (e.g. before refusing a
     * file type: the admin may have enabled it since) and keeps it.
     */
    ServerStatus refreshStatus() {
        Connection current = connection();
        synchronized (loginLock) {
            if (connection != null && connection.generation() == current.generation()) {
                connection = readStatus();
            }
            return connection.status();
        }
    }

    /**
     * A fresh {@code pwg.session.getStatus} (not the one cached per connection), under the retry
     * policy: is Piwigo up, and does it still take our credentials? An expired session (Piwigo
     * then answers as a guest) logs in again once.
     */
    ServerStatus probe() {
        int generation = loginGeneration;
        ServerStatus status = parseStatus(call("pwg.session.getStatus", new Params()));
        if (usesSession() && "guest".equals(status.username())) {
            relogin(generation);
            return connection().status();
        }
        return status;
    }

    String token() {
        return connection().token();
    }

    private boolean usesSession() {
        return !keyHeader;
    }

    /** {@code true} once requests carry the API key header instead of a session cookie. */
    boolean sendsKeyHeader() {
        return keyHeader;
    }

    private Connection connection() {
        Connection current = connection;
        if (current != null && current.generation() == loginGeneration) {
            return current;
        }
        synchronized (loginLock) {
            if (connection == null || connection.generation() != loginGeneration) {
                if (usesSession() && loginGeneration == 0) {
                    login();
                }
                connection = readStatus();
            }
            return connection;
        }
    }

    private void relogin(int seenGeneration) {
        synchronized (loginLock) {
            if (loginGeneration == seenGeneration) {
                login();
                connection = readStatus();
            }
        }
    }

    private void login() {
        cookies.clear();
        Params credentials = settings.credentials() instanceof UserPassword up
                ? Params.of("username", up.username()).add("password", up.password())
                : Params.of("username", ((ApiKey) settings.credentials()).pkid())
                        .add("password", ((ApiKey) settings.credentials()).secret());
        try {
            retrying(ctx -> send("pwg.session.login", credentials, null, false));
        } catch (PiwigoAuthenticationException refused) {
            if (!(settings.credentials() instanceof ApiKey)) {
                throw refused;
            }
            // Piwigo before 16's key logins, or a key it will not turn into a session: the header
            // still works (and a bad key is then refused there, as an AUTHENTICATION failure).
            LOG.warn("Piwigo refused to log in with the API key ({}): sending the X-PIWIGO-API header on every "
                    + "request instead, which costs Piwigo a hash check each time", refused.getMessage());
            keyHeader = true;
        }
        loginGeneration++;
    }

    private Connection readStatus() {
        JsonNode s = retrying(ctx -> send("pwg.session.getStatus", new Params(), null, false));
        if ("guest".equals(s.path("status").asText())) {
            // Logged in yet still a guest: the session did not take; same as refused credentials.
            throw new PiwigoAuthenticationException("pwg.session.getStatus", 200, 0, "still a guest after login");
        }
        ServerStatus status = parseStatus(s);
        LOG.debug("Piwigo {} at {} as {} ({}), chunk hint {} KB, file types {}", status.version(), settings.url(),
                status.username(), keyHeader ? "API key header" : "session", status.chunkSizeBytes() / 1024,
                status.fileTypes());
        return new Connection(status, s.path("pwg_token").asText(""), loginGeneration, System.nanoTime());
    }

    /** The answer of {@code pwg.session.getStatus}; a guest's user name is {@code guest}. */
    private static ServerStatus parseStatus(JsonNode s) {
        Set<String> types = Arrays.stream(s.path("upload_file_types").asText("").split(","))
                .map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).collect(Collectors.toUnmodifiableSet());
        int chunkKb = s.path("upload_form_chunk_size").asInt(500);
        String user = "guest".equals(s.path("status").asText()) ? "guest" : s.path("username").asText("");
        return new ServerStatus(s.path("version").asText(""), chunkKb * 1024, types, user);
    }

    private JsonNode send(String method, Params params, FilePart file, boolean strict) {
        HttpUrl url = endpoint.newBuilder().addQueryParameter("format", "json").addQueryParameter("method", method).build();
        Request.Builder request = new Request.Builder().url(url).post(body(params, file));
        if (keyHeader && settings.credentials() instanceof ApiKey key) {
            request.header(API_KEY_HEADER, key.key());
        }
        if (adminPage != null) {
            request.header("Referer", adminPage);
        }
        counter.sent(method);
        // OkHttp never adds "Expect: 100-continue" on its own; PHP's built-in server would never
        // answer it, so make sure none reaches the server.
        request.removeHeader("Expect");
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            return strict ? Answers.strictResult(method, response.code(), text) : Answers.result(method, response.code(), text);
        } catch (IOException e) {
            throw Answers.ioFailure(method, e);
        }
    }

    private static RequestBody body(Params params, FilePart file) {
        if (file == null) {
            FormBody.Builder form = new FormBody.Builder();
            params.pairs.forEach(p -> form.add(p[0], p[1]));
            return form.build();
        }
        MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM);
        params.pairs.forEach(p -> multipart.addFormDataPart(p[0], p[1]));
        multipart.addFormDataPart("file", file.fileName(), new FileRegionBody(file));
        return multipart.build();
    }

    /**
     * A file region read from disk while it is written to the socket, 64 KB at a time: memory
     * stays flat whatever the chunk size. Reopened on every write, so a resent request reads again.
     */
    private static final class FileRegionBody extends RequestBody {
        private final FilePart part;

        FileRegionBody(FilePart part) {
            this.part = part;
        }

        @Override
        public MediaType contentType() {
            return OCTETS;
        }

        @Override
        public long contentLength() {
            return part.length();
        }

        @Override
        public void writeTo(okio.BufferedSink sink) throws IOException {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(part.path(),
                    java.nio.file.StandardOpenOption.READ)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64 * 1024);
                long position = part.offset();
                long end = part.offset() + part.length();
                while (position < end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                    int read = channel.read(buffer, position);
                    if (read < 0) {
                        throw new java.io.EOFException("file shrank during upload: " + part.path());
                    }
                    buffer.flip();
                    sink.write(buffer);
                    position += read;
                }
            }
        }
    }

    /** Keeps the session cookie of the one gallery this transport talks to. */
    private static final class SessionCookies implements CookieJar {
        private final List<Cookie> cookies = new ArrayList<>();

        @Override
        public synchronized void saveFromResponse(HttpUrl url, List<Cookie> received) {
            for (Cookie cookie : received) {
                cookies.removeIf(c -> c.name().equals(cookie.name()));
                cookies.add(cookie);
            }
        }

        @Override
        public synchronized List<Cookie> loadForRequest(HttpUrl url) {
            return List.copyOf(cookies);
        }

        synchronized void clear() {
            cookies.clear();
        }
    }
}
