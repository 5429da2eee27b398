package dev.photopipe.sink;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Base of the sink's integration tests: one {@link SinkHarness} per test, closed after it. */
@ExtendWith(SharedKafka.class)
abstract class SinkScenario {
    @TempDir
    Path tmp;
    SinkHarness harness;

    SinkHarness harness(PiwigoEmulator.Builder emulator) {
        harness = new SinkHarness(tmp, emulator);
        return harness;
    }

    /** {@code count} distinct photos, their requests published (photo i in album path and tags of i). */
    List<UploadRequest> publishPhotos(int count) {
        List<UploadRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(SinkHarness.request(harness.photo(i), i));
        }
        harness.send(requests);
        return requests;
    }

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }
}
