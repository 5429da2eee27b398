package dev.photopipe.piwigo.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code ws.php?format=json&method=...}: transport, authentication and faults here, method
 * semantics in {@link Gallery}. Blocking by design: a fixed number of "PHP workers" is emulated
 * with a semaphore, so requests beyond it queue exactly as they do on a PHP server.
 */
final class WsHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(WsHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOISE = "<br />\n<b>Warning</b>:  Undefined array key \"HTTP_ACCEPT_LANGUAGE\" in "
            + "<b>/var/www/piwigo/include/functions_session.inc.php</b> on line <b>42</b><br />\n";
    private static final Set<String> POST_ONLY = Set.of("pwg.session.login", "pwg.images.uploadAsync",
            "pwg.images.addChunk", "pwg.images.add", "pwg.images.setInfo", "pwg.images.uploadCompleted",
            "pwg.categories.add", "pwg.categories.delete", "pwg.tags.add", "pwg.images.exist", "pwg.images.delete");

    /** How often getuserdata() looks, a second apart, for a user cache another request rebuilds. */
    private static final int USER_CACHE_LOOKS = 20;
    /** How long the emulated fetchRemote of a derivative waits for a free worker. */
    private static final Duration FETCH_REMOTE_TIMEOUT = Duration.ofSeconds(30);
    /** A method's result meaning "stat:ok, result null, HTTP 500": Piwigo built an error and dropped it. */
    private static final Object OK_WITH_HTTP_500 = new Object();

    private final PiwigoEmulator.Settings settings;
    private final Gallery gallery;
    private final Faults faults;
    private final Semaphore workers;
    private final CountDownLatch closing;
    private final MultiPartConfig multiPartConfig;
    private final Map<String, String> sessions = new ConcurrentHashMap<>(); // session id -> user
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Requests that reached a method, per method and image id named: "method#id" -> count. */
    private final Map<String, AtomicInteger> imageCalls = new ConcurrentHashMap<>();
    private final AtomicInteger expectContinue = new AtomicInteger();
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInProgress = new ConcurrentHashMap<>();
    private final AtomicInteger totalCalls = new AtomicInteger();
    /** Requests whose user was built without the user cache (sent from an admin page). */
    private final AtomicInteger withoutUserCache = new AtomicInteger();
    /** One-second sleeps of requests waiting for another request's user-cache rebuild. */
    private final AtomicInteger userCacheWaits = new AtomicInteger();
    /** The emulated CPU cores that {@link Costs} are charged on. */
    private final Semaphore cores;
    private final UserCaches userCaches = new UserCaches();
    private volatile Set<String> fileTypes = Set.of("jpg", "jpeg", "png", "gif", "webp");
    /** Methods that store a name, title or description in the database. */
    private static final Set<String> STORES_TEXT = Set.of("pwg.images.uploadAsync", "pwg.images.add",
            "pwg.images.setInfo", "pwg.categories.add", "pwg.tags.add");
    private static final List<String> TEXT_FIELDS = List.of("name", "comment", "author", "filename");

    WsHandler(PiwigoEmulator.Settings settings, Gallery gallery, Faults faults, CountDownLatch closing, Path tmp) {
        this.settings = settings;
        this.gallery = gallery;
        this.faults = faults;
        this.closing = closing;
        this.workers = new Semaphore(settings.workers(), true);
        this.cores = new Semaphore(settings.costs().cores(), true);
        this.multiPartConfig = new MultiPartConfig.Builder().location(tmp).maxMemoryPartSize(256L << 20)
                .maxPartSize(256L << 20).maxSize(256L << 20).build();
    }

    int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    int calls(String method, long imageId) {
        AtomicInteger n = imageCalls.get(method + "#" + imageId);
        return n == null ? 0 : n.get();
    }

    int maxConcurrent(String method) {
        AtomicInteger n = maxInProgress.get(method);
        return n == null ? 0 : n.get();
    }

    int totalCalls() {
        return totalCalls.get();
    }

    int withoutUserCache() {
        return withoutUserCache.get();
    }

    int userCacheWaits() {
        return userCacheWaits.get();
    }

    /**
     * include/user.inc.php: a ws.php request whose Referer contains {@code /admin.php?page=} (as
     * the requests of Piwigo's own uploader page do) builds its user without the user cache.
     */
    static boolean fromAdminPage(String referer) {
        return referer != null && referer.contains("/admin.php?page=");
    }

    void fileTypes(Set<String> extensions) {
        fileTypes = Set.copyOf(extensions);
    }

    int expectContinueSeen() {
        return expectContinue.get();
    }

    void expireSessions() {
        sessions.clear();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Request.getPathInContext(request).endsWith("ws.php")) {
            respond(response, callback, 404, "<html><body>Not Found</body></html>");
            return true;
        }
        Fields query = Request.extractQueryParameters(request);
        String method = String.valueOf(query.getValue("method"));
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        totalCalls.incrementAndGet();
        if (request.getHeaders().get(HttpHeader.EXPECT) != null) {
            expectContinue.incrementAndGet();
        }
        workers.acquire();
        // Counted inside the worker gate: what the "PHP workers" actually run at once.
        AtomicInteger current = inProgress.computeIfAbsent(method, k -> new AtomicInteger());
        int now = current.incrementAndGet();
        maxInProgress.computeIfAbsent(method, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        Reply reply;
        try {
            reply = work(request, response, callback, method);
        } finally {
            // Before the answer is written: the client may send its next request as soon as it
            // reads this one, and must not find this one still counted.
            current.decrementAndGet();
            workers.release();
        }
        if (reply != null) {
            respond(response, callback, reply.status(), reply.body());
        }
        return true;
    }

    /** PHP's {@code die('...')}: the text alone, HTTP 200. */
    private static final class Died extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Died(String text) {
            super(text, null, false, false);
        }
    }

    /** An answer to write. */
    private record Reply(int status, String body) {
    }

    /** Faults, then the method; {@code null} when the exchange was already failed or dropped. */
    private Reply work(Request request, Response response, Callback callback, String method) throws IOException {
        if (!pause(faults.latency())) {
            callback.failed(new IOException("emulator closing"));
            return null;
        }
        int failure = faults.failureStatus();
        if (failure != 0) {
            return new Reply(failure, "<html><head><title>" + failure + "</title></head>"
                    + "<body><h1>Service Unavailable</h1></body></html>");
        }
        if (faults.dropThis(method)) {
            request.read(); // take a little of the body, then hang up mid-request
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("connection dropped by fault injection"));
            return null;
        }
        Costs costs = settings.costs();
        Duration cost = request.getHeaders().get("X-PIWIGO-API") != null
                ? costs.perRequest().plus(costs.apiKeyCheck()) : costs.perRequest();
        if (!charge(cost)) {
            callback.failed(new IOException("emulator closing"));
            return null;
        }
        return answer(request, response, callback, method);
    }

    /** Holds one emulated core for {@code cost}; {@code false} when the emulator is closing. */
    private boolean charge(Duration cost) {
        if (cost.isZero()) {
            return true;
        }
        try {
            cores.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return pause(cost);
        } finally {
            cores.release();
        }
    }

    /**
     * Piwigo's {@code add_uploaded_file} ends with {@code fetchRemote(i.php?...-me.jpg)}: the
     * medium derivative is made by a request to itself, on a second PHP worker, while this one
     * waits (following i.php's redirect, two requests in all; modelled as one). With every worker
     * taken by uploads it waits for one to free up, as PHP does; fetchRemote sets no timeout, the
     * emulator gives up after 30 s so that a benchmark never hangs. {@code false} when closing.
     */
    private boolean deriveMedium(long bytes) {
        Duration cost = settings.costs().derivativeCost(bytes);
        if (cost.isZero()) {
            return true;
        }
        try {
            if (!workers.tryAcquire(FETCH_REMOTE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return true; // Piwigo ignores a failed fetchRemote: the image exists without its derivative
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return charge(cost); // i.php builds no user: it never meets the user cache
        } finally {
            workers.release();
        }
    }

    /** How loading the caller's user data ended. */
    private enum UserLoad { READY, GAVE_UP, CLOSING }

    /**
     * common.inc.php's {@code getuserdata()}: rebuilds the user's cache when it was invalidated, or
     * sleeps a second at a time while another request rebuilds it ({@link UserCaches}), and gives
     * up after 20 looks as Piwigo does. Free without a {@link Costs#userCacheRebuild()} cost.
     */
    private UserLoad loadUser(String user) {
        Duration cost = settings.costs().userCacheRebuild();
        if (cost.isZero()) {
            return UserLoad.READY;
        }
        String who = user == null ? "guest" : user;
        for (int look = 0; look <= USER_CACHE_LOOKS; look++) {
            switch (userCaches.enter(who)) {
                case FRESH:
                    return UserLoad.READY;
                case REBUILD:
                    try {
                        return charge(cost) ? UserLoad.READY : UserLoad.CLOSING;
                    } finally {
                        userCaches.rebuilt(who);
                    }
                default:
                    if (look < USER_CACHE_LOOKS) {
                        userCacheWaits.incrementAndGet();
                        if (!pause(Duration.ofSeconds(1))) {
                            return UserLoad.CLOSING;
                        }
                    }
            }
        }
        return UserLoad.GAVE_UP;
    }

    /** PHP's warnings before a failure caused by its own limits, as Piwigo 16.4.0 prints them. */
    private static String phpWarning(String text) {
        return "<br />\n<b>Warning</b>:  " + text + " in <b>Unknown</b> on line <b>0</b><br />\n";
    }

    private Reply answer(Request request, Response response, Callback callback, String method) throws IOException {
        Map<String, String> params = new HashMap<>();
        byte[][] file = new byte[1][];
        long length = request.getLength();
        if (length > settings.postMaxSize()) {
            // PHP drops the whole body: every parameter is missing (the query string still names the method).
            Content.Source.consumeAll(request);
            return new Reply(200, phpWarning("PHP Request Startup: POST Content-Length of " + length
                    + " bytes exceeds the limit of " + settings.postMaxSize() + " bytes")
                    + json(Map.of("stat", "fail", "err", 1002, "message", "Missing parameters: chunk,chunk_sum,chunks,"
                    + "original_sum,filename")));
        }
        try {
            readParams(request, params, file);
            if (file[0] != null && file[0].length > settings.uploadMaxFilesize()) {
                // PHP keeps no file above upload_max_filesize: Piwigo's md5 of the chunk file fails.
                return new Reply(500, phpWarning("md5_file(./upload/buffer/chunk): Failed to open stream: No such file "
                        + "or directory") + json(Map.of("stat", "fail", "err", 500,
                        "message", "MD5 checksum chunk file mismatched")));
            }
            if (POST_ONLY.contains(method) && !"POST".equals(request.getMethod())) {
                throw new WsError(405, "This method requires HTTP POST");
            }
            Caller caller = authenticate(request, response, method, params);
            for (String id : list(params.get("image_id"))) {
                imageCalls.computeIfAbsent(method + "#" + id, k -> new AtomicInteger()).incrementAndGet();
            }
            UserLoad load;
            if (fromAdminPage(request.getHeaders().get(HttpHeader.REFERER))) {
                withoutUserCache.incrementAndGet();
                load = UserLoad.READY;
            } else {
                load = loadUser(caller.user());
            }
            if (load == UserLoad.CLOSING) {
                callback.failed(new IOException("emulator closing"));
                return null;
            }
            if (load == UserLoad.GAVE_UP) {
                // getuserdata() after its 20 looks: HTTP 503, Retry-After 900, an HTML sentence.
                response.getHeaders().put("Retry-After", "900");
                return new Reply(503, "Rebuilding user cache takes long. Please, come back later." + " ".repeat(512));
            }
            if (!"pwg.images.uploadAsync".equals(method) && !"pwg.images.upload".equals(method)) {
                gallery.checkLounge(settings.loungeMaxDuration()); // common.inc.php's check_lounge()
            }
            if (caller.user() != null && STORES_TEXT.contains(method) && !"pwg.images.uploadAsync".equals(method)) {
                Reply fatal = unstorable(method, params);
                if (fatal != null) {
                    return fatal;
                }
            }
            Object result = dispatch(method, params, file[0], caller, response);
            if (("pwg.images.add".equals(method) || result instanceof Map<?, ?> m && m.containsKey("id")
                    && "pwg.images.uploadAsync".equals(method))) {
                long bytes = result instanceof Map<?, ?> info && info.get("filesize") instanceof Number kb
                        ? kb.longValue() * 1024 : 0;
                userCaches.invalidateAll(); // ws_images_uploadAsync's last step: invalidate_user_cache()
                if (!charge(settings.costs().imageCost(bytes)) || !deriveMedium(bytes)
                        || !pause(faults.createServiceTime())) {
                    callback.failed(new IOException("emulator closing"));
                    return null;
                }
                Duration stall = faults.takeStallAfterCreate();
                if (stall != null && !pause(stall)) {
                    callback.failed(new IOException("emulator closing"));
                    return null;
                }
                // Piwigo 16.4.0 creates the image (add_uploaded_file), then dies writing its name.
                Reply fatal = unstorable(method, params);
                if (fatal != null) {
                    return fatal;
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stat", "ok");
            body.put("result", result == OK_WITH_HTTP_500 ? null : result);
            return new Reply(faults.okAsHttp500() || result == OK_WITH_HTTP_500 ? 500 : 200, json(body));
        } catch (Died e) {
            return new Reply(200, e.getMessage());
        } catch (WsError e) {
            LOG.debug("{} -> err {} {}", method, e.code, e.getMessage());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stat", "fail");
            body.put("err", e.code);
            body.put("message", e.getMessage());
            return new Reply(e.httpStatus(), json(body));
        }
    }

    /**
     * On utf8mb3 tables (Piwigo's default) a 4-byte character in a stored text makes MariaDB refuse
     * the row and PHP die: HTTP 200, an HTML fatal error page, no JSON. {@code null} when storable.
     */
    private Reply unstorable(String method, Map<String, String> params) {
        if (settings.utf8mb4()) {
            return null;
        }
        for (String field : TEXT_FIELDS) {
            String value = params.get(field);
            if (value != null && value.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
                String table = method.startsWith("pwg.categories") ? "categories" : method.startsWith("pwg.tags") ? "tags" : "images";
                return new Reply(200, "<br />\n<b>Fatal error</b>:  Uncaught mysqli_sql_exception: Incorrect string "
                        + "value: '\\xF0\\x9F\\x93\\xB7' for column `piwigo`.`piwigo_" + table + "`.`" + field
                        + "` at row 1 in /var/www/piwigo/include/dblayer/functions_mysqli.inc.php:132\nStack trace:\n"
                        + "#0 {main}\n  thrown in <b>/var/www/piwigo/include/dblayer/functions_mysqli.inc.php</b> on line "
                        + "<b>132</b><br />\n");
            }
        }
        return null;
    }

    private void readParams(Request request, Map<String, String> params, byte[][] file) throws IOException {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("multipart/form-data")) {
            try (MultiPartFormData.Parts parts = MultiPartFormData.getParts(request, request, contentType, multiPartConfig)) {
                for (MultiPart.Part part : parts) {
                    if (part.getFileName() != null) {
                        // ISO-8859-1 maps every byte to one char and back: a lossless byte copy.
                        file[0] = part.getContentAsString(StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
                    } else {
                        put(params, part.getName(), part.getContentAsString(StandardCharsets.UTF_8));
                    }
                }
            }
        } else if ("POST".equals(request.getMethod())) {
            Fields fields = FormFields.getFields(request);
            fields.forEach(f -> f.getValues().forEach(v -> put(params, f.getName(), v)));
        } else {
            // Only GET reads parameters from the query string: on POST, ws.php reads the body only.
            Request.extractQueryParameters(request).forEach(f -> f.getValues().forEach(v -> put(params, f.getName(), v)));
        }
    }

    /** PHP turns {@code name[]} fields into an array; here repeated values are joined with commas. */
    private static void put(Map<String, String> params, String name, String value) {
        params.merge(name.endsWith("[]") ? name.substring(0, name.length() - 2) : name, value, (a, b) -> a + "," + b);
    }

    /**
     * Who sends a request: the user name ({@code null} for a guest), the session it runs in
     * ({@code null} without one) and whether an API key header authenticated it.
     */
    private record Caller(String user, String session, boolean apiKey) {
        static final Caller GUEST = new Caller(null, null, false);
    }

    /**
     * Authenticates as ws.php does: the API key header, else username/password fields on
     * uploadAsync (which log in again, as on the real Piwigo: a new session id replaces the old
     * one, and with it the session's pwg_token), else the session cookie.
     */
    private Caller authenticate(Request request, Response response, String method, Map<String, String> params) {
        String key = request.getHeaders().get("X-PIWIGO-API");
        if (key != null) {
            if (!key.equals(settings.apiKey())) {
                throw new WsError(401, "Invalid api_key");
            }
            if (method.startsWith("pwg.session.log")) {
                throw new WsError(401, "Cannot use this method with an api key");
            }
            return new Caller("api-key", null, true);
        }
        String cookieSession = null;
        for (HttpCookie cookie : Request.getCookies(request)) {
            if ("pwg_id".equals(cookie.getName()) && sessions.containsKey(cookie.getValue())) {
                cookieSession = cookie.getValue();
            }
        }
        if ("pwg.images.uploadAsync".equals(method) && params.containsKey("username")) {
            String user = checkPassword(params.get("username"), params.get("password"));
            if (user == null) {
                throw new WsError(999, "Invalid username/password");
            }
            if (cookieSession != null) {
                sessions.remove(cookieSession); // session_regenerate_id(true)
            }
            return new Caller(user, startSession(user, response), false);
        }
        return cookieSession == null ? Caller.GUEST : new Caller(sessions.get(cookieSession), cookieSession, false);
    }

    private String startSession(String user, Response response) {
        String id = UUID.randomUUID().toString();
        sessions.put(id, user);
        response.getHeaders().add(HttpHeader.SET_COOKIE, "pwg_id=" + id + "; path=/; HttpOnly");
        return id;
    }

    private String checkPassword(String username, String password) {
        if (username == null || password == null) {
            return null;
        }
        if (settings.username() != null && settings.username().equals(username) && settings.password().equals(password)) {
            return username;
        }
        String apiKey = settings.apiKey();
        // An API key logs in as a session with its pkid as user name and its secret as password,
        // at the price of one hash check.
        if (apiKey != null && settings.apiKeyLogin() && username.startsWith("pkid-")) {
            charge(settings.costs().apiKeyCheck());
            if (apiKey.equals(username + ":" + password)) {
                return username;
            }
        }
        return null;
    }

    private Object dispatch(String method, Map<String, String> p, byte[] file, Caller caller, Response response) {
        String user = caller.user();
        switch (method) {
            case "pwg.session.login" -> {
                String name = checkPassword(p.get("username"), p.get("password"));
                if (name == null) {
                    throw new WsError(999, "Invalid username/password");
                }
                startSession(name, response);
                return true;
            }
            case "pwg.session.logout" -> {
                return true;
            }
            case "pwg.session.getStatus" -> {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("username", user == null ? "guest" : user);
                status.put("status", user == null ? "guest" : "webmaster");
                status.put("theme", "modus");
                status.put("language", "en_GB");
                status.put("pwg_token", token(caller));
                status.put("charset", "utf-8");
                status.put("current_datetime", java.time.LocalDateTime.now().withNano(0).toString().replace('T', ' '));
                status.put("version", settings.version());
                status.put("upload_file_types", String.join(",", new java.util.TreeSet<>(fileTypes)));
                status.put("upload_form_chunk_size", settings.chunkSizeKb());
                return status;
            }
            default -> {
                // every other method used here is admin-only
            }
        }
        if (user == null) {
            throw new WsError(401, "Access denied");
        }
        return switch (method) {
            case "pwg.images.exist" -> gallery.exist(list(p.get("md5sum_list")));
            case "pwg.images.uploadAsync" -> {
                if (file == null) {
                    throw WsError.missing("file");
                }
                String extension = String.valueOf(p.get("filename")).replaceAll(".*\\.", "").toLowerCase(java.util.Locale.ROOT);
                if (!fileTypes.contains(extension)) {
                    // Piwigo 16.4.0 takes the file, then add_uploaded_file() dies: HTTP 200, no JSON.
                    throw new Died("forbidden file type");
                }
                yield gallery.uploadAsyncChunk(p, file);
            }
            case "pwg.images.addChunk" -> gallery.addChunk(p);
            case "pwg.images.add" -> gallery.add(p);
            case "pwg.images.emptyLounge" -> {
                userCaches.invalidateAll(); // empty_lounge() ends with invalidate_user_cache()
                yield gallery.emptyLoungeRows();
            }
            case "pwg.images.uploadCompleted" -> {
                checkToken(caller, p);
                userCaches.invalidateAll(); // empty_lounge() ends with invalidate_user_cache()
                yield gallery.uploadCompleted(p);
            }
            case "pwg.images.setInfo" -> {
                // The token is optional here (needed for HTML in texts), but a wrong one is refused.
                if (p.containsKey("pwg_token")) {
                    checkToken(caller, p);
                }
                yield gallery.setInfo(p) ? null : OK_WITH_HTTP_500;
            }
            case "pwg.images.delete" -> {
                Gallery.required(p, "image_id"); // ws.php reports missing parameters before the method runs
                checkToken(caller, p);
                yield gallery.deleteImages(p);
            }
            case "pwg.images.getInfo" -> gallery.getInfo(Long.parseLong(Gallery.required(p, "image_id")));
            case "pwg.categories.getList" -> gallery.albumList();
            case "pwg.categories.add" -> gallery.addAlbum(p);
            case "pwg.categories.delete" -> {
                checkToken(caller, p);
                gallery.deleteAlbums(p);
                yield null;
            }
            case "pwg.tags.getAdminList" -> gallery.tagList();
            case "pwg.tags.add" -> gallery.addTag(p);
            default -> throw new WsError(501, "Method name is not valid");
        };
    }

    /** Piwigo's pwg_token is a hash of the session id: a new session (a login) means a new token. */
    private static String token(Caller caller) {
        return Gallery.md5(("token-" + caller.session()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * With an API key the real Piwigo fills pwg_token in itself (whatever was sent); otherwise a
     * missing one is err 1002 and a wrong one (e.g. of a replaced session) HTTP 403.
     */
    private static void checkToken(Caller caller, Map<String, String> p) {
        if (caller.apiKey()) {
            return;
        }
        if (p.get("pwg_token") == null) {
            throw WsError.missing("pwg_token");
        }
        if (!token(caller).equals(p.get("pwg_token"))) {
            throw new WsError(403, "Invalid security token");
        }
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(csv.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private boolean pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return true;
        }
        try {
            // Waiting on the closing latch (not sleeping) lets close() release stalled requests.
            return !closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void respond(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        String text = faults.noise() && body.startsWith("{") ? NOISE + body : body;
        Content.Sink.write(response, true, text, callback);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("emulator answers are plain maps", e);
        }
    }
}
