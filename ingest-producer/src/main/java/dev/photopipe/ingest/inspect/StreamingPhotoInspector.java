package dev.photopipe.ingest.inspect;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import dev.photopipe.schemas.ExifSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Hashes, sniffs and checks a file in one sequential read with a fixed buffer, so memory stays
 * flat whatever the file size; EXIF is then read by metadata-extractor, which only reads the
 * file's metadata segments.
 */
final class StreamingPhotoInspector implements PhotoInspector {
    private static final int BUFFER_BYTES = 64 * 1024;
    /** EXIF dates before digital cameras existed are a reset clock, not a capture time. */
    private static final Instant EARLIEST_PLAUSIBLE = Instant.parse("1990-01-01T00:00:00Z");
    /** Camera clocks drift; a day ahead is a wrong time zone, more is a wrong clock. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final HexFormat HEX = HexFormat.of();

    private final Clock clock;

    StreamingPhotoInspector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Inspection inspect(Path file) throws InspectionException {
        try (InputStream in = Files.newInputStream(file)) {
            return inspect(in, OutputStream.nullOutputStream(), file, file);
        } catch (NoSuchFileException e) {
            throw vanished(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    @Override
    public Inspection inspectCopy(InputStream source, Path copy, Path name) throws InspectionException, IOException {
        try (OutputStream out = Files.newOutputStream(copy)) {
            return inspect(source, out, copy, name);
        }
    }

    /** Hashes, sniffs and checks {@code in} while writing it to {@code out}; EXIF from {@code exifFrom}. */
    private Inspection inspect(InputStream in, OutputStream out, Path exifFrom, Path name) throws InspectionException,
            IOException {
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest md5 = digest("MD5");
        byte[] head = new byte[MediaKind.SNIFF_BYTES];
        int headLength = 0;
        // The last two bytes, to see a JPEG's end-of-image marker without a second read.
        int secondLast = -1;
        int last = -1;
        long size = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = read(in, buffer, name)) > 0) {
            sha256.update(buffer, 0, n);
            md5.update(buffer, 0, n);
            out.write(buffer, 0, n);
            if (headLength < head.length) {
                int copy = Math.min(n, head.length - headLength);
                System.arraycopy(buffer, 0, head, headLength, copy);
                headLength += copy;
            }
            secondLast = n >= 2 ? buffer[n - 2] & 0xFF : last;
            last = buffer[n - 1] & 0xFF;
            size += n;
        }
        out.flush();
        if (size == 0) {
            throw new InspectionException(name, InspectionException.Problem.EMPTY_FILE,
                    "is empty (0 bytes); the copy into the folder probably failed");
        }
        MediaKind kind = MediaKind.sniff(head, headLength).orElse(null);
        if (kind == null) {
            throw new InspectionException(name, InspectionException.Problem.UNSUPPORTED_TYPE,
                    "is not a supported photo or video (JPEG, PNG, WebP, HEIC, MP4, MOV); its content starts with "
                            + HEX.formatHex(head, 0, Math.min(headLength, 8)));
        }
        if (kind == MediaKind.JPEG && !(secondLast == 0xFF && last == 0xD9)) {
            throw new InspectionException(name, InspectionException.Problem.TRUNCATED,
                    "is a JPEG without its end-of-image marker: the file was cut short; copy it again");
        }
        List<String> warnings = new ArrayList<>();
        ExifReading exif = readExif(exifFrom, warnings);
        return new Inspection(HEX.formatHex(sha256.digest()), HEX.formatHex(md5.digest()), size, kind,
                exif.summary(), exif.captureTime(), warnings);
    }

    /** A read of the source; its failures are the source's (UNREADABLE), not the copy's. */
    private static int read(InputStream in, byte[] buffer, Path name) throws InspectionException {
        try {
            return in.read(buffer);
        } catch (NoSuchFileException e) {
            throw vanished(name, e);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static InspectionException vanished(Path file, IOException e) {
        return new InspectionException(file, InspectionException.Problem.UNREADABLE,
                "the file vanished before it could be read", e);
    }

    private static InspectionException unreadable(Path file, IOException e) {
        return new InspectionException(file, InspectionException.Problem.UNREADABLE,
                "cannot be read (" + e.getMessage() + "); check the file's permissions", e);
    }

    private record ExifReading(Optional<ExifSummary> summary, Optional<Instant> captureTime) {
    }

    private ExifReading readExif(Path file, List<String> warnings) {
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(file.toFile());
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            // A photo without readable metadata is still a photo: upload it, say why EXIF is absent.
            warnings.add("EXIF unreadable: " + e.getMessage());
            return new ExifReading(Optional.empty(), Optional.empty());
        }
        ExifSummary.Builder summary = ExifSummary.newBuilder();
        boolean any = false;
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (ifd0 != null) {
            summary.setMake(trimmed(ifd0.getString(ExifIFD0Directory.TAG_MAKE)));
            summary.setModel(trimmed(ifd0.getString(ExifIFD0Directory.TAG_MODEL)));
            Integer orientation = integer(ifd0, ExifIFD0Directory.TAG_ORIENTATION);
            if (orientation != null && (orientation < 1 || orientation > 8)) {
                warnings.add("EXIF orientation " + orientation + " is not 1-8; ignored");
                orientation = null;
            }
            summary.setExifOrientation(orientation);
            any = true;
        }
        Optional<Instant> captureTime = Optional.empty();
        ExifSubIFDDirectory sub = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        if (sub != null) {
            summary.setWidthPixels(positive(integer(sub, ExifSubIFDDirectory.TAG_EXIF_IMAGE_WIDTH), "width", warnings));
            summary.setHeightPixels(positive(integer(sub, ExifSubIFDDirectory.TAG_EXIF_IMAGE_HEIGHT), "height", warnings));
            // EXIF dates carry no zone; UTC is the documented assumption unless a sidecar says otherwise.
            java.util.Date original = sub.getDateOriginal(TimeZone.getTimeZone("UTC"));
            if (original != null) {
                captureTime = plausible(original.toInstant(), warnings);
            }
            any = true;
        }
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        if (gps != null) {
            GeoLocation location = gps.getGeoLocation();
            if (location != null && !location.isZero()
                    && Math.abs(location.getLatitude()) <= 90 && Math.abs(location.getLongitude()) <= 180) {
                summary.setLatitude(location.getLatitude());
                summary.setLongitude(location.getLongitude());
                any = true;
            } else if (location != null) {
                warnings.add("EXIF GPS position " + location + " is not on Earth; ignored");
            }
        }
        return new ExifReading(any ? Optional.of(summary.build()) : Optional.empty(), captureTime);
    }

    private Optional<Instant> plausible(Instant time, List<String> warnings) {
        if (time.isBefore(EARLIEST_PLAUSIBLE) || time.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            warnings.add("EXIF capture time " + time + " is implausible (camera clock not set?); ignored");
            return Optional.empty();
        }
        return Optional.of(time);
    }

    private static Integer positive(Integer value, String what, List<String> warnings) {
        if (value != null && value <= 0) {
            warnings.add("EXIF " + what + " " + value + " is not positive; ignored");
            return null;
        }
        return value;
    }

    private static Integer integer(Directory directory, int tag) {
        return directory.containsTag(tag) ? directory.getInteger(tag) : null;
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5 and SHA-256 (MessageDigest Javadoc).
            throw new IllegalStateException(algorithm + " missing from this JVM", e);
        }
    }
}
