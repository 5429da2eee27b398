package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.store.PhotoIntake;
import dev.photopipe.store.PhotoStores;
import java.nio.file.Path;
import java.time.Clock;

/** {@link FileIngestor}s for unit tests: a local photo store, work done on the calling thread (deterministic order). */
public final class TestIngestors {
    private TestIngestors() {
    }

    public static FileIngestor ingestor(PathPattern pattern, String sourceId, Path store, CapturePublisher publisher,
            Checkpoint checkpoint, AfterPublish afterPublish, Clock clock) {
        return new FileIngestor(pattern, sourceId, new PhotoIntake(PhotoStores.localWithoutFsync(store),
                PhotoInspector.create(clock)), new CaptureEvents(clock), publisher, checkpoint, afterPublish, Runnable::run);
    }
}
