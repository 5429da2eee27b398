package dev.photopipe.store;

import java.io.IOException;
import java.net.URI;

/** The store holds nothing under a URI: never written, or deleted (retention, or by hand). */
public final class PhotoMissingException extends IOException {
    private static final long serialVersionUID = 1L;

    public PhotoMissingException(URI uri) {
        super("the photo store holds nothing at " + uri);
    }
}
