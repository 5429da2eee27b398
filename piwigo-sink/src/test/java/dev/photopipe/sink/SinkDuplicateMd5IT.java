package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkDuplicateMd5IT extends SinkScenario {
    @Test
    void samePhotoTwiceInABatchAndAcrossARestartGivesOneImageWithoutPiwigoDuplicateDetection() throws Exception {
        harness(PiwigoEmulator.builder().uploadDetectDuplicate(false));
        SinkHarness.Photo photo = harness.photo(1);
        // The same bytes again under another path and photo id (e.g. copied into a second feed).
        Path copy = Files.copy(photo.path(), tmp.resolve("copy-of-photo-1.jpg"));
        SinkHarness.Photo sameBytes = new SinkHarness.Photo("other-id-" + photo.photoId(), photo.md5(), copy);
        UploadRequest first = SinkHarness.request(photo, 1);
        UploadRequest again = SinkHarness.request(sameBytes, sameBytes.photoId(), "copy.jpg",
                SinkHarness.albumPath(1), SinkHarness.tags(1));
        harness.send(List.of(first, first, again, first)); // all in the window at once: nothing runs yet

        PiwigoSink sink = harness.startSink();
        harness.awaitCaughtUp(Duration.ofSeconds(60));
        assertThat(harness.emulator.images()).hasSize(1);
        assertThat(harness.emulator.calls("pwg.images.uploadAsync")).isPositive();
        int uploadCalls = harness.emulator.calls("pwg.images.uploadAsync");

        sink.close();
        harness.send(List.of(first, again));
        harness.startSink();
        harness.awaitCaughtUp(Duration.ofSeconds(60));

        assertThat(harness.emulator.images()).hasSize(1);
        assertThat(harness.emulator.calls("pwg.images.uploadAsync")).isEqualTo(uploadCalls);
    }
}
