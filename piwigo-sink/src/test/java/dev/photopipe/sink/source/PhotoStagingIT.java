package dev.photopipe.sink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.store.PhotoKey;
import dev.photopipe.store.PhotoStore;
import dev.photopipe.store.StoreSettings;
import dev.photopipe.store.PhotoStores;
import dev.photopipe.store.s3.S3Settings;
import dev.photopipe.testing.bytes.TestBytes;
import dev.photopipe.testing.s3.S3Endpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sink's edge to an S3 photo store (S3Proxy in this JVM): spooled, checked, deleted after use. */
@ExtendWith(S3Endpoint.class)
class PhotoStagingIT {
    @TempDir
    Path dir;

    private PhotoStore store;
    private PhotoStaging staging;

    @BeforeEach
    void open() {
        StoreSettings settings = new StoreSettings(null, false, new S3Settings(S3Endpoint.uri().toString(),
                S3Endpoint.newBucket("staging"), "us-east-1", true, "", S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY));
        store = PhotoStores.create(settings, dir.resolve("ingest-staging"));
        staging = new PhotoStaging(PhotoStores.create(settings, dir.resolve("unused")), dir.resolve("spool"), 10_000_000);
    }

    @AfterEach
    void close() {
        store.close();
        staging.close();
    }

    @Test
    void spoolsTheObjectChecksItsMd5AndDeletesItAfterTheUpload() throws Exception {
        byte[] bytes = bytes(2_500_000, 1);
        URI uri = put(bytes);

        Path spooled;
        try (StagedPhoto staged = staging.stage(uri.toString(), md5(bytes), bytes.length)) {
            spooled = staged.path();
            assertThat(spooled).startsWith(dir.resolve("spool")).hasBinaryContent(bytes);
            assertThat(staged.sizeBytes()).isEqualTo(bytes.length);
            assertThat(staging.spooledBytes()).isEqualTo(bytes.length);
        }
        assertThat(spooled).doesNotExist();
        assertThat(staging.spooledBytes()).isZero();
    }

    @Test
    void bytesOtherThanTheEventAnnouncedAreRefusedAndNotKeptInTheSpool() throws Exception {
        byte[] bytes = bytes(1000, 2);
        URI uri = put(bytes);

        assertThatThrownBy(() -> staging.stage(uri.toString(), md5(bytes(1000, 3)), bytes.length))
                .isInstanceOfSatisfying(SourceProblem.class, e -> assertThat(e.kind()).isEqualTo(SourceProblem.Kind.MD5_MISMATCH));
        try (var left = Files.list(dir.resolve("spool"))) {
            assertThat(left).isEmpty();
        }
        assertThat(staging.spooledBytes()).isZero();
    }

    @Test
    void aPhotoWhoseBytesAreGoneIsMissingWithTheReason() throws Exception {
        byte[] bytes = bytes(1000, 4);
        URI uri = put(bytes);
        store.delete(uri);

        assertThatThrownBy(() -> staging.stage(uri.toString(), md5(bytes), bytes.length))
                .isInstanceOfSatisfying(SourceProblem.class, e -> {
                    assertThat(e.kind()).isEqualTo(SourceProblem.Kind.MISSING);
                    assertThat(e.getMessage()).contains("photo.store.retention.ms");
                });
    }

    @Test
    void anotherBucketIsNotReadAndNamesTheSettings() {
        assertThatThrownBy(() -> staging.stage("s3://someone-elses/ab/cd/x.jpg", "00", 1))
                .isInstanceOfSatisfying(SourceProblem.class, e -> {
                    assertThat(e.kind()).isEqualTo(SourceProblem.Kind.UNREADABLE);
                    assertThat(e.getMessage()).contains("photo.store.");
                });
    }

    private URI put(byte[] bytes) throws Exception {
        Path staged = Files.write(store.newStagingFile(), bytes);
        return store.put(staged, new PhotoKey(TestBytes.sha256(bytes), "jpg"), md5(bytes));
    }

    private static byte[] bytes(int size, long seed) {
        return TestBytes.random(size, seed);
    }

    private static String md5(byte[] bytes) {
        return TestBytes.md5(bytes);
    }
}
