package dev.photopipe.sink.piwigo;

import java.util.Set;

/**
 * What {@code pwg.session.getStatus} tells about the server, read once per connection.
 *
 * @param version        Piwigo version, e.g. "17.0.0"
 * @param chunkSizeBytes the server's upload chunk hint ({@code upload_form_chunk_size}, KB) in bytes
 * @param fileTypes      accepted file extensions, lower case
 * @param username       the user the client acts as
 */
public record ServerStatus(String version, int chunkSizeBytes, Set<String> fileTypes, String username) {

    /** Major version number, 0 when it cannot be read. */
    public int majorVersion() {
        try {
            return Integer.parseInt(version.split("\\.")[0].replaceAll("\\D", ""));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** {@code pwg.images.uploadAsync} appeared in Piwigo 11. */
    public boolean supportsUploadAsync() {
        return majorVersion() >= 11;
    }
}
