package dev.photopipe.sink.piwigo;

import dev.photopipe.sink.config.SinkConfig;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** Creates {@link PiwigoClient}s. */
public final class PiwigoClients {
    private PiwigoClients() {
    }

    public static PiwigoClient create(SinkConfig config) {
        return create(PiwigoSettings.from(config));
    }

    public static PiwigoClient create(PiwigoSettings settings) {
        return new OkHttpPiwigo(settings, http(settings, null));
    }

    /** For tests in this package: an interceptor sees every request and answer. */
    static PiwigoClient create(PiwigoSettings settings, Interceptor interceptor) {
        return new OkHttpPiwigo(settings, http(settings, interceptor));
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
