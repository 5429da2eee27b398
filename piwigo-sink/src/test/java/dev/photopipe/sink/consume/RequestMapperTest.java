package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.deadletter.ReasonCode;
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

    private static UploadRequest request(String sourceUri, String fileName, String title) {
        Instant now = Instant.now();
        PhotoCaptured photo = PhotoCaptured.newBuilder().setPhotoId("id").setMd5("abc").setSizeBytes(9)
                .setMediaType("image/jpeg").setSourceUri(sourceUri).setOriginalFileName(fileName)
                .setCaptureTime(now).setSourceId("cam").setIngestTime(now).build();
        return UploadRequest.newBuilder().setPhoto(photo).setAlbumPath(List.of("A", "B")).setTags(List.of("t"))
                .setTitle(title).build();
    }

    @Test
    void mapsAFileUriWithItsSizeAndFallsBackToTheFileNameAsTitle() throws Exception {
        Path file = Files.write(tmp.resolve("p.jpg"), TINY_JPEG);

        RequestMapper.Mapped mapped = RequestMapper.map(request(file.toUri().toString(), "p.jpg", null));

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

        RequestMapper.Mapped mapped = RequestMapper.map(avro);

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
        Path file = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(TINY_JPEG, 6));
        assertReason(request(file.toUri().toString(), "cut.jpg", "t"), ReasonCode.CORRUPT_IMAGE);
    }

    private static void assertReason(UploadRequest request, ReasonCode reason) {
        assertThatThrownBy(() -> RequestMapper.map(request)).isInstanceOfSatisfying(RejectedRequest.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
