package dev.photopipe.sink.piwigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.piwigo.PiwigoSettings.ApiKey;
import dev.photopipe.sink.piwigo.PiwigoSettings.UserPassword;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Behaviour under faults only the emulator can inject. One fresh emulator per test. */
class EmulatorFaultsIT extends EmulatorTestBase {
    private static final String UPLOAD_ASYNC = "pwg.images.uploadAsync";

    private PiwigoClient start(PiwigoEmulator.Builder builder) {
        return startEmulator(builder);
    }


    private PhotoUpload photo(int width, int height, long album) {
        TestPhotos.Photo p = TestPhotos.jpeg(tmp, width, height, System.nanoTime());
        return new PhotoUpload(p.path(), p.md5(), "p.jpg", "title", album, List.of());
    }

    @Test
    void retriesOn503ThenSucceeds() {
        start(PiwigoEmulator.builder());
        emulator.faults().failNext(2, 503);

        assertThat(client.albums()).isEmpty();
        assertThat(emulator.calls("pwg.categories.getList")).isEqualTo(3);
    }

    @Test
    void waitsOutA503WindowThenSucceeds() {
        emulator = PiwigoEmulator.builder().start();
        client = PiwigoClients.create(new PiwigoSettings(emulator.url(), new ApiKey(PiwigoEmulator.DEFAULT_API_KEY, false),
                EmulatorTargets.CHUNK_BYTES, Duration.ofSeconds(5),
                new PiwigoSettings.Retry(Duration.ofMillis(20), Duration.ofMillis(100), 0.2, 100)));
        emulator.faults().unavailableFor(Duration.ofMillis(300));

        assertThat(client.addAlbum("after the restart", null)).isPositive();
        assertThat(emulator.calls("pwg.categories.add")).isGreaterThan(1);
        assertThat(emulator.albums()).hasSize(1);
    }

