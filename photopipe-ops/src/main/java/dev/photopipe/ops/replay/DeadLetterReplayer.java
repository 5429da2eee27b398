package dev.photopipe.ops.replay;

import dev.photopipe.ops.DeadLetterSelection;
import dev.photopipe.ops.LetterMarks;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.DeadLetters;
import dev.photopipe.schemas.deadletter.Stage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Re-drives dead letters: reads the dead-letter topic up to its current end, re-publishes each
 * selected letter's original key and value bytes to the topic it failed on
 * ({@link DeadLetters#replay}), and marks it in the replayed topic once the broker acknowledged
 * the re-publication. Letters are never deleted.
 *
 * <p>Downstream dedup (enrich's, the sink's ledger) makes a repeated re-drive harmless; the marks
 * only keep the counts honest, so a crash between re-publishing and marking costs a duplicate
 * that is then ignored, never a lost letter. One instance per command run; not thread-safe.
 */
public final class DeadLetterReplayer {
    private final KafkaClients clients;
    private final String deadLetterTopic;
    private final String marksTopic;
    private final String resolvedTopic;
    private final long maxRecords;
    private final Clock clock;

    /**
     * @param marksTopic    the replayed marks ({@code photopipe.dead-letters.replayed}), read and written
     * @param resolvedTopic the resolutions ({@code photopipe.dead-letters.resolved}): resolved letters are skipped
     */
    public DeadLetterReplayer(KafkaClients clients, String deadLetterTopic, String marksTopic, String resolvedTopic,
                              long maxRecords, Clock clock) {
        this.clients = clients;
        this.deadLetterTopic = deadLetterTopic;
        this.marksTopic = marksTopic;
        this.resolvedTopic = resolvedTopic;
        this.maxRecords = maxRecords;
        this.clock = clock;
    }

    /**
     * @param dryRun     count and list only; nothing is written
     * @param again      replay letters even when already marked
     * @param sampleSize how many selected letters the report lists
     */
    public ReplayReport replay(DeadLetterSelection selection, boolean dryRun, boolean again, int sampleSize)
            throws InterruptedException {
        ReplayReport report = new ReplayReport(dryRun, selection.describe(), sampleSize);
        List<ConsumerRecord<byte[], byte[]>> toReplay = new ArrayList<>();
        List<ReplayReport.Entry> toReplayEntries = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan scan = new TopicScan(consumer, maxRecords);
            LetterMarks marks = LetterMarks.read(scan, marksTopic);
            LetterMarks resolved = LetterMarks.read(scan, resolvedTopic);
            TopicScan.Result result = selection.readFrom(scan, deadLetterTopic, report::unreadable, (record, letter) -> {
                ReplayReport.Entry entry = classify(record, letter, marks, resolved, again);
                report.add(entry);
                if (entry.outcome() == ReplayReport.Outcome.REPLAYED) {
                    toReplay.add(record);
                    toReplayEntries.add(entry);
                }
            });
            report.scanned(result.limitHit(), result.records());
        }
        if (!dryRun && !toReplay.isEmpty()) {
            publish(toReplay, toReplayEntries, report);
        }
        return report;
    }

    private static ReplayReport.Entry classify(ConsumerRecord<byte[], byte[]> record, DeadLetter letter,
                                               LetterMarks marks, LetterMarks resolved, boolean again) {
        String notReplayable = whyNotReplayable(record, letter);
        if (notReplayable != null) {
            return new ReplayReport.Entry(record.partition(), record.offset(), letter,
                    ReplayReport.Outcome.NOT_REPLAYABLE, notReplayable);
        }
        if (!again && resolved.contains(record)) {
            // Its photo reached Piwigo later, or an operator decided: nothing left to re-drive.
            return new ReplayReport.Entry(record.partition(), record.offset(), letter, ReplayReport.Outcome.RESOLVED,
                    null);
        }
        if (!again && marks.contains(record)) {
            return new ReplayReport.Entry(record.partition(), record.offset(), letter,
                    ReplayReport.Outcome.ALREADY_REPLAYED, null);
        }
        return new ReplayReport.Entry(record.partition(), record.offset(), letter, ReplayReport.Outcome.REPLAYED, null);
    }

    /** Why re-publishing {@code letter} cannot help, saying what to do instead; null when it can. */
    private static String whyNotReplayable(ConsumerRecord<byte[], byte[]> record, DeadLetter letter) {
        if (letter.stage() == Stage.INGEST || letter.partition() < 0 || record.value() == null
                || record.value().length == 0) {
            // Ingest letters describe a file that never became a record: there is nothing to re-publish.
            return "ingest " + letter.reason() + ": the file never reached Kafka; fix the file and drop it "
                    + "into the hot folder (or `photopipe import` it) again";
        }
        if (letter.stage() == Stage.EXPIRY) {
            // An unreadable record of the sink's ledger or of the expiry changes: the same bytes
            // re-published would only be dead-lettered again.
            return "expiry " + letter.reason() + ": a record of " + letter.sourceTopic() + " the expiry service "
                    + "cannot read; fix or remove its writer, then `photopipe dead-letters resolve` the letter";
        }
        return null;
    }

    /** Re-publishes, waits for every acknowledgement, then marks only what the broker accepted. */
    private void publish(List<ConsumerRecord<byte[], byte[]>> letters, List<ReplayReport.Entry> entries,
                         ReplayReport report) throws InterruptedException {
        try (Producer<byte[], byte[]> producer = clients.writer()) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                sends.add(producer.send(DeadLetters.replay(letter)));
            }
            producer.flush();
            List<Future<RecordMetadata>> markSends = new ArrayList<>();
            for (int i = 0; i < letters.size(); i++) {
                try {
                    sends.get(i).get();
                    markSends.add(producer.send(LetterMarks.replayMark(marksTopic, letters.get(i), clock.instant())));
                } catch (ExecutionException e) {
                    report.failed(entries.get(i), e.getCause().getMessage());
                }
            }
            producer.flush();
            for (Future<RecordMetadata> mark : markSends) {
                try {
                    mark.get();
                } catch (ExecutionException e) {
                    // The letter was re-published; without its mark the next replay re-drives it once more,
                    // which downstream dedup absorbs. Failing the command would misreport the replay.
                    report.markFailed();
                }
            }
        }
    }
}
