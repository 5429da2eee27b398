package dev.photopipe.expiry.topology;

import dev.photopipe.expiry.gallery.Done;
import dev.photopipe.expiry.gallery.Gallery;
import dev.photopipe.expiry.gallery.GalleryException;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.ExpiryNotice;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's (one ledger partition's) expiries. Records from the ledger and the changes topic
 * (co-partitioned: a photo's entry and its changes meet in the same task) update the photo's
 * {@link PhotoState} and the time index; an applied change is audited (CHANGED). Every check
 * interval a wall-clock punctuation reads "now" from the injected {@link Clock} and walks the index
 * in expiry order: it sends each photo's {@link ExpiryNotice} once per expiry when it is due, then
 * acts on each due expiry and audits it, and drops it.
 *
 * <p><b>Guarantees.</b> The application runs with exactly_once_v2: the audit records, the notices,
 * the store updates and the consumed offsets of one check commit in one Kafka transaction, so each
 * is written exactly once. The gallery call cannot take part in that transaction: it is made
 * at least once. If the process dies between the call and the commit, the transaction aborts,
 * the stores come back without the "acted on" mark, and the next check calls the gallery again
 * for the same expiry. That is harmless because both actions are idempotent: archiving again
 * links the same one album and sets the same level (the audit then says ARCHIVED once), and
 * deleting an image that is already gone answers ALREADY_GONE (the audit then says ALREADY_GONE
 * instead of DELETED: the image is gone either way). Instances split the partitions, and a
 * partition's stores belong to one task at a time, so two instances never act on one photo.
 *
 * <p><b>Order and outages.</b> Due expiries are acted on earliest first. When the gallery does not
 * do one (down, an error), acting stops for this check (later ones are not tried before it) and
 * the same expiry is tried again at the next check, until the gallery answers: nothing is skipped.
 * Notices still go out meanwhile. The blockage is reported for readiness ({@link Blockages}).
 */
final class ExpiryProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryProcessor.class);
    /** Index entries read per scan; a check scans again while it finds this many and has time. */
    private static final int SCAN_BATCH = 1_000;

    private final TopologySettings settings;
    private final Gallery gallery;
    private final Clock clock;
    private final ExpiryMeters meters;
    private final Blockages blockages;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PhotoState> photos;
    private KeyValueStore<Bytes, byte[]> index;
    private String task;

    ExpiryProcessor(TopologySettings settings, Gallery gallery, Clock clock, ExpiryMeters meters, Blockages blockages) {
        this.settings = settings;
        this.gallery = gallery;
        this.clock = clock;
        this.meters = meters;
        this.blockages = blockages;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.photos = context.getStateStore(ExpiryTopology.PHOTOS_STORE);
        this.index = context.getStateStore(ExpiryTopology.INDEX_STORE);
        this.task = context.taskId().toString();
        long pending = 0;
        try (KeyValueIterator<Bytes, byte[]> all = index.all()) {
            while (all.hasNext()) {
                all.next();
                pending++;
            }
        }
        meters.pending(task, pending);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> check());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String photoId = record.key();
        if (photoId == null) {
            LOG.warn("Ignoring a record without a photo id from {}", context.recordMetadata().map(RecordMetadata::topic));
            return;
        }
        boolean fromLedger = context.recordMetadata().map(RecordMetadata::topic)
                .map(settings.ledgerTopic()::equals).orElse(false);
        PhotoState before = Optional.ofNullable(photos.get(photoId)).orElse(PhotoState.EMPTY);
        PhotoState after;
        if (fromLedger) {
            after = before.withLedger((UploadOutcome) record.value());
        } else {
            ExpiryChange change = (ExpiryChange) record.value();
            after = before.withChange(change);
            if (change != null) {
                context.forward(record.withValue(changed(photoId, after, change)).withTimestamp(clock.millis()));
            }
        }
        reindex(photoId, before.pending(), after.pending());
        if (after.ledger() == null && after.change() == null) {
            photos.delete(photoId);
        } else {
            photos.put(photoId, after);
        }
    }

    private ExpiryAudit changed(String photoId, PhotoState after, ExpiryChange change) {
        Optional<ScheduledExpiry> inForce = ScheduledExpiry.of(after.ledger(), change);
        ExpiryAction action = inForce.map(ScheduledExpiry::action)
                .orElse(change.getExpiryAction() == null ? ExpiryAction.NONE : change.getExpiryAction());
        String who = change.getRequestedBy() == null ? "" : " by " + change.getRequestedBy();
        return ExpiryAudit.newBuilder().setPhotoId(photoId)
                .setPiwigoImageId(after.ledger() == null ? null : after.ledger().getPiwigoImageId())
                .setEvent(ExpiryEvent.CHANGED).setExpiryAction(action).setExpiresAt(change.getExpiresAt())
                .setEventTime(clock.instant()).setRuleId(change.getRuleId())
                .setReason(change.getReason())
                .setDetail("expiry " + (change.getExpiresAt() == null ? "removed (never)" : "set to " + change.getExpiresAt())
                        + ", action " + action + ", requested" + who + " at " + change.getRequestedAt())
                .build();
    }

    private void reindex(String photoId, Optional<ScheduledExpiry> before, Optional<ScheduledExpiry> after) {
        Optional<Instant> was = before.map(ScheduledExpiry::expiresAt);
        Optional<Instant> now = after.map(ScheduledExpiry::expiresAt);
        if (was.equals(now)) {
            return;
        }
        was.ifPresent(at -> {
            index.delete(TimeIndex.key(at, photoId));
            meters.pendingChanged(task, -1);
        });
        now.ifPresent(at -> {
            index.put(TimeIndex.key(at, photoId), new byte[0]);
            meters.pendingChanged(task, 1);
        });
    }

    /** One check: notices and due expiries, earliest first, within the round's time budget. */
    private void check() {
        Instant now = clock.instant();
        Instant horizon = now.plus(settings.noticeBefore());
        long deadline = System.nanoTime() + settings.roundMax().toNanos();
        boolean acting = true;
        Bytes from = null;
        List<Bytes> batch;
        do {
            batch = scan(from, horizon);
            for (Bytes key : batch) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.info("Expiry check of task {} reached expiry.round.max.ms: the rest waits for the next check", task);
                    return;
                }
                acting = visit(key, now, acting);
            }
            from = batch.isEmpty() ? null : batch.get(batch.size() - 1);
        } while (batch.size() == SCAN_BATCH);
        if (acting) {
            blockages.clear(task);
        }
    }

    /** Up to {@link #SCAN_BATCH} index keys after {@code after} (from the start when null), none beyond {@code horizon}. */
    private List<Bytes> scan(Bytes after, Instant horizon) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = after == null ? index.all() : index.range(after, null)) {
            while (entries.hasNext() && keys.size() < SCAN_BATCH) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                if (entry.key.equals(after)) {
                    continue;
                }
                if (TimeIndex.expiresAt(entry.key).isAfter(horizon)) {
                    break;
                }
                keys.add(entry.key);
            }
        }
        return keys;
    }

    /** Handles one index entry; returns whether acting may go on in this check. */
    private boolean visit(Bytes key, Instant now, boolean acting) {
        String photoId = TimeIndex.photoId(key);
        PhotoState state = Optional.ofNullable(photos.get(photoId)).orElse(PhotoState.EMPTY);
        Optional<ScheduledExpiry> pending = state.pending();
        if (pending.isEmpty() || !pending.get().expiresAt().equals(TimeIndex.expiresAt(key))) {
            index.delete(key); // no longer in force (cannot happen while process() keeps the index; heals it if it does)
            meters.pendingChanged(task, -1);
            return acting;
        }
        ScheduledExpiry expiry = pending.get();
        if (expiry.isNoticeDue(now, settings.noticeBefore()) && !state.noticeSentFor(expiry)) {
            context.forward(new Record<>(photoId, notice(expiry, now), now.toEpochMilli()));
            state = state.noticeSent(expiry.expiresAt());
            photos.put(photoId, state);
            meters.noticeSent();
        }
        if (!acting || !expiry.isDue(now)) {
            return acting;
        }
        Done done;
        if (expiry.action() == ExpiryAction.NONE) {
            done = new Done(ExpiryEvent.EXPIRED_NO_ACTION, "the action is none: the photo stays as it is");
        } else {
            try {
                done = gallery.act(expiry);
            } catch (GalleryException e) {
                LOG.warn("Expiry of photo {} (image {}, {} due {}) not done, trying again at the next check: {}",
                        photoId, expiry.piwigoImageId(), expiry.action(), expiry.expiresAt(), e.getMessage());
                blockages.blocked(task, photoId, e.getMessage(), now);
                return false;
            }
        }
        context.forward(new Record<>(photoId, audit(expiry, done, now), now.toEpochMilli()));
        photos.put(photoId, state.actedOn(expiry.expiresAt()));
        index.delete(key);
        meters.pendingChanged(task, -1);
        meters.acted(done.event());
        LOG.info("Photo {} expired ({}): {}", photoId, done.event(), done.detail());
        return true;
    }

    private static ExpiryNotice notice(ScheduledExpiry expiry, Instant now) {
        return ExpiryNotice.newBuilder().setPhotoId(expiry.photoId()).setPiwigoImageId(expiry.piwigoImageId())
                .setExpiresAt(expiry.expiresAt()).setExpiryAction(expiry.action()).setRuleId(expiry.ruleId())
                .setNoticeTime(now).build();
    }

    private static ExpiryAudit audit(ScheduledExpiry expiry, Done done, Instant now) {
        String source = expiry.changed() ? "a change of its expiry" + (expiry.ruleId() == null ? "" : " (rule " + expiry.ruleId() + ")")
                : expiry.ruleId() == null ? "its routing (no rule)" : "rule " + expiry.ruleId();
        return ExpiryAudit.newBuilder().setPhotoId(expiry.photoId()).setPiwigoImageId(expiry.piwigoImageId())
                .setEvent(done.event()).setExpiryAction(expiry.action()).setExpiresAt(expiry.expiresAt())
                .setEventTime(now).setRuleId(expiry.ruleId())
                .setReason("expired at " + expiry.expiresAt() + " by " + source + ", action " + expiry.action())
                .setDetail(done.detail()).build();
    }

    @Override
    public void close() {
        meters.forget(task);
        blockages.clear(task);
    }
}
