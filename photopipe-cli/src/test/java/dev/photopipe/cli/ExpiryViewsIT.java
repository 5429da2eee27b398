package dev.photopipe.cli;

import static dev.photopipe.cli.ExpiryRecords.audit;
import static dev.photopipe.cli.ExpiryRecords.change;
import static dev.photopipe.cli.ExpiryRecords.uploaded;
import static dev.photopipe.cli.OpsFixture.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiries as the views show them, on a real broker: {@code photopipe find} with each photo's
 * expiry in force and its audit, {@code photopipe status} and the status page with what expires in
 * the next 30 days.
 */
@ExtendWith(SharedKafka.class)
class ExpiryViewsIT {
    private static final String SOON = "c0000001";
    private static final String BY_HAND = "c0000002";
    private static final String ARCHIVED = "c0000003";
    private static final String FAR = "c0000004";
    private static final String NEVER = "c0000005";

    private final OpsFixture kafka = new OpsFixture();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    @TempDir
    Path viewsDir;

    @TempDir
    Path browserDir;

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void findShowsEachPhotosExpiryInForceAndItsAudit() throws Exception {
        fill();
        String[] args = withViews("find", "--batch", "LOT-X", "--json");

        JsonNode[] found = new JsonNode[1];
        await().atMost(OpsFixture.TIMEOUT).untilAsserted(() -> {
            assertThat(kafka.photopipe(args)).as(kafka.err).isZero();
            found[0] = new ObjectMapper().readTree(kafka.out);
            assertThat(foundPhoto(found[0], ARCHIVED).path("expiryAudit")).hasSize(2);
            assertThat(foundPhoto(found[0], BY_HAND).path("expiry").path("setBy").asText()).isEqualTo("hand");
        });

        JsonNode soon = foundPhoto(found[0], SOON).get("expiry");
        assertThat(soon.get("expiresAt").asText()).isEqualTo(now.plus(Duration.ofDays(3)).toString());
        assertThat(soon.get("action").asText()).isEqualTo("archive");
        assertThat(soon.get("ruleId").asText()).isEqualTo("consent");
        assertThat(soon.get("setBy").asText()).isEqualTo("rule");
        assertThat(soon.get("state").asText()).isEqualTo("pending");
        JsonNode byHand = foundPhoto(found[0], BY_HAND).get("expiry");
        assertThat(byHand.get("expiresAt").asText()).isEqualTo(now.plus(Duration.ofDays(10)).toString());
        assertThat(byHand.get("action").asText()).isEqualTo("delete");
        assertThat(byHand.has("ruleId")).isFalse();
        assertThat(byHand.get("reason").asText()).isEqualTo("consent withdrawn, form 9");
        assertThat(byHand.get("requestedBy").asText()).isEqualTo("alice");
        JsonNode archived = foundPhoto(found[0], ARCHIVED);
        assertThat(archived.get("expiry").get("state").asText()).isEqualTo("done");
        assertThat(archived.get("expiryAudit")).extracting(e -> e.get("event").asText())
                .containsExactly("changed", "archived");
        assertThat(archived.get("expiryAudit").get(1).get("detail").asText()).isEqualTo("album 7, level 8");
        assertThat(foundPhoto(found[0], NEVER).has("expiry")).as("no expiry: no field").isFalse();

        assertThat(kafka.photopipe(withViews("find", "--photo", ARCHIVED))).as(kafka.err).isZero();
        assertThat(kafka.out).contains(now.minus(Duration.ofDays(1)) + " archive, changed by hand (done)",
                "Expiry audit", "changed", "archived", "album 7, level 8");
        assertThat(kafka.photopipe(withViews("find", "--photo", SOON, "--csv"))).isZero();
        assertThat(kafka.out.lines().findFirst().orElseThrow())
                .endsWith(",expires_at,expiry_action,expiry_rule_id,expiry_set_by,expiry_state,expiry_audit");
        assertThat(kafka.out).contains("," + now.plus(Duration.ofDays(3)) + ",archive,consent,rule,pending,");
    }

