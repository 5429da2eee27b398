package dev.photopipe.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.RecordingPublisher;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.ingest.fetch.FetchSettings;
import dev.photopipe.ingest.fetch.SourceFetcher;
import dev.photopipe.ingest.store.PhotoIntake;
import dev.photopipe.store.PhotoStores;
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
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
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

    private final MockWebServer remote = new MockWebServer();
    private SourceFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        remote.start();
        startWith(FetchSettings.off(MAX_BYTES));
    }

    private void startWith(FetchSettings fetch) {
        if (server != null) {
            server.close();
            fetcher.close();
        }
        Clock clock = Clock.systemUTC();
        CaptureSettings settings = new CaptureSettings(MAX_BYTES, List.of(shared), Duration.ofSeconds(2), "http-capture");
        PhotoInspector inspector = PhotoInspector.create(clock);
        fetcher = new SourceFetcher(fetch, "ingest.fetch.allowed.hosts");
        server = new HttpEndpoint("the capture endpoint", "ingest.http.port", "127.0.0.1", 0, new CaptureHandler(settings,
                new PhotoIntake(PhotoStores.localWithoutFsync(storage), inspector), new CaptureEvents(clock), publisher, fetcher))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        fetcher.close();
        remote.close();
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
        assertThat(event.getOriginalFileName()).as("the client's name reduced to its base name").isEqualTo("evil name.jpg");
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
    void acceptsAJsonCapturePointingAtAFileInAnAllowedFolderAndKeepsACopyInTheStore() throws Exception {
        byte[] jpeg = new SyntheticJpeg().seed(6).toBytes();
        Path photo = Files.write(shared.resolve("p.jpg"), jpeg);

        Reply reply = postJson("{\"sourceUri\": \"" + photo.toUri() + "\", \"batch\": \"LOT-9\"}");

        assertThat(reply.status).isEqualTo(202);
        assertThat(publisher.events).singleElement().satisfies(e -> {
            assertThat(Path.of(java.net.URI.create(e.getSourceUri()))).as("the sink reads the store's copy, which cannot change")
                    .startsWith(storage).hasBinaryContent(jpeg);
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
    void aJsonCaptureOfARemotePhotoIsRefusedSayingHowToEnableFetchingWhenItIsOff() throws Exception {
        byte[] jpeg = new SyntheticJpeg().seed(8).toBytes();

        Reply reply = postJson("{\"sourceUri\": \"https://camera.local/p.jpg\", \"photoId\": \"" + hex(jpeg)
                + "\", \"md5\": \"" + "b".repeat(32) + "\", \"sizeBytes\": 1234, \"mediaType\": \"image/jpeg\"}");

        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("field").asText()).isEqualTo("sourceUri");
        assertThat(reply.json.get("error").asText()).contains("ingest.fetch.allowed.hosts", "multipart");
        assertThat(publisher.events).as("nothing the sink could not read").isEmpty();
    }

    @Test
    void fetchesAnAllowedHostsPhotoIntoTheStorageAndTakesItsIdentityFromTheBytes() throws Exception {
        startWith(new FetchSettings(List.of(remote.getHostName()), Duration.ofSeconds(5), Duration.ofSeconds(10), MAX_BYTES));
        byte[] jpeg = new SyntheticJpeg().seed(9).toBytes();
        remote.enqueue(new MockResponse().setBody(new Buffer().write(jpeg)));

        Reply reply = postJson("{\"sourceUri\": \"" + remote.url("/cam/p%0A1.jpg") + "\", \"batch\": \"LOT-7\"}");

        assertThat(reply.status).as(reply.json.toString()).isEqualTo(202);
        PhotoCaptured event = publisher.events.get(0);
        assertThat(event.getPhotoId()).isEqualTo(hex(jpeg));
        assertThat(event.getBatchId()).isEqualTo("LOT-7");
        assertThat(event.getOriginalFileName()).isEqualTo("p\uFFFD1.jpg");
        assertThat(event.getAttributes()).as("capture fields are no attributes").doesNotContainKey("sourceUri");
        assertThat(Path.of(java.net.URI.create(event.getSourceUri()))).as("a local file the sink reads")
                .startsWith(storage).hasBinaryContent(jpeg);
    }

    @Test
    void aCallersPhotoIdOrMd5ThatContradictsTheBytesIsRefusedAndNothingIsKept() throws Exception {
        startWith(new FetchSettings(List.of(remote.getHostName()), Duration.ofSeconds(5), Duration.ofSeconds(10), MAX_BYTES));
        byte[] victim = new SyntheticJpeg().seed(10).toBytes();
        remote.enqueue(new MockResponse().setBody(new Buffer().write(new SyntheticJpeg().seed(11).toBytes())));
        Path local = Files.write(shared.resolve("q.jpg"), new SyntheticJpeg().seed(12).toBytes());

        Reply fetched = postJson("{\"sourceUri\": \"" + remote.url("/p.jpg") + "\", \"photoId\": \"" + hex(victim) + "\"}");
        Reply file = postJson("{\"sourceUri\": \"" + local.toUri() + "\", \"md5\": \"" + "0".repeat(32) + "\"}");
        Reply multipart = postPhoto(new SyntheticJpeg().seed(13).toBytes(), "{\"photoId\": \"" + hex(victim) + "\"}");

        assertThat(List.of(fetched, file, multipart)).extracting(Reply::status).containsOnly(400);
        assertThat(List.of(fetched, file, multipart)).extracting(r -> r.json.get("field").asText())
                .containsExactly("photoId", "md5", "photoId");
        assertThat(fetched.json.get("error").asText()).contains("computes the photo id");
        assertThat(publisher.events).isEmpty();
        try (Stream<Path> files = Files.walk(storage)) {
            assertThat(files.filter(Files::isRegularFile)).as("refused bytes are not kept").isEmpty();
        }
    }

    @Test
    void aMatchingClaimIsAccepted() throws Exception {
        byte[] jpeg = new SyntheticJpeg().seed(14).toBytes();
        Path local = Files.write(shared.resolve("m.jpg"), jpeg);

        Reply reply = postJson("{\"sourceUri\": \"" + local.toUri() + "\", \"photoId\": \"" + hex(jpeg).toUpperCase()
                + "\", \"sizeBytes\": " + jpeg.length + ", \"mediaType\": \"image/jpeg\"}");

        assertThat(reply.status).isEqualTo(202);
    }

    @Test
    void fetchingRefusesOtherHostsRedirectsAndOversizedPhotos() throws Exception {
        startWith(new FetchSettings(List.of(remote.getHostName()), Duration.ofSeconds(5), Duration.ofSeconds(10), MAX_BYTES));
        remote.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "http://169.254.169.254/latest"));
        remote.enqueue(new MockResponse().setBody(new Buffer().write(new byte[(int) MAX_BYTES + 1])));
        remote.enqueue(new MockResponse().setResponseCode(404));

        Reply otherHost = postJson("{\"sourceUri\": \"http://metadata.internal/latest\"}");
        Reply redirect = postJson("{\"sourceUri\": \"" + remote.url("/r.jpg") + "\"}");
        Reply large = postJson("{\"sourceUri\": \"" + remote.url("/big.jpg") + "\"}");
        Reply missing = postJson("{\"sourceUri\": \"" + remote.url("/gone.jpg") + "\"}");

        assertThat(otherHost.status).isEqualTo(400);
        assertThat(otherHost.json.get("error").asText()).contains("ingest.fetch.allowed.hosts")
                .doesNotContain(remote.getHostName());
        assertThat(redirect.status).isEqualTo(400);
        assertThat(redirect.json.get("error").asText()).contains("redirect");
        assertThat(large.status).isEqualTo(413);
        assertThat(missing.status).isEqualTo(400);
        assertThat(missing.json.get("error").asText()).contains("HTTP 404");
        assertThat(remote.getRequestCount()).as("the redirect was not followed").isEqualTo(3);
        assertThat(publisher.events).isEmpty();
    }

    @Test
    void aLinkInsideAnAllowedFolderToAFileOutsideIsRefusedWithoutNamingEitherFolder() throws Exception {
        Path secret = Files.write(elsewhere.resolve("private.jpg"), new SyntheticJpeg().seed(15).toBytes());
        Path link = Files.createSymbolicLink(shared.resolve("innocent.jpg"), secret);
        Path text = Files.writeString(elsewhere.resolve("shadow"), "root:$6$secret-hash:19000:0:99999:7:::\n");
        Path textLink = Files.createSymbolicLink(shared.resolve("shadow.jpg"), text);

        Reply viaLink = postJson("{\"sourceUri\": \"" + link.toUri() + "\"}");
        Reply viaDotDot = postJson("{\"sourceUri\": \"file://" + shared + "/../" + elsewhere.getFileName() + "/private.jpg\"}");
        Reply toText = postJson("{\"sourceUri\": \"" + textLink.toUri() + "\"}");

        for (Reply reply : List.of(viaLink, viaDotDot, toText)) {
            assertThat(reply.status).isEqualTo(400);
            assertThat(reply.json.get("error").asText()).contains("ingest.http.allowed.roots")
                    .doesNotContain(shared.toString(), elsewhere.toString(), storage.toString(), "root:");
        }
        assertThat(publisher.events).isEmpty();
    }

    @Test
    void aFileInAnAllowedFolderThatIsNoPhotoIsRefusedWithoutQuotingItsBytesOrPath() throws Exception {
        Path text = Files.writeString(shared.resolve("notes.jpg"), "root:$6$secret-hash:19000\n");

        Reply reply = postJson("{\"sourceUri\": \"" + text.toUri() + "\"}");

        assertThat(reply.status).isEqualTo(415);
        assertThat(reply.json.get("error").asText()).contains("JPEG, PNG").doesNotContain("726f6f74", "root", shared.toString());
    }

    @Test
    void clientFileNamesAreReducedToASafeBaseNameWithoutControlCharacters() throws Exception {
        Path photo = Files.write(shared.resolve("n.jpg"), new SyntheticJpeg().seed(16).toBytes());

        assertThat(postPhoto(new SyntheticJpeg().seed(17).toBytes(), null, "../../../../etc/passwd").status).isEqualTo(202);
        assertThat(postPhoto(new SyntheticJpeg().seed(18).toBytes(), null, "C:\\Users\\x\\y.jpg").status).isEqualTo(202);
        assertThat(postJson("{\"sourceUri\": \"" + photo.toUri() + "\", \"fileName\": "
                + "\"a.jpg\\n09:00:00.000 ERROR forged line\", \"station\": \"S1\\u001b[2J\"}").status).isEqualTo(202);

        assertThat(publisher.events).extracting(PhotoCaptured::getOriginalFileName)
                .containsExactly("passwd.jpg", "y.jpg", "a.jpg\uFFFD09:00:00.000 ERROR forged line.jpg");
        assertThat(publisher.events.get(2).getStation()).isEqualTo("S1\uFFFD[2J");
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply postPhoto(byte[] bytes, String metadata) throws Exception {
        return postPhoto(bytes, metadata, "../../evil name.jpg");
    }

    private Reply postPhoto(byte[] bytes, String metadata, String fileName) throws Exception {
        MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", fileName, RequestBody.create(bytes, JPEG));
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
