package dev.photopipe.ops.expiry;

import dev.photopipe.ops.TextTable;
import dev.photopipe.schemas.ExpiryAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code photopipe expiry extend} changed, or would change, or why it refused. Filled by
 * {@link ExpiryExtender}; not thread-safe.
 */
public final class ExtendReport {
    private final String target;
    private final boolean nothingWritten;
    private final List<Planned> planned;
    private final List<String> refused;
    private final List<String> incomplete;
    private final List<String> failures = new ArrayList<>();
    private int written;

    /**
     * One photo's change.
     *
     * @param from       its expiry in force before, or null (none)
     * @param fromAction its action before
     * @param to         the new expiry, or null (never)
     */
    public record Planned(String photoId, long imageId, Instant from, ExpiryAction fromAction, Instant to,
                          ExpiryAction toAction) {
    }

    ExtendReport(String target, boolean nothingWritten, List<Planned> planned, List<String> refused,
                 List<String> incomplete) {
        this.target = target;
        this.nothingWritten = nothingWritten;
        this.planned = List.copyOf(planned);
        this.refused = List.copyOf(refused);
        this.incomplete = List.copyOf(incomplete);
    }

    void written() {
        written++;
    }

    void failed(String why) {
        failures.add(why);
    }

    public List<Planned> planned() {
        return planned;
    }

    /** Why photos were refused; when any was, nothing was written. */
    public List<String> refused() {
        return refused;
    }

    public int writtenCount() {
        return written;
    }

    /** Sends Kafka refused. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        if (!refused.isEmpty()) {
            text.append("Refused, nothing written:\n");
            refused.forEach(why -> text.append("  ").append(why).append('\n'));
        }
        if (!planned.isEmpty()) {
            TextTable table = new TextTable("photo", "image", "expiry was", "action was", "expiry now", "action now");
            planned.forEach(p -> table.row(p.photoId(), p.imageId(), p.from() == null ? "never" : p.from(),
                    word(p.fromAction()), p.to() == null ? "never" : p.to(), word(p.toAction())));
            text.append(table.render());
        }
        if (refused.isEmpty()) {
            text.append(nothingWritten ? "Dry run: " + planned.size() + " change(s) " + target + " would be written.\n"
                    : written + " change(s) " + target + " written" + (failures.isEmpty() ? "" : ", " + failures.size()
                            + " failed") + "; the expiry service applies them.\n");
        }
        failures.forEach(why -> text.append("FAILED: ").append(why).append('\n'));
        incomplete.forEach(why -> text.append("INCOMPLETE: ").append(why).append('\n'));
        return text.toString();
    }

    private static String word(ExpiryAction action) {
        return action.name().toLowerCase(Locale.ROOT);
    }
}
