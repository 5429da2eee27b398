package dev.photopipe.piwigo.emulator;

/**
 * A snapshot of one album.
 *
 * @param id       album id
 * @param name     album name
 * @param parentId parent album id, {@code null} at the root
 */
public record EmulatedAlbum(long id, String name, Long parentId) {
}
