package dev.photopipe.piwigo.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A minimal browsable gallery for people, at the paths of Piwigo's own pages so that links made
 * for a real Piwigo work here: the home page ({@code /}, {@code index.php}) with the album tree and
 * the latest images, an album ({@code index.php?/category/ID}), an image ({@code picture.php?/ID}),
 * a tag ({@code index.php?/tags/NAME} or {@code ID-NAME}) and an image's bytes
 * ({@code action.php?id=ID&part=e}, when the emulator keeps files). Read-only, no login (the
 * emulator is for tests and the demo on 127.0.0.1). Every name is escaped: photos name albums and
 * tags. Thread-safe (reads snapshots of the gallery); answers {@code false} for every other path.
 */
final class GalleryPages extends Handler.Abstract {
    private static final Pattern CATEGORY = Pattern.compile("^/category/(\\d+)(?:-.*)?$");
    private static final Pattern PICTURE = Pattern.compile("^/(\\d+)(?:[-/].*)?$");
    private static final Pattern TAG = Pattern.compile("^/tags/([^/]+)(?:/.*)?$");
    private static final int LATEST = 24;
    private static final String STYLE = "body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2329}"
            + "header{background:#2b2f36;color:#fff;padding:.6rem 1.2rem}header a{color:#fff;text-decoration:none}"
            + "header small{color:#f6c343;margin-left:1rem}main{padding:1rem 1.2rem}"
            + ".grid{display:flex;flex-wrap:wrap;gap:.8rem}.grid a{width:170px;text-decoration:none;color:inherit}"
            + ".grid img,.noimg{width:170px;height:128px;object-fit:cover;background:#e5e9ed;display:block}"
            + ".noimg{display:flex;align-items:center;justify-content:center;color:#5f6b76;font-size:12px}"
            + "img.full{max-width:100%;max-height:70vh}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}"
            + "dt{color:#5f6b76}ul{margin:.2rem 0}";

    private final Gallery gallery;

