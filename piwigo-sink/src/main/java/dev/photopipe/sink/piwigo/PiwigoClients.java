package dev.photopipe.sink.piwigo;

import dev.photopipe.sink.config.SinkConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** Creates {@link PiwigoClient}s. */
public final class PiwigoClients {
    private PiwigoClients() {
    }

    /**
     * Name of the counter of requests sent to Piwigo, tagged {@code method} (the ws.php method)
     * and {@code client} (which part of photopipe sent them, e.g. {@value #SINK} or {@code expiry}).
     */
    public static final String REQUESTS_METER = "photopipe.sink.piwigo.requests";
    /** The {@code client} tag of the sink's requests. */
    public static final String SINK = "sink";

    public static PiwigoClient create(SinkConfig config) {
        return create(PiwigoSettings.from(config));
    }

    /** Counts every request in {@value #REQUESTS_METER} of {@code registry}, as the sink's. */
    public static PiwigoClient create(SinkConfig config, MeterRegistry registry) {
        return create(PiwigoSettings.from(config), registry, SINK);
    }

    public static PiwigoClient create(PiwigoSettings settings) {
        return new OkHttpPiwigo(settings, http(settings, null), WsTransport.RequestCounter.NONE);
    }

    /**
     * Counts every request in {@value #REQUESTS_METER} of {@code registry}, tagged
     * {@code client=}{@code client}: in one process (photopipe run) the sink's requests and the
     * expiry service's stay apart.
     */
    public static PiwigoClient create(PiwigoSettings settings, MeterRegistry registry, String client) {
        return new OkHttpPiwigo(settings, http(settings, null), counter(registry, client));
    }

    /** For tests in this package: an interceptor sees every request and answer. */
    static PiwigoClient create(PiwigoSettings settings, Interceptor interceptor) {
        return new OkHttpPiwigo(settings, http(settings, interceptor), WsTransport.RequestCounter.NONE);
    }

    private static WsTransport.RequestCounter counter(MeterRegistry registry, String client) {
        Map<String, Counter> counters = new ConcurrentHashMap<>();
        return method -> counters.computeIfAbsent(method, m -> Counter.builder(REQUESTS_METER)
                .description("requests sent to Piwigo, by ws.php method and photopipe client").tag("method", m)
                .tag("client", client).register(registry)).increment();
    }

    private static OkHttpClient http(PiwigoSettings settings, Interceptor interceptor) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(settings.requestTimeout())
                .readTimeout(settings.requestTimeout())
                .writeTimeout(settings.requestTimeout())
                // OkHttp would silently resend a POST after some connection failures; every retry
                // must go through the classified Failsafe policy (and the exist check) instead.
                .retryOnConnectionFailure(false);
        if (interceptor != null) {
            builder.addInterceptor(interceptor);
        }
        return builder.build();
    }
}
