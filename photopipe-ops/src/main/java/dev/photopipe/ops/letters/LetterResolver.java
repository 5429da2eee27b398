package dev.photopipe.ops.letters;

import dev.photopipe.ops.DeadLetterSelection;
import dev.photopipe.ops.LetterMarks;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.ops.views.model.Resolution;
import dev.photopipe.ops.views.model.Resolutions;
import dev.photopipe.schemas.config.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * An operator's decision that dead letters need nothing more ({@code photopipe dead-letters
 * resolve}): reads the dead-letter topic up to its current end, and for each selected letter not
 * resolved yet writes a {@link Resolution} by {@link Resolution#OPERATOR}, with the operator's
 * note, to the compacted resolutions topic (key: the letter id). Letters are never deleted; a
 * resolved letter is counted as resolved, shown so by {@code find} and the page, and skipped by
 * {@code replay}. One instance per command run; not thread-safe.
 */
public final class LetterResolver {
    private final KafkaClients clients;
    private final String deadLetterTopic;
    private final String resolvedTopic;
    private final long maxRecords;
    private final Clock clock;

    public LetterResolver(KafkaClients clients, String deadLetterTopic, String resolvedTopic, long maxRecords,
                          Clock clock) {
        this.clients = clients;
        this.deadLetterTopic = deadLetterTopic;
        this.resolvedTopic = resolvedTopic;
        this.maxRecords = maxRecords;
        this.clock = clock;
    }

    /**
     * @param letterIds  only these letters ({@code <partition>-<offset>}), besides the selection; empty for any
     * @param note       why, kept with each resolution
     * @param dryRun     count and list only; nothing is written
     * @param sampleSize how many selected letters the report lists
     */
    public ResolveReport resolve(DeadLetterSelection selection, Set<String> letterIds, String note, boolean dryRun,
                                 int sampleSize) throws InterruptedException {
        ResolveReport report = new ResolveReport(dryRun, describe(selection, letterIds), sampleSize);
        List<ConsumerRecord<byte[], byte[]>> toResolve = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan scan = new TopicScan(consumer, maxRecords);
            LetterMarks resolved = LetterMarks.read(scan, resolvedTopic);
            TopicScan.Result result = selection.readFrom(scan, deadLetterTopic, () -> { }, (record, letter) -> {
                if (!letterIds.isEmpty() && !letterIds.contains(LetterMarks.key(record))) {
                    return;
                }
                boolean already = resolved.contains(record);
                report.add(LetterMarks.key(record), letter, already);
                if (!already) {
                    toResolve.add(record);
                }
            });
            report.scanned(result.records(), result.limitHit());
        }
        if (!dryRun && !toResolve.isEmpty()) {
            write(toResolve, note, report);
        }
        return report;
    }

    private void write(List<ConsumerRecord<byte[], byte[]>> letters, String note, ResolveReport report)
            throws InterruptedException {
        byte[] value = Resolutions.encode(new Resolution(Resolution.OPERATOR, clock.millis(), note));
        try (Producer<byte[], byte[]> producer = clients.writer()) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                sends.add(producer.send(new ProducerRecord<>(resolvedTopic,
                        LetterMarks.key(letter).getBytes(StandardCharsets.UTF_8), value)));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get();
                } catch (ExecutionException e) {
                    report.failed(e.getCause().getMessage());
                }
            }
        }
    }

    private static String describe(DeadLetterSelection selection, Set<String> letterIds) {
        String ids = letterIds.isEmpty() ? "" : "letter " + String.join("|", new java.util.TreeSet<>(letterIds));
        String criteria = selection.describe();
        return ids.isEmpty() ? criteria : criteria.equals("all dead letters") ? ids : criteria + ", " + ids;
    }
}
