package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.RuleMatch;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code photopipe expiry reapply} on a real broker: the rule as it is now on the rules topic,
 * the photos' upload requests, and the expiry changes it writes (or, dry, would write).
 */
@ExtendWith(SharedKafka.class)
class ExpiryReapplyIT {
    private static final Instant AT = OpsFixture.AT;
    private static final Instant FIVE_YEARS = AT.atZone(java.time.ZoneOffset.UTC).plusYears(5).toInstant();
    private static final Instant ONE_YEAR = AT.atZone(java.time.ZoneOffset.UTC).plusYears(1).toInstant();

    private final OpsFixture kafka = new OpsFixture();

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void writesAChangeForEachPhotoOfTheRuleWhoseExpiryDiffersAndNothingOnADryRunOrASecondRun() throws Exception {
        // The licence was five years when these photos were routed; the rule now says one.
        rule("licence", "P1Y", ExpiryAction.DELETE);
        rule("other", "P5Y", ExpiryAction.DELETE);
        RecordMetadata p1 = request("p1", AT, "licence", FIVE_YEARS, ExpiryAction.DELETE);
        request("p2", AT, "licence", ONE_YEAR, ExpiryAction.DELETE);
        request("p3", AT, "other", FIVE_YEARS, ExpiryAction.DELETE);
        request("p4", AT, "licence", FIVE_YEARS, ExpiryAction.DELETE);
        change("p4", ONE_YEAR, ExpiryAction.DELETE); // extended by hand to what the rule now says
        request("p5", AT, "licence", FIVE_YEARS, ExpiryAction.DELETE);
        request("p5", AT, "other", FIVE_YEARS, ExpiryAction.DELETE); // routed again, by another rule
        int changesBefore = kafka.read(PhotopipeTopic.EXPIRY_CHANGES).size();

        assertThat(kafka.photopipe("expiry", "reapply", "--rule", "licence", "--dry-run")).as(kafka.err).isZero();
        assertThat(kafka.out).contains("Dry run", "Rule licence as it is now: expiry P1Y, action delete",
                        "Upload requests scanned: 6", "the oldest from", "(the topic keeps 7 days)",
                        "photopipe expiry extend")
                .containsPattern("would change +1").containsPattern("unchanged +2")
                .contains("p1", FIVE_YEARS + " (delete)", ONE_YEAR + " (delete)");
        assertThat(kafka.read(PhotopipeTopic.EXPIRY_CHANGES)).hasSize(changesBefore);

        assertThat(kafka.photopipe("expiry", "reapply", "--rule", "licence")).as(kafka.err).isZero();
        assertThat(kafka.out).doesNotContain("Dry run").containsPattern("changed +1").containsPattern("unchanged +2");
        List<ConsumerRecord<byte[], byte[]>> written = kafka.read(PhotopipeTopic.EXPIRY_CHANGES);
        assertThat(written).hasSize(changesBefore + 1);
        ConsumerRecord<byte[], byte[]> record = written.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("p1")).findFirst().orElseThrow();
        assertThat(record.partition()).as("co-partitioned with the photo's request and ledger entry")
                .isEqualTo(p1.partition());
        ExpiryChange change = decode(record);
        assertThat(change.getPhotoId()).isEqualTo("p1");
        assertThat(change.getExpiresAt()).isEqualTo(ONE_YEAR);
        assertThat(change.getExpiryAction()).isEqualTo(ExpiryAction.DELETE);
        assertThat(change.getRuleId()).isEqualTo("licence");
        assertThat(change.getReason()).isEqualTo("reapply of rule licence: expiry P1Y, action delete");

