package dev.photopipe.piwigo.emulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Piwigo's {@code user_cache}, as it costs time: creating an image or publishing the lounge
 * invalidates every user's cache ({@code invalidate_user_cache()}); the next request of each user
 * rebuilds that user's cache before running, and a request of the same user arriving meanwhile
 * does not rebuild it too but sleeps a whole second and looks again ({@code getuserdata()}'s
 * {@code sleep(1)} loop, up to 20 times). On a busy gallery that sleep is what a request beside
 * uploads costs most. Thread-safe.
 */
final class UserCaches {
    /** What a request of a user does before running. */
    enum Turn {
        /** The cache is up to date. */
        FRESH,
        /** This request rebuilds it, then calls {@link #rebuilt}. */
        REBUILD,
        /** Another request rebuilds it: sleep a second and look again. */
        WAIT
    }

    private long generation;
    private final Map<String, Long> validAt = new HashMap<>();
    private final Map<String, Long> rebuilding = new HashMap<>();
    private final Set<String> known = new HashSet<>();

    /** Every user's cache needs rebuilding. */
    synchronized void invalidateAll() {
        generation++;
    }

    /** The turn of a request of {@code user} ({@code guest} for none). */
    synchronized Turn enter(String user) {
        if (known.add(user)) {
            validAt.put(user, generation); // a user's first request finds it built (at login, in Piwigo)
        }
        if (validAt.get(user) == generation) {
            return Turn.FRESH;
        }
        if (rebuilding.containsKey(user)) {
            return Turn.WAIT;
        }
        rebuilding.put(user, generation);
        return Turn.REBUILD;
    }

    /** The rebuild of {@code user}'s cache that {@link #enter} gave this request is done. */
    synchronized void rebuilt(String user) {
        Long started = rebuilding.remove(user);
        if (started != null) {
            validAt.put(user, started); // invalidated again meanwhile: the next request rebuilds again
        }
    }
}
