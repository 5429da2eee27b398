package dev.photopipe.sink.catalog;

import dev.photopipe.sink.piwigo.Album;
import dev.photopipe.sink.piwigo.PiwigoClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves an album path (root first, e.g. {@code ["Production", "Line 3", "LOT-4711"]}) to an
 * album id, creating only the missing levels.
 *
 * <p>{@code pwg.categories.add} always creates, so each level is matched on name and parent
 * ({@code id_uppercat}) first, and creation of one (parent, name) is serialized within a
 * {@link LockDomain} (by default one per JVM). No lock reaches another process, so after every
 * create the parent's children are listed again: when several albums carry that name under that
 * parent, every resolver takes the lowest id and deletes the album(s) it created itself that are
 * not the lowest. Piwigo's ids only grow, so a later creator always sees the earlier album and
 * the lowest one is never deleted: concurrent instances converge on one album per level.
 * Resolved levels are cached (photopipe never deletes an album it uses). Thread-safe.
 */
public final class AlbumDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(AlbumDirectory.class);

    /**
     * Where creation of one (server, parent, name) is serialized. Directories sharing a domain
     * never create the same level twice; across domains (other processes) only the settle step
     * after a create converges. Thread-safe.
     */
    public static final class LockDomain {
        private static final LockDomain JVM = new LockDomain();

        private final Map<LevelKey, ReentrantLock> locks = new ConcurrentHashMap<>();

        private LockDomain() {
        }

        /** Shared by every directory of this JVM: two sink instances in one process do not race. */
        public static LockDomain jvmWide() {
            return JVM;
        }

        /** A domain of its own, as a directory in another process would have (tests). */
        public static LockDomain isolated() {
            return new LockDomain();
        }

        private ReentrantLock lock(LevelKey key) {
            return locks.computeIfAbsent(key, k -> new ReentrantLock());
        }
    }

    private record LevelKey(String server, Long parentId, String name) {
    }

    private final PiwigoClient piwigo;
    private final LockDomain locks;
    private final Map<LevelKey, Long> cache = new ConcurrentHashMap<>();

    /** Serializes creation JVM-wide. */
    public AlbumDirectory(PiwigoClient piwigo) {
        this(piwigo, LockDomain.jvmWide());
    }

    public AlbumDirectory(PiwigoClient piwigo, LockDomain locks) {
        this.piwigo = Objects.requireNonNull(piwigo, "piwigo");
        this.locks = Objects.requireNonNull(locks, "locks");
    }

    /**
     * Returns the id of the album at {@code path}, creating missing levels.
     *
     * @param path album names, root first; not empty, no blank name
     */
    public long resolve(List<String> path) {
        return resolve(path, false);
    }

    /**
     * Like {@link #resolve}, creating missing levels as private albums (Piwigo's status
     * "private"): for albums only admins and granted users may see, e.g. the archive of expired
     * photos. Levels that exist already are used as they are.
     */
    public long resolvePrivate(List<String> path) {
        return resolve(path, true);
    }

    private long resolve(List<String> path, boolean privateAlbums) {
        if (path.isEmpty() || path.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new IllegalArgumentException("an album path needs at least one non-blank name: " + path);
        }
        Long parent = null;
        for (String name : path) {
            parent = level(parent, name.strip(), privateAlbums);
        }
        return parent;
    }

    private long level(Long parentId, String name, boolean privateAlbum) {
        LevelKey key = new LevelKey(piwigo.url().toString(), parentId, name);
        Long cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        ReentrantLock lock = locks.lock(key);
        lock.lock();
        try {
            List<Long> existing = find(parentId, name);
            long id = existing.isEmpty() ? createAndSettle(parentId, name, privateAlbum) : existing.get(0);
            cache.put(key, id);
            return id;
        } finally {
            lock.unlock();
        }
    }

    private long createAndSettle(Long parentId, String name, boolean privateAlbum) {
        long created = piwigo.addAlbum(name, parentId, privateAlbum);
        // Another process may have created the same level meanwhile: everyone settles on the
        // lowest id and removes only its own surplus album. Nobody has put a photo into it: a
        // resolver that sees it also sees the lower one (ids only grow).
        List<Long> same = find(parentId, name);
        long lowest = same.isEmpty() ? created : same.get(0);
        if (created != lowest && same.contains(created)) {
            LOG.info("Album '{}' under {} was created concurrently elsewhere: using {}, deleting our duplicate {}",
                    name, parentId == null ? "the root" : parentId, lowest, created);
            piwigo.deleteAlbums(List.of(created));
        }
        return lowest;
    }

    /** Ids of the albums named {@code name} under {@code parentId}, lowest first. */
    private List<Long> find(Long parentId, String name) {
        return piwigo.albums().stream()
                .filter(a -> Objects.equals(a.parentId(), parentId) && a.name().equals(name))
                .map(Album::id)
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
