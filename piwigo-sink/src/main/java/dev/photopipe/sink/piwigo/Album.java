package dev.photopipe.sink.piwigo;

/** A Piwigo album ("category"). {@code parentId} is {@code null} at the root. */
public record Album(long id, String name, Long parentId) {
}
