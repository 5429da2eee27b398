package dev.photopipe.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} on OkHttp, Jackson and Failsafe. Thread-safe: OkHttp clients and
 * the concurrent caches are; a cache miss raced by two threads costs one redundant (idempotent)
 * registry call, never a wrong answer.
 */
final class OkHttpSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(OkHttpSchemaRegistryClient.class);
    static final MediaType CONTENT_TYPE = MediaType.get("application/vnd.schemaregistry.v1+json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final RegistrySettings settings;
    private final HttpUrl base;
    private final OkHttpClient http;
    private final RetryPolicy<Object> retry;
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Thrown inside a Failsafe execution for failures worth another attempt. */
    private static final class TransientFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        TransientFailure(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }
    }

    private record Answer(int status, String body) {
    }

    OkHttpSchemaRegistryClient(RegistrySettings settings) {
        this.settings = settings;
        HttpUrl parsed = HttpUrl.parse(settings.url());
        if (parsed == null) {
            throw new IllegalArgumentException("'" + settings.url() + "' is not an http(s) URL: check "
                    + settings.urlSetting());
        }
        this.base = parsed;
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(settings.requestTimeout())
                .readTimeout(settings.requestTimeout())
                .writeTimeout(settings.requestTimeout())
                // Failsafe retries, visibly and bounded; OkHttp's own silent retry would hide attempts.
                .retryOnConnectionFailure(false);
        if (settings.basicAuthUserInfo() != null && !settings.basicAuthUserInfo().isEmpty()) {
            String userInfo = settings.basicAuthUserInfo();
            int colon = userInfo.indexOf(':');
            String credentials = colon < 0 ? Credentials.basic(userInfo, "")
                    : Credentials.basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
            builder.addInterceptor(chain -> chain.proceed(
                    chain.request().newBuilder().header("Authorization", credentials).build()));
        }
        if (settings.truststorePath() != null && !settings.truststorePath().isEmpty()) {
            X509TrustManager trustManager = trustManager(settings.truststorePath(), settings.truststorePassword());
            builder.sslSocketFactory(sslContext(trustManager).getSocketFactory(), trustManager);
        }
        this.http = builder.build();
        this.retry = retryPolicy(settings);
    }

    static boolean isTransient(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static RetryPolicy<Object> retryPolicy(RegistrySettings settings) {
        RetryPolicyBuilder<Object> builder = RetryPolicy.builder()
                .handle(TransientFailure.class)
                .withMaxAttempts(settings.maxAttempts())
                .onRetry(event -> LOG.warn("Schema registry {} failed transiently ({}); attempt {} of {}",
                        settings.url(), event.getLastException().getMessage(), event.getAttemptCount() + 1,
                        settings.maxAttempts()));
        long first = settings.backoff().toMillis();
        long limit = settings.maxBackoff().toMillis();
        if (first > 0 && limit > first) {
            builder.withBackoff(settings.backoff(), settings.maxBackoff()).withJitter(0.25);
        } else if (first > 0) {
            builder.withDelay(settings.backoff());
        }
        return builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        return schemaId(subject, schema, url("subjects", subject, "versions"), "registering");
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return schemaId(subject, schema, url("subjects", subject), "looking up");
    }

    /** Register and lookup differ only in the path: both answer {"id": n} and fill both caches. */
    private int schemaId(String subject, Schema schema, HttpUrl path, String verb) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(post(path, schemaBody(schema)), verb + " a schema under subject '" + subject + "'", subject);
        int id = requiredInt(answer, "id");
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(new Request.Builder().url(url("schemas", "ids", Integer.toString(id))).get().build(),
                "fetching schema id " + id, null);
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("Schema registry at " + settings.url() + " answered schema id " + id
                    + " without a 'schema' field", 200, 200, null);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema id " + id + " at " + settings.url()
                    + " is not an Avro schema: " + e.getMessage(), 200, 200, e);
        }
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public List<Integer> versions(String subject) {
        JsonNode answer = call(new Request.Builder().url(url("subjects", subject, "versions")).get().build(),
                "listing the versions of subject '" + subject + "'", subject);
        List<Integer> versions = new ArrayList<>();
        answer.forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = call(post(url("compatibility", "subjects", subject, "versions", "latest"), schemaBody(schema)),
                    "checking compatibility under subject '" + subject + "'", subject);
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaNotFoundException e) {
            // No version yet: nothing to be incompatible with (Confluent answers 40401 here).
            return true;
        }
    }

    @Override
    public void setGlobalCompatibility(String level) {
        call(put(url("config"), Map.of("compatibility", level)), "setting the global compatibility level", null);
    }

    @Override
    public void setCompatibility(String subject, String level) {
        call(put(url("config", subject), Map.of("compatibility", level)),
                "setting the compatibility level of subject '" + subject + "'", subject);
    }

    @Override
    public String url() {
        return settings.url();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder builder = base.newBuilder();
        for (String segment : segments) {
            builder.addPathSegment(segment); // encodes subjects such as "a/b" safely
        }
        return builder.build();
    }

    private static Map<String, String> schemaBody(Schema schema) {
        return Map.of("schema", schema.toString());
    }

    private static Request post(HttpUrl url, Object body) {
        return new Request.Builder().url(url).post(json(body)).build();
    }

    private static Request put(HttpUrl url, Object body) {
        return new Request.Builder().url(url).put(json(body)).build();
    }

    private static RequestBody json(Object body) {
        try {
            return RequestBody.create(JSON.writeValueAsBytes(body), CONTENT_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write request body", e);
        }
    }

    /** One logical call: retried while transient, then classified once. */
    private JsonNode call(Request request, String what, String subject) {
        Request withAccept = request.newBuilder().header("Accept", CONTENT_TYPE.toString()).build();
        AtomicInteger attempts = new AtomicInteger();
        Answer answer;
        try {
            answer = Failsafe.with(retry).get(() -> {
                attempts.incrementAndGet();
                return execute(withAccept);
            });
        } catch (TransientFailure e) {
            throw new RegistryUnavailableException(String.format(
                    "Schema registry at %s failed %s after %d attempt(s), last: %s. Check that the registry is "
                            + "running and reachable and that %s is right.",
                    settings.url(), what, attempts.get(), e.getMessage(), settings.urlSetting()),
                    e.status, attempts.get(), e.getCause() != null ? e.getCause() : e);
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            return parse(answer.body(), what);
        }
        throw permanent(answer, what, subject);
    }

    private Answer execute(Request request) {
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            Answer answer = new Answer(response.code(), body == null ? "" : body.string());
            if (isTransient(answer.status())) {
                throw new TransientFailure("HTTP " + answer.status() + " " + abbreviate(answer.body()), answer.status(), null);
            }
            return answer;
        } catch (SSLHandshakeException | SSLPeerUnverifiedException e) {
            // An untrusted certificate or a wrong host name stays wrong: no retry, say what to check.
            throw new SchemaRegistryException("TLS handshake with the schema registry at " + settings.url()
                    + " failed: " + e.getMessage() + ". Check that schema.registry.ssl.truststore.location trusts "
                    + "the registry's certificate and that the certificate names the host.",
                    SchemaRegistryException.NO_STATUS, SchemaRegistryException.NO_STATUS, e);
        } catch (IOException e) {
            throw new TransientFailure(e.toString(), SchemaRegistryException.NO_STATUS, e);
        }
    }

    private SchemaRegistryException permanent(Answer answer, String what, String subject) {
        int errorCode = answer.status();
        String reason = abbreviate(answer.body());
        try {
            JsonNode error = JSON.readTree(answer.body());
            errorCode = error.path("error_code").asInt(answer.status());
            reason = error.path("message").asText(reason);
        } catch (IOException notJson) {
            // Proxies answer HTML: keep the raw (abbreviated) body as the reason.
        }
        String prefix = "Schema registry at " + settings.url() + " refused " + what + " (HTTP " + answer.status()
                + ", error_code " + errorCode + "): " + reason;
        return switch (answer.status()) {
            case 409 -> new IncompatibleSchemaException(prefix + ". The schema is not compatible with the versions "
                    + "already registered under subject '" + subject + "' at its compatibility level: give new "
                    + "fields defaults, or register it under a new subject.", subject, errorCode);
            case 404 -> new SchemaNotFoundException(prefix, errorCode);
            case 401, 403 -> new SchemaRegistryException(prefix + ". Check schema.registry.basic.auth.user.info.",
                    answer.status(), errorCode, null);
            default -> new SchemaRegistryException(prefix, answer.status(), errorCode, null);
        };
    }

    private JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry at " + settings.url() + " answered " + what
                    + " with invalid JSON: " + abbreviate(body), 200, 200, e);
        }
    }

    private int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry at " + settings.url() + " answered without '" + field
                    + "': " + abbreviate(answer.toString()), 200, 200, null);
        }
        return value.asInt();
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private static X509TrustManager trustManager(String path, String password) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            // PKCS12 is the JDK default type and its loader also reads JKS files.
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalArgumentException("Truststore " + path + " holds no X.509 trust material");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load the schema registry truststore " + path
                    + " (check schema.registry.ssl.truststore.location and its password): " + e.getMessage(), e);
        }
    }

    private static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}
