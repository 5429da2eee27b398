package dev.photopipe.piwigo.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The emulated gallery's state and the semantics of each ws.php method, as described in
 * shared/piwigo-api-facts.md. Every public-facing operation is {@code synchronized}: the real
 * Piwigo has no unique index on md5 and creates duplicate albums, and those races are reproduced
 * by the method semantics (check-then-create from the client's side), not by unsafe state here.
 */
final class Gallery {
    private final boolean detectDuplicates;
    /** Where each image's bytes are kept for the browsable pages, or null to keep none. */
    private final Path filesDir;
    private long nextImageId = 1;
    private long nextAlbumId = 1;
    private long nextTagId = 1;
    private final Map<Long, Image> images = new TreeMap<>();
    private final Map<Long, EmulatedAlbum> albums = new TreeMap<>();
    private final Map<Long, EmulatedTag> tags = new TreeMap<>();
    /** uploadAsync chunk files: original_sum -> chunk index -> bytes. */
    private final Map<String, Map<Integer, byte[]>> asyncChunks = new LinkedHashMap<>();
    /** addChunk files: original_sum -> position -> bytes. */
    private final Map<String, TreeMap<Integer, byte[]>> addChunks = new LinkedHashMap<>();
    /** How many times each uploadAsync chunk was accepted: "md5#index" -> count. */
    private final Map<String, AtomicInteger> chunkDeliveries = new ConcurrentHashMap<>();

    private static final class Image {
        final long id;
        String md5;
        String contentMd5;
        long size;
        String name;
        String comment;
        int level;
        final Set<Long> albumIds = new LinkedHashSet<>();
        final Set<Long> tagIds = new LinkedHashSet<>();
        boolean inLounge;
        Long loungeAlbum;
        long loungeSinceNanos;

        Image(long id) {
            this.id = id;
        }
    }

    /** @param filesDir where to keep each image's bytes (for the browsable pages), or null for none */
    Gallery(boolean detectDuplicates, Path filesDir) {
        this.detectDuplicates = detectDuplicates;
        this.filesDir = filesDir;
    }

    // ---- images ------------------------------------------------------------------------------

    synchronized Object exist(List<String> md5s) {
        if (md5s.isEmpty()) {
            return List.of();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        for (String md5 : md5s) {
            // Real Piwigo answers one id (as a string) even if several images share the md5.
            answer.put(md5, images.values().stream().filter(i -> i.md5.equals(md5)).findFirst()
                    .map(i -> (Object) String.valueOf(i.id)).orElse(null));
        }
        return answer;
    }

    /**
     * One uploadAsync chunk. Returns the getInfo object (with {@code id}) when this chunk
     * completed the set, else the "chunks uploaded" message. The image exists once this returns:
     * the handler may then stall the answer ("timeout after create").
     */
    synchronized Map<String, Object> uploadAsyncChunk(Map<String, String> p, byte[] data) {
        String originalSum = required(p, "original_sum").toLowerCase(Locale.ROOT);
        int chunk = intParam(p, "chunk");
        int chunks = intParam(p, "chunks");
        if (chunk < 0) {
            throw WsError.invalid("Invalid param chunk");
        }
        if (!md5(data).equalsIgnoreCase(required(p, "chunk_sum"))) {
            throw new WsError(500, "chunk md5sum mismatch");
        }
        Map<Integer, byte[]> set = asyncChunks.computeIfAbsent(originalSum, k -> new TreeMap<>());
        if (chunk >= chunks) {
            // Piwigo stores it as chunk file n+1 of m and never counts it: silently useless.
            String received = set.keySet().stream().map(i -> String.valueOf(i + 1)).collect(Collectors.joining(","));
            return Map.of("message", "chunks uploaded = " + received);
        }
        set.put(chunk, data); // a resent chunk overwrites the earlier one
        chunkDeliveries.computeIfAbsent(originalSum + "#" + chunk, k -> new AtomicInteger()).incrementAndGet();
        if (set.size() < chunks) {
            String received = set.keySet().stream().map(i -> String.valueOf(i + 1)).collect(Collectors.joining(","));
            return Map.of("message", "chunks uploaded = " + received);
        }
        asyncChunks.remove(originalSum);
        byte[] merged = concat(set.values());
        if (!md5(merged).equals(originalSum)) {
            throw new WsError(500, "merged file md5sum mismatch, chunks discarded");
        }
        Long album = p.containsKey("category") ? Long.valueOf(firstId(p.get("category"))) : null;
        Image image = detectDuplicates ? findByMd5(originalSum) : null;
        if (image != null) {
            // With upload_detect_duplicate on, uploadAsync overwrites name and replaces tags, keeps
            // its level, and puts the existing image into the lounge for the new album
            // (add_uploaded_file_add_to_categories).
            image.name = p.getOrDefault("name", image.name);
            image.tagIds.clear();
            if (album != null && !image.albumIds.contains(album)) {
                image.inLounge = true;
                image.loungeAlbum = album;
                image.loungeSinceNanos = System.nanoTime();
            }
        } else {
            image = newImage(originalSum, merged, p.getOrDefault("name", p.getOrDefault("filename", "photo")));
            image.inLounge = true;
            image.loungeAlbum = album;
            image.loungeSinceNanos = System.nanoTime();
            image.comment = p.get("comment");
            image.level = level(p);
        }
        image.tagIds.addAll(ids(p.get("tag_ids")));
        return info(image);
    }

    synchronized Map<String, Object> addChunk(Map<String, String> p) {
        String originalSum = required(p, "original_sum").toLowerCase(Locale.ROOT);
        int position = intParam(p, "position");
        byte[] data = java.util.Base64.getMimeDecoder().decode(required(p, "data"));
        addChunks.computeIfAbsent(originalSum, k -> new TreeMap<>()).put(position, data);
        return null;
    }

    synchronized Map<String, Object> add(Map<String, String> p) {
        String originalSum = required(p, "original_sum").toLowerCase(Locale.ROOT);
        boolean checkUniqueness = !"false".equalsIgnoreCase(p.getOrDefault("check_uniqueness", "true"));
        if (checkUniqueness && findByMd5(originalSum) != null) {
            // Real Piwigo leaves the chunk files behind here.
            throw new WsError(500, "file already exists");
        }
        TreeMap<Integer, byte[]> set = addChunks.remove(originalSum);
        if (set == null || set.isEmpty()) {
            throw new WsError(500, "[ws_images_add] no chunks found");
        }
        // No check of the merged md5: a changed chunk size between attempts stores a corrupt file.
        Image image = newImage(originalSum, concat(set.values()), p.getOrDefault("name", "photo"));
        image.comment = p.get("comment");
        image.level = level(p);
        for (String link : p.getOrDefault("categories", "").split(";")) {
            if (!link.isBlank()) {
                image.albumIds.add(Long.valueOf(link.split(",")[0].trim()));
            }
        }
        image.tagIds.addAll(ids(p.get("tag_ids")));
        return new LinkedHashMap<>(Map.of("image_id", image.id, "url", "picture.php?/" + image.id));
    }

    /**
     * {@code pwg.images.uploadCompleted}: like Piwigo's {@code empty_lounge()}, publishes EVERY
     * photo waiting in the lounge, whichever {@code image_id}s were given; images already
     * published are left alone.
     */
    synchronized Map<String, Object> uploadCompleted(Map<String, String> p) {
        long albumId = Long.parseLong(required(p, "category_id").trim());
        List<Map<String, Object>> moved = emptyLounge();
        long inAlbum = images.values().stream().filter(i -> i.albumIds.contains(albumId)).count();
        Map<String, Object> category = new LinkedHashMap<>();
        category.put("id", albumId);
        category.put("nb_photos", String.valueOf(inAlbum));
        category.put("label", albums.containsKey(albumId) ? albums.get(albumId).name() : null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("moved_from_lounge", moved);
        answer.put("category", category);
        return answer;
    }

    /**
     * Piwigo's {@code check_lounge()}, run on every request except uploads: empties the lounge
     * when its oldest photo waited longer than {@code maxWait} ({@code lounge_max_duration}).
     */
    synchronized void checkLounge(java.time.Duration maxWait) {
        long now = System.nanoTime();
        boolean overdue = images.values().stream()
                .anyMatch(i -> i.inLounge && now - i.loungeSinceNanos > maxWait.toNanos());
        if (overdue) {
            emptyLounge();
        }
    }

    /** {@code pwg.images.emptyLounge}: {@code {"rows": [{image_id, category_id}, ...]}}. */
    synchronized Map<String, Object> emptyLoungeRows() {
        return Map.of("rows", emptyLounge());
    }

    private List<Map<String, Object>> emptyLounge() {
        List<Map<String, Object>> moved = new ArrayList<>();
        for (Image image : images.values()) {
            if (image.inLounge) {
                image.inLounge = false;
                if (image.loungeAlbum != null) {
                    image.albumIds.add(image.loungeAlbum);
                    moved.add(Map.of("image_id", String.valueOf(image.id), "category_id", String.valueOf(image.loungeAlbum)));
                }
            }
        }
        return moved;
    }

    /**
     * {@code pwg.images.setInfo}. Returns {@code false} when {@code categories} named an album
     * that does not exist: Piwigo then links none of the listed albums, applies the rest, and
     * answers {@code stat:ok} with HTTP 500 (it builds the error and drops it).
     */
    synchronized boolean setInfo(Map<String, String> p) {
        Image image = existing(Long.parseLong(required(p, "image_id")));
        int newLevel = level(p); // checked before anything changes, as ws.php checks parameters first
        boolean replaceSingle = "replace".equals(p.getOrDefault("single_value_mode", "fill_if_empty"));
        boolean replaceMultiple = "replace".equals(p.getOrDefault("multiple_value_mode", "append"));
        if (p.containsKey("name") && (replaceSingle || image.name == null || image.name.isEmpty())) {
            image.name = p.get("name");
        }
        // fill_if_empty follows PHP's empty(): level 0 counts as empty, like a missing comment.
        if (p.containsKey("comment") && (replaceSingle || image.comment == null || image.comment.isEmpty())) {
            image.comment = p.get("comment");
        }
        if (p.containsKey("level") && (replaceSingle || image.level == 0)) {
            image.level = newLevel;
        }
        if (p.containsKey("tag_ids")) {
            if (replaceMultiple) {
                image.tagIds.clear();
            }
            image.tagIds.addAll(ids(p.get("tag_ids")));
        }
        if (p.containsKey("categories")) {
            List<Long> wanted = albumLinks(p.get("categories"));
            if (!albums.keySet().containsAll(wanted)) {
                return false;
            }
            if (replaceMultiple) {
                image.albumIds.clear();
            }
            image.albumIds.addAll(wanted);
        }
        return true;
    }

    /**
     * {@code pwg.images.delete}: {@code delete_elements($ids, true)}. Ids that are not positive
     * integers are dropped, unknown ones ignored; the answer is how many images were deleted (0
     * when none of them existed: Piwigo raises no error for an unknown id).
     */
    synchronized int deleteImages(Map<String, String> p) {
        int deleted = 0;
        for (String token : required(p, "image_id").split("[\\s,;|]+")) {
            long id;
            try {
                id = Long.parseLong(token.trim());
            } catch (NumberFormatException e) {
                continue; // PHP's intval() makes it 0, which is dropped
            }
            if (id > 0 && images.remove(id) != null) {
                deleted++;
                if (filesDir != null) {
                    try {
                        Files.deleteIfExists(filesDir.resolve(Long.toString(id)));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete the file of image " + id, e);
                    }
                }
            }
        }
        return deleted;
    }

    synchronized Map<String, Object> getInfo(long id) {
        return info(existing(id));
    }

    // ---- albums and tags ----------------------------------------------------------------------

    synchronized Map<String, Object> albumList() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (EmulatedAlbum a : albums.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("name", a.name());
            // Real Piwigo sends id_uppercat as a string (or null): clients must read both.
            m.put("id_uppercat", a.parentId() == null ? null : String.valueOf(a.parentId()));
            m.put("status", a.privateAlbum() ? "private" : "public");
            list.add(m);
        }
        return Map.of("categories", list);
    }

    /**
     * Always creates, even with the same name under the same parent, like the real Piwigo. An
     * unknown parent is not refused: Piwigo 16 prints PHP warnings and creates the album at the root.
     * {@code status} "private" makes it private; anything else (or none) public
     * ({@code newcat_default_status}), except under a private parent, whose children
     * {@code create_virtual_category} always makes private.
     */
    synchronized Map<String, Object> addAlbum(Map<String, String> p) {
        String name = required(p, "name");
        String parent = p.get("parent");
        Long parentId = parent == null || parent.isBlank() || "0".equals(parent) ? null : Long.valueOf(parent);
        if (parentId != null && !albums.containsKey(parentId)) {
            parentId = null;
        }
        boolean privateAlbum = "private".equals(p.get("status"))
                || parentId != null && albums.get(parentId).privateAlbum();
        long id = nextAlbumId++;
        albums.put(id, new EmulatedAlbum(id, name, parentId, privateAlbum));
        return Map.of("info", "Virtual album added", "id", id);
    }

    /**
     * {@code pwg.categories.delete}: the albums and, as Piwigo does, all their sub-albums; unknown
     * ids are ignored. Photos: {@code no_delete} only unlinks them, {@code delete_orphans} (Piwigo's
     * default) deletes those left in no album, {@code force_delete} deletes every linked photo.
     */
    synchronized void deleteAlbums(Map<String, String> p) {
        String mode = p.getOrDefault("photo_deletion_mode", "delete_orphans");
        if (!Set.of("no_delete", "delete_orphans", "force_delete").contains(mode)) {
            throw new WsError(500, "[ws_categories_delete] invalid parameter photo_deletion_mode \"" + mode + "\"");
        }
        Set<Long> doomed = new LinkedHashSet<>();
        for (String id : required(p, "category_id").split("[\\s,;|]+")) {
            if (!id.isBlank() && albums.containsKey(Long.valueOf(id.trim()))) {
                doomed.add(Long.valueOf(id.trim()));
            }
        }
        int before;
        do {
            before = doomed.size();
            for (EmulatedAlbum a : albums.values()) {
                if (a.parentId() != null && doomed.contains(a.parentId())) {
                    doomed.add(a.id());
                }
            }
        } while (doomed.size() > before);
        doomed.forEach(albums::remove);
        images.values().removeIf(image -> {
            boolean linked = image.albumIds.removeIf(doomed::contains);
            return "force_delete".equals(mode) && linked
                    || "delete_orphans".equals(mode) && linked && image.albumIds.isEmpty();
        });
    }

    synchronized Map<String, Object> tagList() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (EmulatedTag t : tags.values()) {
            list.add(Map.of("id", String.valueOf(t.id()), "name", t.name(), "url_name", t.name().toLowerCase(Locale.ROOT)));
        }
        return Map.of("tags", list);
    }

    synchronized Map<String, Object> addTag(Map<String, String> p) {
        String name = required(p, "name");
        boolean exists = tags.values().stream().anyMatch(t -> sameTagName(t.name(), name));
        if (exists) {
            throw WsError.invalid("Tag \"" + name + "\" already exists");
        }
        long id = nextTagId++;
        tags.put(id, new EmulatedTag(id, name));
        return Map.of("info", "Tag \"" + name + "\" added", "id", id, "name", name);
    }

    /**
     * Piwigo looks a tag up with {@code WHERE name = '...'} in a {@code utf8_general_ci} table:
     * case, accents and trailing spaces do not count.
     */
    static boolean sameTagName(String a, String b) {
        return collationKey(a).equals(collationKey(b));
    }

    private static String collationKey(String name) {
        String unpadded = name.replaceAll(" +$", "");
        return java.text.Normalizer.normalize(unpadded, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
    }

    // ---- inspection ---------------------------------------------------------------------------

    synchronized List<EmulatedImage> images() {
        return images.values().stream().map(i -> new EmulatedImage(i.id, i.md5, i.contentMd5, i.size, i.name, i.comment, i.level,
                Set.copyOf(i.albumIds), tagNames(i).collect(Collectors.toUnmodifiableSet()),
                i.inLounge)).toList();
    }

    synchronized void forgetImage(long id) {
        images.remove(id);
    }

    synchronized List<EmulatedAlbum> albums() {
        return List.copyOf(albums.values());
    }

    synchronized List<EmulatedTag> tags() {
        return List.copyOf(tags.values());
    }

    int chunkDeliveries(String md5, int chunkIndex) {
        AtomicInteger n = chunkDeliveries.get(md5.toLowerCase(Locale.ROOT) + "#" + chunkIndex);
        return n == null ? 0 : n.get();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Piwigo does not check tag ids: an unknown one is a dangling link, shown as nothing. */
    private java.util.stream.Stream<String> tagNames(Image image) {
        return image.tagIds.stream().filter(tags::containsKey).map(t -> tags.get(t).name());
    }

    private Image newImage(String md5, byte[] content, String name) {
        Image image = new Image(nextImageId++);
        image.md5 = md5;
        image.contentMd5 = md5(content);
        image.size = content.length;
        image.name = name;
        images.put(image.id, image);
        if (filesDir != null) {
            try {
                Files.write(filesDir.resolve(Long.toString(image.id)), content);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep image " + image.id + " in " + filesDir, e);
            }
        }
        return image;
    }

    /** The bytes of image {@code id}, if the gallery keeps files and has it. */
    synchronized Optional<Path> file(long id) {
        if (filesDir == null || !images.containsKey(id)) {
            return Optional.empty();
        }
        Path file = filesDir.resolve(Long.toString(id));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Image findByMd5(String md5) {
        return images.values().stream().filter(i -> i.md5.equals(md5)).findFirst().orElse(null);
    }

    private Image existing(long id) {
        Image image = images.get(id);
        if (image == null) {
            throw new WsError(404, "image_id not found");
        }
        return image;
    }

    private Map<String, Object> info(Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id);
        m.put("md5sum", i.md5);
        m.put("name", i.name);
        m.put("comment", i.comment);
        m.put("level", String.valueOf(i.level));
        m.put("filesize", (i.size + 1023) / 1024);
        m.put("categories", i.albumIds.stream().map(a -> Map.of("id", a)).toList());
        m.put("tags", i.tagIds.stream().filter(tags::containsKey)
                .map(t -> Map.of("id", String.valueOf(t), "name", tags.get(t).name())).toList());
        return m;
    }

    static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw WsError.missing(name);
        }
        return v;
    }

    /**
     * ws.php's check of {@code level} (WS_TYPE_INT|WS_TYPE_POSITIVE, maxValue 8): a negative or
     * non-numeric level is err 1003, one above 8 becomes 8, anything else (3 too) is kept.
     */
    private static int level(Map<String, String> p) {
        if (!p.containsKey("level")) {
            return 0;
        }
        int level;
        try {
            level = Integer.parseInt(p.get("level").trim());
        } catch (NumberFormatException e) {
            throw WsError.invalid("level must be an integer");
        }
        if (level < 0) {
            throw WsError.invalid("level must be an positive integer");
        }
        return Math.min(level, 8);
    }

    private static int intParam(Map<String, String> p, String name) {
        try {
            return Integer.parseInt(required(p, name).trim());
        } catch (NumberFormatException e) {
            throw WsError.invalid("Invalid " + name);
        }
    }

    private static String firstId(String list) {
        return list.split("[,;|]")[0].trim();
    }

    private List<Long> ids(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split("[,;|]")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    }

    /** Piwigo's {@code categories} format: "id[,rank];id[,rank]". */
    private static List<Long> albumLinks(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(";")).map(link -> link.split(",")[0].trim()).filter(s -> !s.isEmpty())
                .map(Long::valueOf).toList();
    }

    private static byte[] concat(Iterable<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
