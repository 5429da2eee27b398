package dev.photopipe.ops.replay;

import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.deadletter.ReplayHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Re-drives upload requests from a point in time, e.g. after a Piwigo backup was restored: every
 * request with a timestamp at or after {@code since}, up to the topic's end when the replay began,
 * is re-published unchanged (same key, so the same partition and the same sink instance). The
 * sink's ledger turns each into a check, not a second upload; {@code forceCheck} adds
 * {@link ReplayHeaders#FORCE_CHECK} so the sink verifies the image in Piwigo instead.
 * One instance per command run; not thread-safe.
 */
public final class RequestReplayer {
    private final KafkaClients clients;
    private final String requestsTopic;
    private final long maxRecords;

    public RequestReplayer(KafkaClients clients, String requestsTopic, long maxRecords) {
        this.clients = clients;
        this.requestsTopic = requestsTopic;
        this.maxRecords = maxRecords;
    }

    /**
     * What a request replay did.
     *
     * @param republished requests re-published and acknowledged
     * @param failed      requests whose re-publication failed (run the same command again)
     * @param limitHit    the scan stopped at the --max-records limit
     */
    public record Result(Instant since, boolean forceCheck, boolean dryRun, long republished, long failed,
                         boolean limitHit) {
        public String render() {
            StringBuilder text = new StringBuilder();
            text.append(dryRun ? "Dry run: would re-publish " : "Re-published ").append(republished)
                    .append(" upload request(s) from ").append(since)
                    .append(forceCheck ? " with " + ReplayHeaders.FORCE_CHECK + "=true (the sink verifies each image)"
                            : " (the sink's ledger turns them into checks, not uploads)").append('\n');
            if (failed > 0) {
                text.append(failed).append(" request(s) could not be re-published: run the same command again\n");
            }
            if (limitHit) {
                text.append("Stopped at the --max-records limit: later requests were not re-published; raise it "
                        + "and replay from the last request's time\n");
            }
            return text.toString();
        }
    }

    public Result replay(Instant since, boolean forceCheck, boolean dryRun) throws InterruptedException {
        List<ProducerRecord<byte[], byte[]>> copies = new ArrayList<>();
        TopicScan.Result scanned;
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            scanned = new TopicScan(consumer, maxRecords).since(requestsTopic, since.toEpochMilli(),
                    record -> copies.add(copy(record, forceCheck)));
        }
        if (dryRun) {
            return new Result(since, forceCheck, true, copies.size(), 0, scanned.limitHit());
        }
        long failed = 0;
        try (Producer<byte[], byte[]> producer = clients.writer()) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            copies.forEach(copy -> sends.add(producer.send(copy)));
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get();
                } catch (ExecutionException e) {
                    failed++;
                }
            }
        }
        return new Result(since, forceCheck, false, copies.size() - failed, failed, scanned.limitHit());
    }

    /** The request unchanged, key and value bytes and headers; the partition again follows from the key. */
    private static ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> request, boolean forceCheck) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : request.headers()) {
            // A request replayed before keeps no stale force-check: this replay's flag decides.
            if (!header.key().equals(ReplayHeaders.FORCE_CHECK)) {
                headers.add(header);
            }
        }
        if (forceCheck) {
            headers.add(ReplayHeaders.FORCE_CHECK, ReplayHeaders.FORCE_CHECK_TRUE.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(request.topic(), null, null, request.key(), request.value(), headers);
    }
}
