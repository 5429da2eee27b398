package dev.photopipe.sink.upload;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A photo to put into the gallery. Plain values: the Avro {@code UploadRequest} maps onto it.
 *
 * @param md5       md5 of the file, lower-case hex (Piwigo's identity of the photo)
 * @param source    the file to read
 * @param fileName  file name given to Piwigo (its extension decides the accepted type)
 * @param title     image title
 * @param albumPath album names, root first
 * @param tags      tag names (case-insensitive)
 */
public record UploadRequest(String md5, Path source, String fileName, String title, List<String> albumPath,
                            List<String> tags) {
    public UploadRequest {
        Objects.requireNonNull(md5, "md5");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fileName, "fileName");
        albumPath = List.copyOf(albumPath);
        tags = List.copyOf(tags);
    }
}
