package dev.photopipe.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.RecordingPublisher;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.ingest.store.PhotoStore;
import dev.photopipe.observability.HttpEndpoint;
import dev.photopipe.schemas.PhotoCaptured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JPEG = MediaType.get("image/jpeg");
    private static final long MAX_BYTES = 200_000;

    @TempDir
    Path storage;
    @TempDir
    Path shared;
    @TempDir
    Path elsewhere;

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final OkHttpClient http = new OkHttpClient();
    private HttpEndpoint server;

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        CaptureSettings settings = new CaptureSettings(MAX_BYTES, List.of(shared), Duration.ofSeconds(2), "http-capture");
        server = new HttpEndpoint("the capture endpoint", "ingest.http.port", "127.0.0.1", 0, new CaptureHandler(settings,
                new PhotoStore(storage), PhotoInspector.create(clock), new CaptureEvents(clock), publisher)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void acceptsAPhotoWithMetadataAndStoresItUnderItsHash() throws Exception {
        byte[] jpeg = new SyntheticJpeg().seed(1).toBytes();

        Reply reply = postPhoto(jpeg, "{\"batch\": \"LOT-4711\", \"station\": \"S12\"}");

        String sha = hex(jpeg);
        assertThat(reply.status).isEqualTo(202);
        assertThat(reply.json.get("photoId").asText()).isEqualTo(sha);
        PhotoCaptured event = publisher.events.get(0);
        assertThat(event.getBatchId()).isEqualTo("LOT-4711");
        assertThat(event.getStation()).isEqualTo("S12");
        assertThat(event.getOriginalFileName()).isEqualTo("../../evil name.jpg");
        Path stored = Path.of(java.net.URI.create(event.getSourceUri()));
        assertThat(stored).startsWith(storage).hasFileName(sha + ".jpg").hasBinaryContent(jpeg);
    }

    @Test
    void theSamePhotoTwiceIsStoredOnceWithTheSameId() throws Exception {
        byte[] jpeg = new SyntheticJpeg().seed(2).toBytes();
        assertThat(postPhoto(jpeg, null).status).isEqualTo(202);
        assertThat(postPhoto(jpeg, null).status).isEqualTo(202);

        assertThat(publisher.events).extracting(PhotoCaptured::getPhotoId).containsOnly(hex(jpeg));
        try (Stream<Path> files = Files.walk(storage)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
    }

    @Test
    void badMetadataIsRefusedNamingTheField() throws Exception {
        Reply reply = postPhoto(new SyntheticJpeg().seed(3).toBytes(), "{\"captureTime\": \"monday\"}");

        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("field").asText()).isEqualTo("metadata.captureTime");
        assertThat(reply.json.get("error").asText()).contains("monday");
        assertThat(publisher.events).isEmpty();
    }

    @Test
    void aPhotoOverTheLimitIsRefusedWith413() throws Exception {
        byte[] large = new SyntheticJpeg().size(1600, 1200).seed(4).toBytes();
        assertThat(large.length).isGreaterThan((int) MAX_BYTES);

        assertThat(postPhoto(large, null).status).isEqualTo(413);
        assertThat(publisher.events).isEmpty();
    }

    @Test
    void aFileThatIsNotAPhotoIsRefusedWith415() throws Exception {
        Reply reply = postPhoto("just text".getBytes(java.nio.charset.StandardCharsets.UTF_8), null);

        assertThat(reply.status).isEqualTo(415);
        assertThat(reply.json.get("error").asText()).contains("JPEG, PNG");
    }

    @Test
    void answers503WhenKafkaDoesNotTakeTheEvent() throws Exception {
        publisher.brokerDown = true;
        assertThat(postPhoto(new SyntheticJpeg().seed(5).toBytes(), null).status).isEqualTo(503);
    }

    @Test
    void acceptsAJsonCapturePointingAtAFileInAnAllowedFolder() throws Exception {
        Path photo = Files.write(shared.resolve("p.jpg"), new SyntheticJpeg().seed(6).toBytes());

        Reply reply = postJson("{\"sourceUri\": \"" + photo.toUri() + "\", \"batch\": \"LOT-9\"}");

        assertThat(reply.status).isEqualTo(202);
        assertThat(publisher.events).singleElement().satisfies(e -> {
            assertThat(e.getSourceUri()).isEqualTo(photo.toUri().toString());
            assertThat(e.getBatchId()).isEqualTo("LOT-9");
        });
    }

    @Test
    void refusesAJsonCapturePointingOutsideTheAllowedFolders() throws Exception {
        Path photo = Files.write(elsewhere.resolve("p.jpg"), new SyntheticJpeg().seed(7).toBytes());

        Reply reply = postJson("{\"sourceUri\": \"" + photo.toUri() + "\"}");

        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("field").asText()).isEqualTo("sourceUri");
        assertThat(reply.json.get("error").asText()).contains("ingest.http.allowed.roots");
    }

    @Test
    void aJsonCaptureOfARemotePhotoMustCarryItsHashes() throws Exception {
        Reply missing = postJson("{\"sourceUri\": \"https://camera.local/p.jpg\", \"photoId\": \"" + "a".repeat(64) + "\"}");
        assertThat(missing.status).isEqualTo(400);
        assertThat(missing.json.get("field").asText()).isEqualTo("md5");

        Reply complete = postJson("{\"sourceUri\": \"https://camera.local/p.jpg\", \"photoId\": \"" + "a".repeat(64)
                + "\", \"md5\": \"" + "b".repeat(32) + "\", \"sizeBytes\": 1234, \"mediaType\": \"image/jpeg\"}");
        assertThat(complete.status).isEqualTo(202);
        assertThat(publisher.events).singleElement().extracting(PhotoCaptured::getOriginalFileName).isEqualTo("p.jpg");
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply postPhoto(byte[] bytes, String metadata) throws Exception {
        MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "../../evil name.jpg", RequestBody.create(bytes, JPEG));
        if (metadata != null) {
            body.addFormDataPart("metadata", metadata);
        }
        return send(body.build());
    }

    private Reply postJson(String json) throws Exception {
        return send(RequestBody.create(json, MediaType.get("application/json")));
    }

    private Reply send(RequestBody body) throws Exception {
        Request request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/captures").post(body).build();
        try (Response response = http.newCall(request).execute()) {
            return new Reply(response.code(), JSON.readTree(response.body().string()));
        }
    }

    private static String hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
