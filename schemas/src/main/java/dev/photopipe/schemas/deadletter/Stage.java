package dev.photopipe.schemas.deadletter;

import java.util.Locale;

/** Where in the pipeline a record failed. Written lower-case in {@link DeadLetterHeaders#STAGE}. */
public enum Stage {
    INGEST, ENRICH, SINK, REPLAY;

    /** The header value, e.g. {@code enrich}. */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Stage fromHeaderValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
