package dev.photopipe.ops.views.query;

import dev.photopipe.ops.views.model.Journey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Journeys one instance found, oldest first, as instances send them to each other. Immutable.
 *
 * @param journeys at most the query's limit
 * @param limitHit more matched than the limit
 */
public record LocalFound(List<Journey> journeys, boolean limitHit) {
    /** Oldest first; equal times by key, so that every instance and every run agrees. */
    static final Comparator<Journey> ORDER = Comparator.comparingLong(Journey::timeMs).thenComparing(Journey::key);

    public LocalFound {
        journeys = List.copyOf(journeys);
    }

    /** Both instances' journeys merged in order, cut to {@code limit}. */
    public LocalFound plus(LocalFound other, int limit) {
        List<Journey> all = new ArrayList<>(journeys);
        all.addAll(other.journeys);
        all.sort(ORDER);
        boolean hit = limitHit || other.limitHit || all.size() > limit;
        return new LocalFound(all.size() > limit ? all.subList(0, limit) : all, hit);
    }
}
