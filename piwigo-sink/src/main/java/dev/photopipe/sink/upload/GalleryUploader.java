package dev.photopipe.sink.upload;

import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.catalog.TagDirectory;
import dev.photopipe.sink.piwigo.ImageDetails;
import dev.photopipe.sink.piwigo.ImageUpdate;
import dev.photopipe.sink.piwigo.PhotoUpload;
import dev.photopipe.sink.piwigo.PiwigoClient;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PhotoUploader} over a {@link PiwigoClient}, with as few requests per photo as Piwigo
 * allows: existence answered in batches ahead of the uploads ({@link #prefetch}), the photo and all its metadata in
 * one {@code uploadAsync} request where the server takes the whole file, {@code setInfo} only when
 * Piwigo's answer differs from what was sent, the lounge published in batches when the uploads
 * pause or every interval ({@link LoungePublisher}). How many uploads run at once is the caller's decision. Thread-safe.
 */
final class GalleryUploader implements PhotoUploader {
    /** Answers kept from prefetches: more than any window holds. */
    private static final int EXIST_CAPACITY = 10_000;
    /** Md5s asked about in one pwg.images.exist at most (a 16 KB request body). */
    private static final int EXIST_BATCH = 500;
    /**
     * An "absent" older than this is asked again: a client outside photopipe may have uploaded the
     * same bytes since (photopipe's own uploads of an md5 are one at a time, and each invalidates
     * what others learned about it). Not shorter: on a real Piwigo every request beside the
     * uploads costs more than its own work, since each upload invalidates the user cache and a
     * request arriving while another rebuilds it sleeps a whole second (getuserdata()).
     */
    private static final Duration ABSENT_MAX_AGE = Duration.ofMinutes(1);
    private static final Duration PRESENT_MAX_AGE = Duration.ofMinutes(1);
    /** How often the prefetcher checks the waiting photos' answers for age. */
    private static final Duration REFRESH_CHECK = Duration.ofSeconds(1);
    /** The longest an upload waits for the prefetcher's answer before asking on its own. */
    private static final Duration PREFETCH_WAIT = Duration.ofSeconds(30);
    /** Piwigo stores a level above 8 as 8 (ws.php's maxValue). */
    private static final int MAX_LEVEL = 8;

    private final PiwigoClient piwigo;
    private final AlbumDirectory albums;
    private final TagDirectory tags;
    private final TextRule text;
    private final LoungePublisher lounge;
    private final KeyedLocks perMd5 = new KeyedLocks();
    private final ExistenceAnswers existence =
            new ExistenceAnswers(EXIST_CAPACITY, ABSENT_MAX_AGE, PRESENT_MAX_AGE, System::nanoTime);
    private final ExistencePrefetcher prefetcher;

    GalleryUploader(PiwigoClient piwigo, AlbumDirectory albums, TagDirectory tags, TextRule text,
                    Duration loungePublishInterval) {
        this.piwigo = piwigo;
        this.albums = albums;
        this.tags = tags;
        this.text = text;
        this.lounge = new LoungePublisher(piwigo, loungePublishInterval);
        this.prefetcher = new ExistencePrefetcher(existence, piwigo::exist, EXIST_BATCH, REFRESH_CHECK);
    }

    /**
     * Announces the md5s and has the prefetcher ask Piwigo about them, in one request for all
     * announced md5s without an answer, ahead of their uploads (which wait for that answer rather
     * than ask again).
     */
    @Override
    public void prefetch(Collection<String> md5s) {
        existence.expect(md5s.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList());
        prefetcher.wake();
    }

    @Override
    public UploadResult upload(UploadRequest original) {
        lounge.uploadStarted();
        try {
            UploadRequest request = text.apply(original);
            String md5 = request.md5().toLowerCase(Locale.ROOT);
            long albumId = albums.resolve(request.albumPath());
            List<Long> tagIds = tags.resolve(request.tags());
            return perMd5.withLock(md5, () -> {
                try {
                    return uploadLocked(request, md5, albumId, tagIds);
                } finally {
                    existence.invalidate(md5); // what others' batches learned meanwhile may be out of date now
                }
            });
        } finally {
            lounge.uploadEnded();
        }
    }

    /** The upload of one md5, under its lock. */
    private UploadResult uploadLocked(UploadRequest request, String md5, long albumId, List<Long> tagIds) {
        Long existing = existing(md5);
        if (existing != null) {
            // Already there (an earlier run, or another feed): link, keep its title and links.
            // setInfo's categories link at once; a run killed before publishing left it in the
            // lounge too, which the next publication empties (Piwigo ignores the others).
            piwigo.setInfo(new ImageUpdate(existing, request.title(), request.description(), request.privacyLevel(),
                    List.of(albumId), tagIds, false));
            lounge.publish(existing, albumId);
            return new UploadResult(existing, albumId, false);
        }
        ImageDetails stored = piwigo.uploadDetailed(
                new PhotoUpload(request.source(), md5, request.fileName(), request.title(), albumId, tagIds,
                        request.description(), request.privacyLevel()));
        if (!matches(stored, request, tagIds)) {
            // With upload_detect_duplicate on, Piwigo may have reused an image and kept some of
            // its metadata (its level above all): set what differs, replacing.
            piwigo.setInfo(new ImageUpdate(stored.id(), request.title(), request.description(), request.privacyLevel(),
                    List.of(), tagIds, true));
        }
        if (!stored.albumIds().contains(albumId)) {
            lounge.publish(stored.id(), albumId);
        }
        return new UploadResult(stored.id(), albumId, true);
    }

    /**
     * The answer a batch brought when there is a fresh one, else one {@code pwg.images.exist} for
     * this md5 and the announced ones without an answer.
     */
    private Long existing(String md5) {
        ExistenceAnswers.Next next = existence.next(md5, EXIST_BATCH, true);
        if (next.awaits()) {
            awaitPrefetch(md5);
            next = existence.next(md5, EXIST_BATCH, false);
        }
        existence.invalidate(md5); // from here on, only what this upload learns counts for md5
        if (next.known() != null) {
            return next.known().orElse(null);
        }
        List<String> ask = next.ask();
        try {
            long askedAt = existence.now();
            Map<String, Long> found = piwigo.exist(ask);
            if (ask.size() > 1) {
                existence.put(ask.subList(1, ask.size()), found, askedAt); // the others' answers wait for their uploads
            }
            return found.get(md5);
        } finally {
            existence.settled(ask);
        }
    }

    /** Waits for the prefetcher's request about {@code md5}, at most {@link #PREFETCH_WAIT}. */
    private void awaitPrefetch(String md5) {
        try {
            existence.awaitAnswer(md5, PREFETCH_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether Piwigo holds what was asked for, by the getInfo object the upload answered: title,
     * description, level and tags. Any doubt (e.g. Piwigo escaped a character) costs one setInfo.
     */
    static boolean matches(ImageDetails stored, UploadRequest request, List<Long> tagIds) {
        return Objects.equals(stored.name(), request.title())
                && Objects.equals(emptyAsNull(stored.description()), emptyAsNull(request.description()))
                && stored.privacyLevel() == Math.min(request.privacyLevel(), MAX_LEVEL)
                && stored.tagIds().equals(new HashSet<>(tagIds));
    }

    private static String emptyAsNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public void close() {
        prefetcher.close();
        lounge.close();
    }

    @Override
    public void abandon() {
        prefetcher.close();
        lounge.abandon();
    }
}
