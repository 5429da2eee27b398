package dev.photopipe.sink.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.EmulatedAlbum;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.piwigo.EmulatorTestBase;
import dev.photopipe.sink.piwigo.TestPhotos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhotoUploaderIT extends EmulatorTestBase {
    private static final String UPLOAD_ASYNC = "pwg.images.uploadAsync";

    private ExecutorService pool;

    private PhotoUploader start(PiwigoEmulator.Builder builder) {
        return PhotoUploaders.create(startEmulator(builder));
    }

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private UploadRequest request(TestPhotos.Photo photo, List<String> albumPath, List<String> tags) {
        return new UploadRequest(photo.md5(), photo.path(), "p.jpg", "Lot 4711", albumPath, tags);
    }

    private static UploadRequest described(TestPhotos.Photo photo, String title, String description, int level) {
        return new UploadRequest(photo.md5(), photo.path(), "p.jpg", title, List.of("A"), List.of(), description, level);
    }

    private long albumId(String... path) {
        Long parent = null;
        for (String name : path) {
            Long p = parent;
            parent = emulator.albums().stream().filter(a -> a.name().equals(name) && java.util.Objects.equals(a.parentId(), p))
                    .map(EmulatedAlbum::id).findFirst().orElseThrow();
        }
        return parent;
    }

    @Test
    void uploadsPublishesAndTagsANewPhoto() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 200, 150, 1);

        UploadResult result = uploader.upload(request(photo, List.of("Production", "Line 3"), List.of("steel", "Night")));

        assertThat(result.uploaded()).isTrue();
        assertThat(emulator.images()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(result.imageId());
            assertThat(i.md5()).isEqualTo(photo.md5());
            assertThat(i.name()).isEqualTo("Lot 4711");
            assertThat(i.albumIds()).containsExactly(albumId("Production", "Line 3"));
            assertThat(i.tagNames()).containsExactlyInAnyOrder("steel", "Night");
            assertThat(i.inLounge()).isFalse();
        });
    }

    @Test
    void descriptionAndPrivacyLevelReachPiwigo() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 200, 150, 11);

        uploader.upload(described(photo, "Lot 4711", "Weld seam, front", 4));

        assertThat(emulator.images()).singleElement().satisfies(i -> {
            assertThat(i.description()).isEqualTo("Weld seam, front");
            assertThat(i.level()).isEqualTo(4);
        });
    }

    @Test
    void aPhotoPiwigoAlreadyHadGetsDescriptionAndLevelOnlyWhereItHadNone() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 200, 150, 12);
        uploader.upload(request(photo, List.of("A"), List.of()));

        // Found by md5: Piwigo's fill_if_empty, so an existing title or description is kept and a
        // public (0) image becomes as private as the new request asks.
        uploader.upload(described(photo, "Other title", "Found again", 8));

        assertThat(emulator.images()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("Lot 4711");
            assertThat(i.description()).isEqualTo("Found again");
            assertThat(i.level()).isEqualTo(8);
        });
    }

    @Test
    void aKnownMd5IsLinkedNotUploadedAgain() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 200, 150, 2);
        uploader.upload(request(photo, List.of("A"), List.of("x")));
        int uploadCalls = emulator.calls(UPLOAD_ASYNC);

        UploadResult again = uploader.upload(request(photo, List.of("B"), List.of("y")));

        assertThat(again.uploaded()).isFalse();
        assertThat(emulator.calls(UPLOAD_ASYNC)).isEqualTo(uploadCalls);
        EmulatedImage image = emulator.images().get(0);
        assertThat(emulator.images()).hasSize(1);
        assertThat(image.albumIds()).containsExactlyInAnyOrder(albumId("A"), albumId("B"));
        assertThat(image.tagNames()).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void concurrentRequestsForOneMd5UploadOnceEvenWithoutDuplicateDetection() throws Exception {
        PhotoUploader uploader = start(PiwigoEmulator.builder().uploadDetectDuplicate(false));
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 300, 200, 3);
        pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<UploadResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return uploader.upload(request(photo, List.of("A"), List.of()));
            }, pool));
        }
        go.countDown();

        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(emulator.images()).hasSize(1);
        assertThat(results).filteredOn(r -> r.join().uploaded()).hasSize(1);
    }

    @Test
    void aNewPhotoCostsOneExistOneUploadAndOnePublishNoSetInfo() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 200, 150, 21);

        uploader.upload(described(photo, "Lot 4711", "Weld seam", 2));

        assertThat(emulator.calls("pwg.images.exist")).isEqualTo(1);
        assertThat(emulator.calls(UPLOAD_ASYNC)).isEqualTo(1);
        assertThat(emulator.calls("pwg.images.uploadCompleted")).isEqualTo(1);
        assertThat(emulator.calls("pwg.images.setInfo")).as("Piwigo's answer already matches").isZero();
    }

    @Test
    void prefetchAsksAboutManyPhotosInOneRequestAndEachAnswerServesOneUpload() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        List<TestPhotos.Photo> photos = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            photos.add(TestPhotos.jpeg(tmp, 64, 48, 300 + i));
        }

        uploader.prefetch(photos.stream().map(TestPhotos.Photo::md5).toList());
        photos.forEach(p -> uploader.upload(request(p, List.of("A"), List.of())));
        assertThat(emulator.calls("pwg.images.exist")).isEqualTo(1);

        // The answers were used up: the same photo again is asked about, and found.
        UploadResult again = uploader.upload(request(photos.get(0), List.of("A"), List.of()));
        assertThat(again.uploaded()).isFalse();
        assertThat(emulator.calls("pwg.images.exist")).isEqualTo(2);
        assertThat(emulator.images()).hasSize(5);
    }

    @Test
    void aFailedPrefetchLeavesTheUploadsToAskOnTheirOwn() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 64, 48, 400);
        emulator.faults().failNext(20, 503);

        uploader.prefetch(List.of(photo.md5())); // must not throw
        emulator.faults().clear();
        uploader.upload(request(photo, List.of("A"), List.of()));

        assertThat(emulator.images()).hasSize(1);
    }

    @Test
    void whenPiwigoReusedAnImageItsDifferingMetadataIsSetAgain() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 64, 48, 500);
        uploader.prefetch(List.of(photo.md5())); // "absent", then someone else uploads it at level 0
        try (PhotoUploader other = PhotoUploaders.create(client)) {
            other.upload(request(photo, List.of("Elsewhere"), List.of()));
        }

        uploader.upload(described(photo, "Lot 4711", "Mine", 4));

        assertThat(emulator.calls("pwg.images.setInfo")).isEqualTo(1);
        assertThat(emulator.images()).singleElement().satisfies(i -> {
            assertThat(i.level()).isEqualTo(4);
            assertThat(i.description()).isEqualTo("Mine");
            assertThat(i.albumIds()).contains(albumId("A"));
        });
    }

    @Test
    void theLoungeIsPublishedInBatchesAndOnceMoreOnClose() {
        startEmulator(PiwigoEmulator.builder());
        PhotoUploader uploader = PhotoUploaders.create(client, Duration.ofHours(1), TextRule.replacing());
        for (int i = 0; i < 4; i++) {
            uploader.upload(request(TestPhotos.jpeg(tmp, 64, 48, 600 + i), List.of("A"), List.of()));
        }
        // The first publication goes at once, the others wait for the interval (an hour here).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> emulator.calls("pwg.images.uploadCompleted") == 1);

        uploader.close();

        assertThat(emulator.calls("pwg.images.uploadCompleted")).isEqualTo(2);
        assertThat(emulator.images()).hasSize(4).allSatisfy(i -> assertThat(i.inLounge()).isFalse());
    }

    @Test
    void aLoungeLeftByAKilledPredecessorIsEmptiedAtStart() {
        startEmulator(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 64, 48, 650);
        long album = client.addAlbum("A", null);
        client.upload(new dev.photopipe.sink.piwigo.PhotoUpload(photo.path(), photo.md5(), "p.jpg", "t", album,
                List.of())); // uploaded, never published: the predecessor died here

        try (PhotoUploader successor = PhotoUploaders.create(client, Duration.ofHours(1), TextRule.replacing())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> emulator.images().stream().noneMatch(EmulatedImage::inLounge));
        }
        assertThat(emulator.calls("pwg.images.emptyLounge")).isEqualTo(1);
    }

    @Test
    void emojiInNamesAreReplacedByDefaultSoPiwigoCanStoreThem() {
        PhotoUploader uploader = start(PiwigoEmulator.builder());
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 64, 48, 700);

        uploader.upload(new UploadRequest(photo.md5(), photo.path(), "p.jpg", "Sunset \uD83C\uDF05",
                List.of("Trip \uD83D\uDCF7"), List.of("fun \uD83D\uDE00")));

        assertThat(emulator.albums()).extracting(EmulatedAlbum::name).containsExactly("Trip \uFFFD");
        assertThat(emulator.images()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("Sunset \uFFFD");
            assertThat(i.tagNames()).containsExactly("fun \uFFFD");
        });
    }

    @Test
    void emojiInNamesAreRefusedBeforeAnythingIsSentWhenSetToReject() {
        startEmulator(PiwigoEmulator.builder());
        PhotoUploader uploader = PhotoUploaders.create(client, Duration.ZERO, new TextRule(TextRule.Mode.REJECT, ""));
        TestPhotos.Photo photo = TestPhotos.jpeg(tmp, 64, 48, 701);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> uploader.upload(new UploadRequest(photo.md5(),
                        photo.path(), "p.jpg", "t", List.of("Trip \uD83D\uDCF7"), List.of())))
                .isInstanceOf(UnstorableTextException.class).hasMessageContaining("album name");
        assertThat(emulator.totalCalls()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no start signal");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
