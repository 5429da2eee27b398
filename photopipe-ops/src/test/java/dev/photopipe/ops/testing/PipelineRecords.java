package dev.photopipe.ops.testing;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.serde.AvroSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The records photopipe's services write, built the way they build them, for the views' tests. */
public final class PipelineRecords {
    /** Capture time of the first photo; later ones are a minute apart each. */
    public static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    private PipelineRecords() {
    }

    /** A capture of photo {@code id} in {@code batch}, taken {@code minute} minutes after {@link #AT} by {@code camera}. */
    public static PhotoCaptured photo(String id, String batch, int minute, String camera) {
        Instant taken = AT.plusSeconds(60L * minute);
        return PhotoCaptured.newBuilder().setPhotoId(id).setMd5("md5-" + id).setSizeBytes(10).setMediaType("image/jpeg")
                .setSourceUri("file:///in/" + id + ".jpg").setOriginalFileName("IMG_" + id + ".JPG")
                .setCaptureTime(taken).setSourceId(camera).setBatchId(batch).setIngestTime(taken.plusSeconds(1)).build();
    }

    public static UploadRequest request(PhotoCaptured photo, List<String> album, List<String> tags) {
        return UploadRequest.newBuilder().setPhoto(photo).setAlbumPath(album).setTags(tags).setRuleId("rule-1").build();
    }

    public static UploadOutcome outcome(String id, UploadStatus status, Long imageId, List<Long> albumIds) {
        return UploadOutcome.newBuilder().setPhotoId(id).setStatus(status).setPiwigoImageId(imageId).setAlbumIds(albumIds)
                .setMd5("md5-" + id).setAttempts(1).setFirstAttemptTime(AT).setLastAttemptTime(AT.plusSeconds(3600))
                .build();
    }

    /** The ledger entry of a photo uploaded as {@code imageId} that expires at {@code expiresAt} (null: never) by {@code rule}. */
    public static UploadOutcome expiring(String id, long imageId, Instant expiresAt, ExpiryAction action, String rule) {
        UploadOutcome outcome = outcome(id, UploadStatus.UPLOADED, imageId, List.of(5L));
        outcome.setRuleId(rule);
        outcome.setExpiresAt(expiresAt);
        outcome.setExpiryAction(action);
        return outcome;
    }

    /** An operator's change ({@code expiry extend}): no rule, requested by alice at {@link #AT}. */
    public static ExpiryChange changeByHand(String id, Instant expiresAt, ExpiryAction action, String reason) {
        return ExpiryChange.newBuilder().setPhotoId(id).setExpiresAt(expiresAt).setExpiryAction(action).setReason(reason)
                .setRequestedBy("alice").setRequestedAt(AT).build();
    }

    /** The expiry service's audit entry of an action on {@code expiresAt}, done at {@code eventTime}. */
    public static ExpiryAudit audit(String id, ExpiryEvent event, ExpiryAction action, Instant expiresAt,
                                    Instant eventTime, String rule, String reason) {
        return ExpiryAudit.newBuilder().setPhotoId(id).setPiwigoImageId(17L).setEvent(event).setExpiryAction(action)
                .setExpiresAt(expiresAt).setEventTime(eventTime).setRuleId(rule).setReason(reason).build();
    }

    /** Avro bytes as the services write them without a schema registry. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> byte[] avro(String topic, T value) {
        return AvroSerdes.forClass((Class<T>) value.getClass(), Map.of()).serializer().serialize(topic, value);
    }

    /** The headers of a dead letter of {@code source} that failed at {@link #AT}. */
    public static Headers letterHeaders(String source, Stage stage, ReasonCode reason, String batch, String message) {
        DeadLetter context = new DeadLetter(source, 0, 7L, stage, reason, FailureKind.PERMANENT, null, message, 1,
                AT.toEpochMilli(), AT.toEpochMilli(), batch);
        return context.toHeaders(new RecordHeaders());
    }
}
