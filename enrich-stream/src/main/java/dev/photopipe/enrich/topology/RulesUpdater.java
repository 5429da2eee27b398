package dev.photopipe.enrich.topology;

import dev.photopipe.schemas.RoutingRule;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Global processor of the rules topic: keeps the rules store current and tells the rule book. */
final class RulesUpdater implements Processor<String, RoutingRule, Void, Void> {
    private final String storeName;
    private final RuleBook ruleBook;
    private KeyValueStore<String, RoutingRule> store;

    RulesUpdater(String storeName, RuleBook ruleBook) {
        this.storeName = storeName;
        this.ruleBook = ruleBook;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, RoutingRule> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        ruleBook.changed();
    }
}
