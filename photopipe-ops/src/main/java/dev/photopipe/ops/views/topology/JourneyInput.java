package dev.photopipe.ops.views.topology;

import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.model.Letter;
import dev.photopipe.ops.views.model.LetterState;
import dev.photopipe.ops.views.model.Resolution;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one input of the journeys (captures, requests, ledger entries or letters) to the
 * photo-keyed stores. A record that does not decode is skipped and logged at DEBUG: the views
 * show what can be read, and a bad record must not stop them (the services dead-letter it).
 *
 * <p>Resolves dead letters by themselves: whenever a photo is in Piwigo and one of its letters is
 * not resolved, it sends a resolution (by {@link Resolution#PIPELINE}) for the resolutions topic,
 * which comes back through {@link LetterLifecycle} as the letter's new state.
 *
 * @param <I> the input's value type as read (bytes for photopipe's Avro topics)
 */
final class JourneyInput<I> implements Processor<String, I, String, Resolution> {
    private static final Logger LOG = LoggerFactory.getLogger(JourneyInput.class);

    /** Decodes one input value; throws on bytes that are not what the topic should hold. */
    @FunctionalInterface
    interface Decoder<I, V> {
        V decode(String topic, org.apache.kafka.common.header.Headers headers, I value);
    }

    private final Change<I> change;
    private ProcessorContext<String, Resolution> context;
    private JourneyStores stores;

    /** How one decoded input value changes a journey. */
    @FunctionalInterface
    interface Change<I> {
        /** @return the journey after {@code record}, or throws when the record does not decode */
        Journey apply(Journey journey, String topic, Record<String, I> record);
    }

    private JourneyInput(Change<I> change) {
        this.change = change;
    }

    /** An input whose values are decoded by {@code decoder} and applied by {@code apply}. */
    static <I, V> JourneyInput<I> of(Decoder<I, V> decoder, BiFunction<Journey, V, Journey> apply) {
        return new JourneyInput<>((journey, topic, record) ->
                apply.apply(journey, decoder.decode(topic, record.headers(), record.value())));
    }

    @Override
    public void init(ProcessorContext<String, Resolution> context) {
        this.context = context;
        this.stores = new JourneyStores(context);
    }

    @Override
    public void process(Record<String, I> record) {
        if (record.key() == null || record.value() == null) {
            return; // no photo to file it under, or a tombstone (nothing is deleted from a journey)
        }
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
        JourneyStores.Change changed;
        try {
            changed = stores.update(record.key(), journey -> change.apply(journey, topic, record));
        } catch (RuntimeException unreadable) {
            RecordMetadata at = context.recordMetadata().orElse(null);
            LOG.debug("Views skip a record of {} they cannot read ({}): {}", at == null ? topic
                    : topic + "-" + at.partition() + "@" + at.offset(), record.key(), unreadable.toString());
            return;
        }
        if (changed != null) {
            resolveLettersOf(changed);
        }
    }

    /** Sends a resolution for each letter not resolved yet of a photo now in Piwigo. */
    private void resolveLettersOf(JourneyStores.Change changed) {
        Journey after = changed.after();
        if (after.outcome() == null || !after.outcome().inPiwigo()) {
            return;
        }
        Journey before = changed.before();
        boolean arrived = before == null || before.outcome() == null || !before.outcome().inPiwigo();
        for (Letter letter : after.letters().values()) {
            boolean changedLetter = before == null || !Objects.equals(before.letters().get(letter.letterId()), letter);
            if (letter.known() && letter.state() != LetterState.RESOLVED && (arrived || changedLetter)) {
                Resolution resolution = new Resolution(Resolution.PIPELINE, after.outcome().lastAttemptMs(),
                        "photo " + after.key() + " reached Piwigo" + (after.outcome().imageId() == null ? ""
                                : " as image " + after.outcome().imageId()));
                context.forward(new Record<>(letter.letterId(), resolution, context.currentSystemTimeMs()));
            }
        }
    }
}
