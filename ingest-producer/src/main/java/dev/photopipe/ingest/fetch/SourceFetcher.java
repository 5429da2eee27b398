package dev.photopipe.ingest.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches a photo named by an {@code http(s):} URI into a file, at capture time, so that the
 * sink only ever reads local files and the photo id comes from bytes photopipe read itself.
 *
 * <p>Bounded in every way a source could abuse: only hosts of the allow-list (no redirects, which
 * could lead elsewhere), connect and whole-call timeouts, and a size limit checked on the
 * announced length and again while reading. OkHttp, as elsewhere in photopipe, for its whole-call
 * timeout (which covers a body trickling in byte by byte). Thread-safe; close it to release its
 * connections.
 */
public final class SourceFetcher implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final FetchSettings settings;
    private final String hostsSetting;
    private final OkHttpClient http;

    /** @param hostsSetting the setting holding the allow-list, named in refusals */
    public SourceFetcher(FetchSettings settings, String hostsSetting) {
        this.settings = settings;
        this.hostsSetting = hostsSetting;
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.timeout())
                .callTimeout(settings.timeout())
                .build();
    }

    /**
     * Fetches {@code source} into {@code target}, replacing its content.
     *
     * @throws FetchException saying why nothing usable was fetched
     */
    public void fetch(URI source, Path target) throws FetchException {
        String host = allowedHost(source);
        Request request;
        try {
            request = new Request.Builder().url(source.toString()).header("Accept", "image/*, video/*").get().build();
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.Problem.REFUSED, "sourceUri is not a usable http(s) URL");
        }
        try (Response response = http.newCall(request).execute()) {
            int status = response.code();
            if (status >= 300 && status < 400) {
                throw new FetchException(FetchException.Problem.REFUSED, "The source at " + host + " answered with a "
                        + "redirect (HTTP " + status + "); photopipe does not follow redirects: send the final URL");
            }
            if (status >= 500 || status == 408 || status == 429) {
                throw new FetchException(FetchException.Problem.SOURCE_UNAVAILABLE, "The source at " + host
                        + " answered HTTP " + status + "; retry later");
            }
            if (status >= 400 || status < 200) {
                throw new FetchException(FetchException.Problem.SOURCE_REFUSED, "The source at " + host
                        + " answered HTTP " + status + "; check the URL and that photopipe may read it");
            }
            ResponseBody body = response.body();
            if (body == null) {
                throw new FetchException(FetchException.Problem.SOURCE_UNAVAILABLE, "The source at " + host
                        + " answered without a body; retry later");
            }
            if (body.contentLength() > settings.maxBytes()) {
                throw tooLarge(host);
            }
            copy(body.byteStream(), target, host);
        } catch (InterruptedIOException e) {
            throw new FetchException(FetchException.Problem.SOURCE_UNAVAILABLE, "The source at " + host
                    + " did not deliver the photo within " + settings.timeout().toSeconds() + " s; retry later", e);
        } catch (IOException e) {
            throw new FetchException(FetchException.Problem.SOURCE_UNAVAILABLE, "The source at " + host
                    + " could not be read (" + e.getClass().getSimpleName() + "); retry later", e);
        }
    }

    private String allowedHost(URI source) throws FetchException {
        if (!settings.enabled()) {
            throw new FetchException(FetchException.Problem.REFUSED, "photopipe does not fetch http(s) sources "
                    + "unless its operator lists their hosts in " + hostsSetting + "; send the photo itself as "
                    + "multipart/form-data, or ask for the host to be added");
        }
        String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
        String host = source.getHost();
        if (!(scheme.equals("http") || scheme.equals("https")) || host == null) {
            throw new FetchException(FetchException.Problem.REFUSED, "sourceUri must be an http(s) URL with a host");
        }
        if (!settings.allows(host)) {
            throw new FetchException(FetchException.Problem.REFUSED, "photopipe does not fetch from " + host
                    + ": only from the hosts its operator lists in " + hostsSetting);
        }
        return host;
    }

    private void copy(InputStream in, Path target, String host) throws IOException, FetchException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long total = 0;
        try (InputStream source = in; OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = source.read(buffer)) > 0) {
                total += n;
                if (total > settings.maxBytes()) {
                    throw tooLarge(host); // the announced length may be absent or wrong
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private FetchException tooLarge(String host) {
        return new FetchException(FetchException.Problem.TOO_LARGE, "The photo at " + host
                + " is larger than the limit set by the operator (ingest.http.max.bytes)");
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
