package dev.photopipe.sink.piwigo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photopipe.sink.piwigo.PiwigoException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one file chunk by chunk, streaming each chunk from disk (its md5 is computed by a
 * first read): memory stays flat whatever the file or chunk size. The chunk size comes from the
 * client's {@link ChunkLimit}: as large as the server takes, so a photo is usually one request.
 * Not thread-safe: one instance per upload.
 */
final class ChunkedUpload {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedUpload.class);
    private static final String UPLOAD_ASYNC = "pwg.images.uploadAsync";
    private static final int READ_BUFFER = 64 * 1024;

    /** What the merging request gave: the image id, and Piwigo's getInfo object when it answered. */
    record Merged(long id, JsonNode info) {
    }

    private final WsTransport transport;
    private final PhotoUpload photo;
    private final ChunkLimit limit;
    private final long floor;
    private final Function<String, Long> exists;
    /** Chunks the server said it lacks when the last chunk did not complete the set. */
    private Set<Integer> serverLacks = Set.of();

    /**
     * @param floor the server's chunk hint: the learned limit never goes below it
     */
    ChunkedUpload(WsTransport transport, PhotoUpload photo, ChunkLimit limit, long floor, Function<String, Long> exists) {
        this.transport = transport;
        this.photo = photo;
        this.limit = limit;
        this.floor = floor;
        this.exists = exists;
    }

    /**
     * {@code pwg.images.uploadAsync}: chunks 0..n-2 each retried on their own, then the merging
     * last chunk. Before any retry of the last chunk, {@code pwg.images.exist} tells whether the
     * image was created anyway (a timeout after the server committed the row). A chunk refused for
     * its size starts the file again with smaller chunks: Piwigo names chunk files after their
     * count ({@code md5-uID-001of002.chunk}), so a set of another size never mixes with this one.
     */
    Merged uploadAsync() {
        long size = fileSize();
        while (true) {
            int chunks = chunkCount(size, limit.current(floor));
            long chunkSize = evenChunk(size, chunks);
            serverLacks = Set.of();
            try {
                return uploadAsync(size, chunks, chunkSize);
            } catch (PiwigoException e) {
                long sent = Math.min(chunkSize, size);
                if (!(refusedForSize(e) && limit.refused(sent, floor))) {
                    throw e;
                }
                LOG.info("Piwigo refused a {}-byte chunk ({}): trying chunks of at most {} bytes", sent,
                        e.getMessage(), limit.current(floor));
            }
        }
    }

    private Merged uploadAsync(long size, int chunks, long chunkSize) {
        for (int i = 0; i < chunks - 1; i++) {
            int chunk = i;
            transport.retrying(ctx -> sendAsync(size, chunkSize, chunk, chunks));
        }
        return transport.retrying(ctx -> {
            if (!ctx.isFirstAttempt()) {
                Long existing = exists.apply(photo.md5());
                if (existing != null) {
                    return new Merged(existing, null);
                }
            }
            for (int lacking : serverLacks) {
                sendAsync(size, chunkSize, lacking, chunks);
            }
            JsonNode answer = sendAsync(size, chunkSize, chunks - 1, chunks);
            Long id = Answers.id(answer.get("id"));
            if (id != null) {
                return new Merged(id, answer);
            }
            serverLacks = lacking(answer.path("message").asText(""), chunks);
            throw new PiwigoException(Kind.TRANSIENT, UPLOAD_ASYNC, 200, 0,
                    "last chunk did not complete the set, server lacks chunks " + serverLacks, null);
        });
    }

    /**
     * What PHP's size limits look like through Piwigo: HTTP 413 from a proxy; err 1002 (PHP
     * dropped the whole body above post_max_size, so every parameter is "missing"); err 500 "MD5
     * checksum chunk file mismatched" (PHP kept no file above upload_max_filesize).
     */
    static boolean refusedForSize(PiwigoException e) {
        return e.httpStatus() == 413 || e.errorCode() == 1002
                || e.errorCode() == 500 && e.getMessage().contains("chunk file mismatched");
    }

    /** Piwigo before 11: {@code pwg.images.addChunk} for each position, then {@code pwg.images.add}. */
    long addChunksThenAdd() {
        long size = fileSize();
        // addChunk + add merges whatever chunk files exist for the md5: one fixed size, the hint.
        long chunkSize = floor;
        int chunks = chunkCount(size, chunkSize);
        for (int i = 0; i < chunks; i++) {
            int chunk = i;
            transport.retrying(ctx -> transport.once("pwg.images.addChunk", Params.of("original_sum", photo.md5())
                    .add("type", "file")
                    .add("position", chunk + 1)
                    .add("data", Base64.getEncoder().encodeToString(read(size, chunkSize, chunk))), null));
        }
        return transport.retrying(ctx -> {
            if (!ctx.isFirstAttempt()) {
                Long existing = exists.apply(photo.md5());
                if (existing != null) {
                    return existing;
                }
            }
            JsonNode answer = transport.once("pwg.images.add", Params.of("original_sum", photo.md5())
                    .add("original_filename", photo.fileName())
                    .add("name", photo.title())
                    .add("categories", photo.albumId())
                    .add("tag_ids", join(photo.tagIds()))
                    .add("comment", photo.description())
                    .add("level", photo.privacyLevel())
                    .add("check_uniqueness", "true"), null);
            return Answers.id(answer.get("image_id"));
        });
    }

    private JsonNode sendAsync(long size, long chunkSize, int chunk, int chunks) {
        long offset = chunk * chunkSize;
        long length = Math.min(chunkSize, size - offset);
        // Metadata goes with every chunk: only the request that completes the set is used, and
        // which one that is depends on retries.
        Params params = Params.of("chunk", chunk).add("chunks", chunks)
                .add("chunk_sum", md5(offset, length))
                .add("original_sum", photo.md5())
                .add("filename", photo.fileName())
                .add("name", photo.title())
                .add("category", photo.albumId())
                .add("tag_ids", join(photo.tagIds()))
                .add("comment", photo.description())
                .add("level", photo.privacyLevel());
        // No username/password fields: the API key header or the session cookie authenticates.
        // On Piwigo those fields log in again on every chunk, which replaces the session (and
        // its pwg_token) that every other call of this client relies on.
        JsonNode answer = transport.once(UPLOAD_ASYNC, params,
                new WsTransport.FilePart(photo.source(), offset, length, photo.fileName()));
        limit.accepted(length);
        return answer;
    }

    private long fileSize() {
        try {
            return Files.size(photo.source());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    static int chunkCount(long size, long chunkSize) {
        return (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
    }

    /** The same number of chunks, evenly sized: 3.4 MB under a 2 MB limit is two 1.7 MB chunks. */
    static long evenChunk(long size, int chunks) {
        return Math.max(1, (size + chunks - 1) / chunks);
    }

    /** md5 of a file region, read in small pieces. */
    private String md5(long offset, long length) {
        try (FileChannel file = FileChannel.open(photo.source(), StandardOpenOption.READ)) {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
            long position = offset;
            long end = offset + length;
            while (position < end) {
                buffer.clear().limit((int) Math.min(READ_BUFFER, end - position));
                int n = file.read(buffer, position);
                if (n < 0) {
                    throw new EOFException("file shrank during upload");
                }
                buffer.flip();
                digest.update(buffer);
                position += n;
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw unreadable(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** One whole chunk in memory: only for addChunk, whose chunks are base64 form fields of the hint's size. */
    private byte[] read(long size, long chunkSize, int chunk) {
        long offset = chunk * chunkSize;
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkSize, size - offset));
        try (FileChannel file = FileChannel.open(photo.source(), StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (file.read(buffer, offset + buffer.position()) < 0) {
                    throw new EOFException("file shrank during upload");
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return buffer.array();
    }

    /** "chunks uploaded = 1,3" (1-based) -> the 0-based chunks, last excluded, the server lacks. */
    static Set<Integer> lacking(String message, int chunks) {
        Set<Integer> have = new TreeSet<>();
        int eq = message.indexOf('=');
        if (eq >= 0) {
            for (String n : message.substring(eq + 1).split(",")) {
                if (!n.isBlank()) {
                    have.add(Integer.parseInt(n.trim()) - 1);
                }
            }
        }
        Set<Integer> lacking = new TreeSet<>();
        for (int i = 0; i < chunks - 1; i++) {
            if (!have.contains(i)) {
                lacking.add(i);
            }
        }
        return lacking;
    }

    private PiwigoException unreadable(IOException e) {
        // A missing or unreadable source is this record's problem, not the server's.
        String what = e instanceof NoSuchFileException ? "source file missing" : "source file unreadable";
        return new PiwigoException(Kind.PERMANENT, UPLOAD_ASYNC, 0, 0, what + ": " + photo.source(),
                new UncheckedIOException(e));
    }

    static String join(Iterable<Long> ids) {
        return java.util.stream.StreamSupport.stream(ids.spliterator(), false).map(String::valueOf)
                .collect(Collectors.joining(","));
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

}