    @Test
    void statusListsWhatExpiresInTheNext30DaysSoonestFirst() throws Exception {
        fill();

        JsonNode status = statusOnceCaughtUp(2);

        assertThat(status.get("expiring")).extracting(e -> e.get("photoId").asText()).as("archived, 90 days, never: not")
                .containsExactly(SOON, BY_HAND);
        JsonNode first = status.get("expiring").get(0);
        assertThat(first.get("imageId").asLong()).isEqualTo(201);
        assertThat(first.get("file").asText()).isEqualTo(SOON + ".jpg");
        assertThat(first.get("expiresAt").asText()).isEqualTo(now.plus(Duration.ofDays(3)).toString());
        assertThat(first.get("action").asText()).isEqualTo("archive");
        assertThat(first.get("ruleId").asText()).isEqualTo("consent");
        assertThat(first.get("overdue").asBoolean()).isFalse();
        assertThat(status.get("expiring").get(1).get("ruleId").isNull()).isTrue();

        assertThat(kafka.photopipe(withViews("status"))).as(kafka.err).isZero();
        assertThat(kafka.out).contains("Expiring in the next 30 days").containsPattern(SOON
                + " +201 +" + SOON + "\\.jpg +" + now.plus(Duration.ofDays(3)) + " +archive +consent +pending")
                .containsPattern(BY_HAND + " +202 +" + BY_HAND + "\\.jpg +" + now.plus(Duration.ofDays(10))
                        + " +delete +changed by hand +pending");
    }

    @Test
    void statusSaysWhenNothingExpiresSoon() throws Exception {
        fillFarOnly();

        JsonNode status = statusOnceCaughtUp(0);

        assertThat(status.get("expiring")).isEmpty();
        assertThat(kafka.photopipe(withViews("status"))).isZero();
        assertThat(kafka.out).contains("Expiring in the next 30 days\n(nothing expires in the next 30 days)\n");
    }

    @Test
    void thePageSaysWhenNothingExpiresSoon() throws Exception {
        HeadlessChromium chromium = chromium();
        fillFarOnly();
        statusOnceCaughtUp(0);

        assertThat(chromium.dumpDom("http://127.0.0.1:" + kafka.viewsEndpoint.port() + "/"))
                .contains("<td colspan=\"7\">Nothing expires in the next 30 days.</td>");
    }

    @Test
    void thePageListsWhatExpiresInTheNext30Days() throws Exception {
        HeadlessChromium chromium = chromium();
        fill();
        statusOnceCaughtUp(2);

        String dom = chromium.dumpDom("http://127.0.0.1:" + kafka.viewsEndpoint.port() + "/");

        assertThat(dom).contains("<h2>Expiring in the next 30 days</h2>",
                "<tr data-photo=\"" + SOON + "\"><td title=\"" + SOON + "\">" + SOON + "</td><td>201</td><td>" + SOON
                        + ".jpg</td><td>" + now.plus(Duration.ofDays(3)) + "</td><td>archive</td><td>consent</td>",
                "<td>changed by hand</td>");
        assertThat(dom.indexOf("data-photo=\"" + SOON + "\"")).as("soonest first")
                .isLessThan(dom.indexOf("data-photo=\"" + BY_HAND + "\""));
    }

