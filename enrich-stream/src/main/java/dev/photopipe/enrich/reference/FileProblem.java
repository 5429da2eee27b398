package dev.photopipe.enrich.reference;

import java.nio.file.Path;

/** One problem in a reference-data file, at a 1-based line (0 when the line is unknown). */
public record FileProblem(Path file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
