package dev.photopipe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.testing.bytes.TestBytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PhotoStore} backend must do, run against each (local folder, S3Proxy, MinIO). */
public abstract class PhotoStoreContract {
    private PhotoStore store;

    /** A new, empty store. */
    protected abstract PhotoStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void keepsBytesUnderTheirPhotoIdAndStreamsThemBack() throws Exception {
        byte[] bytes = bytes(3 * 1024 * 1024 + 17, 1);
        URI uri = put(bytes, "jpg");
        assertThat(store.owns(uri)).isTrue();
        assertThat(uri.toString()).endsWith("/" + sha256(bytes).substring(0, 2) + "/" + sha256(bytes).substring(2, 4)
                + "/" + sha256(bytes) + ".jpg");
        try (InputStream in = store.open(uri)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aSecondPutOfTheSamePhotoKeepsOneCopyAndConsumesTheStagedFile() throws Exception {
        byte[] bytes = bytes(1000, 2);
        URI first = put(bytes, "png");
        Path staged = stage(bytes);
        URI second = store.put(staged, key(bytes, "png"), md5(bytes));
        assertThat(second).isEqualTo(first);
        assertThat(staged).doesNotExist();
        assertThat(listed()).extracting(StoredPhoto::uri).containsExactly(first);
    }

    @Test
    void listsWhatItHoldsWithSizes() throws Exception {
        URI a = put(bytes(10, 3), "jpg");
        URI b = put(bytes(20, 4), "mp4");
        assertThat(listed()).extracting(StoredPhoto::uri).containsExactlyInAnyOrder(a, b);
        assertThat(listed()).extracting(StoredPhoto::sizeBytes).containsExactlyInAnyOrder(10L, 20L);
    }

    @Test
    void aDeletedPhotoIsMissingNotAnIoFailure() throws Exception {
        URI uri = put(bytes(100, 5), "jpg");
        assertThat(store.delete(uri)).isTrue();
        assertThat(store.delete(uri)).isFalse();
        assertThatThrownBy(() -> store.open(uri).close()).isInstanceOf(PhotoMissingException.class);
        assertThat(listed()).isEmpty();
    }

    @Test
    void ownsItsOwnUrisOnly() throws Exception {
        URI uri = put(bytes(10, 6), "jpg");
        assertThat(store.owns(URI.create("file:///etc/passwd"))).isFalse();
        assertThat(store.owns(URI.create("s3://some-other-bucket/" + uri.getPath()))).isFalse();
        assertThatThrownBy(() -> store.open(URI.create("file:///etc/passwd"))).isInstanceOf(IllegalArgumentException.class);
    }

    protected PhotoStore store() {
        return store;
    }

    protected URI put(byte[] bytes, String extension) throws IOException {
        return store.put(stage(bytes), key(bytes, extension), md5(bytes));
    }

    protected Path stage(byte[] bytes) throws IOException {
        return Files.write(store.newStagingFile(), bytes);
    }

    protected List<StoredPhoto> listed() throws IOException {
        List<StoredPhoto> all = new ArrayList<>();
        store.list(all::add);
        return all;
    }

    protected static PhotoKey key(byte[] bytes, String extension) {
        return new PhotoKey(sha256(bytes), extension);
    }

    protected static byte[] bytes(int size, long seed) {
        return TestBytes.random(size, seed);
    }

    protected static String sha256(byte[] bytes) {
        return TestBytes.sha256(bytes);
    }

    protected static String md5(byte[] bytes) {
        return TestBytes.md5(bytes);
    }
}
