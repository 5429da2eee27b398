package dev.photopipe.cli.config;

/**
 * One thing wrong with the configuration.
 *
 * @param key the setting concerned, or the file name when the file itself is unusable
 * @param message what is wrong, with where the value came from
 * @param fix what to do about it
 */
public record ConfigProblem(String key, String message, String fix) {
}
