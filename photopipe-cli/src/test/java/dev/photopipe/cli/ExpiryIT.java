package dev.photopipe.cli;

import static dev.photopipe.cli.ExpiryRecords.audit;
import static dev.photopipe.cli.ExpiryRecords.change;
import static dev.photopipe.cli.ExpiryRecords.failed;
import static dev.photopipe.cli.ExpiryRecords.uploaded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code photopipe expiry list|extend|audit} on a real broker, over records as the sink and the expiry service write them. */
@ExtendWith(SharedKafka.class)
class ExpiryIT {
    private static final String SOON = "a0000001";
    private static final String LATER = "a0000002";
    private static final String FAR = "a0000003";
    private static final String OVERDUE = "a0000004";
    private static final String ARCHIVED = "a0000005";
    private static final String BY_HAND = "a0000006";
    private static final String NEVER = "a0000007";
    private static final String REFUSED = "a0000008";
    private static final String DELETED = "a0000009";

    private final OpsFixture kafka = new OpsFixture();
    /** Whole minutes: what the ledger's millisecond timestamps keep, and readable in the output. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void listShowsPendingExpiriesSoonestFirstWithWhoSetThemAndWhenTheyAreDue() throws Exception {
        fillLedger();

        assertThat(kafka.photopipe("expiry", "list")).as(kafka.err).isZero();

        assertRowsInOrder(kafka.out,
                row(OVERDUE, "104", now.minus(Duration.ofHours(2)), "archive", "consent", "rule", "OVERDUE by 2h \\d+m"),
                row(SOON, "101", now.plus(Duration.ofDays(2)), "archive", "consent", "rule", "in 1d 23h|in 2d 0h"),
                row(BY_HAND, "106", now.plus(Duration.ofDays(5)), "delete", "-", "hand", "in 4d 23h|in 5d 0h"),
                row(LATER, "102", now.plus(Duration.ofDays(20)), "delete", "licence", "rule", "in 19d 23h|in 20d 0h"),
                row(FAR, "103", now.plus(Duration.ofDays(90)), "none", "licence", "rule", "in 89d 23h|in 90d 0h"));
        assertThat(kafka.out).as("done by the audit, never expiring, failed: not pending")
                .doesNotContain(ARCHIVED, NEVER, REFUSED, DELETED).contains("5 pending expiries (all pending).");

        assertThat(kafka.photopipe("expiry", "list", "--within", "P30D", "--rule", "licence")).isZero();
        assertThat(kafka.out).contains(LATER).doesNotContain(FAR, SOON, OVERDUE, BY_HAND);

        assertThat(kafka.photopipe("expiry", "list", "--within", "P30D", "--format", "csv")).isZero();
        List<Map<String, String>> csv = csv(kafka.out);
        assertThat(csv).extracting(r -> r.get("photo_id")).containsExactly(OVERDUE, SOON, BY_HAND, LATER);
        assertThat(csv.get(2)).containsEntry("image_id", "106").containsEntry("expires_at",
                now.plus(Duration.ofDays(5)).toString()).containsEntry("action", "delete").containsEntry("rule_id", "")
                .containsEntry("set_by", "hand").containsEntry("overdue", "false");
        assertThat(csv.get(0)).containsEntry("overdue", "true");

        assertThat(kafka.photopipe("expiry", "list", "--format", "json")).isZero();
        JsonNode json = new ObjectMapper().readTree(kafka.out);
        assertThat(json.get("expiries")).hasSize(5);
        assertThat(json.get("expiries").get(1).get("photoId").asText()).isEqualTo(SOON);
        assertThat(json.get("expiries").get(1).get("ruleId").asText()).isEqualTo("consent");
        assertThat(json.get("expiries").get(1).get("setBy").asText()).isEqualTo("rule");
        assertThat(json.get("incomplete")).isEmpty();

        assertThat(kafka.photopipe("expiry", "list", "--max-records", "2")).isZero();
        assertThat(kafka.out).endsWith("INCOMPLETE: " + kafka.name(PhotopipeTopic.SINK_LEDGER)
                + " was read only up to --max-records 2: raise it\n");
        assertThat(kafka.photopipe("expiry", "list", "--max-records", "2", "--format", "csv")).isZero();
        assertThat(kafka.out).doesNotContain("INCOMPLETE");
        assertThat(kafka.err).contains("photopipe expiry list: INCOMPLETE: " + kafka.name(PhotopipeTopic.SINK_LEDGER));

        assertThat(kafka.photopipe("expiry", "list", "--within", "30 days")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("--within 30 days is not an ISO-8601 period", "P30D");
        assertThat(kafka.photopipe("expiry", "list", "--within", "P0D")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("--within P0D is not a period ahead: give one such as P30D");
    }

    @Test
    void extendWritesOneChangePerPhotoWithTheReasonAndUserAndListShowsItChangedByHand() throws Exception {
        fillLedger();
        Instant until = now.plus(Duration.ofDays(400)).truncatedTo(ChronoUnit.DAYS);

        assertThat(kafka.photopipe("expiry", "extend", SOON, LATER, "--until", until.toString().substring(0, 10),
                "--action", "archive", "--reason", "consent renewed, ticket 7", "--dry-run")).as(kafka.err).isZero();
        assertThat(kafka.out).contains("Dry run: 2 change(s) until " + until + " would be written.");
        assertThat(changes()).isEmpty();

        assertThat(kafka.photopipe("expiry", "extend", SOON, LATER, "--until", until.toString().substring(0, 10),
                "--action", "archive", "--reason", "consent renewed, ticket 7")).as(kafka.err).isZero();

        assertThat(kafka.out).contains("2 change(s) until " + until + " written");
        List<ExpiryChange> changes = changes();
        assertThat(changes).extracting(ExpiryChange::getPhotoId).containsExactlyInAnyOrder(SOON, LATER);
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.getExpiresAt()).isEqualTo(until);
            assertThat(c.getExpiryAction()).isEqualTo(ExpiryAction.ARCHIVE);
            assertThat(c.getRuleId()).isNull();
            assertThat(c.getReason()).isEqualTo("consent renewed, ticket 7");
            assertThat(c.getRequestedBy()).isEqualTo(System.getProperty("user.name"));
            assertThat(c.getRequestedAt()).isBetween(now, Instant.now());
        });

        assertThat(kafka.photopipe("expiry", "list", "--within", "P30D")).isZero();
        assertThat(kafka.out).doesNotContain(SOON, LATER);
        assertThat(kafka.photopipe("expiry", "list")).isZero();
        assertRowsInOrder(kafka.out, row(SOON, "101", until, "archive", "-", "hand", "in .*"));

        // --by moves the expiry in force (the change's); --never takes the photo off the list.
        assertThat(kafka.photopipe("expiry", "extend", SOON, "--by", "P1Y", "--reason", "a year more")).isZero();
        assertThat(kafka.photopipe("expiry", "extend", LATER, "--never", "--reason", "licence bought out")).isZero();
        assertThat(kafka.photopipe("expiry", "list")).isZero();
        assertRowsInOrder(kafka.out, row(SOON, "101", until.atZone(java.time.ZoneOffset.UTC).plusYears(1).toInstant(),
                "archive", "-", "hand", "in .*"));
        assertThat(kafka.out).doesNotContain(LATER);
    }

    @Test
    void extendUntilADateMeansItsMidnightInTheZoneRulesAreReadIn() throws Exception {
        fillLedger();
        LocalDate day = now.plus(Duration.ofDays(400)).atZone(ZoneOffset.UTC).toLocalDate();

        assertThat(kafka.photopipe("expiry", "extend", SOON, "--until", day.toString(), "--reason", "renewed",
                "--set", "enrich.time.zone=Europe/Berlin")).as(kafka.err).isZero();

        assertThat(changes()).singleElement().satisfies(c -> assertThat(c.getExpiresAt())
                .isEqualTo(day.atStartOfDay(ZoneId.of("Europe/Berlin")).toInstant()));
    }

    @Test
    void extendRefusesPhotosNotInPiwigoAlreadyDeletedOrADateInThePastAndThenWritesNothing() throws Exception {
        fillLedger();

        assertThat(kafka.photopipe("expiry", "extend", SOON, "b0000000", REFUSED, DELETED, "--by", "P1M",
                "--reason", "more time")).isEqualTo(ExitCodes.USAGE);

        assertThat(kafka.err).contains("Refused, nothing written:",
                "photo b0000000 is not in the sink's ledger: it never reached Piwigo",
                "photo " + REFUSED + " is not an image in Piwigo (the ledger says FAILED)",
                "photo " + DELETED + " was already deleted from Piwigo by its expiry (audit: DELETED");
        assertThat(changes()).as("all or nothing").isEmpty();

        assertThat(kafka.photopipe("expiry", "extend", SOON, "--until", "2020-01-01", "--reason", "x"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("the new expiry of photo " + SOON + ", 2020-01-01T00:00:00Z, is not in the future");
        assertThat(kafka.photopipe("expiry", "extend", NEVER, "--by", "P1Y", "--reason", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("photo " + NEVER + " has no expiry to move by P1Y: give --until DATE instead");
        assertThat(changes()).isEmpty();

        assertThat(kafka.photopipe("expiry", "extend", SOON, "--until", "next year", "--reason", "x"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("--until next year is not an ISO-8601 instant or date");
        assertThat(kafka.photopipe("expiry", "extend", SOON, "--never", "--by", "P1Y", "--reason", "x"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("mutually exclusive");
        assertThat(kafka.photopipe("expiry", "extend", SOON, "--never")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("--reason");
    }

    @Test
    void auditExportsEveryEntryOldestFirstAsCsvWithAHeaderAndQuoting() throws Exception {
        Instant first = now.minus(Duration.ofDays(3));
        Instant second = now.minus(Duration.ofDays(1));
        kafka.send(PhotopipeTopic.EXPIRY_AUDIT, 1, DELETED, audit(DELETED, 109, ExpiryEvent.DELETED, ExpiryAction.DELETE,
                second, second.plusSeconds(2), "licence", "rule licence: expires 1 year after capture", "deleted"));
        kafka.send(PhotopipeTopic.EXPIRY_AUDIT, 0, ARCHIVED, audit(ARCHIVED, 105, ExpiryEvent.ARCHIVED,
                ExpiryAction.ARCHIVE, first, first.plusSeconds(1), "consent",
                "consent of \"J. Doe\" ended, form 12", "album 7, level 8"));

        assertThat(kafka.photopipe("expiry", "audit", "--format", "csv")).as(kafka.err).isZero();

        assertThat(kafka.out).isEqualTo(String.join("\n",
                "photo_id,image_id,event,action,expires_at,event_time,rule_id,reason,detail",
                ARCHIVED + ",105,archived,archive," + first + "," + first.plusSeconds(1)
                        + ",consent,\"consent of \"\"J. Doe\"\" ended, form 12\",\"album 7, level 8\"",
                DELETED + ",109,deleted,delete," + second + "," + second.plusSeconds(2)
                        + ",licence,\"rule licence: expires 1 year after capture\",deleted", ""));

        assertThat(kafka.photopipe("expiry", "audit", "--since", second.toString())).isZero();
        assertThat(kafka.out).contains(DELETED, "1 audit entry.").doesNotContain(ARCHIVED);
        assertThat(kafka.photopipe("expiry", "audit", "--photo", ARCHIVED, "--format", "csv")).isZero();
        assertThat(csv(kafka.out)).singleElement().satisfies(r -> assertThat(r).containsEntry("event", "archived"));
        assertThat(kafka.photopipe("expiry", "audit", "--format", "xml")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("--format xml is not one of table, csv");
    }

    /**
     * Nine photos over the three partitions: five pending (one overdue, one changed by hand), one
     * archived on its expiry, one never expiring, one refused by Piwigo, one deleted on its expiry.
     */
    private void fillLedger() throws Exception {
        ledger(0, SOON, uploaded(SOON, 101, now.plus(Duration.ofDays(2)), ExpiryAction.ARCHIVE, "consent"));
        ledger(1, LATER, uploaded(LATER, 102, now.plus(Duration.ofDays(20)), ExpiryAction.DELETE, "licence"));
        ledger(2, FAR, uploaded(FAR, 103, now.plus(Duration.ofDays(90)), ExpiryAction.NONE, "licence"));
        ledger(0, OVERDUE, uploaded(OVERDUE, 104, now.minus(Duration.ofHours(2)), ExpiryAction.ARCHIVE, "consent"));
        Instant archivedAt = now.minus(Duration.ofDays(1));
        ledger(1, ARCHIVED, uploaded(ARCHIVED, 105, archivedAt, ExpiryAction.ARCHIVE, "consent"));
        kafka.send(PhotopipeTopic.EXPIRY_AUDIT, 0, ARCHIVED, audit(ARCHIVED, 105, ExpiryEvent.ARCHIVED,
                ExpiryAction.ARCHIVE, archivedAt, archivedAt.plusSeconds(1), "consent", "rule consent", "album 7"));
        ledger(2, BY_HAND, uploaded(BY_HAND, 106, now.plus(Duration.ofDays(60)), ExpiryAction.ARCHIVE, "consent"));
        kafka.send(PhotopipeTopic.EXPIRY_CHANGES, 2, BY_HAND, change(BY_HAND, now.plus(Duration.ofDays(5)),
                ExpiryAction.DELETE, "consent withdrawn"));
        ledger(0, NEVER, uploaded(NEVER, 107, null, ExpiryAction.NONE, "plain"));
        ledger(1, REFUSED, failed(REFUSED));
        Instant deletedAt = now.minus(Duration.ofDays(2));
        ledger(2, DELETED, uploaded(DELETED, 109, deletedAt, ExpiryAction.DELETE, "licence"));
        kafka.send(PhotopipeTopic.EXPIRY_AUDIT, 2, DELETED, audit(DELETED, 109, ExpiryEvent.DELETED,
                ExpiryAction.DELETE, deletedAt, deletedAt.plusSeconds(1), "licence", "rule licence", null));
    }

