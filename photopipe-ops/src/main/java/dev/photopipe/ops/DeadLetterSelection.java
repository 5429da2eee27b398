package dev.photopipe.ops;

import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Which dead letters a replay takes: every given criterion must match (batch AND time range AND
 * one of the reasons AND stage). At least one criterion, or {@code --all}, is required so that
 * nobody re-drives a month of failures by forgetting a flag. Immutable.
 *
 * @param batchId batch (lot) of the photo, or null for any
 * @param from    earliest last-failure time, inclusive, or null
 * @param to      latest last-failure time, exclusive, or null
 * @param reasons reason codes, any of which matches; empty for any
 * @param stage   stage the record failed in, or null for any
 */
public record DeadLetterSelection(String batchId, Instant from, Instant to, Set<ReasonCode> reasons, Stage stage) {

    public DeadLetterSelection {
        reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reasons));
    }

    /** A problem with the selection flags; the message lists each one with its fix. */
    public static final class InvalidSelectionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSelectionException(List<String> problems) {
            super(String.join("\n", problems));
        }
    }

    /**
     * Parses the command's flags, reporting every problem at once.
     *
     * @throws InvalidSelectionException naming each bad flag and how to fix it
     */
    public static DeadLetterSelection parse(String batch, String from, String to, List<String> reasons, String stage,
                                            boolean all) {
        List<String> problems = new ArrayList<>();
        Instant fromInstant = InstantArgument.optional("--from", from, problems);
        Instant toInstant = InstantArgument.optional("--to", to, problems);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            problems.add("--from " + from + " is not before --to " + to + ": give a range whose start comes first");
        }
        Set<ReasonCode> reasonCodes = EnumSet.noneOf(ReasonCode.class);
        for (String reason : reasons) {
            try {
                reasonCodes.add(ReasonCode.valueOf(reason.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add("--reason " + reason + " is not a reason code; use one of "
                        + Arrays.toString(ReasonCode.values()));
            }
        }
        Stage stageValue = null;
        if (stage != null) {
            try {
                stageValue = Stage.valueOf(stage.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("--stage " + stage + " is not a stage; use one of " + Arrays.stream(Stage.values())
                        .map(Stage::headerValue).collect(Collectors.joining(", ")));
            }
        }
        if (batch != null && batch.isBlank()) {
            problems.add("--batch is empty: give the batch (lot) id, e.g. --batch LOT-4711");
        }
        boolean anyCriterion = batch != null || from != null || to != null || !reasons.isEmpty() || stage != null;
        if (!anyCriterion && !all) {
            problems.add("No selection: give --batch, --from/--to, --reason or --stage, "
                    + "or --all to replay every dead letter");
        }
        if (anyCriterion && all) {
            problems.add("--all contradicts the other selection flags: drop --all, or drop the other flags");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSelectionException(problems);
        }
        return new DeadLetterSelection(batch, fromInstant, toInstant, reasonCodes, stageValue);
    }

    /** True when {@code letter} meets every criterion. */
    public boolean matches(DeadLetter letter) {
        long last = letter.lastFailureTimeMs();
        return (batchId == null || batchId.equals(letter.batchId()))
                && (from == null || last >= from.toEpochMilli())
                && (to == null || last < to.toEpochMilli())
                && (reasons.isEmpty() || reasons.contains(letter.reason()))
                && (stage == null || stage == letter.stage());
    }

    /**
     * Reads the dead-letter {@code topic} with {@code scan} and hands each letter this selection
     * takes to {@code selected}; records without photopipe's headers (not written by photopipe) go
     * to {@code unreadable}.
     */
    public TopicScan.Result readFrom(TopicScan scan, String topic, Runnable unreadable,
                                     BiConsumer<ConsumerRecord<byte[], byte[]>, DeadLetter> selected) {
        return scan.fromBeginning(topic, record -> {
            DeadLetter letter;
            try {
                letter = DeadLetter.fromHeaders(record.headers());
            } catch (IllegalArgumentException notOurs) {
                unreadable.run();
                return;
            }
            if (matches(letter)) {
                selected.accept(record, letter);
            }
        });
    }

    /** The selection as a phrase, e.g. {@code batch LOT-4711, reason CORRUPT_IMAGE}, or {@code all}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (batchId != null) {
            parts.add("batch " + batchId);
        }
        if (from != null) {
            parts.add("last failure from " + from);
        }
        if (to != null) {
            parts.add("last failure before " + to);
        }
        if (!reasons.isEmpty()) {
            parts.add("reason " + reasons.stream().map(Enum::name).sorted().collect(Collectors.joining("|")));
        }
        if (stage != null) {
            parts.add("stage " + stage.headerValue());
        }
        return parts.isEmpty() ? "all dead letters" : String.join(", ", parts);
    }
}
