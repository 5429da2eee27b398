package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.sink.source.PhotoStaging;
import dev.photopipe.sink.source.StagedPhoto;
import dev.photopipe.store.PhotoStores;
import dev.photopipe.testing.bytes.TestBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestMapperTest {
    private static final byte[] TINY_JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3,
            (byte) 0xFF, (byte) 0xD9};

    @TempDir
    Path tmp;

    private final PhotoStaging staging = new PhotoStaging(PhotoStores.localWithoutFsync(Path.of("unused-store")),
            Path.of("unused-spool"), 1024);

    private static UploadRequest request(String sourceUri, String fileName, String title) {
        return request(sourceUri, fileName, title, md5(TINY_JPEG));
    }

    private static UploadRequest request(String sourceUri, String fileName, String title, String md5) {
        Instant now = Instant.now();
        PhotoCaptured photo = PhotoCaptured.newBuilder().setPhotoId("id").setMd5(md5).setSizeBytes(9)
                .setMediaType("image/jpeg").setSourceUri(sourceUri).setOriginalFileName(fileName)
                .setCaptureTime(now).setSourceId("cam").setIngestTime(now).build();
        return UploadRequest.newBuilder().setPhoto(photo).setAlbumPath(List.of("A", "B")).setTags(List.of("t"))
                .setTitle(title).build();
    }

    @Test
    void mapsAFileUriWithItsSizeAndFallsBackToTheFileNameAsTitle() throws Exception {
        Path file = Files.write(tmp.resolve("p.jpg"), TINY_JPEG);

        RequestMapper.Mapped mapped = map(request(file.toUri().toString(), "p.jpg", null));

        assertThat(mapped.sizeBytes()).isEqualTo(TINY_JPEG.length);
        assertThat(mapped.request().source()).isEqualTo(file);
        assertThat(mapped.request().title()).isEqualTo("p.jpg");
        assertThat(mapped.request().albumPath()).containsExactly("A", "B");
    }

    @Test
    void carriesDescriptionAndPrivacyLevel() throws Exception {
        Path file = Files.write(tmp.resolve("p.jpg"), TINY_JPEG);
        UploadRequest avro = request(file.toUri().toString(), "p.jpg", "t");
        avro.setDescription("front view");
        avro.setPrivacyLevel(2);

        RequestMapper.Mapped mapped = map(avro);

        assertThat(mapped.request().description()).isEqualTo("front view");
        assertThat(mapped.request().privacyLevel()).isEqualTo(2);
    }

    @Test
    void rejectsAPrivacyLevelPiwigoDoesNotKnow() throws Exception {
        Path file = Files.write(tmp.resolve("p.jpg"), TINY_JPEG);
        UploadRequest avro = request(file.toUri().toString(), "p.jpg", "t");
        avro.setPrivacyLevel(3);

        assertReason(avro, ReasonCode.INVALID_METADATA);
    }

    @Test
    void rejectsAnUnknownSchemeAsUnreadable() {
        assertReason(request("s3://bucket/p.jpg", "p.jpg", "t"), ReasonCode.SOURCE_UNREADABLE);
    }

    @Test
    void rejectsAMissingFile() {
        assertReason(request(tmp.resolve("gone.jpg").toUri().toString(), "gone.jpg", "t"), ReasonCode.SOURCE_MISSING);
    }

    @Test
    void rejectsAJpegWithoutItsEndMarkerAsCorrupt() throws Exception {
        byte[] cut = Arrays.copyOf(TINY_JPEG, 6);
        Path file = Files.write(tmp.resolve("cut.jpg"), cut);
        assertReason(request(file.toUri().toString(), "cut.jpg", "t", md5(cut)), ReasonCode.CORRUPT_IMAGE);
    }

    @Test
    void rejectsAFileThatChangedSinceIngestBeforeAnyUpload() throws Exception {
        Path file = Files.write(tmp.resolve("p.jpg"), TINY_JPEG);
        UploadRequest avro = request(file.toUri().toString(), "p.jpg", "t");
        Files.write(file, Arrays.copyOf(TINY_JPEG, 8)); // rewritten by the camera after capture

        assertThatThrownBy(() -> map(avro)).isInstanceOfSatisfying(RejectedRequest.class, e -> {
            assertThat(e.reason()).isEqualTo(ReasonCode.CORRUPT_IMAGE);
            assertThat(e.getMessage()).contains("changed or was damaged after its capture");
        });
    }

    private RequestMapper.Mapped map(UploadRequest avro) {
        try (StagedPhoto staged = RequestMapper.stage(avro, staging)) {
            return RequestMapper.map(avro, staged.path());
        }
    }

    private void assertReason(UploadRequest request, ReasonCode reason) {
        assertThatThrownBy(() -> map(request)).isInstanceOfSatisfying(RejectedRequest.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static String md5(byte[] bytes) {
        return TestBytes.md5(bytes);
    }
}
