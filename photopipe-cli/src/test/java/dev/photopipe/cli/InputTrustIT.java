package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.piwigo.emulator.EmulatedAlbum;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's attacks against {@code photopipe run} as users run it (the jar in a child process,
 * on the test JVM's broker, uploading to an emulator this test inspects), each followed by what a
 * user would check: what reached the gallery, what the caller was told, what the log says.
 */
@ExtendWith(SharedKafka.class)
class InputTrustIT {
    private static final Duration UPLOADED = Duration.ofMinutes(2);
    private static final String CAPTURE_TOKEN = "capture-token-0123456789";
    private static final String STATUS_TOKEN = "status-token-9876543210";
    private static final String PATHOLOGICAL = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c";
    private static final MediaType JPEG = MediaType.get("image/jpeg");
    private static final MediaType JSON = MediaType.get("application/json");

    @TempDir
    static Path dir;

    private static PiwigoEmulator piwigo;
    private static HttpServer remote;
    private static final Map<String, byte[]> remoteFiles = new ConcurrentHashMap<>();
    private static PhotopipeProcess photopipe;
    private static Path hotFolder;
    private static Path shared;
    private static final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();

    @BeforeAll
    static void startPhotopipe() throws Exception {
        String prefix = SharedKafka.uniqueName("trust") + ".";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            new TopicProvisioner(admin, TopicCatalog.of(prefix, 2, (short) 1), SharedKafka.bootstrapServers(),
                    Duration.ofSeconds(30)).provision();
        }
        // Loaded before enrich starts: its global store holds the rule before the first photo.
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: pathological
                    priority: 10
                    match:
                      batches: ["%s"]
                    album: "Matched"
                """.formatted(PATHOLOGICAL));
        StringWriter out = new StringWriter();
        picocli.CommandLine command = Photopipe.commandLine(Map.of("PHOTOPIPE_BOOTSTRAP_SERVERS",
                SharedKafka.bootstrapServers(), "PHOTOPIPE_TOPICS_PREFIX", prefix));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        assertThat(command.execute("rules", "load", rules.toString())).as(out.toString()).isZero();

        piwigo = PiwigoEmulator.builder().start();
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/", exchange -> {
            byte[] body = remoteFiles.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        remote.start();
        hotFolder = Files.createDirectories(dir.resolve("data/hotfolder"));
        shared = Files.createDirectories(dir.resolve("shared"));

        photopipe = PhotopipeProcess.start("run", "--data-dir", dir.resolve("data").toString(),
                "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--set", "topics.prefix=" + prefix, "--set", "enrich.application.id=" + prefix + "enrich",
                "--set", "sink.group.id=" + prefix + "sink",
                "--set", "piwigo.url=" + piwigo.url(), "--set", "piwigo.api.key=" + PiwigoEmulator.DEFAULT_API_KEY,
                "--set", "ingest.hotfolder.roots=" + hotFolder, "--set", "ingest.hotfolder.path.pattern={site}/{line}/{camera}/**",
                "--set", "ingest.hotfolder.stable.window.ms=0", "--set", "ingest.hotfolder.scan.interval.ms=200",
                "--set", "ingest.http.allowed.roots=" + shared,
                "--set", "ingest.fetch.allowed.hosts=127.0.0.1",
                "--set", "ingest.http.auth.token=" + CAPTURE_TOKEN, "--set", "metrics.action.token=" + STATUS_TOKEN,
                "--set", "ingest.http.port=0", "--set", "metrics.port=0");
        photopipe.awaitLine("photopipe is running");
    }

    @AfterAll
    static void stopPhotopipe() throws Exception {
        if (photopipe != null) {
            photopipe.process.destroy();
            assertThat(photopipe.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(photopipe.process.exitValue()).as("exit code; output:%n%s", photopipe.output()).isZero();
            photopipe.close();
        }
        if (remote != null) {
            remote.stop(0);
        }
        if (piwigo != null) {
            piwigo.close();
        }
    }

    /** Item 1: a caller cannot claim a photo id and make the real photo vanish as a "duplicate". */
    @Test
    void aCallerCannotPoisonThePhotoIdOfARealPhotoWhichIsUploadedWhenItArrives() throws Exception {
        byte[] victim = new SyntheticJpeg().seed(101).toBytes();
        remoteFiles.put("/other.jpg", new SyntheticJpeg().seed(102).toBytes());
        String claims = "\"photoId\": \"" + sha256(victim) + "\", \"md5\": \"" + md5(victim) + "\", \"sizeBytes\": "
                + victim.length + ", \"mediaType\": \"image/jpeg\"";

        Reply unfetchable = postJson("{\"sourceUri\": \"https://cdn.example/victim.jpg\", " + claims + "}");
        Reply otherBytes = postJson("{\"sourceUri\": \"" + remoteUrl("/other.jpg") + "\", " + claims + "}");

        assertThat(unfetchable.code).as(unfetchable.body).isEqualTo(400);
        assertThat(unfetchable.body).contains("ingest.fetch.allowed.hosts");
        assertThat(otherBytes.code).as(otherBytes.body).isEqualTo(400);
        assertThat(otherBytes.body).contains("\"field\":\"photoId\"", "computes the photo id");

        Path real = hotFolder.resolve("plant-1/line-1/cam-01/victim.jpg");
        Files.createDirectories(real.getParent());
        Files.write(real, victim);
        EmulatedImage uploaded = awaitImage(md5(victim));
        assertThat(uploaded.name()).isEqualTo("victim.jpg");
    }

    /** Item 2: an http(s) source is fetched at capture time, so the 202 means the sink can read it. */
    @Test
    void anHttpSourceOfAnAllowedHostIsFetchedAndUploadedAndOthersAreRefusedAtOnce() throws Exception {
        byte[] photo = new SyntheticJpeg().seed(201).toBytes();
        remoteFiles.put("/cam/201.jpg", photo);

        Reply fetched = postJson("{\"sourceUri\": \"" + remoteUrl("/cam/201.jpg") + "\", \"batch\": \"LOT-201\"}");
        Reply elsewhere = postJson("{\"sourceUri\": \"http://169.254.169.254/latest/meta-data\"}");

        assertThat(fetched.code).as(fetched.body).isEqualTo(202);
        assertThat(fetched.body).contains(sha256(photo));
        assertThat(elsewhere.code).as("never 202 for what the sink cannot read").isEqualTo(400);
        assertThat(awaitImage(md5(photo)).name()).isEqualTo("201.jpg");
    }

    /** Items 3 and 7: links out of an allowed folder, hostile names and what error bodies reveal. */
    @Test
    void linksOutOfAllowedFoldersAreRefusedNamesAreMadeSafeAndNothingForgesALogLine() throws Exception {
        byte[] secret = new SyntheticJpeg().seed(301).toBytes();
        Path outside = Files.write(dir.resolve("private.jpg"), secret);
        Path link = Files.createSymbolicLink(shared.resolve("holiday.jpg"), outside);

        Reply viaLink = postJson("{\"sourceUri\": \"" + link.toUri() + "\"}");
        Reply passwd = postPhoto(new SyntheticJpeg().seed(302).toBytes(), "../../../../etc/passwd", null);

        assertThat(viaLink.code).isEqualTo(400);
        assertThat(viaLink.body).as("no server path, no allowed folder in the answer")
                .contains("ingest.http.allowed.roots").doesNotContain(dir.toString(), "/tmp");
        assertThat(passwd.code).as(passwd.body).isEqualTo(202);
        assertThat(awaitImage(md5(new SyntheticJpeg().seed(302).toBytes())).name()).as("a base name with its content's extension").isEqualTo("passwd.jpg");

        Path forged = hotFolder.resolve("plant-1/line-1/cam-01/x\n09:00:00.000 ERROR FORGED-LINE.jpg");
        Files.createDirectories(forged.getParent());
        Files.writeString(forged, "not a photo");
        photopipe.awaitLine("FORGED-LINE");

        assertThat(photopipe.output().lines()).as("one log line per event").noneMatch(l -> l.startsWith("09:00:00.000 ERROR"));
        assertThat(photopipe.output()).contains("x\\n09:00:00.000 ERROR FORGED-LINE.jpg");
        assertThat(piwigo.images()).as("the private photo never reached the gallery").noneMatch(i -> i.md5().equals(md5(secret)));
    }

    /** Item 4: a rule glob that backtracks for hours in java.util.regex costs enrich nothing. */
    @Test
    void aPathologicalRuleGlobDoesNotHangEnrichAndLaterPhotosAreRouted() throws Exception {
        byte[] attack = new SyntheticJpeg().seed(401).toBytes();
        byte[] later = new SyntheticJpeg().seed(402).toBytes();

        assertThat(postPhoto(attack, "attack.jpg", "{\"batch\": \"" + "a".repeat(60) + "\"}").code).isEqualTo(202);
        assertThat(postPhoto(later, "later.jpg", "{\"batch\": \"" + "a".repeat(14) + "c\"}").code).isEqualTo(202);

        assertThat(album(awaitImage(md5(attack)))).as("no match: the fallback album").isEqualTo("Unsorted");
        assertThat(album(awaitImage(md5(later)))).as("the rule is live and matched").isEqualTo("Matched");
        assertThat(get(photopipe.metricsUrl() + "/health/ready", Optional.empty()).body)
                .contains("\"enrich-stream\":{\"status\":\"UP\"");
    }

    /** Item 5: captures need the token; browsers of other sites and rebound DNS names get nothing. */
    @Test
    void theEndpointsCheckTokensOriginsAndHostNames() throws Exception {
        byte[] photo = new SyntheticJpeg().seed(501).toBytes();
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "p.jpg", RequestBody.create(photo, JPEG)).build();
        Request capture = new Request.Builder().url(photopipe.captureUrl()).post(body).build();

        assertThat(send(capture).code).as("no token").isEqualTo(401);
        assertThat(send(capture.newBuilder().header("Authorization", "Bearer " + CAPTURE_TOKEN)
                .header("Origin", "http://evil.example").build()).code).as("cross-site browser post").isEqualTo(403);
        assertThat(send(capture.newBuilder().header("Authorization", "Bearer " + CAPTURE_TOKEN).build()).code)
                .isEqualTo(202);

        String status = photopipe.metricsUrl() + "/api/status";
        assertThat(get(status, Optional.of("evil.example")).code).as("DNS rebinding").isEqualTo(403);
        assertThat(get(photopipe.metricsUrl() + "/metrics", Optional.of("photopipe.internal")).code).isEqualTo(200);

        Request replay = new Request.Builder().url(photopipe.metricsUrl() + "/api/replay?batch=LOT-501")
                .header("X-Photopipe-Action", "1").post(RequestBody.create(new byte[0])).build();
        Reply withoutToken = send(replay);
        Reply crossSite = send(replay.newBuilder().header("Authorization", "Bearer " + STATUS_TOKEN)
                .header("Origin", "http://evil.example").build());
        Reply authorised = send(replay.newBuilder().header("Authorization", "Bearer " + STATUS_TOKEN).build());

        assertThat(withoutToken.code).isEqualTo(401);
        assertThat(withoutToken.body).contains("metrics.action.token").doesNotContain(STATUS_TOKEN);
        assertThat(crossSite.code).isEqualTo(403);
        assertThat(authorised.code).as("through the guard to the replay itself: %s", authorised.body).isIn(200, 400);
        assertThat(authorised.body).contains("LOT-501");
        assertThat(photopipe.output()).doesNotContain(CAPTURE_TOKEN, STATUS_TOKEN);
    }

    private static EmulatedImage awaitImage(String md5) {
        return await().atMost(UPLOADED).pollInterval(Duration.ofMillis(250))
                .failFast("photopipe exited; output:\n" + photopipe.output(), () -> !photopipe.process.isAlive())
                .until(() -> piwigo.images().stream().filter(i -> i.md5().equals(md5) && !i.inLounge()).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static String album(EmulatedImage image) {
        return piwigo.albums().stream().filter(a -> image.albumIds().contains(a.id())).map(EmulatedAlbum::name)
                .findFirst().orElse("(none)");
    }

    private record Reply(int code, String body) {
    }

    private static Reply postJson(String json) throws Exception {
        return send(new Request.Builder().url(photopipe.captureUrl()).header("Authorization", "Bearer " + CAPTURE_TOKEN)
                .post(RequestBody.create(json, JSON)).build());
    }

    private static Reply postPhoto(byte[] jpeg, String fileName, String metadata) throws Exception {
        MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", fileName, RequestBody.create(jpeg, JPEG));
        if (metadata != null) {
            body.addFormDataPart("metadata", metadata);
        }
        return send(new Request.Builder().url(photopipe.captureUrl()).header("Authorization", "Bearer " + CAPTURE_TOKEN)
                .post(body.build()).build());
    }

    private static Reply get(String url, Optional<String> host) throws Exception {
        Request.Builder request = new Request.Builder().url(url);
        host.ifPresent(h -> request.header("Host", h));
        return send(request.build());
    }

    private static Reply send(Request request) throws Exception {
        try (Response response = http.newCall(request).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }

    private static String remoteUrl(String path) {
        return "http://127.0.0.1:" + remote.getAddress().getPort() + path;
    }

    private static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    private static String md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
