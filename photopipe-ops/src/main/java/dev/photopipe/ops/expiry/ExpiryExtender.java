package dev.photopipe.ops.expiry;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import dev.photopipe.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code photopipe expiry extend}: an operator's change of photos' expiries, one {@link ExpiryChange}
 * per photo on the compacted changes topic (key: photo id), where the expiry service and the views
 * pick it up; the last change of a photo wins over its ledger expiry.
 *
 * <p>All or nothing: every photo is checked first, and when one is refused (not an image in Piwigo
 * by the ledger, already deleted by its expiry, a new expiry in the past, {@code --by} without an
 * expiry to move) nothing is written and the report says why for each. Writing the same change
 * again is harmless (compacted, keyed by photo; the idempotent producer never duplicates a retried
 * send). One instance per command run; not thread-safe.
 */
public final class ExpiryExtender {
    /** Audit events after which the image is gone from Piwigo: nothing left to expire. */
    private static final Set<ExpiryEvent> GONE = Set.of(ExpiryEvent.DELETED, ExpiryEvent.ALREADY_GONE);

    private final ExpiryTopics topics;
    private final KafkaClients clients;
    private final Map<String, ?> serdeConfigs;
    private final Clock clock;

    /** @param serdeConfigs the Avro serde settings (schema registry), as the services use them */
    public ExpiryExtender(ExpiryTopics topics, KafkaClients clients, Map<String, ?> serdeConfigs, Clock clock) {
        this.topics = topics;
        this.clients = clients;
        this.serdeConfigs = Map.copyOf(serdeConfigs);
        this.clock = clock;
    }

    /** What to change. @param action the new action, or null to keep each photo's */
    public record Request(List<String> photoIds, ExpiryTarget target, ExpiryAction action, String reason,
                          String requestedBy, boolean dryRun) {
        public Request {
            photoIds = List.copyOf(new LinkedHashSet<>(photoIds));
        }
    }

    public ExtendReport extend(Request request) throws InterruptedException {
        Instant now = clock.instant();
        Set<String> wanted = Set.copyOf(request.photoIds());
        Map<String, ExpiryChange> changes = topics.changes();
        Map<String, ExpiryAudit> audits = topics.audits();
        Map<String, UploadOutcome> ledger = new HashMap<>();
        topics.ledger((photoId, outcome) -> {
            if (wanted.contains(photoId)) {
                if (outcome == null) {
                    ledger.remove(photoId);
                } else {
                    ledger.put(photoId, outcome);
                }
            }
        });
        List<ExtendReport.Planned> planned = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String photoId : request.photoIds()) {
            plan(photoId, ledger.get(photoId), changes.get(photoId), audits.get(photoId), request, now, planned, refused);
        }
        ExtendReport report = new ExtendReport(request.target().describe(), request.dryRun() || !refused.isEmpty(),
                planned, refused, topics.incomplete());
        if (refused.isEmpty() && !request.dryRun()) {
            write(request, planned, now, report);
        }
        return report;
    }

    private void plan(String photoId, UploadOutcome outcome, ExpiryChange change, ExpiryAudit audit, Request request,
                      Instant now, List<ExtendReport.Planned> planned, List<String> refused) {
        if (outcome == null) {
            refused.add("photo " + photoId + " is not in the sink's ledger: it never reached Piwigo, so it has no "
                    + "expiry (check the id with `photopipe find --photo " + photoId + "`)");
            return;
        }
        if (outcome.getPiwigoImageId() == null
                || (outcome.getStatus() != UploadStatus.UPLOADED && outcome.getStatus() != UploadStatus.ALREADY_PRESENT)) {
            refused.add("photo " + photoId + " is not an image in Piwigo (the ledger says " + outcome.getStatus()
                    + "): there is nothing to expire");
            return;
        }
        if (audit != null && GONE.contains(audit.getEvent())) {
            refused.add("photo " + photoId + " was already deleted from Piwigo by its expiry (audit: " + audit.getEvent()
                    + " at " + audit.getEventTime() + "): it cannot be extended");
            return;
        }
        Optional<ScheduledExpiry> current = ScheduledExpiry.of(outcome, change);
        Optional<Instant> next;
        try {
            next = request.target().apply(current.map(ScheduledExpiry::expiresAt));
        } catch (IllegalStateException noExpiry) {
            refused.add("photo " + photoId + " has no expiry to move " + request.target().describe()
                    + ": give --until DATE instead");
            return;
        }
        if (next.isPresent() && !next.get().isAfter(now)) {
            refused.add("the new expiry of photo " + photoId + ", " + next.get() + ", is not in the future (now: " + now
                    + "): give a later --until or a longer --by");
            return;
        }
        ExpiryAction currentAction = current.map(ScheduledExpiry::action)
                .orElse(outcome.getExpiryAction() == null ? ExpiryAction.NONE : outcome.getExpiryAction());
        planned.add(new ExtendReport.Planned(photoId, outcome.getPiwigoImageId(),
                current.map(ScheduledExpiry::expiresAt).orElse(null), currentAction, next.orElse(null),
                request.action() == null ? currentAction : request.action()));
    }

    private void write(Request request, List<ExtendReport.Planned> planned, Instant now, ExtendReport report)
            throws InterruptedException {
        try (Producer<String, ExpiryChange> producer = clients.writer(new StringSerializer(),
                AvroSerdes.forClass(ExpiryChange.class, serdeConfigs).serializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (ExtendReport.Planned change : planned) {
                ExpiryChange value = ExpiryChange.newBuilder().setPhotoId(change.photoId())
                        .setExpiresAt(change.to()).setExpiryAction(request.action()).setRuleId(null)
                        .setReason(request.reason()).setRequestedBy(request.requestedBy()).setRequestedAt(now).build();
                sends.add(producer.send(new ProducerRecord<>(topics.topics().changes(), change.photoId(), value)));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get();
                    report.written();
                } catch (ExecutionException e) {
                    report.failed(e.getCause().getMessage());
                }
            }
        }
    }
}
