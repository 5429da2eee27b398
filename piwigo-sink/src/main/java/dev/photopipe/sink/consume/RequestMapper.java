package dev.photopipe.sink.consume;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.sink.source.PhotoSource;
import dev.photopipe.sink.source.SourceProblem;
import dev.photopipe.sink.source.StagedPhoto;
import dev.photopipe.sink.upload.UploadRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Maps the Avro {@code UploadRequest} onto the uploader's plain {@link UploadRequest} and checks
 * its source before any call to Piwigo, so that a bad record fails with its own reason code
 * rather than with whatever Piwigo would make of it. Stateless and thread-safe.
 */
final class RequestMapper {
    private static final byte[] JPEG_START = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] JPEG_END = {(byte) 0xFF, (byte) 0xD9};
    /** Piwigo's stock {@code available_permission_levels}. */
    private static final List<Integer> PRIVACY_LEVELS = List.of(0, 1, 2, 4, 8);
    private static final byte[] PNG_START = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** A request ready for the uploader, with the size of its source. */
    record Mapped(UploadRequest request, long sizeBytes) {
    }

    private RequestMapper() {
    }

    /**
     * The photo's bytes as a local file checked against the event's MD5 (see {@link PhotoSource});
     * close it after the upload.
     *
     * @throws RejectedRequest the source is unusable: missing ({@code SOURCE_MISSING}), unreadable,
     *     other bytes than announced ({@code CORRUPT_IMAGE})
     * @throws StoreUnavailable the photo store did not answer: not the record's fault
     */
    static StagedPhoto stage(dev.photopipe.schemas.UploadRequest avro, PhotoSource source) {
        PhotoCaptured photo = avro.getPhoto();
        try {
            return source.stage(photo.getSourceUri(), photo.getMd5(), photo.getSizeBytes());
        } catch (SourceProblem e) {
            throw switch (e.kind()) {
                case MISSING -> new RejectedRequest(ReasonCode.SOURCE_MISSING, e.getMessage(), e);
                case UNREADABLE -> new RejectedRequest(ReasonCode.SOURCE_UNREADABLE, e.getMessage(), e);
                case MD5_MISMATCH -> new RejectedRequest(ReasonCode.CORRUPT_IMAGE, e.getMessage(), e);
                case UNAVAILABLE -> new StoreUnavailable(e.getMessage(), e);
            };
        }
    }

    /** @throws RejectedRequest the source is unusable: missing, unreadable, corrupt */
    static Mapped map(dev.photopipe.schemas.UploadRequest avro, Path source) {
        PhotoCaptured photo = avro.getPhoto();
        if (!PRIVACY_LEVELS.contains(avro.getPrivacyLevel())) {
            // Piwigo would refuse it (or, with a custom level list, hide the photo unexpectedly).
            throw new RejectedRequest(ReasonCode.INVALID_METADATA,
                    "privacy level " + avro.getPrivacyLevel() + " is not one of " + PRIVACY_LEVELS, null);
        }
        String fileName = photo.getOriginalFileName();
        long size = check(source, fileName);
        String title = avro.getTitle() != null ? avro.getTitle() : fileName;
        return new Mapped(new UploadRequest(photo.getMd5(), source, fileName, title, avro.getAlbumPath(),
                avro.getTags(), avro.getDescription(), avro.getPrivacyLevel()), size);
    }

    /** Reads only the first and last bytes: memory and time stay flat whatever the file size. */
    private static long check(Path source, String fileName) {
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = channel.size();
            String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            boolean valid = switch (extension) {
                case "jpg", "jpeg" -> startsWith(channel, 0, JPEG_START) && startsWith(channel, size - 2, JPEG_END);
                case "png" -> startsWith(channel, 0, PNG_START);
                default -> true; // Piwigo decides on other types (e.g. 415 for a forbidden one)
            };
            if (!valid) {
                throw new RejectedRequest(ReasonCode.CORRUPT_IMAGE,
                        "not a valid ." + extension + " file (start or end marker missing): " + source, null);
            }
            return size;
        } catch (NoSuchFileException e) {
            throw new RejectedRequest(ReasonCode.SOURCE_MISSING, "source file missing: " + source, e);
        } catch (AccessDeniedException e) {
            throw new RejectedRequest(ReasonCode.SOURCE_UNREADABLE, "source file not readable: " + source, e);
        } catch (IOException e) {
            throw new RejectedRequest(ReasonCode.SOURCE_UNREADABLE, "cannot read source " + source + ": " + e, e);
        }
    }

    private static boolean startsWith(FileChannel channel, long position, byte[] expected) throws IOException {
        if (position < 0) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.allocate(expected.length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return false;
            }
        }
        return Arrays.equals(buffer.array(), expected);
    }
}
