package dev.photopipe.enrich.routing;

import java.util.List;

/**
 * Where one photo goes: sanitised album names from the root down, tags, optional title and
 * description, Piwigo privacy level and the deciding rule ({@code null} for a default album).
 */
public record Route(List<String> albumPath, List<String> tags, String title, String description,
                    int privacyLevel, String ruleId) {
    public Route {
        albumPath = List.copyOf(albumPath);
        tags = List.copyOf(tags);
    }
}
