package dev.photopipe.cli.config;

/** Where a setting's value came from; later sources override earlier ones. */
public enum ConfigSource {
    DEFAULT("default"),
    FILE("file"),
    ENVIRONMENT("environment"),
    FLAG("flag"),
    /** Filled in by photopipe itself, e.g. the embedded broker's address. */
    RUNTIME("runtime");

    private final String label;

    ConfigSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
