package dev.photopipe.sink.piwigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.photopipe.piwigo.emulator.Costs;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.piwigo.PiwigoSettings.ApiKey;
import dev.photopipe.sink.piwigo.PiwigoSettings.UserPassword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How few requests the client makes, and what it falls back on, against the emulator: learned
 * chunk sizes, the API key turned into a session, the request meter, file types read again, and
 * answers without JSON.
 */
class EmulatorRequestSavingIT extends EmulatorTestBase {
    private static final String UPLOAD_ASYNC = "pwg.images.uploadAsync";

    /** Learning chunk sizes (chunkSizeBytes 0), as the sink does by default. */
    private PiwigoSettings learning(PiwigoSettings.Credentials credentials) {
        return new PiwigoSettings(emulator.url(), credentials, 0, Duration.ofSeconds(10), EmulatorTargets.FAST_RETRY);
    }

    private static ApiKey keyAsSession() {
        return new ApiKey(PiwigoEmulator.DEFAULT_API_KEY, true);
    }

    private long album() {
        return client.addAlbum("A", null);
    }

    @Test
    void aSmallPhotoIsOneRequestWithTheApiKeyAsASession() {
        emulator = PiwigoEmulator.builder().start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        client = PiwigoClients.create(learning(keyAsSession()), registry, PiwigoClients.SINK);
        long album = album();
        TestPhotos.Photo p = TestPhotos.jpeg(tmp, 300, 200, 1);

        ImageDetails stored = client.uploadDetailed(new PhotoUpload(p.path(), p.md5(), "p.jpg", "Title", album,
                List.of(), "Described", 2));

        assertThat(emulator.calls(UPLOAD_ASYNC)).isEqualTo(1);
        assertThat(emulator.calls("pwg.session.login")).isEqualTo(1);
        assertThat(emulator.calls("pwg.images.getInfo")).as("the merging answer is the getInfo object").isZero();
        assertThat(stored.name()).isEqualTo("Title");
        assertThat(stored.description()).isEqualTo("Described");
        assertThat(stored.privacyLevel()).isEqualTo(2);
        assertThat(stored.albumIds()).as("waiting in the lounge").isEmpty();
        assertThat(registry.get(PiwigoClients.REQUESTS_METER).tag("method", UPLOAD_ASYNC).tag("client", "sink")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(PiwigoClients.REQUESTS_METER).tag("method", "pwg.session.login").counter().count())
                .isEqualTo(1);
    }

