package dev.photopipe.cli;

import dev.photopipe.ops.DeadLetterSelection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The dead-letter selection flags {@code replay} and {@code dead-letters resolve} share (a picocli
 * mixin): batch, time range, reason, stage, or {@code --all}; criteria combine with AND.
 */
final class LetterSelectionOptions {
    @Option(names = {"--batch", "--lot"}, paramLabel = "ID", description = "Only letters of this batch (lot), e.g. LOT-4711.")
    String batch;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Only letters whose last failure is at or after TIME (ISO instant or date, UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only letters whose last failure is before TIME.")
    String to;

    @Option(names = "--reason", paramLabel = "CODE",
            description = "Only letters with this reason code (repeatable), e.g. PIWIGO_UNAVAILABLE.")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--stage", paramLabel = "STAGE", description = "Only letters of this stage: ingest, enrich, sink, expiry or replay.")
    String stage;

    @Option(names = "--all", description = "Every dead letter (instead of a selection).")
    boolean all;

    /** True when any criterion (not {@code --all}) was given. */
    boolean anyCriterion() {
        return batch != null || from != null || to != null || !reasons.isEmpty() || stage != null;
    }

    /**
     * @param allOtherwise select every letter when no criterion is given (another flag narrows the selection)
     * @throws DeadLetterSelection.InvalidSelectionException naming each bad flag and its fix
     */
    DeadLetterSelection parse(boolean allOtherwise) {
        return DeadLetterSelection.parse(batch, from, to, reasons, stage, all || allOtherwise && !anyCriterion());
    }
}
