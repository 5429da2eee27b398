package dev.photopipe.enrich.topology;

import dev.photopipe.enrich.routing.Route;
import dev.photopipe.enrich.routing.Router;
import dev.photopipe.enrich.routing.RoutingException;
import dev.photopipe.enrich.status.BatchCounts;
import dev.photopipe.enrich.status.BatchStatus;
import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.UploadRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Drops duplicate captures, routes the rest and counts both per batch.
 *
 * <p>A photo id is remembered (with the record timestamp) only once its request was emitted:
 * a photo that was dead-lettered can be sent again after the rules were fixed. A capture counts
 * as a duplicate while its id is younger than the retention, measured in record time, so the
 * answer does not depend on when the purge punctuation last ran. Routing failures are counted and
 * then thrown; the processing exception handler dead-letters the original bytes.
 */
final class EnrichProcessor implements Processor<String, PhotoCaptured, String, UploadRequest> {
    private final EnrichTopology.StoreNames stores;
    private final RuleBook ruleBook;
    private final Router router;
    private final long retentionMs;
    private final Duration purgeInterval;
    private final RecordWatchdog watchdog;

    private ProcessorContext<String, UploadRequest> context;
    private KeyValueStore<String, Long> seen;
    private KeyValueStore<String, BatchCounts> counts;
    private TimestampedKeyValueStore<String, Camera> cameras;
    private KeyValueStore<String, RoutingRule> rules;

    EnrichProcessor(EnrichTopology.StoreNames stores, RuleBook ruleBook, Router router,
                    TopologySettings settings, RecordWatchdog watchdog) {
        this.watchdog = watchdog;
        this.stores = stores;
        this.ruleBook = ruleBook;
        this.router = router;
        this.retentionMs = settings.dedupRetention().toMillis();
        this.purgeInterval = settings.dedupPurgeInterval();
    }

    @Override
    public void init(ProcessorContext<String, UploadRequest> context) {
        this.context = context;
        seen = context.getStateStore(stores.seen());
        counts = context.getStateStore(stores.counts());
        cameras = context.getStateStore(stores.cameras());
        rules = context.getStateStore(stores.rules());
        // Stream time, not wall-clock: replaying old data forgets ids exactly as live data did.
        context.schedule(purgeInterval, PunctuationType.STREAM_TIME, this::purge);
    }

    @Override
    public void process(Record<String, PhotoCaptured> record) {
        PhotoCaptured photo = record.value();
        if (photo == null) {
            return; // Tombstones carry no capture.
        }
        String photoId = record.key() != null ? record.key() : photo.getPhotoId();
        RecordMetadata source = context.recordMetadata().orElse(null);
        watchdog.begin(photoId, source == null ? -1 : source.partition(), source == null ? -1 : source.offset());
        try {
            enrich(record, photo, photoId);
        } finally {
            watchdog.end();
        }
    }

    private void enrich(Record<String, PhotoCaptured> record, PhotoCaptured photo, String photoId) {
        String batch = photo.getBatchId() == null || photo.getBatchId().isBlank()
                ? BatchStatus.NO_BATCH : photo.getBatchId();

        Long firstSeen = seen.get(photoId);
        if (firstSeen != null && record.timestamp() - firstSeen < retentionMs) {
            count(batch, before -> before.withCaptured().withDuplicate());
            return;
        }

        Route route;
        try {
            route = router.route(ruleBook.current(rules), photo, camera(photo.getSourceId()));
        } catch (RoutingException e) {
            count(batch, e.reason() == RoutingException.Reason.UNROUTABLE
                    ? before -> before.withCaptured().withUnroutable()
                    : before -> before.withCaptured().withFailed());
            throw e;
        } catch (RuntimeException e) {
            count(batch, before -> before.withCaptured().withFailed());
            throw e;
        }
        UploadRequest request = UploadRequest.newBuilder()
                .setPhoto(photo)
                .setAlbumPath(route.albumPath())
                .setTags(route.tags())
                .setTitle(route.title())
                .setDescription(route.description())
                .setPrivacyLevel(route.privacyLevel())
                .setRuleId(route.ruleId())
                .setExpiresAt(route.expiresAt())
                .setExpiryAction(route.expiryAction())
                .build();
        context.forward(record.withKey(photoId).withValue(request));
        seen.put(photoId, record.timestamp());
        count(batch, before -> before.withCaptured().withRouted());
    }

    private Camera camera(String cameraId) {
        return cameraId == null ? null : ValueAndTimestamp.getValueOrNull(cameras.get(cameraId));
    }

    /** One read and one write of the counts store per record, whatever the outcome. */
    private void count(String batch, UnaryOperator<BatchCounts> change) {
        BatchCounts current = counts.get(batch);
        counts.put(batch, change.apply(current == null ? BatchCounts.ZERO : current));
    }

    private void purge(long streamTime) {
        long cutoff = streamTime - retentionMs;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = seen.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                if (entry.value != null && entry.value <= cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        // Deleted after the scan: not every store's iterator tolerates writes underneath it.
        expired.forEach(seen::delete);
    }
}
