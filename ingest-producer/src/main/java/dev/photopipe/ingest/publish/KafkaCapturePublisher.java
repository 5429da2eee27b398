package dev.photopipe.ingest.publish;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Publishes capture events keyed by photo id, and ingest's dead letters, through one idempotent
 * producer ({@code acks=all}, {@code enable.idempotence=true}: a retried send is never written twice).
 *
 * <p>A dead letter of ingest has no Kafka record behind it: its key is the refused file's path
 * (or request), its value empty, its headers the project's {@code __photopipe.errors.*} with
 * partition and offset -1. Replaying it means fixing the file: a changed file is taken again.
 * Thread-safe, as the Kafka producer is.
 */
final class KafkaCapturePublisher implements CapturePublisher {
    private final Producer<byte[], byte[]> producer;
    private final Serializer<PhotoCaptured> serializer;
    private final String capturedTopic;
    private final String deadLetterTopic;
    private final Clock clock;

    KafkaCapturePublisher(Producer<byte[], byte[]> producer, Serializer<PhotoCaptured> serializer,
            String capturedTopic, String deadLetterTopic, Clock clock) {
        this.producer = producer;
        this.serializer = serializer;
        this.capturedTopic = capturedTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> publish(PhotoCaptured event) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serializer.serialize(capturedTopic, headers, event);
        byte[] key = event.getPhotoId().getBytes(StandardCharsets.UTF_8);
        return send(new ProducerRecord<>(capturedTopic, null, key, value, headers));
    }

    @Override
    public CompletableFuture<Void> reject(Rejection rejection) {
        long now = clock.millis();
        DeadLetter letter = new DeadLetter(capturedTopic, -1, -1, Stage.INGEST, rejection.reasonCode(),
                FailureKind.PERMANENT, null, rejection.message(), 1, now, now, rejection.batchId().orElse(null));
        RecordHeaders headers = new RecordHeaders();
        letter.toHeaders(headers);
        byte[] key = rejection.source().getBytes(StandardCharsets.UTF_8);
        return send(new ProducerRecord<>(deadLetterTopic, null, key, null, headers));
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be had within max.block.ms (broker down).
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
    }
}
