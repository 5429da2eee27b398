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
 * requests about them, kept for the uploads about to come. Requests are asked ahead by a
 * prefetcher ({@link #claimAhead}) or, when an upload finds no fresh answer, by that upload for
 * itself and every other expected md5 without one ({@link #batchFor}); either way a window of
 * waiting photos costs one request. An md5 is in at most one request at a time: an upload whose md5
 * is being asked about waits for that answer ({@link #awaitAnswer}) instead of asking again. Each
 * answer is used by one upload at most, is bounded in number (the oldest go first) and in age. An
 * "absent" answer goes stale after {@code absentMaxAge} (another client may have uploaded the photo
 * since), a "present" one after {@code presentMaxAge} (an admin may have deleted it). Thread-safe.
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
    /** Md5s in a request sent and not answered yet ({@link #batchFor}, {@link #claimAhead} until {@link #settled}). */
    private final java.util.Set<String> asking = new java.util.HashSet<>();

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
     * md5s without a fresh answer and not already being asked about, oldest first, at most
     * {@code max} in all. They count as being asked about until {@link #settled}.
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
            if (!other.equals(md5) && !asking.contains(other) && (a == null || stale(a, now))) {
                batch.add(other);
            }
        }
        asking.addAll(batch);
        return batch;
    }

    /**
     * What a prefetcher should ask Piwigo now, ahead of the uploads: the expected md5s not being
     * asked about whose answer is missing or past half its age (so it is still fresh when their
     * upload comes), oldest first, at most {@code max}; empty when there is nothing to ask. They
     * count as being asked about until {@link #settled}.
     */
    synchronized java.util.List<String> claimAhead(int max) {
        long now = clock.getAsLong();
        java.util.List<String> batch = new java.util.ArrayList<>();
        for (String md5 : expected) {
            if (batch.size() >= max) {
                break;
            }
            if (toAskAhead(md5, now)) {
                batch.add(md5);
            }
        }
        asking.addAll(batch);
        return batch;
    }

    /**
     * No longer asks ahead about {@code md5s} (a request about them failed): their uploads ask on
     * their own, through the client's retries, rather than the prefetcher hammering a Piwigo that
     * does not answer.
     */
    synchronized void leaveToUploads(Collection<String> md5s) {
        expected.removeAll(md5s);
    }

    /** The request about {@code batch} is over (answered, with {@link #put} first, or failed). */
    synchronized void settled(Collection<String> batch) {
        asking.removeAll(batch);
        notifyAll();
    }

    /**
     * What the upload of {@code md5} does next, decided at once: use the fresh answer (taken), wait
     * for the request about it that is out ({@code mayWait}), or ask this batch ({@link #batchFor}).
     *
     * @param known the answer taken (image id, or empty for "absent"); null when there is none
     * @param ask   the batch to ask, claimed; empty when {@code known} is set or a request is out
     */
    record Next(Optional<Long> known, java.util.List<String> ask) {
        boolean awaits() {
            return known == null && ask.isEmpty();
        }
    }

    /** See {@link Next}; without {@code mayWait} a request that is out is not waited for. */
    synchronized Next next(String md5, int max, boolean mayWait) {
        Optional<Long> known = take(md5);
        if (known != null) {
            return new Next(known, java.util.List.of());
        }
        if (mayWait && asking.contains(md5)) {
            return new Next(null, java.util.List.of());
        }
        return new Next(null, batchFor(md5, max));
    }

    /** Waits while {@code md5} is in a request that is out, at most {@code bound}. */
    synchronized void awaitAnswer(String md5, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (asking.contains(md5)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Whether any expected md5 lacks a fresh-enough answer (a prefetcher has work). */
    synchronized boolean anythingToAsk() {
        long now = clock.getAsLong();
        return expected.stream().anyMatch(md5 -> toAskAhead(md5, now));
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
     * else the image id or an empty optional for "absent". The answer is removed either way, and
     * {@code md5} is no longer expected.
     */
    synchronized Optional<Long> take(String md5) {
        Answer a = answers.remove(md5);
        expected.remove(md5); // its upload asks on its own from here on
        if (a == null || stale(a, clock.getAsLong())) {
            return null;
        }
        return a.imageId();
    }

    synchronized int size() {
        return answers.size();
    }

    private boolean stale(Answer a, long now) {
        return now - a.atNanos() > maxAge(a);
    }

    /** An expected md5 a prefetcher should ask about: not being asked, its answer missing or past half its age. */
    private boolean toAskAhead(String md5, long now) {
        Answer a = answers.get(md5);
        return !asking.contains(md5) && (a == null || halfStale(a, now));
    }

    private boolean halfStale(Answer a, long now) {
        return now - a.atNanos() > maxAge(a) / 2;
    }

    private long maxAge(Answer a) {
        return a.imageId().isPresent() ? presentMaxAgeNanos : absentMaxAgeNanos;
    }
}