    @Test
    void byDefaultRequestsComeFromPiwigosUploaderPageAndNeverWaitForTheUserCache() throws Exception {
        // Each upload empties the user cache; a request that meets its rebuild would wait a second.
        emulator = PiwigoEmulator.builder().costs(new Costs(2, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMillis(200))).start();
        client = PiwigoClients.create(learning(keyAsSession()));
        long album = album();
        ExecutorService four = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> uploads = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                PhotoUpload photo = large("p" + i + ".jpg", 20_000, album);
                uploads.add(four.submit(() -> {
                    client.albums();
                    return client.upload(photo);
                }));
            }
            for (Future<Long> upload : uploads) {
                assertThat(upload.get()).isPositive();
            }
        } finally {
            four.shutdownNow();
        }

        assertThat(emulator.requestsWithoutUserCache()).isEqualTo(emulator.totalCalls());
        assertThat(emulator.userCacheWaits()).isZero();
    }

    @Test
    void withTheBypassOffRequestsUseTheUserCache() {
        emulator = PiwigoEmulator.builder().start();
        PiwigoSettings defaults = learning(keyAsSession());
        client = PiwigoClients.create(new PiwigoSettings(defaults.url(), defaults.credentials(), 0,
                defaults.requestTimeout(), defaults.retry(), defaults.maxChunkBytes(), defaults.statusMaxAge(), false));

        album();

        assertThat(emulator.totalCalls()).isPositive();
        assertThat(emulator.requestsWithoutUserCache()).isZero();
    }

    @Test
    void anApiKeyThePiwigoWillNotLogInWithFallsBackToTheHeader() {
        emulator = PiwigoEmulator.builder().apiKeyLogin(false).start();
        client = PiwigoClients.create(learning(keyAsSession()));

        long album = album();

        assertThat(album).isPositive();
        assertThat(emulator.calls("pwg.session.login")).as("tried once, never again").isEqualTo(1);
        client.albums();
        assertThat(emulator.calls("pwg.session.login")).isEqualTo(1);
    }

    @Test
    void aWrongKeyIsAnAuthenticationFailureAfterTheFallback() {
        emulator = PiwigoEmulator.builder().start();
        String bad = PiwigoEmulator.DEFAULT_API_KEY.substring(0, PiwigoEmulator.DEFAULT_API_KEY.indexOf(':') + 1)
                + "0".repeat(40);
        client = PiwigoClients.create(learning(new ApiKey(bad, true)));

        PiwigoException failure = catchThrowableOfType(PiwigoException.class, () -> client.albums());

        assertThat(failure).isInstanceOf(PiwigoAuthenticationException.class);
    }

    @Test
    void anExpiredSessionLogsInAgainOnceAndGoesOn() {
        emulator = PiwigoEmulator.builder().start();
        client = PiwigoClients.create(learning(new UserPassword("admin", EmulatorTargets.PASSWORD)));
        client.albums();
        emulator.expireSessions();

        assertThat(client.addAlbum("after expiry", null)).isPositive();
        assertThat(emulator.calls("pwg.session.login")).isEqualTo(2);
    }

    @Test
    void chunksShrinkToWhatPhpTakesAndStayThere() throws Exception {
        // Debian's php.ini: upload_max_filesize 2 MB, post_max_size 8 MB.
        emulator = PiwigoEmulator.builder().phpLimits(2L << 20, 8L << 20).start();
        client = PiwigoClients.create(learning(keyAsSession()));
        long album = album();
        PhotoUpload first = large("first.jpg", 3_400_000, album);
        PhotoUpload second = large("second.jpg", 3_400_000, album);

        long one = client.upload(first);
        int afterFirst = emulator.calls(UPLOAD_ASYNC);
        long two = client.upload(second);

        // 16 MB (the whole 3.4 MB file) refused by upload_max_filesize, then two 1.7 MB chunks.
        assertThat(afterFirst).isEqualTo(3);
        assertThat(emulator.calls(UPLOAD_ASYNC) - afterFirst).as("learned: no refusal again").isEqualTo(2);
        assertThat(emulator.images()).filteredOn(i -> i.id() == one || i.id() == two)
                .allMatch(i -> i.contentMd5().equals(i.md5()), "stored intact");
    }

    @Test
    void aBodyAbovePostMaxSizeAlsoShrinksTheChunks() throws Exception {
        emulator = PiwigoEmulator.builder().phpLimits(64L << 20, 1L << 20).start();
        client = PiwigoClients.create(learning(keyAsSession()));
        long album = album();

        long id = client.upload(large("big.jpg", 1_500_000, album));

        EmulatedImage image = emulator.images().stream().filter(i -> i.id() == id).findFirst().orElseThrow();
        assertThat(image.contentMd5()).isEqualTo(image.md5());
        assertThat(emulator.calls(UPLOAD_ASYNC)).isGreaterThan(2);
    }

    @Test
    void aFixedChunkSizeIsNeverChanged() throws Exception {
        emulator = PiwigoEmulator.builder().phpLimits(64L << 10, 8L << 20).start();
        client = PiwigoClients.create(new PiwigoSettings(emulator.url(), keyAsSession(), 128 * 1024,
                Duration.ofSeconds(10), EmulatorTargets.FAST_RETRY));
        long album = album();

        PiwigoException failure = catchThrowableOfType(PiwigoException.class,
                () -> client.upload(large("fixed.jpg", 300_000, album)));

        assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
        assertThat(emulator.calls(UPLOAD_ASYNC)).isEqualTo(1);
    }

    @Test
    void aTypeTheAdminEnabledMeanwhileIsUploadedAfterTheStatusIsReadAgain() throws Exception {
        startEmulator(PiwigoEmulator.builder());
        long album = album();
        int statusReads = emulator.calls("pwg.session.getStatus");
        emulator.fileTypes(Set.of("jpg", "jpeg", "png", "mp4"));

        long id = client.upload(large("clip.mp4", 10_000, album));

        assertThat(id).isPositive();
        assertThat(emulator.calls("pwg.session.getStatus")).isEqualTo(statusReads + 1);
    }

    @Test
    void aVideoPiwigoRefusesSaysHowToEnableVideos() throws Exception {
        startEmulator(PiwigoEmulator.builder());
        long album = album();

        PiwigoException failure = catchThrowableOfType(PiwigoException.class,
                () -> client.upload(large("clip.mov", 10_000, album)));

        assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
        assertThat(failure.errorCode()).isEqualTo(415);
        assertThat(failure.getMessage()).contains("upload_form_all_types", "file_ext", "'mov'");
        assertThat(emulator.calls(UPLOAD_ASYNC)).as("nothing sent").isZero();
    }

    @Test
    void aPhpFatalErrorIsTransientAndQuotesItsFirstLine() {
        startEmulator(PiwigoEmulator.builder());

        PiwigoException failure = catchThrowableOfType(PiwigoException.class,
                () -> client.addAlbum("Line \uD83D\uDCF7", null));

        assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.TRANSIENT);
        assertThat(failure.getMessage()).contains("Fatal error: Uncaught mysqli_sql_exception: Incorrect string value")
                .doesNotContain("<b>");
        assertThat(emulator.albums()).isEmpty();
    }

    /** A file of {@code bytes} random bytes (the emulator does not decode images). */
    private PhotoUpload large(String name, int bytes, long album) throws IOException {
        Path file = tmp.resolve(name);
        byte[] data = new byte[bytes];
        new Random(name.hashCode()).nextBytes(data);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(data);
        }
        try {
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
            return new PhotoUpload(file, md5, name, name, album, List.of());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
