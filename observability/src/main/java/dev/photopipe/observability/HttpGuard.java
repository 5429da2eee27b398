package dev.photopipe.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call a photopipe HTTP endpoint: the one place where the {@code Host} header, the
 * browser's {@code Origin} and an optional bearer token are checked, for every endpoint photopipe
 * serves (the capture endpoint, the metrics endpoint with the status page).
 *
 * <p>Each request is classified by the endpoint ({@link Access}), then:
 * <ul>
 *   <li><b>Host</b> ({@link Access#READ} and {@link Access#WRITE}, when the guard checks hosts): the
 *       host the request was sent to must be an IP address or one of the configured names. A page
 *       of another site that re-points its own DNS name at this machine (DNS rebinding) sends its
 *       own name, so it can neither read the status page nor act on it.</li>
 *   <li><b>Origin</b> ({@link Access#WRITE}): a browser request must come from the endpoint's own
 *       origin (the {@code Origin} header equal to the host the request was sent to, and that
 *       host an IP address or a configured name); cross-site posts (CSRF) are refused.
 *       Non-browser clients (cameras, curl, scripts) send no {@code Origin} and are not
 *       affected.</li>
 *   <li><b>Token</b> ({@link Access#WRITE}, when one is configured): {@code Authorization: Bearer
 *       <token>}, compared in constant time.</li>
 * </ul>
 * {@link Access#OPEN} requests ({@code /metrics}, {@code /health/*}: read by Prometheus and
 * orchestrators under whatever service name they use) pass unchecked.
 *
 * <p>Refusals are answered with a JSON {@code {"error": ...}} that says what was wrong and which
 * setting changes it, never echoing the request's values. Immutable and thread-safe.
 */
public final class HttpGuard {
    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);
    /** A dotted-quad IPv4 address; IPv6 literals are recognised by their colon. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String BEARER = "bearer ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How much a request needs to be trusted. */
    public enum Access {
        /** Monitoring reads ({@code /metrics}, {@code /health/*}): no check. */
        OPEN,
        /** Reads of operator data (the status page, its documents): Host checked. */
        READ,
        /** Anything that changes state (a capture, a replay): Host, Origin and token checked. */
        WRITE
    }

    /** Why a request was refused: the status and a message for the caller. */
    public record Refusal(int status, String message) {
    }

    private final String endpoint;
    private final byte[] tokenHash;
    private final String tokenSetting;
    private final boolean checkHost;
    private final Set<String> hostNames;
    private final String hostsSetting;

    private HttpGuard(Builder builder) {
        this.endpoint = builder.endpoint;
        this.tokenHash = builder.token == null ? null : sha256(builder.token);
        this.tokenSetting = builder.tokenSetting;
        this.checkHost = builder.checkHost;
        this.hostNames = builder.hostNames;
        this.hostsSetting = builder.hostsSetting;
    }

    /**
     * A guard for the endpoint named {@code endpoint} in messages ("the capture endpoint"):
     * without token and without a Host check until the builder adds them; the Origin check is
     * always on.
     */
    public static Builder builder(String endpoint) {
        return new Builder(endpoint);
    }

    /** Wraps {@code handler}: each request is classified by {@code access}, checked, then handled or refused. */
    public Handler protect(Handler handler, Function<Request, Access> access) {
        return new Handler.Wrapper(handler) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Optional<Refusal> refusal = check(request, access.apply(request));
                if (refusal.isEmpty()) {
                    return super.handle(request, response, callback);
                }
                refuse(request, response, callback, refusal.get());
                return true;
            }
        };
    }

    /** The refusal for {@code request}, or empty when it may go on. */
    public Optional<Refusal> check(Request request, Access access) {
        if (access == Access.OPEN) {
            return Optional.empty();
        }
        String authority = request.getHeaders().get(HttpHeader.HOST);
        if (checkHost && authority != null && !isAllowedHost(authority)) {
            return Optional.of(new Refusal(403, "The host name this request was sent to is not one of " + endpoint
                    + "'s names. Use its IP address or localhost, or add the name to " + hostsSetting + "."));
        }
        if (access == Access.READ) {
            return Optional.empty();
        }
        Optional<Refusal> origin = checkOrigin(request, authority);
        if (origin.isPresent()) {
            return origin;
        }
        return checkToken(request);
    }

    private Optional<Refusal> checkOrigin(Request request, String authority) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        if (origin == null) {
            if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
                return Optional.of(crossOrigin());
            }
            return Optional.empty();
        }
        if (authority == null || !sameOrigin(origin, authority, request.getHttpURI().getScheme())
                || !isAllowedHost(authority)) {
            return Optional.of(crossOrigin());
        }
        return Optional.empty();
    }

    private Refusal crossOrigin() {
        return new Refusal(403, endpoint + " refuses requests a web page of another origin sends from a browser "
                + "(cross-site request forgery). Send it from a script or program, which sends no Origin header.");
    }

    private Optional<Refusal> checkToken(Request request) {
        if (tokenHash == null) {
            return Optional.empty();
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(tokenHash, sha256(authorization.substring(BEARER.length()).strip()))) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(401, (authorization == null ? "Missing" : "Wrong")
                + " bearer token: " + endpoint + " needs the header 'Authorization: Bearer <token>' with the token set in "
                + tokenSetting + "."));
    }

    private boolean isAllowedHost(String authority) {
        String host = host(authority);
        return host != null && (isIpLiteral(host) || hostNames.contains(host));
    }

    /** Lower-case host of a Host header value, without port and brackets; null when malformed. */
    private static String host(String authority) {
        try {
            String host = HostPort.normalizeHost(new HostPort(authority.strip()).getHost());
            return host == null ? null : strip(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String strip(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
    }

    /** An IP literal cannot be re-pointed by DNS, so a browser that sends one talks to that address. */
    private static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
    }

    /** Whether {@code origin} ({@code scheme://host[:port]}) is the origin of a request sent to {@code authority}. */
    private static boolean sameOrigin(String origin, String authority, String requestScheme) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return false; // "null" (sandboxed pages, file:) or anything else a browser may send
            }
            HostPort target = new HostPort(authority.strip());
            String scheme2 = requestScheme == null ? "http" : requestScheme.toLowerCase(Locale.ROOT);
            int originPort = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
            int targetPort = target.getPort(defaultPort(scheme2));
            return scheme.equals(scheme2) && originPort == targetPort
                    && strip(uri.getHost().toLowerCase(Locale.ROOT)).equals(host(authority));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private void refuse(Request request, Response response, Callback callback, Refusal refusal) {
        LOG.info("Refused {} {} on {} with {}: {}", request.getMethod(), Request.getPathInContext(request).replaceAll(
                "\\p{Cntrl}", "?"), endpoint, refusal.status(), refusal.message());
        response.setStatus(refusal.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (refusal.status() == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"photopipe\"");
        }
        Content.Sink.write(response, true, JSON.createObjectNode().put("error", refusal.message()).toString(), callback);
    }

    private static byte[] sha256(String text) {
        try {
            // Hashing both sides first makes the comparison independent of the token's length too.
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** Builds a {@link HttpGuard}; not thread-safe, use once. */
    public static final class Builder {
        private final String endpoint;
        private String token;
        private String tokenSetting;
        private boolean checkHost;
        private Set<String> hostNames = Set.of();
        private String hostsSetting = "";

        private Builder(String endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * Requires {@code Authorization: Bearer token} on {@link Access#WRITE} requests.
         *
         * @param token the token; null or blank: none required
         * @param setting the setting holding it, named in refusals
         */
        public Builder bearerToken(String token, String setting) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            this.tokenSetting = setting;
            return this;
        }

        /**
         * Checks the Host header of {@link Access#READ} and {@link Access#WRITE} requests: an IP
         * address or one of {@code names}; and lets browser requests come from those names.
         *
         * @param names host names (no port), compared case-insensitively
         * @param setting the setting listing them, named in refusals
         */
        public Builder hostNames(Collection<String> names, String setting) {
            this.checkHost = true;
            this.hostNames = names.stream().map(String::strip).filter(n -> !n.isEmpty())
                    .map(n -> strip(n.toLowerCase(Locale.ROOT))).collect(Collectors.toUnmodifiableSet());
            this.hostsSetting = setting;
            return this;
        }

        public HttpGuard build() {
            return new HttpGuard(this);
        }
    }
}
