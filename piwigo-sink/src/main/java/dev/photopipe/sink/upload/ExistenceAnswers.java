package dev.photopipe.sink.upload;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The md5s expected to be uploaded soon, and Piwigo's answers of batched {@code pwg.images.exist}
 * requests about them, kept for the uploads about to come. The first upload that finds no fresh
 * answer asks about itself and every other expected md5 without one ({@link #batchFor}), so a
 * window of waiting photos costs one request, however they trickled in. Each answer is used by one
 * upload at most, is bounded in number (the oldest go first) and in age. An "absent" answer goes
 * stale after {@code absentMaxAge} (another client may have uploaded the photo since), a "present"
 * one after {@code presentMaxAge} (an admin may have deleted it). Thread-safe.
 */
final class ExistenceAnswers {
    /** What Piwigo said about one md5: the image id, or empty for "absent". */
    private record Answer(Optional<Long> imageId, long atNanos) {
    }

    private final int capacity;
    private final long absentMaxAgeNanos;
    private final long presentMaxAgeNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>();
    /**
     * When each md5 was last {@linkplain #invalidate invalidated}: an answer to a request sent
     * before that is out of date and is not kept. Bounded.
     */
    private final LinkedHashMap<String, Long> lastOwnAsk = new LinkedHashMap<>();
    /** Md5s announced by {@link #expect} and not taken yet, oldest first; bounded by the capacity. */
    private final java.util.LinkedHashSet<String> expected = new java.util.LinkedHashSet<>();

    ExistenceAnswers(int capacity, Duration absentMaxAge, Duration presentMaxAge, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.absentMaxAgeNanos = absentMaxAge.toNanos();
        this.presentMaxAgeNanos = presentMaxAge.toNanos();
        this.clock = nanoClock;
    }

    /** Announces md5s that will be uploaded soon: the next batch asks about them too. */
    synchronized void expect(Collection<String> md5s) {
        expected.addAll(md5s);
        Iterator<String> oldest = expected.iterator();
        while (expected.size() > capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * What to ask Piwigo when {@code md5} has no fresh answer: {@code md5} first, then the expected
     * md5s without a fresh answer, oldest first, at most {@code max} in all.
     */
    synchronized java.util.List<String> batchFor(String md5, int max) {
        long now = clock.getAsLong();
        java.util.List<String> batch = new java.util.ArrayList<>();
        batch.add(md5);
        for (String other : expected) {
            if (batch.size() >= max) {
                break;
            }
            Answer a = answers.get(other);
            if (!other.equals(md5) && (a == null || stale(a, now))) {
                batch.add(other);
            }
        }
        return batch;
    }

    /** The md5s among these that have no fresh answer, in order, without duplicates. */
    synchronized java.util.List<String> unknown(Collection<String> md5s) {
        long now = clock.getAsLong();
        return md5s.stream().distinct().filter(m -> {
            Answer a = answers.get(m);
            return a == null || stale(a, now);
        }).toList();
    }

    /** The clock reading to pass to {@link #put} for a request sent now. */
    long now() {
        return clock.getAsLong();
    }

    /**
     * Marks that what Piwigo says about {@code md5} may change now: its own upload is about to ask
     * and upload it, or just did. Any answer about it that is kept, or that a request sent before
     * now brings later, is dropped. The upload marks both before asking and after finishing: an
     * "absent" fetched by another upload's batch meanwhile could otherwise outlive this upload and
     * let a later upload of the same bytes (a force-check replay) send them again.
     */
    synchronized void invalidate(String md5) {
        answers.remove(md5);
        lastOwnAsk.remove(md5);
        lastOwnAsk.put(md5, clock.getAsLong());
        Iterator<String> oldest = lastOwnAsk.keySet().iterator();
        while (lastOwnAsk.size() > capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Keeps Piwigo's answer for {@code asked}, of a request sent at {@code askedAtNanos} (from
     * {@link #now}): the ids of those found, the others absent; except for md5s whose own upload
     * were {@linkplain #invalidate invalidated} since.
     */
    synchronized void put(Collection<String> asked, Map<String, Long> found, long askedAtNanos) {
        long now = clock.getAsLong();
        for (String md5 : asked) {
            Long own = lastOwnAsk.get(md5);
            if (own != null && own - askedAtNanos >= 0) {
                continue; // its own upload asked, or uploaded, after this request left
            }
            answers.remove(md5); // re-insert at the young end
            answers.put(md5, new Answer(Optional.ofNullable(found.get(md5)), now));
        }
        Iterator<Map.Entry<String, Answer>> oldest = answers.entrySet().iterator();
        while (answers.size() > capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Takes the answer for {@code md5}: {@code null} when there is no fresh one (ask Piwigo),
     * else the image id or an empty optional for "absent". The answer is removed either way.
     */
    synchronized Optional<Long> take(String md5) {
        Answer a = answers.remove(md5);
        if (a != null && !stale(a, clock.getAsLong())) {
            expected.remove(md5);
        }
        if (a == null || stale(a, clock.getAsLong())) {
            return null;
        }
        return a.imageId();
    }

    synchronized int size() {
        return answers.size();
    }

    private boolean stale(Answer a, long now) {
        return now - a.atNanos() > (a.imageId().isPresent() ? presentMaxAgeNanos : absentMaxAgeNanos);
    }
}