        assertThat(kafka.photopipe("expiry", "reapply", "--rule", "licence")).isZero();
        assertThat(kafka.out).containsPattern("changed +0").containsPattern("unchanged +3");
        assertThat(kafka.read(PhotopipeTopic.EXPIRY_CHANGES)).hasSize(changesBefore + 1);
    }

    @Test
    void aTemplateIsRenderedInEnrichsZoneAndPhotosItCannotDateAreCountedByReasonNotMadeNever() throws Exception {
        rule("consent", "{attr.consent_until}", ExpiryAction.ARCHIVE);
        request("valid", AT, "consent", null, ExpiryAction.NONE, Map.of("consent_until", "2030-01-01"));
        request("vague", AT, "consent", null, ExpiryAction.NONE, Map.of("consent_until", "soon"));
        request("unsigned", AT, "consent", null, ExpiryAction.NONE, Map.of());
        request("older", AT.minus(60, ChronoUnit.DAYS), "consent", null, ExpiryAction.NONE,
                Map.of("consent_until", "2030-01-01"));

        assertThat(kafka.photopipe("expiry", "reapply", "--rule", "consent", "--captured-after",
                AT.minus(1, ChronoUnit.DAYS).toString(), "--set", "enrich.time.zone=Europe/Berlin"))
                .as(kafka.err).isZero();

        assertThat(kafka.out).containsPattern("changed +1").containsPattern("outside the capture range +1")
                .containsPattern("failed: INVALID_EXPIRY +1").containsPattern("failed: TEMPLATE_VARIABLE_MISSING +1")
                .contains("Failed photos keep their expiry", "INVALID_EXPIRY: vague: rule consent", "gives 'soon'",
                        "TEMPLATE_VARIABLE_MISSING: unsigned: rule consent", "needs {attr.consent_until}");
        assertThat(kafka.read(PhotopipeTopic.EXPIRY_CHANGES)).singleElement().satisfies(record -> {
            ExpiryChange change = decode(record);
            assertThat(change.getPhotoId()).isEqualTo("valid");
            // Midnight of 1 January 2030 in Berlin.
            assertThat(change.getExpiresAt()).isEqualTo(Instant.parse("2029-12-31T23:00:00Z"));
            assertThat(change.getExpiryAction()).isEqualTo(ExpiryAction.ARCHIVE);
        });
    }

    @Test
    void anUnknownRuleOrABadRangeIsRefusedWithTheFixAndWritesNothing() throws Exception {
        rule("licence", "P1Y", ExpiryAction.DELETE);

        assertThat(kafka.photopipe("expiry", "reapply", "--rule", "licnce")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("rule licnce is not live", "(live: licence)", "photopipe rules list");

        assertThat(kafka.photopipe("expiry", "reapply", "--rule", "licence", "--captured-after", "2026-12-01",
                "--captured-before", "2026-11-01")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("is not before --captured-before");
        assertThat(kafka.photopipe("expiry", "reapply", "--rule", "licence", "--captured-after", "yesterday"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("--captured-after yesterday is not an ISO-8601 instant or date");
        assertThat(kafka.read(PhotopipeTopic.EXPIRY_CHANGES)).isEmpty();
    }

    private void rule(String id, String expiry, ExpiryAction action) throws Exception {
        RuleMatch any = RuleMatch.newBuilder().setCameraIds(List.of()).setSites(List.of()).setLines(List.of())
                .setStations(List.of()).setBatchGlobs(List.of()).setAttributes(Map.of()).setFileNameGlob(null)
                .setMediaTypes(List.of()).build();
        kafka.send(PhotopipeTopic.ROUTING_RULES, 0, id, RoutingRule.newBuilder().setRuleId(id).setPriority(id.length())
                .setEnabled(true).setMatch(any).setAlbumPathTemplate("A").setTagTemplates(List.of()).setPrivacyLevel(0)
                .setExpiry(expiry).setExpiryAction(action).build());
    }

    private RecordMetadata request(String id, Instant captured, String ruleId, Instant expiresAt, ExpiryAction action)
            throws Exception {
        return request(id, captured, ruleId, expiresAt, action, Map.of());
    }

    /** An upload request as enrich writes it: keyed by photo id, partitioned by the key. */
    private RecordMetadata request(String id, Instant captured, String ruleId, Instant expiresAt, ExpiryAction action,
                                   Map<String, String> attributes) throws Exception {
        PhotoCaptured photo = PhotoCaptured.newBuilder(OpsFixture.photo(id, "LOT-1")).setCaptureTime(captured)
                .setAttributes(new HashMap<>(attributes)).build();
        return kafka.send(new ProducerRecord<>(kafka.name(PhotopipeTopic.UPLOAD_REQUESTS), OpsFixture.bytes(id),
                encode(PhotopipeTopic.UPLOAD_REQUESTS, UploadRequest.newBuilder().setPhoto(photo).setAlbumPath(List.of("A"))
                        .setTags(List.of()).setRuleId(ruleId).setExpiresAt(expiresAt).setExpiryAction(action).build())));
    }

    private void change(String id, Instant expiresAt, ExpiryAction action) throws Exception {
        kafka.send(new ProducerRecord<>(kafka.name(PhotopipeTopic.EXPIRY_CHANGES), OpsFixture.bytes(id),
                encode(PhotopipeTopic.EXPIRY_CHANGES, ExpiryChange.newBuilder().setPhotoId(id).setExpiresAt(expiresAt)
                        .setExpiryAction(action).setReason("consent renewed").setRequestedAt(AT).build())));
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> byte[] encode(PhotopipeTopic topic, T value) {
        return AvroSerdes.forClass((Class<T>) value.getClass(), Map.of()).serializer().serialize(kafka.name(topic), value);
    }

    private ExpiryChange decode(ConsumerRecord<byte[], byte[]> record) {
        return AvroSerdes.forClass(ExpiryChange.class, Map.of()).deserializer().deserialize(record.topic(), record.value());
    }
}
