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
 * @param description  image description (Piwigo's {@code comment}), {@code null} for none
 * @param privacyLevel who may see the image (Piwigo's {@code level}: 0 everybody, 1 contacts,
 *                     2 friends, 4 family, 8 admins)
 */
public record UploadRequest(String md5, Path source, String fileName, String title, List<String> albumPath,
                            List<String> tags, String description, int privacyLevel) {
    /** Without description, visible to everybody. */
    public UploadRequest(String md5, Path source, String fileName, String title, List<String> albumPath,
                         List<String> tags) {
        this(md5, source, fileName, title, albumPath, tags, null, 0);
    }

    public UploadRequest {
        Objects.requireNonNull(md5, "md5");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fileName, "fileName");
        albumPath = List.copyOf(albumPath);
        tags = List.copyOf(tags);
    }
}
