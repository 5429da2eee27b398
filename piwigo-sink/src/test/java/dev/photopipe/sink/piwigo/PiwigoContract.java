package dev.photopipe.sink.piwigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.catalog.Race;
import dev.photopipe.sink.catalog.TagDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract photopipe relies on, run against the emulator and, when PIWIGO_URL is set,
 * against a real Piwigo (see piwigo-sink/README.md). Everything it creates is named after the
 * target's run id; it deletes only albums it created itself: its duplicates in the race, and one
 * album made to have an id Piwigo no longer knows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PiwigoContract {
    /** Rounds of the album race: each creates a new path, a few are enough to meet a collision. */
    private static final int RACE_ROUNDS = 5;

    private ContractTarget target;
    private PiwigoClient client;
    @TempDir
    Path tmp;

    /** Opens the server under test; called once per class. */
    protected abstract ContractTarget openTarget();

    @BeforeAll
    void open() {
        target = openTarget();
        client = PiwigoClients.create(target.settings());
    }

    @AfterAll
    void close() {
        if (client != null) {
            client.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private String name(String suffix) {
        return target.runId() + "-" + suffix;
    }

    @Test
    void reportsVersionChunkHintAndFileTypes() {
        ServerStatus status = client.status();
        assertThat(status.version()).isNotBlank();
        assertThat(status.majorVersion()).isGreaterThanOrEqualTo(11);
        assertThat(status.chunkSizeBytes()).isPositive();
        assertThat(status.fileTypes()).contains("jpg");
    }

    @Test
    void aProbeAsksAgainAndTellsTheLoggedInUser() {
        try (PiwigoClient probing = PiwigoClients.create(target.settings().forProbe(Duration.ofSeconds(5)))) {
            ServerStatus first = probing.probe();
            assertThat(first.username()).isNotBlank().isNotEqualTo("guest");
            assertThat(probing.probe().version()).isEqualTo(first.version());
        }
        try (PiwigoClient refused = PiwigoClients.create(target.badCredentials().forProbe(Duration.ofSeconds(5)))) {
            assertThat(catchThrowableOfType(PiwigoAuthenticationException.class, refused::probe))
                    .as("a probe with refused credentials").isNotNull();
        }
    }

    @Test
    void existFindsNothingForUnknownMd5s() {
        assertThat(client.exist(List.of())).isEmpty();
        assertThat(client.exist(List.of(TestPhotos.jpeg(tmp, 8, 8, System.nanoTime()).md5()))).isEmpty();
    }

    @Test
    void multiChunkUploadWithAResentChunkYieldsOnePublishedImage() {
        long album = new AlbumDirectory(client).resolve(List.of(target.runId(), "uploads"));
        List<Long> tags = new TagDirectory(client).resolve(List.of(name("tag-a"), name("tag-b")));
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 640, 480, System.nanoTime());
        assertThat(photo.sizeBytes()).as("needs at least 3 chunks").isGreaterThan(2L * EmulatorTargets.CHUNK_BYTES);

        long id;
        try (PiwigoClient resending = PiwigoClients.create(target.settings(), loseAnswerOfUploadRequest(2))) {
            id = resending.upload(new PhotoUpload(photo.path(), photo.md5(), name("photo.jpg"), name("photo"), album, tags,
                    "uploaded with a description", 2));
            target.emulator().ifPresent(e -> assertThat(image(e, photo.md5()).inLounge()).isTrue());
            resending.uploadCompleted(List.of(id), album);
        }

        assertThat(client.exist(List.of(photo.md5()))).containsEntry(photo.md5(), id).hasSize(1);
        ImageDetails details = client.imageDetails(id);
        assertThat(details.md5()).isEqualTo(photo.md5());
        assertThat(details.albumIds()).contains(album);
        assertThat(details.tagNames()).contains(name("tag-a"), name("tag-b"));
        assertThat(details.description()).isEqualTo("uploaded with a description");
        assertThat(details.privacyLevel()).isEqualTo(2);

        client.setInfo(new ImageUpdate(id, name("photo"), "described again", 4, List.of(album), tags, true));
        ImageDetails replaced = client.imageDetails(id);
        assertThat(replaced.description()).isEqualTo("described again");
        assertThat(replaced.privacyLevel()).isEqualTo(4);
        target.emulator().ifPresent(e -> {
            assertThat(e.images()).filteredOn(i -> i.md5().equals(photo.md5())).hasSize(1);
            EmulatedImage stored = image(e, photo.md5());
            assertThat(stored.contentMd5()).isEqualTo(photo.md5());
            assertThat(stored.inLounge()).isFalse();
            assertThat(e.chunkDeliveries(photo.md5(), 0)).isEqualTo(1);
            assertThat(e.chunkDeliveries(photo.md5(), 1)).as("the chunk whose answer was lost").isEqualTo(2);
            assertThat(e.expectContinueSeen()).isZero();
        });
    }

    @Test
    void uploadCompletedPublishesEveryWaitingPhotoAndLeavesPublishedOnesAlone() {
        long first = new AlbumDirectory(client).resolve(List.of(target.runId(), "lounge", "first"));
        long second = new AlbumDirectory(client).resolve(List.of(target.runId(), "lounge", "second"));
        TestPhotos.Photo a = TestPhotos.jpeg(tmp, 48, 48, System.nanoTime());
        TestPhotos.Photo b = TestPhotos.jpeg(tmp, 48, 48, System.nanoTime());
        long idA = client.upload(new PhotoUpload(a.path(), a.md5(), name("a.jpg"), name("a"), first, List.of(), null, 0));
        long idB = client.upload(new PhotoUpload(b.path(), b.md5(), name("b.jpg"), name("b"), second, List.of(), null, 0));

        client.uploadCompleted(List.of(idB), second); // only b named: Piwigo empties the whole lounge

        assertThat(client.imageDetails(idA).albumIds()).containsExactly(first);
        assertThat(client.imageDetails(idB).albumIds()).containsExactly(second);
        client.uploadCompleted(List.of(idA, idB), first); // both already published: nothing changes
        assertThat(client.imageDetails(idA).albumIds()).containsExactly(first);
        assertThat(client.imageDetails(idB).albumIds()).containsExactly(second);
    }

    @Test
    void setInfoWithAnUnknownAlbumFailsAndLinksNoneOfItsAlbums() {
        long album = new AlbumDirectory(client).resolve(List.of(target.runId(), "unknown-album", "kept"));
        long other = new AlbumDirectory(client).resolve(List.of(target.runId(), "unknown-album", "other"));
        long gone = client.addAlbum(name("gone"), null);
        client.deleteAlbums(List.of(gone));
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 48, 48, System.nanoTime());
        long id = client.upload(new PhotoUpload(photo.path(), photo.md5(), name("u.jpg"), name("u"), album, List.of(), null, 0));
        client.uploadCompleted(List.of(id), album);

        PiwigoException failure = catchThrowableOfType(PiwigoException.class, () -> client.setInfo(
                new ImageUpdate(id, null, null, null, List.of(other, gone), List.of(), false)));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
        assertThat(client.imageDetails(id).albumIds()).containsExactly(album);
    }

    @Test
    void anUnknownImageIsAPermanent404() {
        PiwigoException failure = catchThrowableOfType(PiwigoException.class, () -> client.imageDetails(2_147_483_647L));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
        assertThat(failure.httpStatus()).isEqualTo(404);
    }

    @Test
    void deletingAnImageRemovesItAndASecondDeleteSaysItIsGone() {
        long album = new AlbumDirectory(client).resolve(List.of(target.runId(), "delete"));
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 48, 48, System.nanoTime());
        long id = client.upload(new PhotoUpload(photo.path(), photo.md5(), name("d.jpg"), name("d"), album, List.of(), null, 0));
        client.uploadCompleted(List.of(id), album);

        client.deleteImage(id);
        ImageNotFoundException again = catchThrowableOfType(ImageNotFoundException.class, () -> client.deleteImage(id));

        assertThat(client.exist(List.of(photo.md5()))).isEmpty();
        assertThat(again).isNotNull();
        assertThat(again.imageId()).isEqualTo(id);
        assertThat(again.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
    }

    @Test
    void archivingMovesAnImageIntoOnePrivateAlbumForAdminsOnlyAndAgainChangesNothing() {
        long shown = new AlbumDirectory(client).resolve(List.of(target.runId(), "archive", "shown"));
        long also = new AlbumDirectory(client).resolve(List.of(target.runId(), "archive", "also"));
        long archive = new AlbumDirectory(client).resolvePrivate(List.of(target.runId() + "-private", "expired"));
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 48, 48, System.nanoTime());
        long id = client.upload(new PhotoUpload(photo.path(), photo.md5(), name("x.jpg"), name("x"), shown, List.of(), null, 0));
        client.uploadCompleted(List.of(id), shown);
        client.setInfo(new ImageUpdate(id, null, null, null, List.of(also), List.of(), false));

        client.archive(id, archive);
        client.archive(id, archive);

        ImageDetails details = client.imageDetails(id);
        assertThat(details.albumIds()).containsExactly(archive);
        assertThat(details.privacyLevel()).isEqualTo(8);
        target.emulator().ifPresent(e -> assertThat(e.albums()).filteredOn(a -> a.id() == archive)
                .singleElement().satisfies(a -> assertThat(a.privateAlbum()).isTrue()));
    }

    @Test
    void archivingAnImageThatIsGoneSaysSo() {
        long archive = new AlbumDirectory(client).resolvePrivate(List.of(target.runId() + "-private", "gone"));

        ImageNotFoundException gone = catchThrowableOfType(ImageNotFoundException.class,
                () -> client.archive(2_147_483_647L, archive));

        assertThat(gone).isNotNull();
        assertThat(gone.httpStatus()).isEqualTo(404);
    }

    @Test
    void albumPathCreatesOnlyMissingLevelsAndReusesExistingOnes() {
        long a = new AlbumDirectory(client).resolve(List.of(target.runId(), "levels", "a"));
        int before = client.albums().size();

        AlbumDirectory fresh = new AlbumDirectory(client); // empty cache: must find, not create
        long again = fresh.resolve(List.of(target.runId(), "levels", "a"));
        long b = fresh.resolve(List.of(target.runId(), "levels", "a", "b"));

        assertThat(again).isEqualTo(a);
        List<Album> albums = client.albums();
        assertThat(albums).hasSize(before + 1);
        assertThat(albums).filteredOn(x -> x.id() == b).singleElement().extracting(Album::parentId).isEqualTo(a);
    }

    @Test
    void twoInstancesResolvingTheSameNewPathLeaveOneAlbumPerLevel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CyclicBarrier barrier = new CyclicBarrier(2);
        // Separate lock domains and clients: two sink processes, only the settle step between them.
        try (PiwigoClient one = PiwigoClients.create(target.settings());
             PiwigoClient two = PiwigoClients.create(target.settings())) {
            AlbumDirectory first = new AlbumDirectory(one, AlbumDirectory.LockDomain.isolated());
            AlbumDirectory second = new AlbumDirectory(two, AlbumDirectory.LockDomain.isolated());
            for (int round = 0; round < RACE_ROUNDS; round++) {
                List<String> path = List.of(target.runId(), "race-" + round, "x", "y");
                CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> Race.atBarrier(barrier, () -> first.resolve(path)), pool);
                CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> Race.atBarrier(barrier, () -> second.resolve(path)), pool);
                assertThat(a.get(60, TimeUnit.SECONDS)).as("round %d", round).isEqualTo(b.get(60, TimeUnit.SECONDS));
                assertOneAlbumPerLevel(path);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertOneAlbumPerLevel(List<String> path) {
        List<Album> albums = client.albums();
        Long parent = null;
        for (String level : path) {
            Long p = parent;
            List<Album> matches = albums.stream().filter(a -> Objects.equals(a.parentId(), p) && a.name().equals(level)).toList();
            assertThat(matches).as("albums named %s under %s", level, p).hasSize(1);
            parent = matches.get(0).id();
        }
    }

    @Test
    void tagsAreFoundOrCreatedIgnoringCaseAndAccents() {
        long created = new TagDirectory(client).resolve(name("Mixed-Case"));
        long found = new TagDirectory(client).resolve(name("mixed-CASE")); // fresh cache: must find it
        long accented = new TagDirectory(client).resolve(name("Mixéd-Cäse")); // one tag to Piwigo too

        assertThat(found).isEqualTo(created);
        assertThat(accented).isEqualTo(created);
        assertThat(client.tags()).filteredOn(t -> t.matches(name("mixed-case"))).hasSize(1);
        PiwigoException duplicate = catchThrowableOfType(PiwigoException.class, () -> client.addTag(name("MIXED-case")));
        assertThat(duplicate).isNotNull();
        assertThat(duplicate.errorCode()).isEqualTo(1003);
        assertThat(duplicate.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
        PiwigoException accentedDuplicate = catchThrowableOfType(PiwigoException.class, () -> client.addTag(name("MÏXED-case ")));
        assertThat(accentedDuplicate).isNotNull();
        assertThat(accentedDuplicate.errorCode()).isEqualTo(1003);
    }

    @Test
    void badCredentialsAreAnAuthenticationFailureWithoutTheSecret() {
        try (PiwigoClient refused = PiwigoClients.create(target.badCredentials())) {
            PiwigoAuthenticationException failure = catchThrowableOfType(PiwigoAuthenticationException.class, refused::status);
            assertThat(failure).isNotNull();
            assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.AUTHENTICATION);
            assertThat(failure.getMessage()).doesNotContain(target.secret());
            assertThat(refused.toString()).doesNotContain(target.secret());
        }
    }

    @Test
    void aWrongChunkSumIsRejected() {
        long album = new AlbumDirectory(client).resolve(List.of(target.runId(), "uploads"));
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 64, 64, System.nanoTime());
        long size;
        try {
            size = java.nio.file.Files.size(photo.path());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        WsTransport.FilePart data = new WsTransport.FilePart(photo.path(), 0, size, name("bad.jpg"));
        WsTransport transport = new WsTransport(target.settings(), new OkHttpClient());
        Params params = Params.of("chunk", 0).add("chunks", 1)
                .add("chunk_sum", ChunkedUpload.md5(new byte[] {1, 2, 3}))
                .add("original_sum", photo.md5()).add("filename", name("bad.jpg")).add("name", name("bad"))
                .add("category", album);

        PiwigoException failure = catchThrowableOfType(PiwigoException.class,
                () -> transport.once("pwg.images.uploadAsync", params, data));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.PERMANENT);
        assertThat(failure.httpStatus()).isEqualTo(500);
        assertThat(client.exist(List.of(photo.md5()))).isEmpty();
    }

    /** The n-th uploadAsync request reaches the server, but its answer is lost on the way back. */
    static Interceptor loseAnswerOfUploadRequest(int n) {
        return loseAnswerOf("pwg.images.uploadAsync", n);
    }

    /** The n-th request for {@code method} reaches the server, but its answer is lost on the way back. */
    static Interceptor loseAnswerOf(String method, int n) {
        AtomicInteger seen = new AtomicInteger();
        return chain -> {
            Response response = chain.proceed(chain.request());
            if (method.equals(chain.request().url().queryParameter("method"))
                    && seen.incrementAndGet() == n) {
                response.close();
                throw new IOException("test: answer lost after the server handled the request");
            }
            return response;
        };
    }

    static EmulatedImage image(PiwigoEmulator emulator, String md5) {
        return emulator.images().stream().filter(i -> i.md5().equals(md5)).findFirst().orElseThrow();
    }
}
