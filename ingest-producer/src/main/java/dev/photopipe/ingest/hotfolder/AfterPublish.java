package dev.photopipe.ingest.hotfolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a hot-folder file once the photo store holds its bytes durably and the broker
 * acknowledged its event: removed (the default, so a scan costs the new files only), moved below a
 * done folder (same relative path), or kept. Its sidecar goes with it. Never called earlier: until
 * then the file is the only copy photopipe may rely on. Immutable and thread-safe.
 */
public final class AfterPublish {
    private static final Logger LOG = LoggerFactory.getLogger(AfterPublish.class);

    /** The actions, as the setting names them. */
    public enum Action {
        DELETE, MOVE, KEEP;

        public static Action of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public static final AfterPublish KEEP = new AfterPublish(Action.KEEP, null);

    private final Action action;
    private final Path doneDir;

    /** @param doneDir where {@link Action#MOVE} puts files; null otherwise */
    public AfterPublish(Action action, Path doneDir) {
        if (action == Action.MOVE && doneDir == null) {
            throw new IllegalArgumentException("moving needs a done folder");
        }
        this.action = action;
        this.doneDir = doneDir == null ? null : doneDir.toAbsolutePath().normalize();
    }

    public Action action() {
        return action;
    }

    /**
     * Removes or moves {@code file} (below {@code root}) and its sidecar. A failure is logged, not
     * thrown: the photo is safe in the store and Kafka, and the checkpoint keeps the file from
     * being published again while it stays.
     */
    void apply(Path root, Path file, Optional<Path> sidecar) {
        if (action == Action.KEEP) {
            return;
        }
        drain(root, file);
        sidecar.ifPresent(s -> drain(root, s));
    }

    private void drain(Path root, Path file) {
        try {
            if (action == Action.DELETE) {
                Files.deleteIfExists(file);
            } else {
                Path target = doneDir.resolve(root.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Published {}, but could not {} it ({}); it stays and is not published again", file,
                    action == Action.DELETE ? "remove" : "move it to " + doneDir, e.toString());
        }
    }
}
