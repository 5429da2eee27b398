package dev.photopipe.sink.consume;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link UploadWindow} over fakes: a {@link ScriptedUploader}, a {@link ScriptedSource}, a
 * {@link FakeLedger}, a {@link MockProducer} for dead letters, short backoffs. Photos are tiny valid JPEG files named
 * by their number; photo {@code i}'s md5 is {@code md5-i} unless the test says otherwise.
 */
final class WindowFixture implements AutoCloseable {
    static final String TOPIC = "requests";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Serializer<UploadRequest> SERIALIZER =
            AvroSerdes.forClass(UploadRequest.class, Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, "")).serializer();

    final Path dir;
    final ScriptedUploader uploader = new ScriptedUploader();
    final ScriptedSource source = new ScriptedSource();
    final FakeLedger ledger = new FakeLedger();
    final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    final MeterRegistry registry = new SimpleMeterRegistry();
    final UploadWindow window;

    WindowFixture(Path dir, InFlightLimit limit, int maxAttempts) {
        this.dir = dir;
        OutcomeRecorder recorder = new OutcomeRecorder(ledger, new DeadLetterPublisher(DeadLetterQueue.topic("dead-letters", producer), registry));
        Intake intake = new Intake(AvroSerdes.forClass(UploadRequest.class, Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, ""))
                .deserializer(), ledger, registry);
        window = new UploadWindow(intake, new PhotoWork(uploader, source, registry), uploader, recorder, limit,
                new FailureIsolation(maxAttempts, Duration.ofHours(1), Instant::now),
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(40), 0.25), Executors.newFixedThreadPool(limit.cap()),
                Clock.systemUTC(), registry);
        window.assign(List.of(P0, P1));
    }

    WindowFixture(Path dir, int inFlight) {
        this(dir, InFlightLimit.fixed(inFlight), 3);
    }

    /** The request of photo {@code i} with md5 {@code md5}. */
    UploadRequest request(int i, String md5) {
        Path file = dir.resolve("p" + i + ".jpg");
        try {
            if (!Files.exists(file)) { // written once: an upload thread may be reading it already
                Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return request(file, i, md5);
    }

    /**
     * Photo {@code i} (md5 {@code md5}) of {@code tp}, its record at {@code offset}, as the window
     * holds it before its first attempt: for the window's parts, tested without a window (no file
     * is written; nothing reads it).
     */
    static PhotoTask task(TopicPartition tp, long offset, int i, String md5) {
        UploadRequest request = request(Path.of("p" + i + ".jpg").toAbsolutePath(), i, md5);
        return new PhotoTask(new PhotoTask.Key(tp, "photo-" + i), request, record(tp, offset, request));
    }

    /** The request of photo {@code i} with md5 {@code md5}, its bytes at {@code file}. */
    private static UploadRequest request(Path file, int i, String md5) {
        Instant now = Instant.now();
        PhotoCaptured photo = PhotoCaptured.newBuilder().setPhotoId("photo-" + i).setMd5(md5).setSizeBytes(8)
                .setMediaType("image/jpeg").setSourceUri(file.toUri().toString()).setOriginalFileName("p" + i + ".jpg")
                .setCaptureTime(now).setSourceId("cam").setBatchId("LOT-1").setIngestTime(now).build();
        return UploadRequest.newBuilder().setPhoto(photo).setAlbumPath(List.of("A")).setTags(List.of()).build();
    }

    /** Photo {@code i}'s record at {@code offset} of {@code tp}, headers as given (name, value, ...). */
    SinkRecord record(TopicPartition tp, long offset, int i, String md5, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int k = 0; k + 1 < headers.length; k += 2) {
            h.add(headers[k], headers[k + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new SinkRecord(tp.topic(), tp.partition(), offset, ("photo-" + i).getBytes(StandardCharsets.UTF_8),
                SERIALIZER.serialize(TOPIC, request(i, md5)), h);
    }

    /** {@code request}'s record at {@code offset} of {@code tp}, keyed by its photo id. */
    static SinkRecord record(TopicPartition tp, long offset, UploadRequest request) {
        return new SinkRecord(tp.topic(), tp.partition(), offset,
                request.getPhoto().getPhotoId().getBytes(StandardCharsets.UTF_8), SERIALIZER.serialize(TOPIC, request),
                new RecordHeaders());
    }

    /** Photos {@code from..to-1} at offsets {@code from..to-1} of {@code tp}, md5 {@code md5-i}. */
    List<SinkRecord> records(TopicPartition tp, int from, int to) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(record(tp, i, i, "md5-" + i));
        }
        return records;
    }

    /** What the window would commit now, the consumer's position being one past the last record. */
    Map<TopicPartition, Long> committable() {
        return window.committable(tp -> -1);
    }

    double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() throws InterruptedException {
        window.drain(Duration.ofSeconds(5));
        window.close();
    }
}
