package dev.photopipe.ops.replay;

import dev.photopipe.ops.TextTable;
import dev.photopipe.schemas.deadletter.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a dead-letter replay did (or, dry, would do): counts per outcome, the replayed letters
 * grouped by source topic, reason and batch, and the first few letters. Filled by
 * {@link DeadLetterReplayer}, rendered for people by {@link #render()}. Not thread-safe.
 */
public final class ReplayReport {
    /** What happened to one selected letter. */
    public enum Outcome {
        REPLAYED, ALREADY_REPLAYED, RESOLVED, NOT_REPLAYABLE, FAILED
    }

    /** One selected letter, as listed in the report. */
    public record Entry(int partition, long offset, DeadLetter letter, Outcome outcome, String note) {
    }

    private static final int MESSAGE_COLUMN_CHARS = 80;

    private final boolean dryRun;
    private final String selection;
    private final int sampleSize;
    private final List<Entry> sample = new ArrayList<>();
    private final Map<Outcome, Long> counts = new TreeMap<>();
    private final Map<String, Long> notReplayable = new TreeMap<>();
    private final Map<List<String>, Long> replayedGroups = new TreeMap<>((a, b) -> String.join("\0", a)
            .compareTo(String.join("\0", b)));
    private long scanned;
    private long unreadable;
    private long marksFailed;
    private boolean limitHit;

    /** @param sampleSize how many selected letters to list */
    public ReplayReport(boolean dryRun, String selection, int sampleSize) {
        this.dryRun = dryRun;
        this.selection = selection;
        this.sampleSize = sampleSize;
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0L);
        }
    }

    void scanned(boolean limitHit, long records) {
        this.limitHit = limitHit;
        this.scanned = records;
    }

    void unreadable() {
        unreadable++;
    }

    void add(Entry entry) {
        counts.merge(entry.outcome(), 1L, Long::sum);
        if (entry.outcome() == Outcome.NOT_REPLAYABLE) {
            notReplayable.merge(entry.note(), 1L, Long::sum);
        }
        if (entry.outcome() == Outcome.REPLAYED) {
            DeadLetter letter = entry.letter();
            replayedGroups.merge(List.of(letter.sourceTopic(), letter.reason().name(),
                    letter.batchId() == null ? "-" : letter.batchId()), 1L, Long::sum);
        }
        if (sample.size() < sampleSize) {
            sample.add(entry);
        }
    }

    /** A replayed letter whose send failed after all: counted as failed, not replayed, and left unmarked. */
    void failed(Entry replayed, String error) {
        counts.merge(Outcome.REPLAYED, -1L, Long::sum);
        DeadLetter letter = replayed.letter();
        replayedGroups.merge(List.of(letter.sourceTopic(), letter.reason().name(),
                letter.batchId() == null ? "-" : letter.batchId()), -1L, Long::sum);
        replayedGroups.values().removeIf(count -> count == 0);
        counts.merge(Outcome.FAILED, 1L, Long::sum);
        sample.replaceAll(e -> e == replayed ? new Entry(e.partition(), e.offset(), e.letter(), Outcome.FAILED, error) : e);
    }

    /** A letter re-published whose mark could not be written: a later replay will re-drive it again. */
    void markFailed() {
        marksFailed++;
    }

    public long count(Outcome outcome) {
        return counts.get(outcome);
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Letters left alone because they cannot be replayed, counted by why (which says what to do instead). */
    public Map<String, Long> notReplayable() {
        return Map.copyOf(notReplayable);
    }

    /** Re-published letters whose mark could not be written (a later replay re-drives them once more). */
    public long marksFailed() {
        return marksFailed;
    }

    public boolean limitHit() {
        return limitHit;
    }

    /** The report as aligned text. */
    public String render() {
        StringBuilder text = new StringBuilder();
        if (dryRun) {
            text.append("Dry run: nothing was re-published or marked.\n");
        }
        text.append("Selection: ").append(selection).append('\n');
        text.append("Dead letters scanned: ").append(scanned).append(limitHit
                ? " (stopped at the --max-records limit: later letters were not considered; raise it)" : "")
                .append('\n');
        if (unreadable > 0) {
            text.append("Skipped ").append(unreadable)
                    .append(" record(s) without photopipe dead-letter headers (not written by photopipe)\n");
        }
        TextTable totals = new TextTable("outcome", "letters")
                .row(dryRun ? "would replay" : "replayed", count(Outcome.REPLAYED))
                .row("skipped: already replayed" + (count(Outcome.ALREADY_REPLAYED) > 0 ? " (--again replays them)" : ""),
                        count(Outcome.ALREADY_REPLAYED))
                .row("skipped: not replayable", count(Outcome.NOT_REPLAYABLE));
        if (count(Outcome.RESOLVED) > 0) {
            totals.row("skipped: resolved (--again replays them)", count(Outcome.RESOLVED));
        }
        if (count(Outcome.FAILED) > 0) {
            totals.row("failed to re-publish (left unmarked; run again)", count(Outcome.FAILED));
        }
        text.append(totals.render());
        if (marksFailed > 0) {
            text.append(marksFailed).append(" replayed letter(s) could not be marked: a later replay re-drives them "
                    + "once more (harmless, the pipeline deduplicates)\n");
        }
        if (!notReplayable.isEmpty()) {
            text.append("\nNot replayable:\n");
            TextTable why = new TextTable("why", "letters");
            notReplayable.forEach(why::row);
            text.append(why.render());
        }
        if (!replayedGroups.isEmpty()) {
            text.append('\n').append(dryRun ? "Would replay" : "Replayed").append(" by source topic, reason, batch:\n");
            TextTable groups = new TextTable("source topic", "reason", "batch", "letters");
            replayedGroups.forEach((key, count) -> groups.row(key.get(0), key.get(1), key.get(2), count));
            text.append(groups.render());
        }
        if (!sample.isEmpty()) {
            text.append("\nFirst ").append(sample.size()).append(" selected:\n");
            TextTable entries = new TextTable("letter", "source", "stage", "reason", "batch", "last failure", "outcome",
                    "message");
            for (Entry entry : sample) {
                DeadLetter letter = entry.letter();
                entries.row(entry.partition() + "-" + entry.offset(),
                        letter.sourceTopic() + "/" + letter.partition() + "@" + letter.offset(),
                        letter.stage().headerValue(), letter.reason(), letter.batchId(),
                        Instant.ofEpochMilli(letter.lastFailureTimeMs()), outcomeText(entry), abbreviate(letter.message()));
            }
            text.append(entries.render());
        }
        return text.toString();
    }

    /** The failure message on one line and short: it names the file or photo, the full text is in the headers. */
    private static String abbreviate(String message) {
        if (message == null) {
            return null;
        }
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() <= MESSAGE_COLUMN_CHARS ? line : line.substring(0, MESSAGE_COLUMN_CHARS - 3) + "...";
    }

    private String outcomeText(Entry entry) {
        return switch (entry.outcome()) {
            case REPLAYED -> dryRun ? "would replay" : "replayed";
            case ALREADY_REPLAYED -> "already replayed";
            case RESOLVED -> "resolved";
            case NOT_REPLAYABLE -> "not replayable";
            case FAILED -> "failed: " + entry.note();
        };
    }
}