    @Test
    void albumAndTagAddsWhoseAnswerWasLostAreNotRepeated() {
        start(PiwigoEmulator.builder());
        PiwigoSettings settings = EmulatorTargets.apiKey(emulator);
        try (PiwigoClient lossyAlbums = PiwigoClients.create(settings, PiwigoContract.loseAnswerOf("pwg.categories.add", 1));
             PiwigoClient lossyTags = PiwigoClients.create(settings, PiwigoContract.loseAnswerOf("pwg.tags.add", 1))) {
            long album = lossyAlbums.addAlbum("Line 3", null);
            long tag = lossyTags.addTag("Night");

            assertThat(emulator.albums()).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo(album));
            assertThat(emulator.tags()).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo(tag));
            assertThat(emulator.calls("pwg.categories.add")).isEqualTo(1);
        }
    }

    @Test
    void statFailOnHttp200IsNotRetried() {
        start(PiwigoEmulator.builder());
        client.addTag("Night");

        PiwigoException failure = catchThrowableOfType(PiwigoException.class, () -> client.addTag("NIGHT"));

        assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
        assertThat(failure.httpStatus()).isEqualTo(200);
        assertThat(emulator.calls("pwg.tags.add")).isEqualTo(2);
    }

    @Test
    void http500WithStatOkIsSuccess() {
        start(PiwigoEmulator.builder());
        emulator.faults().okAsHttp500(true);

        long id = client.addAlbum("Line 3", null);

        assertThat(emulator.albums()).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo(id));
        assertThat(emulator.calls("pwg.categories.add")).isEqualTo(1);
    }

    @Test
    void htmlNoiseBeforeJsonIsParsed() {
        start(PiwigoEmulator.builder());
        emulator.faults().phpNoise(true);

        assertThat(client.status().version()).isEqualTo("17.0.0");
        assertThat(client.addTag("Dawn")).isPositive();
    }

    @Test
    void timeoutAfterCreationChecksExistAndCreatesNoDuplicate() {
        // Duplicate detection off: a blind re-upload would show up as a second image.
        emulator = PiwigoEmulator.builder().uploadDetectDuplicate(false).start();
        client = PiwigoClients.create(EmulatorTargets.settings(emulator,
                new ApiKey(PiwigoEmulator.DEFAULT_API_KEY, false), Duration.ofMillis(500)));
        long album = client.addAlbum("A", null);
        emulator.faults().stallAfterCreate(Duration.ofSeconds(30));
        PhotoUpload photo = photo(320, 240, album);

        long id = client.upload(photo);

        assertThat(emulator.images()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.md5()).isEqualTo(photo.md5());
        });
        assertThat(emulator.calls("pwg.images.exist")).isEqualTo(1);
    }

    @Test
    void connectionDroppedMidChunkResumesAndResendsOnlyThatChunk() {
        start(PiwigoEmulator.builder());
        long album = client.addAlbum("A", null);
        PhotoUpload photo = photo(640, 480, album);
        int chunks = (int) ((photo.source().toFile().length() + EmulatorTargets.CHUNK_BYTES - 1) / EmulatorTargets.CHUNK_BYTES);
        assertThat(chunks).isGreaterThanOrEqualTo(3);
        emulator.faults().dropConnection(UPLOAD_ASYNC, 2);

        long id = client.upload(photo);

        assertThat(emulator.images()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.contentMd5()).isEqualTo(photo.md5());
        });
        for (int chunk = 0; chunk < chunks; chunk++) {
            assertThat(emulator.chunkDeliveries(photo.md5(), chunk)).as("chunk %d stored", chunk).isEqualTo(1);
        }
        assertThat(emulator.calls(UPLOAD_ASYNC)).as("one extra request: the dropped one").isEqualTo(chunks + 1);
    }

    @Test
    void withDuplicateDetectionOffTheExistCheckKeepsOneImage() {
        start(PiwigoEmulator.builder().uploadDetectDuplicate(false));
        long album = client.addAlbum("A", null);
        PhotoUpload photo = photo(200, 150, album);

        for (int attempt = 0; attempt < 2; attempt++) {
            if (client.exist(List.of(photo.md5())).isEmpty()) {
                client.uploadCompleted(List.of(client.upload(photo)), album);
            }
        }
        assertThat(emulator.images()).hasSize(1);

        client.upload(photo); // without the check, the same bytes make a second image
        assertThat(emulator.images()).hasSize(2);
    }

    @Test
    void oldPiwigoFallsBackToAddChunkAndAddWithOneChunkSize() {
        start(PiwigoEmulator.builder().version("2.10.2"));
        long album = client.addAlbum("A", null);
        long tag = client.addTag("t");
        PhotoUpload photo = photo(640, 480, album);

        long id = client.upload(new PhotoUpload(photo.source(), photo.md5(), "p.jpg", "t", album, List.of(tag)));

        EmulatedImage image = PiwigoContract.image(emulator, photo.md5());
        assertThat(image.id()).isEqualTo(id);
        assertThat(image.contentMd5()).isEqualTo(photo.md5());
        assertThat(image.albumIds()).containsExactly(album);
        assertThat(image.inLounge()).isFalse();
        assertThat(image.tagNames()).containsExactly("t");
        assertThat(emulator.calls(UPLOAD_ASYNC)).isZero();
        assertThat(emulator.calls("pwg.images.addChunk")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void expiredSessionLogsInAgainOnce() {
        emulator = PiwigoEmulator.builder().start();
        client = PiwigoClients.create(EmulatorTargets.session(emulator));
        client.addAlbum("A", null);
        emulator.expireSessions();

        client.addAlbum("B", null);

        assertThat(emulator.albums()).extracting(a -> a.name()).containsExactly("A", "B");
        assertThat(emulator.calls("pwg.session.login")).isEqualTo(2);
    }

    @Test
    void apiKeyTurnedIntoASessionUploads() {
        emulator = PiwigoEmulator.builder().start();
        client = PiwigoClients.create(EmulatorTargets.settings(emulator,
                new ApiKey(PiwigoEmulator.DEFAULT_API_KEY, true), Duration.ofSeconds(10)));
        long album = client.addAlbum("A", null);

        client.uploadCompleted(List.of(client.upload(photo(100, 100, album))), album);

        assertThat(emulator.images()).singleElement().satisfies(i -> assertThat(i.albumIds()).containsExactly(album));
        assertThat(emulator.calls("pwg.session.login")).isEqualTo(1);
    }

    @Test
    void secretsNeverReachLogsOrMessages() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            emulator = PiwigoEmulator.builder().start();
            client = PiwigoClients.create(EmulatorTargets.session(emulator));
            client.addAlbum("A", null);
            emulator.expireSessions();
            client.addAlbum("B", null);
            String wrong = "wrong-password-xyz";
            try (PiwigoClient refused = PiwigoClients.create(EmulatorTargets.settings(emulator,
                    new UserPassword("admin", wrong), Duration.ofSeconds(5)))) {
                PiwigoException failure = catchThrowableOfType(PiwigoException.class, refused::status);
                assertThat(failure).isInstanceOf(PiwigoAuthenticationException.class);
                assertThat(failure.getMessage()).doesNotContain(wrong);
            }
            List<ILoggingEvent> events;
            synchronized (logs) { // appends come from server threads too, under the appender's lock
                events = List.copyOf(logs.list);
            }
            assertThat(events).isNotEmpty();
            assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains(EmulatorTargets.PASSWORD) || m.contains(wrong));
            assertThat(client.toString()).doesNotContain(EmulatorTargets.PASSWORD);
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }
    }
}
