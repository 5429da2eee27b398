package dev.photopipe.schemas.topics;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Existing topics contradict the {@link TopicCatalog}: a wrong cleanup policy, or fewer partitions
 * than a co-partitioned partner. photopipe never alters an existing topic by itself (the fix may
 * move data, an operator decides), so this is a start-up error listing every problem with the
 * command that fixes it.
 */
public final class TopicMisconfiguredException extends TopicProvisioningException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public TopicMisconfiguredException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        return problems.stream()
                .map(p -> "  - topic '" + p.topic() + "': " + p.issue() + "\n    Fix: " + p.fix())
                .collect(Collectors.joining("\n",
                        problems.size() + " Kafka topic(s) do not match what photopipe needs:\n", ""));
    }

    /**
     * One thing wrong with one topic.
     *
     * @param topic the topic's full name
     * @param issue what is wrong, and why it matters
     * @param fix the command that repairs it
     */
    public record Problem(String topic, String issue, String fix) {
    }
}
