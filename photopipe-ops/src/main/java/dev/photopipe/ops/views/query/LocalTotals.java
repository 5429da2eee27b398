package dev.photopipe.ops.views.query;

import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.FailureTotals;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals one instance holds (its partitions' shares), as instances send them to each other;
 * {@link #plus} adds another instance's. Immutable.
 *
 * @param batches  batch totals by batch
 * @param failures failure totals by batch, then reason
 */
public record LocalTotals(Map<String, BatchTotals> batches, Map<String, Map<String, FailureTotals>> failures) {
    public static final LocalTotals EMPTY = new LocalTotals(Map.of(), Map.of());

    public LocalTotals {
        batches = Map.copyOf(batches);
        Map<String, Map<String, FailureTotals>> copy = new TreeMap<>();
        failures.forEach((batch, byReason) -> copy.put(batch, Map.copyOf(byReason)));
        failures = Map.copyOf(copy);
    }

    public LocalTotals plus(LocalTotals other) {
        Map<String, BatchTotals> sumBatches = new TreeMap<>(batches);
        other.batches.forEach((batch, totals) -> sumBatches.merge(batch, totals, BatchTotals::plus));
        Map<String, Map<String, FailureTotals>> sumFailures = new TreeMap<>();
        failures.forEach((batch, byReason) -> sumFailures.put(batch, new TreeMap<>(byReason)));
        other.failures.forEach((batch, byReason) -> byReason.forEach((reason, totals) ->
                sumFailures.computeIfAbsent(batch, b -> new TreeMap<>()).merge(reason, totals, FailureTotals::plus)));
        return new LocalTotals(sumBatches, sumFailures);
    }
}
