package dev.photopipe.ops.reference;

import dev.photopipe.enrich.cameras.CamerasFile;
import dev.photopipe.enrich.rules.RulesFile;
import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/** The kinds of reference data enrich-stream routes with, and what differs between them. Immutable. */
public enum ReferenceKind {
    RULES("rules", PhotopipeTopic.ROUTING_RULES, RoutingRule.class, RulesFile::load,
            value -> {
                RoutingRule rule = (RoutingRule) value;
                return "priority " + rule.getPriority() + (rule.getEnabled() ? "" : " (disabled)")
                        + "  album " + rule.getAlbumPathTemplate() + "  tags " + rule.getTagTemplates()
                        + (rule.getExpiry() == null ? "" : "  expiry " + rule.getExpiry() + " ("
                                + rule.getExpiryAction().name().toLowerCase(Locale.ROOT) + ")");
            }),
    CAMERAS("cameras", PhotopipeTopic.CAMERAS, Camera.class, CamerasFile::load,
            value -> {
                Camera camera = (Camera) value;
                return "site " + camera.getSite() + "  line " + camera.getLine() + "  station " + camera.getStation()
                        + "  default album " + camera.getDefaultAlbumPath();
            });

    private final String noun;
    private final PhotopipeTopic topic;
    private final Class<? extends SpecificRecord> type;
    private final Loader loader;
    private final Function<Object, String> describe;

    ReferenceKind(String noun, PhotopipeTopic topic, Class<? extends SpecificRecord> type, Loader loader,
                  Function<Object, String> describe) {
        this.noun = noun;
        this.topic = topic;
        this.type = type;
        this.loader = loader;
        this.describe = describe;
    }

    /** Reads and validates a file into records by key. */
    @FunctionalInterface
    interface Loader {
        Map<String, ? extends SpecificRecord> load(Path file) throws Exception;
    }

    /** The command noun and the word in messages: {@code rules} or {@code cameras}. */
    public String noun() {
        return noun;
    }

    public PhotopipeTopic topic() {
        return topic;
    }

    Class<? extends SpecificRecord> type() {
        return type;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws dev.photopipe.enrich.reference.InvalidFileException listing every problem with its line
     */
    public Map<String, ? extends SpecificRecord> load(Path file) throws Exception {
        return loader.load(file);
    }

    /** One live entry as a line for people, after its key. */
    public String describe(Object value) {
        return describe.apply(value);
    }
}
