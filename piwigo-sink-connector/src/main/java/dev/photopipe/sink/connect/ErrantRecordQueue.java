package dev.photopipe.sink.connect;

import dev.photopipe.schemas.deadletter.DeadLetterHeaders;
import dev.photopipe.sink.consume.DeadLetterQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's dead letters through Kafka Connect's error handling, so that {@code errors.tolerance}
 * and {@code errors.deadletterqueue.*} behave as for every other sink: the record goes to the
 * {@link ErrantRecordReporter} with photopipe's {@code __photopipe.errors.*} headers added (reason
 * code, failure kind, attempts, batch), next to Connect's own {@code __connect.errors.*} ones.
 *
 * <ul>
 *   <li>A reporter (a dead-letter queue topic or {@code errors.log.enable}): reported; with
 *       {@code errors.tolerance=none} Connect then refuses to go on, and so does the task, the
 *       record left uncommitted.</li>
 *   <li>No reporter, {@code errors.tolerance=all}: skipped (its ledger entry says FAILED and why).</li>
 *   <li>No reporter, {@code errors.tolerance=none} (Connect's default): the task stops on it.</li>
 * </ul>
 *
 * <p>The headers are written as bytes: the connector requires {@code header.converter=ByteArrayConverter}.
 * Thread-safe (the reporter is); called on the core's recorder thread.
 */
final class ErrantRecordQueue implements DeadLetterQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ErrantRecordQueue.class);

    private final ErrantRecordReporter reporter;
    private final boolean tolerateAll;

    /** @param reporter Connect's, null when the connector has none configured */
    ErrantRecordQueue(ErrantRecordReporter reporter, boolean tolerateAll) {
        this.reporter = reporter;
        this.tolerateAll = tolerateAll;
    }

    @Override
    public Future<?> send(Letter letter) {
        SinkRecord original = (SinkRecord) letter.record().origin();
        UploadFailedException failure = new UploadFailedException(letter);
        if (reporter == null) {
            if (tolerateAll) {
                LOG.warn("piwigo-sink: skipping {} (errors.tolerance=all, no errors.deadletterqueue.topic.name): {}",
                        coordinates(original), failure.getMessage());
                return CompletableFuture.completedFuture(null);
            }
            throw new ConnectException(stopMessage(original, failure), failure);
        }
        try {
            return reporter.report(withContext(original, letter), failure);
        } catch (ConnectException e) {
            throw new ConnectException(stopMessage(original, failure), e);
        }
    }

    /**
     * The record as Connect gave it, plus photopipe's context headers (replacing those of an
     * earlier failure of a replayed letter). A new record, not the one Connect gave: Connect's
     * reporter writes the original consumer record of its own records, without added headers.
     */
    private static SinkRecord withContext(SinkRecord original, Letter letter) {
        ConnectHeaders headers = new ConnectHeaders();
        for (Header header : original.headers()) {
            if (!DeadLetterHeaders.ALL.contains(header.key())) {
                headers.add(header.key(), header.value(), header.schema());
            }
        }
        RecordHeaders context = new RecordHeaders();
        letter.context(System.currentTimeMillis()).toHeaders(context);
        context.forEach(header -> headers.addBytes(header.key(), header.value()));
        return new SinkRecord(original.topic(), original.kafkaPartition(), original.keySchema(), original.key(),
                original.valueSchema(), original.value(), original.kafkaOffset(), original.timestamp(),
                original.timestampType(), headers, original.originalTopic(), original.originalKafkaPartition(),
                original.originalKafkaOffset());
    }

    private static String stopMessage(SinkRecord original, UploadFailedException failure) {
        return "piwigo-sink stops on " + coordinates(original) + " (" + failure.getMessage() + ") as errors.tolerance="
                + "none asks; it stays uncommitted. To dead-letter such records and go on, set errors.tolerance=all and "
                + "errors.deadletterqueue.topic.name (with errors.deadletterqueue.context.headers.enable=true)";
    }

    private static String coordinates(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }
}
