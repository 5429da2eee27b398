package dev.photopipe.sink.catalog;

import dev.photopipe.sink.piwigo.Album;
import dev.photopipe.sink.piwigo.PiwigoClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Resolves an album path (root first, e.g. {@code ["Production", "Line 3", "LOT-4711"]}) to an
 * album id, creating only the missing levels.
 *
 * <p>{@code pwg.categories.add} always creates, so each level is matched on name and parent
 * ({@code id_uppercat}) first; creation of one (parent, name) is serialized by a lock shared by
 * every directory of the JVM for that server; after a create the list is read again and, should
 * another process have created the same level at the same moment, every resolver settles on the
 * lowest id, so they all put photos in the same album. Resolved levels are cached (albums are
 * never deleted by photopipe). Thread-safe.
 */
public final class AlbumDirectory {
    /** JVM-wide: two directories (two sink instances in one process) must not race either. */
    private static final Map<LevelKey, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private record LevelKey(String server, Long parentId, String name) {
    }

    private final PiwigoClient piwigo;
    private final Map<LevelKey, Long> cache = new ConcurrentHashMap<>();

    public AlbumDirectory(PiwigoClient piwigo) {
        this.piwigo = Objects.requireNonNull(piwigo, "piwigo");
    }

    /**
     * Returns the id of the album at {@code path}, creating missing levels.
     *
     * @param path album names, root first; not empty, no blank name
     */
    public long resolve(List<String> path) {
        if (path.isEmpty() || path.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new IllegalArgumentException("an album path needs at least one non-blank name: " + path);
        }
        Long parent = null;
        for (String name : path) {
            parent = level(parent, name.strip());
        }
        return parent;
    }

    private long level(Long parentId, String name) {
        LevelKey key = new LevelKey(piwigo.url().toString(), parentId, name);
        Long cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        ReentrantLock lock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            Optional<Long> existing = find(parentId, name);
            long id = existing.isPresent() ? existing.get() : createAndSettle(parentId, name);
            cache.put(key, id);
            return id;
        } finally {
            lock.unlock();
        }
    }

    private long createAndSettle(Long parentId, String name) {
        long created = piwigo.addAlbum(name, parentId);
        // Re-list: another process may have created the same level meanwhile. Everyone picks
        // the lowest id, so the duplicate (if any) stays empty rather than splitting the photos.
        return find(parentId, name).orElse(created);
    }

    private Optional<Long> find(Long parentId, String name) {
        return piwigo.albums().stream()
                .filter(a -> Objects.equals(a.parentId(), parentId) && a.name().equals(name))
                .map(Album::id)
                .min(Comparator.naturalOrder());
    }
}
