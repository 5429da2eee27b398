package dev.photopipe.ops.views.topology;

import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.model.Letter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stores of one photo-keyed task, kept consistent: a change of a journey updates its index
 * entries, its batch's totals and its letters' failure totals by the difference between the
 * journey before and after. Differences, not recounts: a status over a million photos reads a few
 * thousand totals. Confined to the task's thread.
 */
final class JourneyStores {
    /** Separates batch and reason in the failure totals' keys. */
    static final char SEP = '\0';
    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<String, Journey> journeys;
    private final KeyValueStore<String, byte[]> index;
    private final KeyValueStore<String, BatchTotals> batches;
    private final KeyValueStore<String, FailureTotals> failures;

    JourneyStores(ProcessorContext<?, ?> context) {
        this.journeys = context.getStateStore(ViewsTopology.JOURNEYS_STORE);
        this.index = context.getStateStore(ViewsTopology.INDEX_STORE);
        this.batches = context.getStateStore(ViewsTopology.BATCHES_STORE);
        this.failures = context.getStateStore(ViewsTopology.FAILURES_STORE);
    }

    /** A journey before and after one event; {@code before} is null for a new one. */
    record Change(Journey before, Journey after) {
    }

    /**
     * Applies {@code change} to the journey of {@code key} (an empty one if new) and everything
     * derived from it.
     *
     * @return the change, or null when the event changed nothing (e.g. the same ledger entry again)
     */
    Change update(String key, UnaryOperator<Journey> change) {
        Journey before = journeys.get(key);
        Journey after = change.apply(before != null ? before : Journey.empty(key));
        if (after.equals(before)) {
            return null;
        }
        journeys.put(key, after);
        reindex(before, after);
        retotal(before, after);
        refail(before, after);
        return new Change(before, after);
    }

    private void reindex(Journey before, Journey after) {
        Set<String> old = before == null ? Set.of() : ViewIndex.keysOf(before);
        Set<String> now = ViewIndex.keysOf(after);
        old.stream().filter(k -> !now.contains(k)).forEach(index::delete);
        now.stream().filter(k -> !old.contains(k)).forEach(k -> index.put(k, PRESENT));
    }

    private void retotal(Journey before, Journey after) {
        if (before != null && !before.totals().isZero()) {
            addBatch(before.batch(), BatchTotals.ZERO.minus(before.totals()));
        }
        if (!after.totals().isZero()) {
            addBatch(after.batch(), after.totals());
        }
    }

    private void addBatch(String batch, BatchTotals delta) {
        BatchTotals current = batches.get(batch);
        BatchTotals next = (current == null ? BatchTotals.ZERO : current).plus(delta);
        if (next.isZero()) {
            batches.delete(batch);
        } else {
            batches.put(batch, next);
        }
    }

    private void refail(Journey before, Journey after) {
        Map<String, Share> old = shares(before);
        Map<String, Share> now = shares(after);
        Set<String> ids = new HashSet<>(old.keySet());
        ids.addAll(now.keySet());
        for (String id : ids) {
            Share was = old.get(id);
            Share is = now.get(id);
            if (was != null && was.equals(is)) {
                continue;
            }
            if (was != null) {
                FailureTotals current = failures.get(was.key());
                if (current != null) {
                    FailureTotals next = current.minusCounts(was.totals());
                    if (next.isEmpty()) {
                        failures.delete(was.key());
                    } else {
                        failures.put(was.key(), next);
                    }
                }
            }
            if (is != null) {
                FailureTotals current = failures.get(is.key());
                failures.put(is.key(), (current == null ? FailureTotals.ZERO : current).plus(is.totals()));
            }
        }
    }

    /** One letter's place in the failure totals: its batch and reason, and its counts. */
    private record Share(String key, FailureTotals totals) {
    }

    private static Map<String, Share> shares(Journey journey) {
        if (journey == null) {
            return Map.of();
        }
        Map<String, Share> shares = new HashMap<>();
        for (Letter letter : journey.letters().values()) {
            if (letter.known()) {
                String batch = letter.batch() == null || letter.batch().isEmpty() ? journey.batch() : letter.batch();
                shares.put(letter.letterId(), new Share(batch + SEP + letter.reason(), FailureTotals.of(letter)));
            }
        }
        return shares;
    }
}
