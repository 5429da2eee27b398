package dev.photopipe.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.capture.CaptureMetadata;
import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.store.PhotoStore;
import dev.photopipe.schemas.PhotoCaptured;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
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
 * {@code metadata} holding capture metadata JSON), or a JSON capture pointing at a URI the sink
 * can read. Answers 202 with the photo id once Kafka has the event; 400 naming the field and the
 * reason; 413 over the size limit; 415 for an unsupported type; 503 when Kafka does not answer
 * in time (the client retries: the same bytes get the same photo id, so a retry is harmless).
 *
 * <p>Refused requests are answered, logged and counted, not dead-lettered: the client still
 * holds the photo and is told why.
 */
public final class CaptureHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

    private final CaptureSettings settings;
    private final PhotoStore store;
    private final PhotoInspector inspector;
    private final CaptureEvents events;
    private final CapturePublisher publisher;

    public CaptureHandler(CaptureSettings settings, PhotoStore store, PhotoInspector inspector, CaptureEvents events,
            CapturePublisher publisher) {
        this.settings = settings;
        this.store = store;
        this.inspector = inspector;
        this.events = events;
        this.publisher = publisher;
    }

    /** A request refused with a status and a message for the client. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String field;

        Refused(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/captures".equals(Request.getPathInContext(request))) {
            return false;
        }
        try {
            if (!HttpMethod.POST.is(request.getMethod())) {
                throw new Refused(405, null, "Use POST /captures");
            }
            long declared = request.getLength();
            if (declared > settings.maxBytes() + 64 * 1024) {
                throw tooLarge();
            }
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            String mime = mediaType(contentType);
            PhotoCaptured event = switch (mime) {
                case "multipart/form-data" -> fromMultipart(request, contentType);
                case "application/json" -> fromJson(request);
                default -> throw new Refused(415, null, "Content-Type must be multipart/form-data (a photo) or "
                        + "application/json (a capture pointing at a URI), was '" + contentType + "'");
            };
            publish(event);
            reply(response, callback, 202, Map.of("photoId", event.getPhotoId(), "status", "accepted"));
        } catch (Refused e) {
            LOG.info("Capture refused with {}: {}", e.status, e.getMessage());
            ObjectNode body = JSON.createObjectNode().put("error", e.getMessage());
            if (e.field != null) {
                body.put("field", e.field);
            }
            reply(response, callback, e.status, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(response, callback, 503, Map.of("error", "photopipe is shutting down; retry"));
        }
        return true;
    }

    private PhotoCaptured fromMultipart(Request request, String contentType) throws Refused, InterruptedException {
        MultiPartConfig config = new MultiPartConfig.Builder()
                .location(store.root().resolve(".incoming"))
                .maxPartSize(settings.maxBytes())
                .maxSize(settings.maxBytes() + 64 * 1024)
                .maxMemoryPartSize(64 * 1024)
                .maxParts(4)
                .build();
        Path temp = null;
        try (MultiPartFormData.Parts parts = parts(request, contentType, config)) {
            MultiPart.Part file = parts.getFirst("file");
            if (file == null) {
                throw new Refused(400, "file", "The request has no part named 'file' holding the photo");
            }
            CaptureMetadata metadata = metadata(parts.getFirst("metadata"));
            temp = store.newTempFile();
            file.writeTo(temp);
            Inspection inspection = inspect(temp);
            Path stored = store.keep(temp, inspection);
            String name = file.getFileName() == null ? stored.getFileName().toString() : file.getFileName();
            return events.build(stored.toUri(), name, inspection, metadata, Map.of(), settings.sourceId(), Instant.now());
        } catch (IOException e) {
            throw new Refused(500, null, "Could not store the photo: " + e.getMessage());
        } finally {
            deleteQuietly(temp);
        }
    }

    private static MultiPartFormData.Parts parts(Request request, String contentType, MultiPartConfig config)
            throws Refused, InterruptedException {
        try {
            return MultiPartFormData.from(request, request, contentType, config).get();
        } catch (ExecutionException e) {
            String reason = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            if (reason.toLowerCase(Locale.ROOT).contains("max")) {
                throw tooLarge();
            }
            throw new Refused(400, null, "The multipart body cannot be read: " + reason);
        }
    }

    private PhotoCaptured fromJson(Request request) throws Refused {
        JsonNode body;
        try {
            body = JSON.readTree(Content.Source.asInputStream(request));
        } catch (IOException e) {
            throw new Refused(400, null, "The body is not valid JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new Refused(400, null, "The body must be a JSON object with at least 'sourceUri'");
        }
        CaptureMetadata metadata = metadataFrom(body);
        URI uri;
        try {
            uri = URI.create(required(body, "sourceUri"));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "sourceUri", "sourceUri is not a URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            Path path = Path.of(uri).toAbsolutePath().normalize();
            if (settings.allowedRoots().stream().noneMatch(path::startsWith)) {
                throw new Refused(400, "sourceUri", "sourceUri " + uri + " is outside the folders captures may point at "
                        + settings.allowedRoots() + "; store the photo there or add its folder to ingest.http.allowed.roots");
            }
            Inspection inspection = inspect(path);
            String name = body.hasNonNull("fileName") ? body.get("fileName").asText() : path.getFileName().toString();
            return events.build(uri, name, inspection, metadata, Map.of(), settings.sourceId(), Instant.now());
        }
        if (scheme.equals("http") || scheme.equals("https")) {
            // The bytes are not here to hash: the caller vouches for identity and size.
            String photoId = matching(body, "photoId", SHA256, "lower-case hex SHA-256 of the bytes");
            String md5 = matching(body, "md5", MD5, "lower-case hex MD5 of the bytes");
            long size = body.path("sizeBytes").asLong(-1);
            if (size <= 0) {
                throw new Refused(400, "sizeBytes", "sizeBytes must be the photo's positive size in bytes");
            }
            String mediaType = required(body, "mediaType");
            String name = body.hasNonNull("fileName") ? body.get("fileName").asText() : Path.of(uri.getPath()).getFileName().toString();
            Instant now = Instant.now();
            return PhotoCaptured.newBuilder()
                    .setPhotoId(photoId).setMd5(md5).setSizeBytes(size).setMediaType(mediaType)
                    .setSourceUri(uri.toString()).setOriginalFileName(name)
                    .setCaptureTime(metadata.captureTime().orElse(now))
                    .setSourceId(metadata.camera().orElse(settings.sourceId()))
                    .setSite(metadata.site().orElse(null)).setLine(metadata.line().orElse(null))
                    .setStation(metadata.station().orElse(null)).setBatchId(metadata.batch().orElse(null))
                    .setAttributes(metadata.attributes())
                    .setIngestTime(now)
                    .build();
        }
        throw new Refused(400, "sourceUri", "sourceUri must be a file:, http: or https: URI, was " + uri);
    }

    private Inspection inspect(Path file) throws Refused {
        try {
            return inspector.inspect(file);
        } catch (InspectionException e) {
            String message = e.getMessage().replace(file.toString(), "the photo");
            if (e.problem() == InspectionException.Problem.UNSUPPORTED_TYPE) {
                throw new Refused(415, "file", message);
            }
            throw new Refused(400, "file", message + " [" + e.problem() + "]");
        }
    }

    private static CaptureMetadata metadata(MultiPart.Part part) throws Refused {
        if (part == null) {
            return CaptureMetadata.NONE;
        }
        try {
            return metadataFrom(JSON.readTree(part.getContentAsString(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new Refused(400, "metadata", "Part 'metadata' is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static CaptureMetadata metadataFrom(JsonNode json) throws Refused {
        try {
            return CaptureMetadata.fromJson(json);
        } catch (CaptureMetadata.InvalidField e) {
            throw new Refused(400, e.field() == null ? "metadata" : "metadata." + e.field(), "metadata " + e.getMessage());
        }
    }

    private static String required(JsonNode body, String field) throws Refused {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new Refused(400, field, "Field '" + field + "' is required");
        }
        return node.asText();
    }

    private static String matching(JsonNode body, String field, Pattern pattern, String what) throws Refused {
        String value = required(body, field);
        if (!pattern.matcher(value).matches()) {
            throw new Refused(400, field, "Field '" + field + "' must be the " + what + ", was '" + value + "'");
        }
        return value;
    }

    private void publish(PhotoCaptured event) throws Refused, InterruptedException {
        try {
            publisher.publish(event).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Kafka did not take capture {} in time: {}", event.getPhotoId(), e.toString());
            throw new Refused(503, null, "Kafka is not reachable right now; retry later (the photo is stored, "
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

    private static Refused tooLarge() {
        return new Refused(413, "file", "The photo is larger than the limit set by ingest.http.max.bytes");
    }

    private static void reply(Response response, Callback callback, int status, Object body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        }
        try {
            Content.Sink.write(response, true, JSON.writeValueAsString(body), callback);
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("Could not delete temporary file {}", file, e);
            }
        }
    }
}
