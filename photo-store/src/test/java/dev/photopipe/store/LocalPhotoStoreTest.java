package dev.photopipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPhotoStoreTest extends PhotoStoreContract {
    @TempDir
    Path dir;

    @Override
    protected PhotoStore newStore() {
        return PhotoStores.create(StoreSettings.local(dir.resolve("photos")), dir.resolve("unused"));
    }

    @Test
    void storesPlainFilesTheSinkCanReadInPlaceAndLeavesNothingStaged() throws Exception {
        byte[] bytes = bytes(500, 7);
        URI uri = put(bytes, "jpg");
        Path file = store().localFile(uri).orElseThrow();
        assertThat(file).startsWith(dir.resolve("photos")).hasBinaryContent(bytes);
        try (var staged = Files.list(dir.resolve("photos").resolve(".incoming"))) {
            assertThat(staged).isEmpty();
        }
    }

    @Test
    void aFileStagedOutsideTheStoreIsCopiedIn() throws Exception {
        byte[] bytes = bytes(500, 8);
        Path elsewhere = Files.write(dir.resolve("elsewhere.tmp"), bytes);
        URI uri = store().put(elsewhere, key(bytes, "jpg"), md5(bytes));
        assertThat(store().localFile(uri).orElseThrow()).hasBinaryContent(bytes);
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void keepsAFileOfItsOwnFileSystemByALinkWhoseBytesOutliveTheOriginalName() throws Exception {
        byte[] bytes = bytes(500, 9);
        Path original = Files.write(Files.createDirectories(dir.resolve("hotfolder")).resolve("a.jpg"), bytes);

        Path staged = store().linkStaging(original).orElseThrow();
        URI uri = store().put(staged, key(bytes, "jpg"), md5(bytes));

        Path stored = store().localFile(uri).orElseThrow();
        assertThat(Files.isSameFile(stored, original)).as("no second copy written").isTrue();
        Files.delete(original);
        assertThat(stored).hasBinaryContent(bytes);
    }

    @Test
    void copiesWhenLinkingIsOff() throws Exception {
        try (PhotoStore copying = PhotoStores.create(new StoreSettings(dir.resolve("other"), false, null), dir)) {
            assertThat(copying.linkStaging(Files.write(dir.resolve("b.jpg"), bytes(10, 10)))).isEmpty();
        }
    }
}
