package dev.photopipe.ops.status;

import dev.photopipe.ops.TextTable;
import java.util.Locale;

/** Renders a {@link StatusReport} as aligned text tables for people. Stateless. */
public final class StatusTables {
    private StatusTables() {
    }

    public static String render(StatusReport report) {
        StringBuilder text = new StringBuilder();
        text.append("photopipe status at ").append(report.at())
                .append(report.sampleMs() > 0 ? ", rates over " + report.sampleMs() + " ms"
                        : report.groups().stream().anyMatch(g -> g.inPerSec() != null) ? ", rates since the last refresh"
                        : ", no rates (--watch, or --sample-ms MS)")
                .append("\nCounts from the views at ").append(report.views().source())
                .append("\n\nConsumer groups\n");
        TextTable groups = new TextTable("group", "topic", "partition", "committed", "end", "lag", "in/s", "out/s");
        report.groups().forEach(lag -> groups.row(lag.group(), lag.topic(), lag.partition(), lag.committed(),
                lag.end(), lag.lag(), number(lag.inPerSec()), number(lag.outPerSec())));
        text.append(groups.isEmpty() ? "(no group has committed offsets on photopipe's topics)\n" : groups.render());
        if (!report.idleGroups().isEmpty()) {
            text.append("No committed offsets yet: ").append(String.join(", ", report.idleGroups()))
                    .append(" (not started, or nothing consumed)\n");
        }

        text.append("\nTopics\n");
        TextTable topics = new TextTable("topic", "end offsets", "in/s");
        report.topics().forEach(topic -> topics.row(topic.topic(), topic.endOffsets(), number(topic.inPerSec())));
        text.append(topics.render());

        if (report.views().error() != null) {
            text.append("\nBatches and dead letters: unavailable. ").append(report.views().error()).append('\n');
            return text.toString();
        }
        text.append("\nDead letters by reason\n");
        text.append(letters("reason", report.deadLetters().byReason()));
        text.append("\nDead letters by batch\n");
        text.append(letters("batch", report.deadLetters().byBatch()));

        text.append("\nBatches\n");
        TextTable batches = new TextTable("batch", "captured", "duplicates", "routed", "uploaded", "failed",
                "dead letters", "replayed", "resolved");
        report.batches().forEach(b -> batches.row(b.batch(), b.captured(), b.duplicates(), b.routed(), b.uploaded(),
                b.failed(), b.deadLettered(), b.deadLettersReplayed(), b.deadLettersResolved()));
        text.append(batches.isEmpty() ? "(no photos yet)\n" : batches.render());

        text.append("\nExpiring in the next 30 days\n");
        TextTable expiring = new TextTable("photo", "image", "file", "expires at", "action", "rule", "due");
        report.expiring().forEach(e -> expiring.row(e.photoId(), e.imageId(), e.file(), e.expiresAt(), e.action(),
                e.ruleId() != null ? e.ruleId() : "changed by hand", e.overdue() ? "OVERDUE" : "pending"));
        text.append(expiring.isEmpty() ? "(nothing expires in the next 30 days)\n" : expiring.render());
        if (report.expiringLimitHit()) {
            text.append("More expire than listed: `photopipe expiry list --within P30D` lists them all\n");
        }
        if (!report.views().unreachable().isEmpty()) {
            text.append("\nINCOMPLETE: these views instances did not answer, their share is missing:\n");
            report.views().unreachable().forEach(instance -> text.append("  ").append(instance).append('\n'));
        }
        return text.toString();
    }

    private static String letters(String what, java.util.List<StatusReport.LetterCount> rows) {
        if (rows.isEmpty()) {
            return "(none)\n";
        }
        TextTable table = new TextTable(what, "pending", "replayed", "resolved");
        rows.forEach(row -> table.row(row.key(), row.pending(), row.replayed(), row.resolved()));
        return table.render();
    }

    private static String number(Double value) {
        return value == null ? null : String.format(Locale.ROOT, "%.1f", value);
    }
}
