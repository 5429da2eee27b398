package dev.photopipe.cli;

import static org.awaitility.Awaitility.await;

import dev.photopipe.cli.ops.KafkaClients;
import dev.photopipe.cli.ops.TopicScan;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One test's photopipe deployment on the shared broker: its own topic prefix, topics provisioned
 * with the catalog, and helpers to fill and read them and to run a command against them.
 */
final class OpsFixture implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final String prefix = SharedKafka.uniqueName("ops") + ".";
    final TopicCatalog catalog = TopicCatalog.of(prefix, 3, (short) 1);
    final KafkaClients clients = new KafkaClients(SharedKafka.bootstrapServers(), "ops-test");
    private final Producer<byte[], byte[]> producer = clients.writer();
    String out = "";
    String err = "";

    OpsFixture() {
        try (Admin admin = clients.admin()) {
            new TopicProvisioner(admin, catalog, SharedKafka.bootstrapServers(), TIMEOUT).provision();
        }
        // Created topics reach every client's metadata a moment after the create call returns.
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            for (PhotopipeTopic topic : PhotopipeTopic.values()) {
                await().atMost(TIMEOUT).ignoreExceptions()
                        .until(() -> consumer.partitionsFor(catalog.name(topic), Duration.ofSeconds(5)).size() == 3);
            }
        }
    }

    String name(PhotopipeTopic topic) {
        return catalog.name(topic);
    }

    /** Sends and waits for the acknowledgement. */
    RecordMetadata send(ProducerRecord<byte[], byte[]> record) throws ExecutionException, InterruptedException {
        return producer.send(record).get();
    }

    /** Every record of the topic now. */
    List<ConsumerRecord<byte[], byte[]>> read(PhotopipeTopic topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            new TopicScan(consumer, Long.MAX_VALUE).fromBeginning(name(topic), records::add);
        }
        return records;
    }

    /** Runs {@code photopipe args...} against this deployment; output in {@link #out} and {@link #err}. */
    int photopipe(String... args) {
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", SharedKafka.bootstrapServers(), "--set", "topics.prefix=" + prefix));
        int code = Photopipe.commandLine(Map.of()).setOut(new PrintWriter(outText)).setErr(new PrintWriter(errText))
                .execute(all.toArray(String[]::new));
        out = outText.toString();
        err = errText.toString();
        return code;
    }

    @Override
    public void close() {
        producer.close();
    }
}
