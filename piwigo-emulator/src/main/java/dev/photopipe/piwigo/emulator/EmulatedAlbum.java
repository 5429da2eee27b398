package dev.photopipe.piwigo.emulator;

/**
 * A snapshot of one album.
 *
 * @param id       album id
 * @param name     album name
 * @param parentId parent album id, {@code null} at the root
 * @param privateAlbum Piwigo's {@code status} "private" (only users and groups granted access see
 *                 it) rather than "public"
 */
public record EmulatedAlbum(long id, String name, Long parentId, boolean privateAlbum) {
    /** A public album. */
    public EmulatedAlbum(long id, String name, Long parentId) {
        this(id, name, parentId, false);
    }
}
