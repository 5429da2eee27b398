package dev.photopipe.ops.views.query;

import dev.photopipe.ops.expiry.ExpiryListing;
import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.ExpiryEventFact;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.model.Letter;
import dev.photopipe.ops.views.model.LetterState;
import dev.photopipe.ops.views.model.Outcome;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Turns the stored views into what people and scripts read: rows, states in words, ISO times, links. Immutable. */
final class Presenter {
    private final PiwigoLinks links;
    private final Clock clock;

    Presenter(PiwigoLinks links) {
        this(links, Clock.systemUTC());
    }

    /** @param clock what "now" is for overdue expiries */
    Presenter(PiwigoLinks links, Clock clock) {
        this.links = links;
        this.clock = clock;
    }

    ViewTotals totals(LocalTotals totals, List<String> unreachable) {
        TreeSet<String> names = new TreeSet<>(totals.batches().keySet());
        names.addAll(totals.failures().keySet());
        List<ViewTotals.BatchRow> batches = new ArrayList<>();
        List<ViewTotals.FailureRow> failures = new ArrayList<>();
        for (String batch : names) {
            BatchTotals b = totals.batches().getOrDefault(batch, BatchTotals.ZERO);
            FailureTotals letters = FailureTotals.ZERO;
            for (Map.Entry<String, FailureTotals> reason : new java.util.TreeMap<>(
                    totals.failures().getOrDefault(batch, Map.of())).entrySet()) {
                FailureTotals f = reason.getValue();
                letters = letters.plus(f);
                failures.add(new ViewTotals.FailureRow(batch, reason.getKey(), f.pending(), f.replayed(), f.resolved(),
                        f.stage(), f.latestMessage(), time(f.latestFailureMs())));
            }
            batches.add(new ViewTotals.BatchRow(batch, b.captured(), b.duplicates(), b.routed(), b.uploaded(), b.failed(),
                    letters.pending(), letters.replayed(), letters.resolved()));
        }
        List<ViewTotals.ExpiringRow> expiring = new ArrayList<>();
        Instant now = clock.instant();
        for (Journey journey : totals.expiring()) {
            journey.pendingExpiry().ifPresent(expiry -> expiring.add(new ViewTotals.ExpiringRow(journey.key(),
                    expiry.piwigoImageId(), journey.fileName(), journey.batch(), expiry.expiresAt().toString(),
                    word(expiry.action()), expiry.ruleId(), ExpiryListing.setBy(expiry), expiry.isDue(now),
                    links.image(expiry.piwigoImageId()))));
        }
        return new ViewTotals(batches, failures, unreachable, expiring, totals.expiringLimitHit());
    }

    FoundPhotos found(FindQuery query, LocalFound found, List<String> unreachable) {
        return new FoundPhotos(query.describe(), found.journeys().stream().map(this::photo).toList(), found.limitHit(),
                unreachable);
    }

    PhotoView photo(Journey journey) {
        boolean photo = journey.isPhoto();
        Outcome outcome = journey.outcome();
        List<String> tags = journey.route() == null ? List.of() : journey.route().tags();
        Map<String, String> tagUrls = new LinkedHashMap<>();
        tags.forEach(tag -> {
            String url = links.tag(tag);
            if (url != null) {
                tagUrls.put(tag, url);
            }
        });
        List<Long> albumIds = outcome == null ? List.of() : outcome.albumIds();
        List<String> albumUrls = albumIds.stream().map(links::album).filter(java.util.Objects::nonNull).toList();
        boolean inPiwigo = outcome != null && outcome.inPiwigo();
        return new PhotoView(photo ? journey.key() : null, journey.fileName(),
                journey.capture() != null ? journey.capture().sourceUri() : photo ? null : journey.key(),
                journey.capture() == null ? null : journey.capture().md5(),
                journey.capture() == null ? null : journey.capture().camera(), journey.batch(),
                journey.capture() == null ? null : time(journey.capture().captureTimeMs()), status(journey),
                journey.route() == null ? null : String.join("/", journey.route().albumPath()),
                tags, journey.route() == null ? null : journey.route().ruleId(),
                inPiwigo ? outcome.imageId() : null, albumIds, inPiwigo ? links.image(outcome.imageId()) : null,
                albumUrls, tagUrls, inPiwigo ? time(outcome.lastAttemptMs()) : null,
                outcome == null || inPiwigo ? null : outcome.lastError(),
                Math.max(0, journey.captures() - 1), journey.letters().values().stream().filter(Letter::known)
                        .map(Presenter::letter).toList(), expiry(journey),
                journey.expiryAudit().stream().map(Presenter::audit).toList());
    }

    /** The expiry in force, with its state by the audit and the clock; null when it does not expire. */
    private PhotoView.ExpiryView expiry(Journey journey) {
        ScheduledExpiry expiry = journey.expiry().orElse(null);
        if (expiry == null) {
            return null;
        }
        String state = journey.pendingExpiry().isEmpty() ? "done" : expiry.isDue(clock.instant()) ? "overdue" : "pending";
        boolean changed = expiry.changed() && journey.expiryChange() != null;
        return new PhotoView.ExpiryView(expiry.expiresAt().toString(), word(expiry.action()), expiry.ruleId(),
                ExpiryListing.setBy(expiry), state, changed ? journey.expiryChange().reason() : null,
                changed ? journey.expiryChange().requestedBy() : null);
    }

    private static PhotoView.AuditView audit(ExpiryEventFact event) {
        return new PhotoView.AuditView(time(event.eventTimeMs()), word(event.event()), word(event.action()),
                event.expiresAtMs() == null ? null : time(event.expiresAtMs()), event.ruleId(), event.reason(),
                event.detail());
    }

    /** An enum constant as the outputs write it: lower case, dashes, e.g. {@code expired-no-action}. */
    private static String word(Object constant) {
        return constant.toString().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One word (with dashes) for where the photo is now. */
    static String status(Journey journey) {
        Outcome outcome = journey.outcome();
        if (outcome != null && outcome.inPiwigo()) {
            return "UPLOADED".equals(outcome.status()) ? "uploaded" : "already-in-piwigo";
        }
        if (outcome != null && outcome.failed()) {
            return "failed";
        }
        List<Letter> letters = journey.letters().values().stream().filter(Letter::known).toList();
        if (letters.stream().anyMatch(l -> l.state() == LetterState.PENDING)) {
            return "dead-lettered";
        }
        if (journey.route() != null) {
            return "waiting-for-upload";
        }
        if (journey.capture() != null) {
            return "waiting-for-routing";
        }
        return letters.stream().anyMatch(l -> l.state() == LetterState.REPLAYED) ? "replayed" : "resolved";
    }

    private static PhotoView.LetterView letter(Letter letter) {
        return new PhotoView.LetterView(letter.letterId(), letter.stage(), letter.reason(), letter.message(),
                time(letter.failedAtMs()), letter.state().name().toLowerCase(Locale.ROOT),
                letter.replayedAtMs() == null ? null : time(letter.replayedAtMs()),
                letter.resolution() == null ? null : time(letter.resolution().atMs()),
                letter.resolution() == null ? null : letter.resolution().by(),
                letter.resolution() == null ? null : letter.resolution().note());
    }

    private static String time(long epochMs) {
        return epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs).toString();
    }
}
