package dev.photopipe.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photopipe.ingest.capture.AllowedRoots;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.capture.CaptureMetadata;
import dev.photopipe.ingest.fetch.FetchException;
import dev.photopipe.ingest.fetch.SourceFetcher;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.store.PhotoIntake;
import dev.photopipe.schemas.PhotoCaptured;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /captures}: a photo as {@code multipart/form-data} (part {@code file}, optional part
 * {@code metadata} holding capture metadata JSON), or a JSON capture pointing at a {@code file:}
 * URI below an allowed folder or an {@code http(s):} URL photopipe fetches. Answers 202 with the
 * photo id once Kafka has the event; 400 naming the field and the reason; 413 over the size
 * limit; 415 for an unsupported type; 502 when an {@code http(s):} source does not answer; 503 when
 * Kafka does not answer in time (the client retries: the same bytes get the same photo id, so a
 * retry is harmless).
 *
 * <p>Whatever the way in, photopipe reads the bytes itself: the photo id and MD5 are computed from
 * them ({@link IdentityClaims} refuses a caller's contradicting ones), and the event points at
 * the photo store, where every capture's bytes are kept through {@link PhotoIntake}: posted,
 * fetched, or copied from a {@code file:} source resolved to its real path below an allowed
 * folder ({@link AllowedRoots}, the hot folders' rule). Error bodies name no server path.
 *
 * <p>Refused requests are answered, logged and counted, not dead-lettered: the client still
 * holds the photo and is told why. Thread-safe: Jetty calls it from many threads.
 */
public final class CaptureHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JSON capture or a metadata part is a few hundred bytes; this leaves room and bounds memory. */
    static final int MAX_JSON_BYTES = 64 * 1024;
    private static final String ALLOWED_ROOTS_SETTING = "ingest.http.allowed.roots";

    private final CaptureSettings settings;
    private final PhotoIntake intake;
    private final CaptureEvents events;
    private final CapturePublisher publisher;
    private final SourceFetcher fetcher;
    private final AllowedRoots allowedRoots;

    /** @param fetcher fetches {@code http(s):} sources (it refuses them all when fetching is off) */
    public CaptureHandler(CaptureSettings settings, PhotoIntake intake, CaptureEvents events,
            CapturePublisher publisher, SourceFetcher fetcher) {
        this.settings = settings;
        this.intake = intake;
        this.events = events;
        this.publisher = publisher;
        this.fetcher = fetcher;
        this.allowedRoots = AllowedRoots.of(settings.allowedRoots());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/captures".equals(Request.getPathInContext(request))) {
            return false;
        }
        try {
            if (!HttpMethod.POST.is(request.getMethod())) {
                throw new CaptureRefused(405, null, "Use POST /captures");
            }
            long declared = request.getLength();
            if (declared > settings.maxBytes() + 64 * 1024) {
                throw tooLarge();
            }
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            PhotoCaptured event = switch (mediaType(contentType)) {
                case "multipart/form-data" -> fromMultipart(request, contentType);
                case "application/json" -> fromJson(request);
                default -> throw new CaptureRefused(415, null, "Content-Type must be multipart/form-data (a photo) or "
                        + "application/json (a capture pointing at a URI)");
            };
            publish(event);
            reply(response, callback, 202, Map.of("photoId", event.getPhotoId(), "status", "accepted"));
        } catch (CaptureRefused e) {
            LOG.info("Capture refused with {}: {}", e.status(), e.getMessage());
            ObjectNode body = JSON.createObjectNode().put("error", e.getMessage());
            if (e.field() != null) {
                body.put("field", e.field());
            }
            reply(response, callback, e.status(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(response, callback, 503, Map.of("error", "photopipe is shutting down; retry"));
        }
        return true;
    }

    private PhotoCaptured fromMultipart(Request request, String contentType) throws CaptureRefused, InterruptedException {
        MultiPartConfig config = new MultiPartConfig.Builder()
                .location(stagingDir())
                .maxPartSize(settings.maxBytes())
                .maxSize(settings.maxBytes() + 64 * 1024)
                .maxMemoryPartSize(64 * 1024)
                .maxParts(4)
                .build();
        try (MultiPartFormData.Parts parts = parts(request, contentType, config)) {
            MultiPart.Part file = parts.getFirst("file");
            if (file == null) {
                throw new CaptureRefused(400, "file", "The request has no part named 'file' holding the photo");
            }
            JsonNode metadataJson = metadataPart(parts.getFirst("metadata"));
            CaptureMetadata metadata = metadataFrom(metadataJson);
            IdentityClaims claims = IdentityClaims.from(metadataJson);
            PhotoIntake.Received received = receive(file::writeTo, claims);
            return events.build(received.uri(), file.getFileName(), received.inspection(), metadata, Map.of(),
                    settings.sourceId(), Instant.now());
        }
    }

    private static MultiPartFormData.Parts parts(Request request, String contentType, MultiPartConfig config)
            throws CaptureRefused, InterruptedException {
        try {
            return MultiPartFormData.from(request, request, contentType, config).get();
        } catch (ExecutionException e) {
            String reason = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            if (reason.toLowerCase(Locale.ROOT).contains("max")) {
                throw tooLarge();
            }
            throw new CaptureRefused(400, null, "The multipart body cannot be read: " + reason);
        }
    }

    private PhotoCaptured fromJson(Request request) throws CaptureRefused {
        JsonNode body = json(Content.Source.asInputStream(request), "The body");
        if (body == null || !body.isObject()) {
            throw new CaptureRefused(400, null, "The body must be a JSON object with at least 'sourceUri'");
        }
        CaptureMetadata metadata = metadataFrom(body);
        IdentityClaims claims = IdentityClaims.from(body);
        JsonNode given = body.get("sourceUri");
        if (given == null || !given.isTextual() || given.asText().isBlank()) {
            throw new CaptureRefused(400, "sourceUri", "Field 'sourceUri' is required: the file: or http(s): URI of the photo");
        }
        URI uri;
        try {
            uri = new URI(given.asText().strip());
        } catch (java.net.URISyntaxException e) {
            throw new CaptureRefused(400, "sourceUri", "sourceUri is not a URI (" + e.getReason() + ")");
        }
        String fileName = body.hasNonNull("fileName") ? body.get("fileName").asText() : null;
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> {
                Path real = localSource(uri);
                PhotoIntake.Received received = receive(temp -> copy(real, temp), claims);
                yield events.build(received.uri(), fileName == null ? real.getFileName().toString() : fileName,
                        received.inspection(), metadata, Map.of(), settings.sourceId(), Instant.now());
            }
            case "http", "https" -> {
                PhotoIntake.Received received = receive(temp -> fetch(uri, temp), claims);
                yield events.build(received.uri(), fileName == null ? lastSegment(uri) : fileName,
                        received.inspection(), metadata, Map.of(), settings.sourceId(), Instant.now());
            }
            default -> throw new CaptureRefused(400, "sourceUri", "sourceUri must be a file:, http: or https: URI");
        };
    }

    /** The real path of a {@code file:} source, below an allowed folder. */
    private Path localSource(URI uri) throws CaptureRefused {
        try {
            return allowedRoots.resolve(Path.of(uri));
        } catch (IllegalArgumentException e) {
            throw new CaptureRefused(400, "sourceUri", "sourceUri is not a local file URI like file:///photos/a.jpg");
        } catch (AllowedRoots.Refused e) {
            LOG.info("JSON capture of {} refused: it {} ({})", uri, e.getMessage(), e.real());
            throw new CaptureRefused(400, "sourceUri", e.notAFile()
                    ? "sourceUri does not name a regular file; point it at the photo itself"
                    : "sourceUri is not inside the folders captures may point at (links are followed). Store the photo "
                            + "in one of them, ask the operator to add its folder to " + ALLOWED_ROOTS_SETTING
                            + ", or send the photo itself as multipart/form-data");
        } catch (NoSuchFileException e) {
            throw new CaptureRefused(400, "sourceUri", "sourceUri names no existing file; check the path");
        } catch (IOException e) {
            LOG.warn("Cannot resolve the JSON capture source {}: {}", uri, e.toString());
            throw new CaptureRefused(400, "sourceUri", "photopipe cannot read the file sourceUri names; check that it "
                    + "exists and that photopipe may read it");
        }
    }

    private void fetch(URI uri, Path temp) throws CaptureRefused {
        try {
            fetcher.fetch(uri, temp);
        } catch (FetchException e) {
            int status = switch (e.problem()) {
                case REFUSED, SOURCE_REFUSED -> 400;
                case TOO_LARGE -> 413;
                case SOURCE_UNAVAILABLE -> 502;
            };
            throw new CaptureRefused(status, "sourceUri", e.getMessage());
        }
    }

    /** Through the photo storage's intake, refusing bytes that contradict the caller's claims before they are kept. */
    private PhotoIntake.Received receive(PhotoIntake.Writer<CaptureRefused> writer, IdentityClaims claims)
            throws CaptureRefused {
        try {
            return intake.receive(writer, claims::verify);
        } catch (InspectionException e) {
            throw refusal(e);
        } catch (IOException e) {
            LOG.error("Could not store a captured photo: {}", e.toString(), e);
            throw new CaptureRefused(500, null, "photopipe could not store the photo (its storage failed; the operator "
                    + "finds the reason in the log); retry later");
        }
    }

    /** A {@code file:} source, copied into the store's staging file (read once, hashed there). */
    private static void copy(Path source, Path temp) throws CaptureRefused {
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Cannot read the JSON capture source {}: {}", source, e.toString());
            throw new CaptureRefused(400, "sourceUri", "photopipe cannot read the file sourceUri names; check that it "
                    + "exists and that photopipe may read it");
        }
    }

    private Path stagingDir() throws CaptureRefused {
        try {
            return intake.store().stagingDir();
        } catch (IOException e) {
            LOG.error("Cannot create the photo store's staging folder: {}", e.toString(), e);
            throw new CaptureRefused(500, null, "photopipe could not store the photo (its storage failed; the operator "
                    + "finds the reason in the log); retry later");
        }
    }

    /** The inspection's verdict for a remote client: its advice, never the file's path or bytes. */
    private static CaptureRefused refusal(InspectionException e) {
        InspectionException.Problem problem = e.problem();
        return new CaptureRefused(problem == InspectionException.Problem.UNSUPPORTED_TYPE ? 415 : 400, "file",
                problem.advice() + " [" + problem.reason() + "]");
    }

    private static JsonNode metadataPart(MultiPart.Part part) throws CaptureRefused {
        if (part == null) {
            return null;
        }
        if (part.getLength() < 0 || part.getLength() > MAX_JSON_BYTES) {
            throw new CaptureRefused(413, "metadata", "Part 'metadata' is larger than " + MAX_JSON_BYTES / 1024 + " KB");
        }
        return parse(part.getContentAsString(StandardCharsets.UTF_8), "Part 'metadata'", "metadata");
    }

    /** Parses at most {@link #MAX_JSON_BYTES} of JSON. */
    private static JsonNode json(InputStream in, String what) throws CaptureRefused {
        byte[] bytes;
        try (in) {
            bytes = in.readNBytes(MAX_JSON_BYTES + 1);
        } catch (IOException e) {
            throw new CaptureRefused(400, null, what + " could not be read completely; send it again");
        }
        if (bytes.length > MAX_JSON_BYTES) {
            throw new CaptureRefused(413, null, what + " is larger than " + MAX_JSON_BYTES / 1024 + " KB: a JSON capture "
                    + "points at the photo, it does not hold it");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), what, null);
    }

    private static JsonNode parse(String json, String what, String field) throws CaptureRefused {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // The original message and location only: the full one would quote the body back.
            throw new CaptureRefused(400, field, what + " is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static CaptureMetadata metadataFrom(JsonNode json) throws CaptureRefused {
        if (json == null) {
            return CaptureMetadata.NONE;
        }
        try {
            return CaptureMetadata.fromJson(json);
        } catch (CaptureMetadata.InvalidField e) {
            throw new CaptureRefused(400, e.field() == null ? "metadata" : "metadata." + e.field(),
                    "metadata " + e.getMessage());
        }
    }

    /** The last segment of a URL's path, for the photo's name when the capture gives none. */
    private static String lastSegment(URI uri) {
        String path = uri.getPath();
        return path == null || path.isEmpty() ? null : path.substring(path.lastIndexOf('/') + 1);
    }

    private void publish(PhotoCaptured event) throws CaptureRefused, InterruptedException {
        try {
            publisher.publish(event).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Kafka did not take capture {} in time: {}", event.getPhotoId(), e.toString());
            throw new CaptureRefused(503, null, "Kafka is not reachable right now; retry later (the photo is stored, "
                    + "a retry does not duplicate it)");
        }
    }

    /** The media type without parameters (boundary, charset), lower case. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static CaptureRefused tooLarge() {
        return new CaptureRefused(413, "file", "The photo is larger than the limit set by ingest.http.max.bytes");
    }

    private static void reply(Response response, Callback callback, int status, Object body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (status == 503 || status == 502) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        }
        try {
            Content.Sink.write(response, true, JSON.writeValueAsString(body), callback);
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
    }
}
