package dev.photopipe.ops.expiry;

import dev.photopipe.enrich.reference.ReferenceTopic;
import dev.photopipe.enrich.routing.RoutingException;
import dev.photopipe.enrich.routing.RuleExpiry;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code photopipe expiry reapply}: applies a routing rule's expiry, as it is now, to photos the
 * rule routed before it changed. A photo's expiry is fixed when enrich routes it, so a changed
 * rule applies by itself only to photos routed afterwards; this reads the rule from the rules
 * topic, the photos' upload requests from the requests topic (as far back as its retention
 * keeps them), recomputes each photo's expiry with enrich's own {@link RuleExpiry}, and writes an
 * {@link ExpiryChange} (key: photo id, so co-partitioned with the ledger) for each photo whose
 * expiry in force (its last change, else its request's) differs. One instance per command run;
 * not thread-safe.
 */
public final class RuleReapplier {
    private static final Duration REFERENCE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final TopicCatalog catalog;
    private final Map<String, ?> serdeConfigs;
    private final ZoneId zone;
    private final long maxRecords;
    private final Clock clock;
    private final String requestedBy;

    /**
     * @param serdeConfigs the Avro serde settings (schema registry), as the services use them
     * @param zone         the zone enrich computes expiries in ({@code enrich.time.zone})
     * @param maxRecords   the most records to read per topic
     * @param requestedBy  who asks (kept in each change), or null
     */
    public RuleReapplier(KafkaClients clients, TopicCatalog catalog, Map<String, ?> serdeConfigs, ZoneId zone,
                         long maxRecords, Clock clock, String requestedBy) {
        this.clients = clients;
        this.catalog = catalog;
        this.serdeConfigs = serdeConfigs;
        this.zone = zone;
        this.maxRecords = maxRecords;
        this.clock = clock;
        this.requestedBy = requestedBy;
    }

    /** The rule to reapply is not live, or its expiry cannot be computed: nothing was read or written. */
    public static final class RuleProblem extends Exception {
        private static final long serialVersionUID = 1L;

        RuleProblem(String message) {
            super(message);
        }
    }

    /**
     * Reapplies rule {@code ruleId} to the photos it routed that were captured in
     * [{@code capturedFrom}, {@code capturedUntil}) (either bound may be null).
     *
     * @param dryRun count and list only; nothing is written
     * @param sampleSize how many changes the report lists
     * @throws RuleProblem if the rule is not live or its expiry is invalid
     */
    public ReapplyReport reapply(String ruleId, Instant capturedFrom, Instant capturedUntil, boolean dryRun,
                                 int sampleSize) throws RuleProblem, InterruptedException {
        RoutingRule rule = liveRule(ruleId);
        RuleExpiry expiry;
        try {
            expiry = RuleExpiry.of(rule);
        } catch (IllegalArgumentException e) {
            throw new RuleProblem("rule " + ruleId + " has an invalid expiry '" + rule.getExpiry() + "' ("
                    + e.getMessage() + "): fix it in the rules file and load it with photopipe rules load FILE");
        }
        String ruleExpiry = "expiry " + (rule.getExpiry() == null ? "none" : rule.getExpiry()) + ", action "
                + expiry.action().name().toLowerCase(Locale.ROOT);
        String reason = "reapply of rule " + ruleId + ": " + ruleExpiry;
        String requestsTopic = catalog.name(PhotopipeTopic.UPLOAD_REQUESTS);
        ReapplyReport report = new ReapplyReport(dryRun, ruleId, ruleExpiry, requestsTopic,
                catalog.spec(PhotopipeTopic.UPLOAD_REQUESTS).retention().orElse(null), sampleSize);
        Map<String, Camera> cameras = readTable(PhotopipeTopic.CAMERAS, Camera.class);
        Map<String, ExpiryChange> changes = new HashMap<>();
        Map<String, UploadRequest> requests = new LinkedHashMap<>();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan scan = new TopicScan(consumer, maxRecords);
            String changesTopic = catalog.name(PhotopipeTopic.EXPIRY_CHANGES);
            Deserializer<ExpiryChange> changeReader = AvroSerdes.forClass(ExpiryChange.class, serdeConfigs).deserializer();
            TopicScan.Result changesRead = scan.fromBeginning(changesTopic, record -> {
                String photoId = key(record);
                if (record.value() == null) {
                    changes.remove(photoId);
                } else {
                    changes.put(photoId, changeReader.deserialize(changesTopic, record.value()));
                }
            });
            report.limitHit(changesRead);
            Deserializer<UploadRequest> requestReader = AvroSerdes.forClass(UploadRequest.class, serdeConfigs)
                    .deserializer();
            TopicScan.Result requestsRead = scan.fromBeginning(requestsTopic, record -> {
                report.scanned(record.timestamp());
                UploadRequest request = decode(requestReader, requestsTopic, record, report);
                String photoId = key(record);
                // The photo's last request decides: a photo routed again by another rule is no longer this rule's.
                if (request != null && ruleId.equals(request.getRuleId())) {
                    requests.remove(photoId); // keeps the map in the order of the photos' last requests
                    requests.put(photoId, request);
                } else if (request != null) {
                    requests.remove(photoId);
                }
            });
            report.limitHit(requestsRead);
        }
        List<ExpiryChange> toWrite = new ArrayList<>();
        requests.forEach((photoId, request) -> {
            PhotoCaptured photo = request.getPhoto();
            if (capturedFrom != null && photo.getCaptureTime().isBefore(capturedFrom)
                    || capturedUntil != null && !photo.getCaptureTime().isBefore(capturedUntil)) {
                report.outsideCaptureRange();
                return;
            }
            Instant now;
            try {
                now = expiry.expiresAt(photo, cameras.get(photo.getSourceId()), zone);
            } catch (RoutingException e) {
                report.failed(photoId, e.reason().name(), e.getMessage());
                return;
            }
            ExpiryAction action = now == null ? ExpiryAction.NONE : expiry.action();
            Current current = Current.of(request, changes.get(photoId));
            if (current.sameAs(now, action)) {
                report.sameAsBefore();
                return;
            }
            report.changed(photoId, photo.getCaptureTime(), current.expiresAt(), current.action(), now, action);
            toWrite.add(ExpiryChange.newBuilder().setPhotoId(photoId).setExpiresAt(now).setExpiryAction(action)
                    .setRuleId(ruleId).setReason(reason).setRequestedBy(requestedBy).setRequestedAt(clock.instant())
                    .build());
        });
        if (!dryRun && !toWrite.isEmpty()) {
            write(toWrite, report);
        }
        return report;
    }

    /** The photo's expiry in force: its last change's (the action kept if the change gives none), else its request's. */
    private record Current(Instant expiresAt, ExpiryAction action) {
        static Current of(UploadRequest request, ExpiryChange change) {
            ExpiryAction routed = request.getExpiryAction() == null ? ExpiryAction.NONE : request.getExpiryAction();
            if (change == null) {
                return new Current(request.getExpiresAt(), request.getExpiresAt() == null ? ExpiryAction.NONE : routed);
            }
            ExpiryAction action = change.getExpiryAction() == null ? routed : change.getExpiryAction();
            return new Current(change.getExpiresAt(), change.getExpiresAt() == null ? ExpiryAction.NONE : action);
        }

        boolean sameAs(Instant otherExpiresAt, ExpiryAction otherAction) {
            return Objects.equals(expiresAt, otherExpiresAt) && action == otherAction;
        }
    }

    private RoutingRule liveRule(String ruleId) throws RuleProblem {
        Map<String, RoutingRule> rules = readTable(PhotopipeTopic.ROUTING_RULES, RoutingRule.class);
        RoutingRule rule = rules.get(ruleId);
        if (rule == null) {
            throw new RuleProblem("rule " + ruleId + " is not live on " + catalog.name(PhotopipeTopic.ROUTING_RULES)
                    + " (live: " + (rules.isEmpty() ? "none" : String.join(", ", rules.keySet())) + "): check the id "
                    + "with photopipe rules list, or load the rules file with photopipe rules load FILE");
        }
        return rule;
    }

    private <V extends SpecificRecord> Map<String, V> readTable(PhotopipeTopic topic, Class<V> type) {
        try (Consumer<String, V> consumer = clients.reader(new StringDeserializer(),
                AvroSerdes.forClass(type, serdeConfigs).deserializer())) {
            return ReferenceTopic.readAll(consumer, catalog.name(topic), REFERENCE_TIMEOUT);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(e.getMessage() + ": is Kafka reachable and the topic healthy?", e);
        }
    }

    private static UploadRequest decode(Deserializer<UploadRequest> reader, String topic,
                                        ConsumerRecord<byte[], byte[]> record, ReapplyReport report) {
        if (record.value() == null) {
            return null;
        }
        try {
            return reader.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            report.undecodable(record.partition() + "-" + record.offset(), e.getMessage());
            return null;
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private void write(List<ExpiryChange> changes, ReapplyReport report) throws InterruptedException {
        String topic = catalog.name(PhotopipeTopic.EXPIRY_CHANGES);
        var serializer = AvroSerdes.forClass(ExpiryChange.class, serdeConfigs).serializer();
        try (Producer<byte[], byte[]> producer = clients.writer()) {
            Map<String, Future<RecordMetadata>> sends = new LinkedHashMap<>();
            for (ExpiryChange change : changes) {
                // The photo id as the ledger keys it: the same partition as the photo's ledger entry.
                sends.put(change.getPhotoId(), producer.send(new ProducerRecord<>(topic,
                        change.getPhotoId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, change))));
            }
            producer.flush();
            for (Map.Entry<String, Future<RecordMetadata>> send : sends.entrySet()) {
                try {
                    send.getValue().get();
                } catch (ExecutionException e) {
                    report.notWritten(send.getKey(), e.getCause().getMessage());
                }
            }
        }
    }
}
