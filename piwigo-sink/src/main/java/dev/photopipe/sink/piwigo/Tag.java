package dev.photopipe.sink.piwigo;

/** A Piwigo tag. */
public record Tag(long id, String name) {
}
