package dev.photopipe.sink.piwigo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photopipe.sink.piwigo.PiwigoException.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/** {@link PiwigoClient} over OkHttp. Thread-safe: the transport is, and nothing else is shared. */
final class OkHttpPiwigo implements PiwigoClient {
    /** md5s per {@code pwg.images.exist} request: keeps the form body small. */
    private static final int EXIST_BATCH = 200;
    /** Piwigo's privacy level "admins only". */
    private static final int ARCHIVED_LEVEL = 8;

    private final PiwigoSettings settings;
    private final OkHttpClient http;
    /** Extensions of video files, for a refusal that says how to enable them in Piwigo. */
    private static final Set<String> VIDEO = Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "ogv", "ogg", "mpg",
            "mpeg", "wmv", "flv", "3gp", "mts", "m2ts");

    private final WsTransport transport;
    private final ChunkLimit chunkLimit;

    OkHttpPiwigo(PiwigoSettings settings, OkHttpClient http, WsTransport.RequestCounter counter) {
        this.settings = settings;
        this.http = http;
        this.transport = new WsTransport(settings, http, counter);
        this.chunkLimit = settings.chunkSizeBytes() > 0 ? ChunkLimit.fixed(settings.chunkSizeBytes())
                : ChunkLimit.learning(settings.maxChunkBytes());
    }

    @Override
    public URI url() {
        return settings.url();
    }

    @Override
    public ServerStatus status() {
        return transport.status();
    }

    @Override
    public ServerStatus probe() {
        return transport.probe();
    }

    @Override
    public Map<String, Long> exist(Collection<String> md5s) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(md5s));
        Map<String, Long> found = new HashMap<>();
        for (int from = 0; from < all.size(); from += EXIST_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + EXIST_BATCH));
            JsonNode answer = transport.call("pwg.images.exist", Params.of("md5sum_list", String.join(",", batch)));
            // Piwigo answers [] for no md5 and {md5: "id" | null} otherwise.
            answer.properties().forEach(e -> {
                Long id = Answers.id(e.getValue());
                if (id != null) {
                    found.put(e.getKey().toLowerCase(Locale.ROOT), id);
                }
            });
        }
        return found;
    }

    @Override
    public ImageDetails uploadDetailed(PhotoUpload photo) {
        ServerStatus status = acceptingStatus(photo.fileName());
        long floor = settings.chunkSizeBytes() > 0 ? settings.chunkSizeBytes() : status.chunkSizeBytes();
        ChunkedUpload upload = new ChunkedUpload(transport, photo, chunkLimit, floor, md5 -> exist(List.of(md5)).get(md5));
        if (!status.supportsUploadAsync()) {
            return imageDetails(upload.addChunksThenAdd());
        }
        ChunkedUpload.Merged merged = upload.uploadAsync();
        return merged.info() == null ? imageDetails(merged.id()) : details(merged.info());
    }

    /**
     * The status, once it says this file's type is accepted. A type it does not list is checked
     * again on a fresh status first (the admin may have enabled it since), then refused with 415
     * before anything is sent: Piwigo itself would take the whole upload and then die with
     * "forbidden file type" (HTTP 200, no JSON).
     */
    private ServerStatus acceptingStatus(String fileName) {
        String extension = fileName.contains(".") ? fileName.replaceAll(".*\\.", "").toLowerCase(Locale.ROOT) : "";
        ServerStatus status = status();
        if (accepts(status, extension)) {
            return status;
        }
        status = transport.refreshStatus();
        if (accepts(status, extension)) {
            return status;
        }
        String message = "file type ." + extension + " not accepted by the server (it accepts "
                + String.join(", ", new java.util.TreeSet<>(status.fileTypes())) + ")";
        if (VIDEO.contains(extension)) {
            message += ". Piwigo refuses videos unless enabled: in Piwigo's local configuration "
                    + "(Administration > Plugins > LocalFiles Editor, or local/config/config.inc.php) set "
                    + "$conf['upload_form_all_types'] = true; and add '" + extension + "' to $conf['file_ext'], "
                    + "or install a video plugin such as VideoJS; then replay the dead letters";
        }
        throw new PiwigoException(Kind.PERMANENT, "pwg.images.uploadAsync", 0, 415, message, null);
    }

    private static boolean accepts(ServerStatus status, String extension) {
        return status.fileTypes().isEmpty() || status.fileTypes().contains(extension);
    }

    @Override
    public void uploadCompleted(Collection<Long> imageIds, long albumId) {
        Params params = Params.of("pwg_token", transport.token()).add("category_id", albumId);
        imageIds.forEach(id -> params.add("image_id[]", id));
        transport.call("pwg.images.uploadCompleted", params);
    }

    @Override
    public void emptyLounge() {
        transport.call("pwg.images.emptyLounge", new Params());
    }

    @Override
    public void setInfo(ImageUpdate update) {
        String mode = update.replace() ? "replace" : "append";
        Params params = Params.of("image_id", update.imageId())
                .add("name", update.title())
                .add("comment", update.description())
                .add("level", update.privacyLevel())
                .add("single_value_mode", update.replace() ? "replace" : "fill_if_empty")
                .add("multiple_value_mode", mode)
                .add("pwg_token", transport.token());
        if (!update.albumIds().isEmpty()) {
            params.add("categories", String.join(";", update.albumIds().stream().map(String::valueOf).toList()));
        }
        if (!update.tagIds().isEmpty()) {
            params.add("tag_ids", ChunkedUpload.join(update.tagIds()));
        }
        // An unknown album id makes Piwigo link none of the albums yet answer stat:ok (HTTP 500).
        transport.callStrict("pwg.images.setInfo", params);
    }

    @Override
    public ImageDetails imageDetails(long imageId) {
        return details(transport.call("pwg.images.getInfo", Params.of("image_id", imageId)));
    }

    /** A getInfo object (also what the merging uploadAsync request answers). */
    private static ImageDetails details(JsonNode info) {
        Set<Long> albums = new LinkedHashSet<>();
        info.path("categories").forEach(c -> albums.add(Answers.id(c.get("id"))));
        Set<String> tags = new LinkedHashSet<>();
        Set<Long> tagIds = new LinkedHashSet<>();
        info.path("tags").forEach(t -> {
            tags.add(t.path("name").asText());
            Long id = Answers.id(t.get("id"));
            if (id != null) {
                tagIds.add(id);
            }
        });
        JsonNode comment = info.path("comment");
        // level comes as a string from the real Piwigo; asInt reads "2" and 2 alike.
        return new ImageDetails(Answers.id(info.get("id")), info.path("md5sum").asText(), info.path("name").asText(),
                comment.isTextual() ? comment.asText() : null, info.path("level").asInt(0),
                Set.copyOf(albums), Set.copyOf(tags), Set.copyOf(tagIds));
    }

    @Override
    public List<Album> albums() {
        JsonNode answer = transport.call("pwg.categories.getList",
                Params.of("recursive", "true").add("fullname", "false"));
        List<Album> albums = new ArrayList<>();
        answer.path("categories").forEach(c -> albums.add(
                new Album(Answers.id(c.get("id")), c.path("name").asText(), Answers.id(c.get("id_uppercat")))));
        return albums;
    }

    @Override
    public long addAlbum(String name, Long parentId, boolean privateAlbum) {
        // Not idempotent: an add that timed out may have created the album, so look before
        // every retry instead of adding blindly again.
        return transport.<Long>retrying(ctx -> {
            if (!ctx.isFirstAttempt()) {
                Long existing = albums().stream()
                        .filter(a -> a.name().equals(name) && java.util.Objects.equals(a.parentId(), parentId))
                        .map(Album::id).min(Long::compare).orElse(null);
                if (existing != null) {
                    return existing;
                }
            }
            JsonNode answer = transport.once("pwg.categories.add", Params.of("name", name).add("parent", parentId)
                    .add("status", privateAlbum ? "private" : null), null);
            return requiredId(answer.get("id"), "pwg.categories.add");
        });
    }

    @Override
    public void deleteAlbums(Collection<Long> albumIds) {
        if (albumIds.isEmpty()) {
            return;
        }
        // no_delete: a duplicate album is removed for tidiness, a photo must never go with it.
        // Piwigo refuses the call without pwg_token (403); with an API key it fills the token in
        // itself, so sending the one getStatus gave is right in both modes.
        Params params = Params.of("photo_deletion_mode", "no_delete").add("pwg_token", transport.token());
        albumIds.forEach(id -> params.add("category_id[]", id));
        transport.call("pwg.categories.delete", params);
    }

    @Override
    public void deleteImage(long imageId) {
        String method = "pwg.images.delete";
        boolean deleted = transport.<Boolean>retrying(ctx -> {
            JsonNode answer = transport.once(method, Params.of("image_id", imageId).add("pwg_token", transport.token()), null);
            // Piwigo answers the number deleted; 0 for an id it does not know. After a transient
            // failure this attempt may find the image gone because the lost attempt deleted it.
            return answer.asInt(0) > 0 || !ctx.isFirstAttempt();
        });
        if (!deleted) {
            throw new ImageNotFoundException(method, 200, 0, imageId);
        }
    }

    @Override
    public void archive(long imageId, long albumId) {
        try {
            setInfo(new ImageUpdate(imageId, null, null, ARCHIVED_LEVEL, List.of(albumId), List.of(), true));
        } catch (PiwigoException e) {
            if (e.errorCode() == 404) {
                throw new ImageNotFoundException(e.method(), e.httpStatus(), e.errorCode(), imageId);
            }
            throw e;
        }
    }

    @Override
    public List<Tag> tags() {
        JsonNode answer = transport.call("pwg.tags.getAdminList", new Params());
        List<Tag> tags = new ArrayList<>();
        answer.path("tags").forEach(t -> tags.add(new Tag(Answers.id(t.get("id")), t.path("name").asText())));
        return tags;
    }

    @Override
    public long addTag(String name) {
        // A retried add after a lost answer would fail with 1003: look the tag up first instead.
        return transport.<Long>retrying(ctx -> {
            if (!ctx.isFirstAttempt()) {
                Long existing = tags().stream().filter(t -> t.matches(name))
                        .map(Tag::id).min(Long::compare).orElse(null);
                if (existing != null) {
                    return existing;
                }
            }
            JsonNode answer = transport.once("pwg.tags.add", Params.of("name", name), null);
            return requiredId(answer.get("id"), "pwg.tags.add");
        });
    }

    private static long requiredId(JsonNode node, String method) {
        Long id = Answers.id(node);
        if (id == null) {
            throw new PiwigoException(Kind.PERMANENT, method, 200, 0, "answer without id", null);
        }
        return id;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "PiwigoClient[" + settings.url() + ", " + settings.credentials() + "]";
    }
}
