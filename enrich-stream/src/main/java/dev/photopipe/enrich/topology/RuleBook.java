package dev.photopipe.enrich.topology;

import dev.photopipe.enrich.routing.RuleSet;
import dev.photopipe.schemas.RoutingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled rules, rebuilt from the global rules store only when a rule changed, so that
 * routing a photo does not deserialise and compile every rule. One per built topology, shared by
 * the global thread (which calls {@link #changed()}) and the stream threads (which call
 * {@link #current}); thread-safe.
 *
 * <p>The version starts ahead of the snapshot, so the first call after start-up reads the store
 * as restored from the rules topic, whether or not the global processor ran for those records.
 */
final class RuleBook {
    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    private record Snapshot(long version, RuleSet rules) {
    }

    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot = new Snapshot(-1, RuleSet.empty());

    /** Marks the rules stale; call after the store was written. */
    void changed() {
        version.incrementAndGet();
    }

    /** The rules as of the latest change, compiled. */
    RuleSet current(ReadOnlyKeyValueStore<String, RoutingRule> store) {
        Snapshot current = snapshot;
        long wanted = version.get();
        if (current.version() == wanted) {
            return current.rules();
        }
        synchronized (this) {
            current = snapshot;
            if (current.version() == wanted) {
                return current.rules();
            }
            // Read after taking the version: a change during the read bumps it again and the
            // next call rebuilds, so no change is ever lost.
            List<RoutingRule> rules = new ArrayList<>();
            try (KeyValueIterator<String, RoutingRule> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, RoutingRule> entry = it.next();
                    if (entry.value != null) {
                        rules.add(entry.value);
                    }
                }
            }
            RuleSet compiled = RuleSet.of(rules, (rule, problems) ->
                    LOG.warn("Ignoring routing rule {}: {}", rule.getRuleId(), problems));
            LOG.info("Routing with {} enabled rules", compiled.size());
            snapshot = new Snapshot(wanted, compiled);
            return compiled;
        }
    }
}
