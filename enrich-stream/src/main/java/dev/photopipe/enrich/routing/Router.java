package dev.photopipe.enrich.routing;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.PhotoCaptured;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides album and tags for a photo: the first enabled rule (by priority) that matches renders
 * its templates; with no match the camera's default album, then the policy's fallback album, or
 * {@link RoutingException.Reason#UNROUTABLE}. Tags from the camera's defaults are appended to the
 * rule's tags. Stateless and thread-safe.
 */
public final class Router {
    private final RoutingPolicy policy;

    public Router(RoutingPolicy policy) {
        this.policy = policy;
    }

    /**
     * Routes one photo.
     *
     * @param camera the photo's camera, or {@code null} if unknown
     * @throws RoutingException when the photo cannot be routed; permanent for this photo and rules
     */
    public Route route(RuleSet rules, PhotoCaptured photo, Camera camera) {
        PhotoVariables variables = new PhotoVariables(photo, camera, policy.zone());
        for (CompiledRule rule : rules.rules()) {
            if (rule.matches(photo, variables)) {
                Route route = rule.render(variables);
                return withCameraTags(route, camera);
            }
        }
        List<String> defaultAlbum = camera == null ? List.of() : sanitised(camera.getDefaultAlbumPath());
        if (!defaultAlbum.isEmpty()) {
            return withCameraTags(Route.withoutRule(defaultAlbum), camera);
        }
        List<String> fallback = sanitised(policy.fallbackAlbumPath());
        if (policy.unroutable() == RoutingPolicy.Unroutable.FALLBACK && !fallback.isEmpty()) {
            return withCameraTags(Route.withoutRule(fallback), camera);
        }
        throw new RoutingException(RoutingException.Reason.UNROUTABLE, "no rule matches photo "
                + photo.getPhotoId() + " from " + photo.getSourceId() + " and there is no default album");
    }

    private static List<String> sanitised(List<String> names) {
        return names.stream().map(PiwigoNames::albumName).filter(n -> !n.isEmpty()).toList();
    }

    private static Route withCameraTags(Route route, Camera camera) {
        if (camera == null || camera.getDefaultTags().isEmpty()) {
            return route;
        }
        List<String> tags = new ArrayList<>(route.tags());
        for (String raw : camera.getDefaultTags()) {
            String tag = PiwigoNames.tag(raw);
            if (!tag.isEmpty() && !tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return new Route(route.albumPath(), tags, route.title(), route.description(),
                route.privacyLevel(), route.ruleId(), route.expiresAt(), route.expiryAction());
    }
}
