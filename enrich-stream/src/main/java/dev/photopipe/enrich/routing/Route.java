package dev.photopipe.enrich.routing;

import dev.photopipe.schemas.ExpiryAction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where one photo goes: sanitised album names from the root down, tags, optional title and
 * description, Piwigo privacy level, the deciding rule ({@code null} for a default album) and the
 * rule's expiry for this photo ({@code expiresAt} {@code null}: never).
 */
public record Route(List<String> albumPath, List<String> tags, String title, String description,
                    int privacyLevel, String ruleId, Instant expiresAt, ExpiryAction expiryAction) {
    public Route {
        albumPath = List.copyOf(albumPath);
        tags = List.copyOf(tags);
        Objects.requireNonNull(expiryAction, "expiryAction");
    }

    /** A route without a rule (camera default or fallback album): no expiry. */
    static Route withoutRule(List<String> albumPath) {
        return new Route(albumPath, List.of(), null, null, 0, null, null, ExpiryAction.NONE);
    }
}
