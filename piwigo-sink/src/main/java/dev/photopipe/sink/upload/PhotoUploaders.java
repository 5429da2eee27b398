package dev.photopipe.sink.upload;

import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.catalog.TagDirectory;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PiwigoClient;

/** Creates {@link PhotoUploader}s. */
public final class PhotoUploaders {
    private PhotoUploaders() {
    }

    /** Uses {@code upload.max.in.flight} from the sink's settings. */
    public static PhotoUploader create(PiwigoClient piwigo, SinkConfig config) {
        return create(piwigo, config.uploadMaxInFlight());
    }

    /**
     * @param maxInFlight uploads sent at the same time; keep it below the server's PHP worker count
     */
    public static PhotoUploader create(PiwigoClient piwigo, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1");
        }
        return new GalleryUploader(piwigo, new AlbumDirectory(piwigo), new TagDirectory(piwigo), maxInFlight);
    }
}
