package dev.photopipe.ops.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryListingTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final List<ScheduledExpiry> EXPIRIES = List.of(
            new ScheduledExpiry("p2", 12, NOW.minus(Duration.ofMinutes(90)), ExpiryAction.NONE, "licence", false),
            new ScheduledExpiry("p1", 11, NOW.plus(Duration.ofDays(3)).plus(Duration.ofHours(4)), ExpiryAction.DELETE,
                    null, true),
            new ScheduledExpiry("p3", 13, NOW.plus(Duration.ofSeconds(42)), ExpiryAction.ARCHIVE, "consent-2026", true));

    @Test
    void tableShowsWhoSetEachExpiryAndWhenItIsDue() {
        String table = ExpiryListing.of(NOW, "all pending", EXPIRIES, List.of()).table();

        assertThat(table).isEqualTo("""
                photo  image  expires at            action   rule          set by   due
                -----  -----  --------------------  -------  ------------  -------  -----------------
                p2        12  2026-12-01T10:30:00Z  none     licence       rule     OVERDUE by 1h 30m
                p1        11  2026-12-04T16:00:00Z  delete   -             hand     in 3d 4h
                p3        13  2026-12-01T12:00:42Z  archive  consent-2026  reapply  in 42s
                3 pending expiries (all pending).
                """);
    }

    @Test
    void csvHasAHeaderAndOneRowPerExpiryAndJsonTheSameFields() {
        ExpiryListing listing = ExpiryListing.of(NOW, "due within P30D", EXPIRIES.subList(0, 2),
                List.of("photopipe.sink.ledger was read only up to --max-records 10: raise it"));

        assertThat(listing.csv()).isEqualTo("""
                photo_id,image_id,expires_at,action,rule_id,set_by,overdue,due_in
                p2,12,2026-12-01T10:30:00Z,none,licence,rule,true,"1h 30m"
                p1,11,2026-12-04T16:00:00Z,delete,,hand,false,"3d 4h"
                """);
        assertThat(listing.json()).contains("\"photoId\" : \"p2\"", "\"overdue\" : true", "\"setBy\" : \"hand\"",
                "\"incomplete\" : [ \"photopipe.sink.ledger was read only up to --max-records 10: raise it\" ]");
        assertThat(listing.table()).endsWith("INCOMPLETE: photopipe.sink.ledger was read only up to --max-records 10: "
                + "raise it\n");
    }

    @Test
    void saysSoWhenNothingIsPending() {
        assertThat(ExpiryListing.of(NOW, "due within P30D, rule consent", List.of(), List.of()).table())
                .isEqualTo("No pending expiries (due within P30D, rule consent).\n");
    }
}
