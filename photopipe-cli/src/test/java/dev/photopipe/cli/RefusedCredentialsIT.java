package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.testing.kafka.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials revoked while {@code photopipe run} uploads: the sink stops and says why on
 * {@code /health/ready}, the rest keeps accepting photos, the process exits with code 3 when
 * stopped, and a restart with working credentials uploads every photo taken meanwhile.
 */
@ExtendWith(SharedKafka.class)
class RefusedCredentialsIT {
    private static final Duration UPLOADED = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final String prefix = SharedKafka.uniqueName("revoked") + ".";
    private final OkHttpClient http = new OkHttpClient();

    @Test
    void revokedCredentialsStopTheSinkOnlyAreReportedExitWith3AndLoseNothing() throws Exception {
        byte[] before = new SyntheticJpeg().seed(601).toBytes();
        byte[] during = new SyntheticJpeg().seed(602).toBytes();
        byte[] whileStopped = new SyntheticJpeg().seed(603).toBytes();
        try (PiwigoEmulator piwigo = PiwigoEmulator.builder().start()) {
            try (PhotopipeProcess run = start(piwigo)) {
                assertThat(capture(run, before)).isEqualTo(202);
                await().atMost(UPLOADED).until(() -> uploaded(piwigo, before));

                // Every call now answers 401, the client's login again included: the key was revoked.
                piwigo.faults().failNext(Integer.MAX_VALUE, 401);
                assertThat(capture(run, during)).isEqualTo(202);

                await().atMost(UPLOADED).untilAsserted(() -> assertThat(readiness(run, "piwigo-sink"))
                        .startsWith("DOWN").contains("refused photopipe's credentials", "piwigo.api.key"));
                assertThat(capture(run, whileStopped)).as("ingest still accepts photos").isEqualTo(202);
                // The readiness check sees the stopped sink at once; the command's loop says so within a second.
                run.awaitLine("keep accepting photos");

                run.process.destroy();
                assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(run.process.exitValue()).as("exit code; output:%n%s", run.output()).isEqualTo(ExitCodes.CONFIG);
            }

            piwigo.faults().clear();
            try (PhotopipeProcess restarted = start(piwigo)) {
                await().atMost(UPLOADED).until(() -> uploaded(piwigo, during) && uploaded(piwigo, whileStopped));
                restarted.process.destroy();
                assertThat(restarted.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(restarted.process.exitValue()).isZero();
            }
            assertThat(piwigo.images()).as("each photo once").hasSize(3);
        }
    }

    private PhotopipeProcess start(PiwigoEmulator piwigo) throws Exception {
        PhotopipeProcess run = PhotopipeProcess.start("run", "--data-dir", dataDir.toString(),
                "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--set", "topics.prefix=" + prefix, "--set", "enrich.application.id=" + prefix + "enrich",
                "--set", "sink.group.id=" + prefix + "sink",
                "--set", "piwigo.url=" + piwigo.url(), "--set", "piwigo.api.key=" + PiwigoEmulator.DEFAULT_API_KEY,
                "--set", "ingest.http.port=0", "--set", "metrics.port=0");
        run.awaitLine("photopipe is running");
        return run;
    }

    private int capture(PhotopipeProcess run, byte[] jpeg) throws Exception {
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "p.jpg", RequestBody.create(jpeg, MediaType.get("image/jpeg"))).build();
        try (Response response = http.newCall(new Request.Builder().url(run.captureUrl()).post(body).build()).execute()) {
            return response.code();
        }
    }

    private static String readiness(PhotopipeProcess run, String check) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(run.metricsUrl() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(response.body()).path("checks").path(check);
        return node.path("status").asText() + " " + node.path("detail").asText();
    }

    private static boolean uploaded(PiwigoEmulator piwigo, byte[] jpeg) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(jpeg));
        return piwigo.images().stream().anyMatch(image -> image.md5().equals(md5) && !image.inLounge());
    }
}
