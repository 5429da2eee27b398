package dev.photopipe.sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.DeadLetters;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.testing.connect.ConnectCluster;
import dev.photopipe.testing.kafka.SharedKafka;
import dev.photopipe.testing.photos.NoiseJpegs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector on real Kafka Connect workers (in this JVM, on the shared broker), loaded from
 * the plugin directory the build makes, driven over Connect's REST API as an operator would.
 */
@ExtendWith(SharedKafka.class)
class PiwigoSinkConnectorIT {
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    @TempDir
    Path tmp;
    private ConnectorScenario scenario;

    @AfterEach
    void close() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void uploadsEveryPhotoOnceAcrossTaskAndWorkerRestartsAndDeadLettersBadRecordsWithTheirReason() throws Exception {
        scenario = new ConnectorScenario(tmp, PiwigoEmulator.builder());
        scenario.connect.startWorker();
        scenario.connect.startWorker();

        JsonNode plugins = ConnectorScenario.parse(scenario.connect.get("/connector-plugins").body());
        assertThat(plugins).anySatisfy(p -> {
            assertThat(p.path("class").asText()).isEqualTo(ConnectorScenario.CONNECTOR_CLASS);
            assertThat(p.path("type").asText()).isEqualTo("sink");
            assertThat(p.path("version").asText()).isEqualTo(System.getProperty("connect.plugin.version"));
        });

        // Requests already waiting, one photo published twice, a missing source and bytes that are
        // no upload request among them.
        List<UploadRequest> first = requests(0, 40);
        scenario.send(first);
        scenario.send(first.subList(0, 5));
        NoiseJpegs.Photo missing = NoiseJpegs.write(scenario.dir, 1000);
        UploadRequest missingRequest = scenario.request(missing, "missing.jpg");
        Files.delete(missing.path());
        scenario.send(List.of(missingRequest));
        byte[] undecodable = "not an upload request".getBytes(StandardCharsets.UTF_8);
        scenario.sendRaw("undecodable".getBytes(StandardCharsets.UTF_8), undecodable);

        ConnectCluster.Response created = scenario.connect.put("/connectors/" + scenario.name + "/config",
                ConnectorScenario.json(scenario.config()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await().atMost(CATCH_UP).until(() -> Map.of("connector", "RUNNING", "0", "RUNNING", "1", "RUNNING")
                .equals(scenario.states()));
        scenario.awaitCaughtUp(CATCH_UP);
        assertExactlyOnce(first);

        // Letters by reason, one per failed record: an undecodable record has no photo id, hence no
        // ledger entry, and is dead-lettered again when a rebalance delivers it again before its
        // commit (in both runtimes), so its copies are counted once.
        Map<ReasonCode, ConsumerRecord<byte[], byte[]>> letters = scenario.read(scenario.dlq).stream().collect(
                Collectors.toMap(r -> DeadLetter.fromHeaders(r.headers()).reason(), Function.identity(), (a, b) -> a));
        assertThat(failedRecords()).hasSize(2);
        assertThat(letters).containsOnlyKeys(ReasonCode.SOURCE_MISSING, ReasonCode.DESERIALIZATION_FAILED);
        ConsumerRecord<byte[], byte[]> letter = letters.get(ReasonCode.SOURCE_MISSING);
        DeadLetter context = DeadLetter.fromHeaders(letter.headers());
        assertThat(context.stage()).isEqualTo(Stage.SINK);
        assertThat(context.batchId()).isEqualTo("LOT-4711");
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(missing.photoId());
        assertThat(header(letter, "__connect.errors.exception.message")).startsWith("SOURCE_MISSING: ")
                .contains(missing.path().getFileName().toString());
        assertThat(header(letter, "__connect.errors.topic")).isEqualTo(context.sourceTopic());
        assertThat(letters.get(ReasonCode.DESERIALIZATION_FAILED).value()).isEqualTo(undecodable);

        // The missing photo's file is back: its letter, replayed as photopipe replay does, uploads it.
        NoiseJpegs.write(scenario.dir, 1000);
        scenario.publish(DeadLetters.replay(letter));

        // A task restarted while photos flow (and some are published again).
        List<UploadRequest> second = requests(100, 130);
        second = concat(second, List.of(missingRequest));
        scenario.send(second.subList(0, 15));
        assertThat(scenario.connect.post("/connectors/" + scenario.name + "/tasks/0/restart").status()).isEqualTo(204);
        scenario.send(second.subList(15, 30));
        scenario.send(first.subList(0, 10));
        scenario.awaitCaughtUp(CATCH_UP);
        assertExactlyOnce(concat(first, second));

        // Piwigo unavailable for a while: the tasks wait for it, none fails.
        List<UploadRequest> third = requests(200, 230);
        scenario.emulator.faults().unavailableFor(Duration.ofSeconds(8));
        scenario.send(third.subList(0, 15));
        // A worker stops: its tasks move to the other one.
        scenario.connect.stopWorker(0);
        scenario.send(third.subList(15, 30));
        scenario.awaitCaughtUp(CATCH_UP);
        List<UploadRequest> all = concat(concat(first, second), third);
        assertExactlyOnce(all);

        // The worker comes back: the tasks are spread over both again.
        scenario.connect.startWorker();
        List<UploadRequest> fourth = requests(300, 320);
        scenario.send(fourth);
        scenario.send(third);
        scenario.awaitCaughtUp(CATCH_UP);
        assertExactlyOnce(concat(all, fourth));
        await().atMost(CATCH_UP).until(() -> Map.of("connector", "RUNNING", "0", "RUNNING", "1", "RUNNING")
                .equals(scenario.states()));
        assertThat(failedRecords()).hasSize(2);
    }

    /** The records dead-lettered so far, by their coordinates in the upload requests. */
    private Set<String> failedRecords() {
        return scenario.read(scenario.dlq).stream().map(r -> DeadLetter.fromHeaders(r.headers()))
                .map(d -> d.sourceTopic() + "-" + d.partition() + "@" + d.offset()).collect(Collectors.toSet());
    }

    @Test
    void stopsTheTaskOnAFailedRecordWhenConnectToleratesNone() throws Exception {
        scenario = new ConnectorScenario(tmp, PiwigoEmulator.builder());
        scenario.connect.startWorker();
        NoiseJpegs.Photo missing = NoiseJpegs.write(scenario.dir, 1000);
        Files.delete(missing.path());
        scenario.send(List.of(scenario.request(missing, "missing.jpg")));
        Map<String, String> config = new java.util.HashMap<>(scenario.config());
        config.keySet().removeIf(key -> key.startsWith("errors."));
        config.put("tasks.max", "1");

        assertThat(scenario.connect.put("/connectors/" + scenario.name + "/config", ConnectorScenario.json(config))
                .status()).isEqualTo(201);

        await().atMost(CATCH_UP).until(() -> "FAILED".equals(scenario.states().get("0")));
        JsonNode task = ConnectorScenario.parse(scenario.connect.get("/connectors/" + scenario.name + "/status").body())
                .path("tasks").get(0);
        assertThat(task.path("trace").asText()).contains("SOURCE_MISSING", "errors.tolerance=none");
        assertThat(scenario.read(scenario.dlq)).isEmpty();
        assertThat(scenario.committed()).as("the failed record stays uncommitted").isEmpty();
    }

    @Test
    void validationNamesEachWrongSettingAndPiwigosRefusalOfTheCredentials() {
        scenario = new ConnectorScenario(tmp, PiwigoEmulator.builder());
        scenario.connect.startWorker();
        String validate = "/connector-plugins/PiwigoSinkConnector/config/validate";

        Map<String, String> wrong = new java.util.HashMap<>(scenario.config());
        wrong.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        wrong.remove("bootstrap.servers");
        wrong.put("upload.max.in.flight", "lots");
        wrong.put("kafka.acks", "1");
        Map<String, List<String>> errors = errors(scenario.connect.put(validate, ConnectorScenario.json(wrong)));
        assertThat(errors).containsOnlyKeys("value.converter", "bootstrap.servers", "upload.max.in.flight", "kafka.acks");
        assertThat(errors.get("value.converter")).singleElement().asString()
                .contains("value.converter=" + ConnectorScenario.BYTES);
        assertThat(errors.get("bootstrap.servers")).singleElement().asString().contains("ledger");
        assertThat(errors.get("upload.max.in.flight")).singleElement().asString().contains("'auto' or a whole number");

        Map<String, String> otherTopic = new java.util.HashMap<>(scenario.config());
        otherTopic.put("topics", "uploads");
        otherTopic.remove("piwigo.api.key");
        errors = errors(scenario.connect.put(validate, ConnectorScenario.json(otherTopic)));
        assertThat(errors).containsOnlyKeys("piwigo.api.key"); // the topic is checked once the settings parse
        assertThat(errors.get("piwigo.api.key")).singleElement().asString().contains("piwigo.username");
        otherTopic.put("piwigo.api.key", PiwigoEmulator.DEFAULT_API_KEY);
        errors = errors(scenario.connect.put(validate, ConnectorScenario.json(otherTopic)));
        assertThat(errors).containsOnlyKeys("topics");
        assertThat(errors.get("topics")).singleElement().asString()
                .contains("topics=" + scenario.topics.name(dev.photopipe.schemas.topics.PhotopipeTopic.UPLOAD_REQUESTS));

        Map<String, String> refused = new java.util.HashMap<>(scenario.config());
        refused.put("piwigo.api.key", PiwigoEmulator.DEFAULT_API_KEY.replaceAll(":.*", ":" + "0".repeat(40)));
        errors = errors(scenario.connect.put(validate, ConnectorScenario.json(refused)));
        assertThat(errors).containsOnlyKeys("piwigo.api.key");
        assertThat(errors.get("piwigo.api.key")).singleElement().asString().contains("refused photopipe's credentials");
        ConnectCluster.Response create = scenario.connect.put("/connectors/" + scenario.name + "/config",
                ConnectorScenario.json(refused));
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.body()).contains("piwigo.api.key");

        assertThat(errors(scenario.connect.put(validate, ConnectorScenario.json(scenario.config())))).isEmpty();
    }

    /** The validation's errors by setting. */
    private static Map<String, List<String>> errors(ConnectCluster.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, List<String>> errors = new java.util.TreeMap<>();
        ConnectorScenario.parse(response.body()).path("configs").forEach(config -> {
            JsonNode value = config.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(e -> messages.add(e.asText()));
            if (!messages.isEmpty()) {
                errors.put(value.path("name").asText(), messages);
            }
        });
        return errors;
    }

    private List<UploadRequest> requests(long from, long to) {
        return LongStream.range(from, to).mapToObj(scenario::request).toList();
    }

    private static List<UploadRequest> concat(List<UploadRequest> a, List<UploadRequest> b) {
        List<UploadRequest> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Every photo in Piwigo exactly once; nothing else there. */
    private void assertExactlyOnce(List<UploadRequest> photos) {
        List<String> md5s = photos.stream().map(r -> r.getPhoto().getMd5()).distinct().toList();
        var images = scenario.imagesByMd5();
        assertThat(images.keySet()).containsExactlyInAnyOrderElementsOf(md5s);
        assertThat(images.values()).allSatisfy(list -> assertThat(list).hasSize(1));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
