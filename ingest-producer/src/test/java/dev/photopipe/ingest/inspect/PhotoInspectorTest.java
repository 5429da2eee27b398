package dev.photopipe.ingest.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.ingest.inspect.InspectionException.Problem;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhotoInspectorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final PhotoInspector inspector = PhotoInspector.create(Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path dir;

    @Test
    void hashesMatchIndependentDigestsOfTheWholeFile() throws Exception {
        // Larger than the read buffer, so the hash spans several reads.
        byte[] jpeg = new SyntheticJpeg().size(1600, 1200).seed(7).toBytes();
        assertThat(jpeg.length).isGreaterThan(64 * 1024);
        Path file = write("large.jpg", jpeg);

        Inspection inspection = inspector.inspect(file);

        assertThat(inspection.sha256Hex()).isEqualTo(hex("SHA-256", jpeg));
        assertThat(inspection.md5Hex()).isEqualTo(hex("MD5", jpeg));
        assertThat(inspection.sizeBytes()).isEqualTo(jpeg.length);
        assertThat(inspection.kind()).isEqualTo(MediaKind.JPEG);
    }

    @Test
    void readsTheExifWrittenByTheCamera() throws Exception {
        Instant taken = Instant.parse("2026-11-20T08:15:30Z");
        Path file = write("exif.jpg", new SyntheticJpeg().size(320, 240).seed(1).captureTime(taken)
                .exifOrientation(6).camera("Basler", "ace 2").gps(48.137, 11.575).toBytes());

        Inspection inspection = inspector.inspect(file);

        assertThat(inspection.exifCaptureTime()).contains(taken);
        assertThat(inspection.exif()).hasValueSatisfying(exif -> {
            assertThat(exif.getMake()).isEqualTo("Basler");
            assertThat(exif.getModel()).isEqualTo("ace 2");
            assertThat(exif.getExifOrientation()).isEqualTo(6);
            assertThat(exif.getWidthPixels()).isEqualTo(320);
            assertThat(exif.getHeightPixels()).isEqualTo(240);
            assertThat(exif.getLatitude()).isCloseTo(48.137, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(exif.getLongitude()).isCloseTo(11.575, org.assertj.core.data.Offset.offset(1e-4));
        });
        assertThat(inspection.warnings()).isEmpty();
    }

    @Test
    void ignoresAnExifCaptureTimeFromTheFutureAndSaysWhy() throws Exception {
        Path file = write("lying.jpg", new SyntheticJpeg().seed(2).captureTime(Instant.parse("2031-01-01T00:00:00Z")).toBytes());

        Inspection inspection = inspector.inspect(file);

        assertThat(inspection.exifCaptureTime()).isEmpty();
        assertThat(inspection.warnings()).singleElement().asString().contains("2031-01-01", "implausible");
    }

    @Test
    void differentPicturesGetDifferentIdsAndTheSameBytesTheSameId() throws Exception {
        Path a = write("a.jpg", new SyntheticJpeg().seed(1).toBytes());
        Path b = write("b.jpg", new SyntheticJpeg().seed(2).toBytes());
        Path aCopy = write("a-copy.jpg", Files.readAllBytes(a));

        assertThat(inspector.inspect(a).sha256Hex())
                .isNotEqualTo(inspector.inspect(b).sha256Hex())
                .isEqualTo(inspector.inspect(aCopy).sha256Hex());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "89504e470d0a1a0a0000000d49484452, PNG",
        "52494646000000005745425056503820, WEBP",
        "0000001c667479706865696300000000, HEIC",
        "00000020667479706973006f6d000000, ",
        "0000001c6674797069736f6d00000000, MP4",
        "00000014667479707174202000000000, MOV"
    })
    void recognisesFormatsByContentNotByName(String headHex, MediaKind expected) {
        byte[] head = HexFormat.of().parseHex(headHex);
        assertThat(MediaKind.sniff(head, head.length).orElse(null)).isEqualTo(expected);
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path file = write("empty.jpg", new byte[0]);
        assertThatThrownBy(() -> inspector.inspect(file))
                .isInstanceOfSatisfying(InspectionException.class, e -> assertThat(e.problem()).isEqualTo(Problem.EMPTY_FILE))
                .hasMessageContaining("empty.jpg").hasMessageContaining("0 bytes");
    }

    @Test
    void refusesATruncatedJpeg() throws Exception {
        byte[] jpeg = new SyntheticJpeg().seed(3).toBytes();
        Path file = write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        assertThatThrownBy(() -> inspector.inspect(file))
                .isInstanceOfSatisfying(InspectionException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TRUNCATED))
                .hasMessageContaining("cut.jpg").hasMessageContaining("copy it again");
    }

    @Test
    void refusesATextFileNamedLikeAPhoto() throws Exception {
        Path file = write("notes.jpg", "not a photo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> inspector.inspect(file))
                .isInstanceOfSatisfying(InspectionException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_TYPE))
                .hasMessageContaining("notes.jpg").hasMessageContaining("JPEG, PNG, WebP, HEIC, MP4, MOV");
    }

    @Test
    void reportsAFileThatVanished() {
        Path file = dir.resolve("gone.jpg");
        assertThatThrownBy(() -> inspector.inspect(file))
                .isInstanceOfSatisfying(InspectionException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREADABLE))
                .hasMessageContaining("gone.jpg");
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
