package dev.photopipe.piwigo.emulator;

/** A snapshot of one tag. */
public record EmulatedTag(long id, String name) {
}