    /**
     * Five photos of LOT-X in Piwigo: one expiring in 3 days by its rule, one changed by hand to 10
     * days, one archived yesterday after a change, one in 90 days, one never. Keyed partitions, as
     * the services write them.
     */
    private void fill() throws Exception {
        for (String id : List.of(SOON, BY_HAND, ARCHIVED, FAR, NEVER)) {
            kafka.sendKeyed(PhotopipeTopic.CAPTURED_PHOTOS, id, photo(id, "LOT-X"));
            kafka.sendKeyed(PhotopipeTopic.UPLOAD_REQUESTS, id, UploadRequest.newBuilder().setPhoto(photo(id, "LOT-X"))
                    .setAlbumPath(List.of("People", "LOT-X")).setRuleId("consent").build());
        }
        kafka.sendKeyed(PhotopipeTopic.SINK_LEDGER, SOON, uploaded(SOON, 201, now.plus(Duration.ofDays(3)),
                ExpiryAction.ARCHIVE, "consent"));
        kafka.sendKeyed(PhotopipeTopic.SINK_LEDGER, BY_HAND, uploaded(BY_HAND, 202, now.plus(Duration.ofDays(200)),
                ExpiryAction.ARCHIVE, "consent"));
        kafka.sendKeyed(PhotopipeTopic.EXPIRY_CHANGES, BY_HAND, change(BY_HAND, now.plus(Duration.ofDays(10)),
                ExpiryAction.DELETE, "consent withdrawn, form 9"));
        Instant archivedOn = now.minus(Duration.ofDays(1));
        kafka.sendKeyed(PhotopipeTopic.SINK_LEDGER, ARCHIVED, uploaded(ARCHIVED, 203, now.plus(Duration.ofDays(300)),
                ExpiryAction.ARCHIVE, "consent"));
        kafka.sendKeyed(PhotopipeTopic.EXPIRY_CHANGES, ARCHIVED, change(ARCHIVED, archivedOn, null, "ended early"));
        kafka.sendKeyed(PhotopipeTopic.EXPIRY_AUDIT, ARCHIVED, audit(ARCHIVED, 203, ExpiryEvent.CHANGED,
                ExpiryAction.ARCHIVE, archivedOn, archivedOn.minus(Duration.ofDays(2)), null, "ended early", null));
        kafka.sendKeyed(PhotopipeTopic.EXPIRY_AUDIT, ARCHIVED, audit(ARCHIVED, 203, ExpiryEvent.ARCHIVED,
                ExpiryAction.ARCHIVE, archivedOn, archivedOn.plusSeconds(5), null, "ended early", "album 7, level 8"));
        kafka.sendKeyed(PhotopipeTopic.SINK_LEDGER, FAR, uploaded(FAR, 204, now.plus(Duration.ofDays(90)),
                ExpiryAction.DELETE, "licence"));
        kafka.sendKeyed(PhotopipeTopic.SINK_LEDGER, NEVER, uploaded(NEVER, 205, null, ExpiryAction.NONE, "plain"));
    }

    /** One photo of LOT-X in Piwigo that expires in 90 days: nothing within 30. */
    private void fillFarOnly() throws Exception {
        kafka.sendKeyed(PhotopipeTopic.CAPTURED_PHOTOS, FAR, photo(FAR, "LOT-X"));
        kafka.sendKeyed(PhotopipeTopic.SINK_LEDGER, FAR, uploaded(FAR, 204, now.plus(Duration.ofDays(90)),
                ExpiryAction.DELETE, "licence"));
    }

    private HeadlessChromium chromium() {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(browserDir);
        assumeTrue(chromium.isPresent(), "No Chromium binary (/usr/bin/chromium, or -Dchromium.binary=PATH): "
                + "apt-get install -y chromium to run this test");
        return chromium.get();
    }

    /** {@code args} against a running photopipe's views over these topics. */
    private String[] withViews(String... args) throws Exception {
        return kafka.withViews(viewsDir, args);
    }

    /** Runs status --json until the views read every photo written (they read in the background). */
    private JsonNode statusOnceCaughtUp(int expiring) throws Exception {
        String[] args = withViews("status", "--json");
        JsonNode[] status = new JsonNode[1];
        await().atMost(OpsFixture.TIMEOUT).untilAsserted(() -> {
            assertThat(kafka.photopipe(args)).as(kafka.err).isZero();
            status[0] = new ObjectMapper().readTree(kafka.out);
            assertThat(status[0].get("batches")).isNotEmpty();
            assertThat(status[0].get("batches").get(0).get("uploaded").asLong()).isPositive();
            assertThat(status[0].get("expiring")).hasSize(expiring);
        });
        return status[0];
    }

    private static JsonNode foundPhoto(JsonNode found, String photoId) {
        for (JsonNode photo : found.get("photos")) {
            if (photoId.equals(photo.get("photoId").asText())) {
                return photo;
            }
        }
        throw new AssertionError("photo " + photoId + " not found in " + found);
    }
}
