package dev.photopipe.ops.views.query;

import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.model.Journey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals one instance holds (its partitions' shares), as instances send them to each other;
 * {@link #plus} adds another instance's. Immutable.
 *
 * @param batches  batch totals by batch
 * @param failures failure totals by batch, then reason
 * @param expiring journeys whose pending expiry is due within {@link LocalViews#EXPIRING_WITHIN} (overdue ones
 *                 included), soonest first, at most {@link LocalViews#EXPIRING_LIMIT}
 * @param expiringLimitHit more expire in that window than the limit
 */
public record LocalTotals(Map<String, BatchTotals> batches, Map<String, Map<String, FailureTotals>> failures,
                          List<Journey> expiring, boolean expiringLimitHit) {
    public static final LocalTotals EMPTY = new LocalTotals(Map.of(), Map.of(), List.of(), false);
    /** Soonest expiry first; equal times by key, so that every instance and every run agrees. */
    static final Comparator<Journey> SOONEST_FIRST = Comparator.comparing(
            (Journey journey) -> journey.pendingExpiry().orElseThrow().expiresAt()).thenComparing(Journey::key);

    public LocalTotals {
        batches = Map.copyOf(batches);
        Map<String, Map<String, FailureTotals>> copy = new TreeMap<>();
        failures.forEach((batch, byReason) -> copy.put(batch, Map.copyOf(byReason)));
        failures = Map.copyOf(copy);
        expiring = expiring == null ? List.of() : List.copyOf(expiring);
    }

    public LocalTotals plus(LocalTotals other) {
        Map<String, BatchTotals> sumBatches = new TreeMap<>(batches);
        other.batches.forEach((batch, totals) -> sumBatches.merge(batch, totals, BatchTotals::plus));
        Map<String, Map<String, FailureTotals>> sumFailures = new TreeMap<>();
        failures.forEach((batch, byReason) -> sumFailures.put(batch, new TreeMap<>(byReason)));
        other.failures.forEach((batch, byReason) -> byReason.forEach((reason, totals) ->
                sumFailures.computeIfAbsent(batch, b -> new TreeMap<>()).merge(reason, totals, FailureTotals::plus)));
        List<Journey> soonest = new ArrayList<>(expiring);
        soonest.addAll(other.expiring);
        soonest.sort(SOONEST_FIRST);
        boolean hit = expiringLimitHit || other.expiringLimitHit || soonest.size() > LocalViews.EXPIRING_LIMIT;
        return new LocalTotals(sumBatches, sumFailures,
                soonest.size() > LocalViews.EXPIRING_LIMIT ? soonest.subList(0, LocalViews.EXPIRING_LIMIT) : soonest, hit);
    }
}