    private void ledger(int partition, String photoId, dev.photopipe.schemas.UploadOutcome outcome) throws Exception {
        kafka.send(PhotopipeTopic.SINK_LEDGER, partition, photoId, outcome);
    }

    /** The changes written by the commands under test (the one {@link #fillLedger} wrote left out). */
    private List<ExpiryChange> changes() {
        var decoder = AvroSerdes.forClass(ExpiryChange.class, Map.of()).deserializer();
        return kafka.read(PhotopipeTopic.EXPIRY_CHANGES).stream().map((ConsumerRecord<byte[], byte[]> r) -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(decoder.deserialize(r.topic(), r.value())
                    .getPhotoId());
            return decoder.deserialize(r.topic(), r.value());
        }).filter(c -> !c.getPhotoId().equals(BY_HAND)).toList();
    }

    /** A table row's pattern: cells separated by two or more spaces; {@code due} is a regex. */
    private static String row(String photo, String image, Instant expiresAt, String action, String rule, String setBy,
                              String due) {
        return photo + " +" + image + " +" + java.util.regex.Pattern.quote(expiresAt.toString()) + " +" + action + " +"
                + java.util.regex.Pattern.quote(rule) + " +" + setBy + " +(" + due + ")";
    }

    /** Each pattern matches a whole line of {@code table}, in this order. */
    private static void assertRowsInOrder(String table, String... rowPatterns) {
        List<String> lines = table.lines().toList();
        int from = 0;
        for (String pattern : rowPatterns) {
            int at = from;
            while (at < lines.size() && !lines.get(at).matches(pattern)) {
                at++;
            }
            assertThat(at).as("a line matching %s after line %d of%n%s", pattern, from, table).isLessThan(lines.size());
            from = at + 1;
        }
    }

    private static List<Map<String, String>> csv(String text) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class)
                .with(mapper.schemaWithHeader()).readValues(text)) {
            return rows.readAll();
        }
    }
}
