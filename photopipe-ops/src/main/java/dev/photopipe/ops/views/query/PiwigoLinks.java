package dev.photopipe.ops.views.query;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Links into a Piwigo gallery's own pages for people: an image ({@code picture.php?/ID}), an album
 * ({@code index.php?/category/ID}) and a tag ({@code index.php?/tags/URL_NAME}). Piwigo's default
 * URL settings (question mark and {@code .php} in URLs) are assumed. Immutable.
 */
public final class PiwigoLinks {
    private final String base;

    /** @param baseUrl the gallery as people open it, e.g. {@code https://photos.example.org/}; empty: no links */
    public PiwigoLinks(String baseUrl) {
        this.base = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    public String image(Long imageId) {
        return base == null || imageId == null ? null : base + "picture.php?/" + imageId;
    }

    public String album(long albumId) {
        return base == null ? null : base + "index.php?/category/" + albumId;
    }

    /**
     * The tag's page, found by its URL name; null for a name that is only digits (Piwigo would read
     * it as a tag id, which photopipe does not keep).
     */
    public String tag(String name) {
        String urlName = urlName(name);
        return base == null || urlName.isEmpty() || urlName.matches("\\d+") ? null : base + "index.php?/tags/" + urlName;
    }

    /**
     * Piwigo's {@code str2url} of a tag name, which it stores as the tag's {@code url_name}: lower
     * case, accents removed, characters other than letters, digits and {@code _} dropped, runs of
     * spaces and {@code ' : / [ ] , -} become one {@code _}. Non-ASCII letters are kept, as Piwigo does.
     */
    static String urlName(String name) {
        String lower = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String kept = lower.replaceAll("[^\\x{80}-\\x{10FFFF}a-z0-9_\\s':/\\[\\],-]", "");
        String url = kept.strip().replaceAll("[\\s':/\\[\\],-]+", " ").replace(' ', '_');
        return url.isEmpty() ? lower.replace(' ', '_') : url;
    }
}
