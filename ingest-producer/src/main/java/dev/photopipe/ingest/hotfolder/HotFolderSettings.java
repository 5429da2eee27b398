package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.capture.PathPattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How hot folders are watched.
 *
 * @param roots folders watched recursively
 * @param pattern maps folders below a root to variables (site, line, camera, ...)
 * @param stableWindow how long size and modification time must stay unchanged before a file is
 *     taken; zero when writers use the temp-name-then-rename convention
 * @param scanInterval time between two scans of the roots
 * @param ignoredSuffixes names ending so are still being written (e.g. {@code .part}, {@code .tmp})
 * @param defaultSourceId source id for photos whose folders and sidecar name no camera
 */
public record HotFolderSettings(
        List<Path> roots,
        PathPattern pattern,
        Duration stableWindow,
        Duration scanInterval,
        List<String> ignoredSuffixes,
        String defaultSourceId) {

    public HotFolderSettings {
        roots = List.copyOf(roots);
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(stableWindow, "stableWindow");
        Objects.requireNonNull(scanInterval, "scanInterval");
        ignoredSuffixes = List.copyOf(ignoredSuffixes);
        Objects.requireNonNull(defaultSourceId, "defaultSourceId");
    }

    /** Suffixes that common copy tools (rsync, WinSCP, browsers, editors) use while writing. */
    public static final List<String> DEFAULT_IGNORED_SUFFIXES =
            List.of(".tmp", ".part", ".partial", ".filepart", ".crdownload", ".swp");
}
