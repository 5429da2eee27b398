package dev.photopipe.sink.upload;

import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.catalog.TagDirectory;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PiwigoClient;
import java.time.Duration;

/** Creates {@link PhotoUploader}s. */
public final class PhotoUploaders {
    private PhotoUploaders() {
    }

    /**
     * With the sink's settings: {@code piwigo.lounge.publish.interval.ms},
     * {@code piwigo.text.unstorable} and {@code piwigo.text.replacement}.
     */
    public static PhotoUploader create(PiwigoClient piwigo, SinkConfig config) {
        TextRule.Mode mode = switch (config.unstorableText()) {
            case SinkConfig.TEXT_REJECT -> TextRule.Mode.REJECT;
            case SinkConfig.TEXT_KEEP -> TextRule.Mode.KEEP;
            default -> TextRule.Mode.REPLACE;
        };
        return create(piwigo, config.loungePublishInterval(), new TextRule(mode, config.textReplacement()));
    }

    /**
     * Publishes the lounge after every upload, before it returns (no background thread), and
     * replaces unstorable characters by U+FFFD: for tools and tests that look at the gallery
     * right after an upload.
     */
    public static PhotoUploader create(PiwigoClient piwigo) {
        return create(piwigo, Duration.ZERO, TextRule.replacing());
    }

    static PhotoUploader create(PiwigoClient piwigo, Duration loungePublishInterval, TextRule text) {
        return new GalleryUploader(piwigo, new AlbumDirectory(piwigo), new TagDirectory(piwigo), text,
                loungePublishInterval);
    }
}
