package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.ReplayHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replay with {@code photopipe.force-check=true} after Piwigo was restored from a backup that
 * predates some uploads: the ledger says done, Piwigo says otherwise, Piwigo wins.
 */
class SinkForceCheckIT extends SinkScenario {
    private static final Map<String, String> FORCE = Map.of(ReplayHeaders.FORCE_CHECK, ReplayHeaders.FORCE_CHECK_TRUE);

    @Test
    void forceCheckedRequestsReuploadWhatPiwigoLostAndOnlyLinkWhatItKept() {
        harness(PiwigoEmulator.builder());
        List<UploadRequest> requests = publishPhotos(3);
        harness.startSink();
        harness.awaitCaughtUp(Duration.ofSeconds(60));
        assertThat(harness.emulator.images()).hasSize(3);
        String lost = requests.get(0).getPhoto().getPhotoId();
        String kept = requests.get(1).getPhoto().getPhotoId();
        String notForced = requests.get(2).getPhoto().getPhotoId();
        long lostImage = harness.ledger().get(lost).getPiwigoImageId();
        harness.emulator.forgetImage(lostImage); // the restored backup predates this upload
        int uploadCalls = harness.emulator.calls("pwg.images.uploadAsync");
        int existCalls = harness.emulator.calls("pwg.images.exist");

        harness.send(requests.subList(0, 2), FORCE);
        harness.send(requests.subList(2, 3)); // a plain replay: the ledger still decides
        harness.awaitCaughtUp(Duration.ofSeconds(60));

        harness.awaitLoungeEmpty(Duration.ofSeconds(30));
        Map<String, UploadOutcome> ledger = harness.ledger();
        assertThat(ledger.get(lost).getStatus()).isEqualTo(UploadStatus.UPLOADED);
        assertThat(ledger.get(lost).getPiwigoImageId()).isNotEqualTo(lostImage);
        assertThat(ledger.get(kept).getStatus()).isEqualTo(UploadStatus.ALREADY_PRESENT);
        assertThat(ledger.get(notForced).getStatus()).isEqualTo(UploadStatus.UPLOADED);
        // The forced requests are checked against Piwigo: one pwg.images.exist for both when they
        // enter the window together, one each otherwise. Bytes are sent only for the lost one.
        assertThat(harness.emulator.calls("pwg.images.exist")).isBetween(existCalls + 1, existCalls + 2);
        assertThat(harness.emulator.calls("pwg.images.uploadAsync")).isEqualTo(uploadCalls + 1);
        assertThat(harness.emulator.images()).hasSize(3).allSatisfy(image -> assertThat(image.inLounge()).isFalse());
        EmulatedImage restored = harness.imagesByMd5().get(requests.get(0).getPhoto().getMd5()).get(0);
        assertThat(restored.albumIds()).containsExactly(harness.albumId(SinkHarness.albumPath(0)));
        assertThat(restored.tagNames()).containsExactlyInAnyOrderElementsOf(SinkHarness.tags(0));
    }
}
