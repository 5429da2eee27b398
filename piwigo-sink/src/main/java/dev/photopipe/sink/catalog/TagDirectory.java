package dev.photopipe.sink.catalog;

import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.sink.piwigo.Tag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds or creates tags by name, compared as Piwigo compares them ({@link Tag#matchKey}: case,
 * accents and trailing spaces do not count), and caches their
 * ids. {@code pwg.tags.add} answers err 1003 for an existing name without its id: then the
 * admin list is read again. Thread-safe; creation of one name is serialized.
 */
public final class TagDirectory {
    private static final int ERR_INVALID_PARAMETER = 1003;

    private final PiwigoClient piwigo;
    private final Map<String, Long> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public TagDirectory(PiwigoClient piwigo) {
        this.piwigo = Objects.requireNonNull(piwigo, "piwigo");
    }

    /** Ids of these tag names, in order, created when missing. Blank names are skipped. */
    public List<Long> resolve(Collection<String> names) {
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                ids.add(resolve(name.strip()));
            }
        }
        return ids;
    }

    /** Id of the tag {@code name}, created when missing. */
    public long resolve(String name) {
        String key = Tag.matchKey(name);
        Long cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Optional<Long> existing = find(key);
            long id;
            if (existing.isPresent()) {
                id = existing.get();
            } else {
                try {
                    id = piwigo.addTag(name);
                } catch (PiwigoException e) {
                    if (e.errorCode() != ERR_INVALID_PARAMETER) {
                        throw e;
                    }
                    // Created meanwhile by someone else (1003 "already exists"): read it back.
                    id = find(key).orElseThrow(() -> e);
                }
            }
            cache.put(key, id);
            return id;
        }
    }

    private Optional<Long> find(String key) {
        List<Tag> tags = piwigo.tags();
        // Fill the cache with everything we just paid for.
        tags.forEach(t -> cache.putIfAbsent(Tag.matchKey(t.name()), t.id()));
        return tags.stream().filter(t -> Tag.matchKey(t.name()).equals(key))
                .map(Tag::id).min(Long::compare);
    }
}
