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

    /** What getStatus told, per connection (session). */
    private record Connection(ServerStatus status, String token, int generation) {
    }

    WsTransport(PiwigoSettings settings, OkHttpClient base) {
        this.settings = settings;
        this.http = base.newBuilder().cookieJar(cookies).build();
        this.endpoint = HttpUrl.get(settings.url().resolve("ws.php").toString());
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
        return retrying(ctx -> once(method, params, null, null));
    }

    /**
     * Like {@link #call}, for methods where Piwigo answers {@code stat:ok} with HTTP 500 when part
     * of the call was refused (pwg.images.setInfo with an unknown album: the error is built,
     * dropped, and only its status remains). Such an answer fails PERMANENT here.
     */
    JsonNode callStrict(String method, Params params) {
        return retrying(ctx -> once(method, params, null, null, true));
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
    JsonNode once(String method, Params params, byte[] file, String fileName) {
        return once(method, params, file, fileName, false);
    }

    private JsonNode once(String method, Params params, byte[] file, String fileName, boolean strict) {
        if (usesSession() && loginGeneration == 0) {
            connection(); // log in before the first call rather than after its 401
        }
        int generation = loginGeneration;
        try {
            return send(method, params, file, fileName, strict);
        } catch (PiwigoAuthenticationException e) {
            if (!usesSession() || e.errorCode() == 999) {
                throw e;
            }
            LOG.info("Piwigo session expired ({}), logging in again", method);
            relogin(generation);
            return send(method, params, file, fileName, strict);
        }
    }

    ServerStatus status() {
        return connection().status();
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
        return settings.credentials() instanceof UserPassword
                || settings.credentials() instanceof ApiKey key && key.sessionLogin();
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
        retrying(ctx -> send("pwg.session.login", credentials, null, null, false));
        loginGeneration++;
    }

    private Connection readStatus() {
        JsonNode s = retrying(ctx -> send("pwg.session.getStatus", new Params(), null, null, false));
        if ("guest".equals(s.path("status").asText())) {
            // Logged in yet still a guest: the session did not take; same as refused credentials.
            throw new PiwigoAuthenticationException("pwg.session.getStatus", 200, 0, "still a guest after login");
        }
        ServerStatus status = parseStatus(s);
        LOG.info("Piwigo {} at {} as {}, chunk hint {} KB", status.version(), settings.url(), status.username(),
                status.chunkSizeBytes() / 1024);
        return new Connection(status, s.path("pwg_token").asText(""), loginGeneration);
    }

    /** The answer of {@code pwg.session.getStatus}; a guest's user name is {@code guest}. */
    private static ServerStatus parseStatus(JsonNode s) {
        Set<String> types = Arrays.stream(s.path("upload_file_types").asText("").split(","))
                .map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).collect(Collectors.toUnmodifiableSet());
        int chunkKb = s.path("upload_form_chunk_size").asInt(500);
        String user = "guest".equals(s.path("status").asText()) ? "guest" : s.path("username").asText("");
        return new ServerStatus(s.path("version").asText(""), chunkKb * 1024, types, user);
    }

    private JsonNode send(String method, Params params, byte[] file, String fileName, boolean strict) {
        HttpUrl url = endpoint.newBuilder().addQueryParameter("format", "json").addQueryParameter("method", method).build();
        Request.Builder request = new Request.Builder().url(url).post(body(params, file, fileName));
        if (settings.credentials() instanceof ApiKey key && !key.sessionLogin()) {
            request.header(API_KEY_HEADER, key.key());
        }
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

    private static RequestBody body(Params params, byte[] file, String fileName) {
        if (file == null) {
            FormBody.Builder form = new FormBody.Builder();
            params.pairs.forEach(p -> form.add(p[0], p[1]));
            return form.build();
        }
        MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM);
        params.pairs.forEach(p -> multipart.addFormDataPart(p[0], p[1]));
        multipart.addFormDataPart("file", fileName, RequestBody.create(file, OCTETS));
        return multipart.build();
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