    GalleryPages(Gallery gallery) {
        this.gallery = gallery;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        String path = Request.getPathInContext(request);
        String query = request.getHttpURI().getQuery();
        String route = query == null ? "" : java.net.URLDecoder.decode(query.split("&")[0],
                java.nio.charset.StandardCharsets.UTF_8);
        switch (path) {
            case "/", "/index.php" -> {
                Matcher category = CATEGORY.matcher(route);
                Matcher tag = TAG.matcher(route);
                if (category.matches()) {
                    album(Long.parseLong(category.group(1)), response, callback);
                } else if (tag.matches()) {
                    tag(tag.group(1), response, callback);
                } else {
                    home(response, callback);
                }
                return true;
            }
            case "/picture.php" -> {
                Matcher picture = PICTURE.matcher(route);
                if (picture.matches()) {
                    picture(Long.parseLong(picture.group(1)), response, callback);
                } else {
                    notFound("No image id in the address: picture.php?/ID", response, callback);
                }
                return true;
            }
            case "/action.php" -> {
                file(Request.extractQueryParameters(request).getValue("id"), response, callback);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void home(Response response, Callback callback) {
        List<EmulatedAlbum> albums = gallery.albums();
        List<EmulatedImage> images = gallery.images();
        StringBuilder body = new StringBuilder("<h1>Albums</h1>");
        body.append(tree(albums, images, null));
        if (albums.isEmpty()) {
            body.append("<p>No albums yet: photopipe creates them as it uploads.</p>");
        }
        body.append("<h2>Latest images</h2>");
        List<EmulatedImage> latest = images.stream().filter(i -> !i.inLounge())
                .sorted(Comparator.comparingLong(EmulatedImage::id).reversed()).limit(LATEST).toList();
        body.append(grid(latest));
        page("Piwigo emulator", body.toString(), response, callback);
    }

    private void album(long id, Response response, Callback callback) {
        List<EmulatedAlbum> albums = gallery.albums();
        Optional<EmulatedAlbum> album = albums.stream().filter(a -> a.id() == id).findFirst();
        if (album.isEmpty()) {
            notFound("No album " + id + " in this gallery", response, callback);
            return;
        }
        List<EmulatedImage> images = gallery.images();
        StringBuilder body = new StringBuilder("<p>").append(breadcrumb(albums, album.get())).append("</p>");
        body.append("<h1>").append(html(album.get().name())).append("</h1>");
        String children = tree(albums, images, id);
        if (!children.isEmpty()) {
            body.append("<h2>Albums</h2>").append(children);
        }
        List<EmulatedImage> here = images.stream().filter(i -> i.albumIds().contains(id))
                .sorted(Comparator.comparingLong(EmulatedImage::id)).toList();
        body.append("<h2>").append(here.size()).append(" image(s)</h2>").append(grid(here));
        page(album.get().name(), body.toString(), response, callback);
    }

    private void picture(long id, Response response, Callback callback) {
        Optional<EmulatedImage> found = gallery.images().stream().filter(i -> i.id() == id).findFirst();
        if (found.isEmpty()) {
            notFound("No image " + id + " in this gallery", response, callback);
            return;
        }
        EmulatedImage image = found.get();
        Map<Long, EmulatedAlbum> albums = gallery.albums().stream()
                .collect(Collectors.toMap(EmulatedAlbum::id, Function.identity()));
        StringBuilder body = new StringBuilder("<h1>").append(html(image.name())).append("</h1>");
        body.append(gallery.file(id).isPresent()
                ? "<p><img class=\"full\" src=\"action.php?id=" + id + "&amp;part=e\" alt=\"" + html(image.name()) + "\"></p>"
                : "<p class=\"noimg\">The emulator keeps no image files (only photopipe run and demo do)</p>");
        body.append("<dl><dt>Image id</dt><dd>").append(id).append("</dd><dt>Albums</dt><dd>");
        body.append(image.albumIds().isEmpty() ? "none (waiting in the lounge)" : image.albumIds().stream()
                .filter(albums::containsKey).map(a -> link("index.php?/category/" + a,
                        path(albums, albums.get(a)))).collect(Collectors.joining(", ")));
        body.append("</dd><dt>Tags</dt><dd>").append(image.tagNames().isEmpty() ? "none" : image.tagNames().stream()
                .sorted().map(t -> link("index.php?/tags/" + urlName(t), t)).collect(Collectors.joining(", ")));
        body.append("</dd><dt>md5</dt><dd>").append(html(image.md5())).append("</dd><dt>Size</dt><dd>")
                .append(image.sizeBytes()).append(" bytes</dd>");
        if (image.description() != null) {
            body.append("<dt>Description</dt><dd>").append(html(image.description())).append("</dd>");
        }
        body.append("</dl>");
        page(image.name(), body.toString(), response, callback);
    }

    /** A tag by its URL name or {@code ID-NAME}; the name is compared loosely (letters and digits, any case). */
    private void tag(String token, Response response, Callback callback) {
        Matcher byId = Pattern.compile("^(\\d+)(?:-.*)?$").matcher(token);
        Optional<EmulatedTag> tag = gallery.tags().stream().filter(t -> byId.matches()
                ? t.id() == Long.parseLong(byId.group(1)) : loose(t.name()).equals(loose(token))).findFirst();
        if (tag.isEmpty()) {
            notFound("No tag " + token + " in this gallery", response, callback);
            return;
        }
        List<EmulatedImage> tagged = gallery.images().stream().filter(i -> i.tagNames().contains(tag.get().name()))
                .sorted(Comparator.comparingLong(EmulatedImage::id)).toList();
        page("Tag " + tag.get().name(), "<h1>Tag " + html(tag.get().name()) + "</h1><h2>" + tagged.size()
                + " image(s)</h2>" + grid(tagged), response, callback);
    }

    private void file(String id, Response response, Callback callback) throws IOException {
        Optional<Path> file = id == null || !id.matches("\\d+") ? Optional.empty() : gallery.file(Long.parseLong(id));
        if (file.isEmpty()) {
            notFound("No image file " + id + " (the emulator keeps files only for photopipe run and demo)", response,
                    callback);
            return;
        }
        byte[] bytes = Files.readAllBytes(file.get());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, mediaType(bytes));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** The albums below {@code parent} (null: the root) as nested lists with their image counts. */
    private static String tree(List<EmulatedAlbum> albums, List<EmulatedImage> images, Long parent) {
        List<EmulatedAlbum> children = albums.stream().filter(a -> java.util.Objects.equals(a.parentId(), parent))
                .sorted(Comparator.comparing(EmulatedAlbum::name)).toList();
        if (children.isEmpty()) {
            return "";
        }
        StringBuilder list = new StringBuilder("<ul>");
        for (EmulatedAlbum album : children) {
            long count = images.stream().filter(i -> i.albumIds().contains(album.id())).count();
            list.append("<li>").append(link("index.php?/category/" + album.id(), album.name()))
                    .append(count > 0 ? " (" + count + ")" : "").append(tree(albums, images, album.id())).append("</li>");
        }
        return list.append("</ul>").toString();
    }

    private String grid(List<EmulatedImage> images) {
        StringBuilder grid = new StringBuilder("<div class=\"grid\">");
        for (EmulatedImage image : images) {
            grid.append("<a href=\"picture.php?/").append(image.id()).append("\">");
            grid.append(gallery.file(image.id()).isPresent()
                    ? "<img loading=\"lazy\" src=\"action.php?id=" + image.id() + "&amp;part=e\" alt=\"\">"
                    : "<span class=\"noimg\">image " + image.id() + "</span>");
            grid.append(html(image.name())).append("</a>");
        }
        return grid.append("</div>").toString();
    }

    private static String breadcrumb(List<EmulatedAlbum> albums, EmulatedAlbum album) {
        Map<Long, EmulatedAlbum> byId = albums.stream().collect(Collectors.toMap(EmulatedAlbum::id, Function.identity()));
        List<String> parts = new ArrayList<>();
        for (EmulatedAlbum a = album; a != null; a = a.parentId() == null ? null : byId.get(a.parentId())) {
            parts.add(0, link("index.php?/category/" + a.id(), a.name()));
        }
        parts.add(0, link("index.php", "Home"));
        return String.join(" / ", parts);
    }

    private static String path(Map<Long, EmulatedAlbum> albums, EmulatedAlbum album) {
        List<String> names = new ArrayList<>();
        for (EmulatedAlbum a = album; a != null; a = a.parentId() == null ? null : albums.get(a.parentId())) {
            names.add(0, a.name());
        }
        return String.join(" / ", names);
    }

    /** Piwigo's tag URL name (lower case, accents off, separators as {@code _}); see {@link #loose} for matching. */
    static String urlName(String name) {
        return Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replaceAll("[^\\p{L}\\p{N}_]+", "_").replaceAll("^_+|_+$", "");
    }

    /** Letters and digits only, any case, accents off: how the emulator matches a tag token to a name. */
    private static String loose(String text) {
        return urlName(text).replace("_", "");
    }

    private static String mediaType(byte[] bytes) {
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return "image/jpeg";
        }
        if (bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "image/png";
        }
        if (bytes.length > 12 && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
            return "image/webp";
        }
        return "application/octet-stream";
    }

    private static String link(String href, String text) {
        return "<a href=\"" + html(href) + "\">" + html(text) + "</a>";
    }

    private static void page(String title, String body, Response response, Callback callback) {
        write(200, title, body, response, callback);
    }

    private static void notFound(String message, Response response, Callback callback) {
        write(404, "Not found", "<h1>Not found</h1><p>" + html(message) + "</p><p>" + link("index.php", "Home")
                + "</p>", response, callback);
    }

    private static void write(int status, String title, String body, Response response, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        Content.Sink.write(response, true, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + html(title) + " - Piwigo emulator</title><style>" + STYLE + "</style></head><body><header>"
                + "<a href=\"index.php\">Piwigo emulator</a><small>in memory, for tests and the demo: not a real "
                + "Piwigo</small></header><main>" + body + "</main></body></html>", callback);
    }

    static String html(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
