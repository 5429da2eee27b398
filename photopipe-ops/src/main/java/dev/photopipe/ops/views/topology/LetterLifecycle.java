package dev.photopipe.ops.views.topology;

import dev.photopipe.ops.views.model.Letter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each dead letter's state (read, replayed, resolved) by letter id and, whenever a known
 * letter changes, sends it on keyed by its subject (the photo id or file path) to the journeys.
 * A mark or resolution may arrive before its letter (the topics are read side by side): it is
 * kept and joined when the letter comes.
 */
final class LetterLifecycle implements Processor<String, LetterEvent, String, Letter> {
    private ProcessorContext<String, Letter> context;
    private KeyValueStore<String, Letter> letters;

    @Override
    public void init(ProcessorContext<String, Letter> context) {
        this.context = context;
        this.letters = context.getStateStore(ViewsTopology.LETTERS_STORE);
    }

    @Override
    public void process(Record<String, LetterEvent> record) {
        if (record.key() == null || record.value() == null) {
            return; // a tombstone in the marks or resolutions: marks are never deleted, nothing to undo
        }
        Letter before = letters.get(record.key());
        Letter after = record.value().applyTo(before != null ? before : Letter.unknown(record.key()));
        if (after.equals(before)) {
            return;
        }
        letters.put(record.key(), after);
        if (after.known()) {
            context.forward(new Record<>(after.subject(), after, record.timestamp()));
        }
    }
}
