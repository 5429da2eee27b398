package dev.photopipe.ops.views.model;

import java.util.List;

/**
 * Where enrich routed a photo: its upload request. Immutable.
 *
 * @param albumPath album names from the root down
 * @param tags      tags to set, e.g. {@code lot:4711}
 * @param ruleId    the routing rule that decided, or null for a fallback album
 * @param batch     the request's batch (what the sink acted on), or null
 */
public record Route(List<String> albumPath, List<String> tags, String ruleId, String batch) {
    public Route {
        albumPath = List.copyOf(albumPath);
        tags = List.copyOf(tags);
    }
}
