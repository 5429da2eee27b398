package dev.photopipe.sink.piwigo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.ExecutionContext;
import dev.photopipe.sink.piwigo.PiwigoException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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

/**
 * Uploads one file chunk by chunk, reading one chunk at a time from disk: memory stays at one
 * chunk whatever the file size. The chunk size is fixed for the whole file (addChunk + add
 * would silently store a corrupt image if it changed between attempts). Not thread-safe: one
 * instance per upload.
 */
final class ChunkedUpload {
    private static final String UPLOAD_ASYNC = "pwg.images.uploadAsync";

    private final WsTransport transport;
    private final PhotoUpload photo;
    private final int chunkSize;
    private final Function<String, Long> exists;
    /** Chunks the server said it lacks when the last chunk did not complete the set. */
    private Set<Integer> serverLacks = Set.of();

    ChunkedUpload(WsTransport transport, PhotoUpload photo, int chunkSize, Function<String, Long> exists) {
        this.transport = transport;
        this.photo = photo;
        this.chunkSize = chunkSize;
        this.exists = exists;
    }

    /**
     * {@code pwg.images.uploadAsync}: chunks 0..n-2 each retried on their own, then the merging
     * last chunk. Before any retry of the last chunk, {@code pwg.images.exist} tells whether the
     * image was created anyway (a timeout after the server committed the row).
     */
    long uploadAsync() {
        try (FileChannel file = FileChannel.open(photo.source(), StandardOpenOption.READ)) {
            long size = file.size();
            int chunks = chunkCount(size);
            for (int i = 0; i < chunks - 1; i++) {
                int chunk = i;
                transport.retrying(ctx -> sendAsync(file, size, chunk, chunks));
            }
            return transport.retrying(ctx -> {
                Long existing = existingAfterFailure(ctx);
                if (existing != null) {
                    return existing;
                }
                for (int lacking : serverLacks) {
                    sendAsync(file, size, lacking, chunks);
                }
                JsonNode answer = sendAsync(file, size, chunks - 1, chunks);
                Long id = Answers.id(answer.get("id"));
                if (id != null) {
                    return id;
                }
                serverLacks = lacking(answer.path("message").asText(""), chunks);
                throw new PiwigoException(Kind.TRANSIENT, UPLOAD_ASYNC, 200, 0,
                        "last chunk did not complete the set, server lacks chunks " + serverLacks, null);
            });
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Piwigo before 11: {@code pwg.images.addChunk} for each position, then {@code pwg.images.add}. */
    long addChunksThenAdd() {
        try (FileChannel file = FileChannel.open(photo.source(), StandardOpenOption.READ)) {
            long size = file.size();
            int chunks = chunkCount(size);
            for (int i = 0; i < chunks; i++) {
                int chunk = i;
                transport.retrying(ctx -> transport.once("pwg.images.addChunk", Params.of("original_sum", photo.md5())
                        .add("type", "file")
                        .add("position", chunk + 1)
                        .add("data", Base64.getEncoder().encodeToString(read(file, size, chunk))), null, null));
            }
            return transport.retrying(ctx -> {
                Long existing = existingAfterFailure(ctx);
                if (existing != null) {
                    return existing;
                }
                JsonNode answer = transport.once("pwg.images.add", Params.of("original_sum", photo.md5())
                        .add("original_filename", photo.fileName())
                        .add("name", photo.title())
                        .add("categories", photo.albumId())
                        .add("tag_ids", join(photo.tagIds()))
                        .add("comment", photo.description())
                        .add("level", photo.privacyLevel())
                        .add("check_uniqueness", "true"), null, null);
                return Answers.id(answer.get("image_id"));
            });
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private Long existingAfterFailure(ExecutionContext<Long> ctx) {
        return ctx.isFirstAttempt() ? null : exists.apply(photo.md5());
    }

    private JsonNode sendAsync(FileChannel file, long size, int chunk, int chunks) {
        byte[] data = read(file, size, chunk);
        // Metadata goes with every chunk: only the request that completes the set is used, and
        // which one that is depends on retries.
        Params params = Params.of("chunk", chunk).add("chunks", chunks)
                .add("chunk_sum", md5(data))
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
        return transport.once(UPLOAD_ASYNC, params, data, photo.fileName());
    }

    private int chunkCount(long size) {
        return (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
    }

    private byte[] read(FileChannel file, long size, int chunk) {
        long offset = (long) chunk * chunkSize;
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkSize, size - offset));
        try {
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
