package dev.photopipe.ops.views.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalTotalsTest {
    private static final long AT = 1_795_000_000_000L;

    @Test
    void instancesExpiringPhotosMergeSoonestFirstCutToTheLimit() {
        List<Journey> mine = new ArrayList<>();
        List<Journey> theirs = new ArrayList<>();
        for (int i = 0; i < LocalViews.EXPIRING_LIMIT; i++) {
            (i % 2 == 0 ? mine : theirs).add(expiring("p" + i, AT + i * 60_000L));
        }
        theirs.add(expiring("late", AT + LocalViews.EXPIRING_LIMIT * 60_000L));
        theirs.add(0, expiring("first", AT - 1));

        LocalTotals sum = new LocalTotals(Map.of(), Map.of(), mine, false)
                .plus(new LocalTotals(Map.of(), Map.of(), theirs, false));

        assertThat(sum.expiring()).hasSize(LocalViews.EXPIRING_LIMIT);
        assertThat(sum.expiring().get(0).key()).isEqualTo("first");
        assertThat(sum.expiring().get(1).key()).isEqualTo("p0");
        assertThat(sum.expiring()).extracting(Journey::key).doesNotContain("late", "p" + (LocalViews.EXPIRING_LIMIT - 1));
        assertThat(sum.expiringLimitHit()).isTrue();
        assertThat(LocalTotals.EMPTY.plus(new LocalTotals(Map.of(), Map.of(), mine, false)).expiringLimitHit()).isFalse();
    }

    private static Journey expiring(String id, long expiresAtMs) {
        return Journey.empty(id).withOutcome(new Outcome("UPLOADED", 1L, List.of(), 1, null, AT, "consent", expiresAtMs,
                "ARCHIVE"));
    }
}
