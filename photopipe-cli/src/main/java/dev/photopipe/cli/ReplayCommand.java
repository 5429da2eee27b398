package dev.photopipe.cli;

import dev.photopipe.ops.InstantArgument;
import dev.photopipe.ops.replay.DeadLetterReplayer;
import dev.photopipe.ops.DeadLetterSelection;
import dev.photopipe.ops.replay.ReplayReport;
import dev.photopipe.ops.replay.RequestReplayer;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code photopipe replay}: re-drives dead letters to the topics they failed on, or, with
 * {@code --requests}, upload requests from a point in time. Thin: flags in, report out; the work
 * is in {@code dev.photopipe.ops.replay}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-publishes dead letters' original records to the topic they failed on, and marks them "
                + "replayed (never deletes them). One selection flag, or --all, is required.",
            "With --requests --since TIME: re-publishes upload requests from TIME on (e.g. after restoring "
                    + "a Piwigo backup)."})
final class ReplayCommand extends OpsCommand {
    @Mixin
    LetterSelectionOptions selection;

    @Option(names = "--dry-run", description = "List what would be replayed; publish and mark nothing.")
    boolean dryRun;

    @Option(names = "--again", description = "Also replay letters already marked as replayed.")
    boolean again;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "How many selected letters to list (default ${DEFAULT-VALUE}).")
    int show;

    @Mixin
    ScanLimitOption scanLimit;

    @Option(names = "--requests", description = "Re-drive upload requests instead of dead letters (needs --since).")
    boolean requests;

    @Option(names = "--since", paramLabel = "TIME",
            description = "With --requests: re-publish requests with a timestamp at or after TIME.")
    String since;

    @Option(names = "--force-check", description = "With --requests: ask the sink to verify each image still "
            + "exists in Piwigo instead of trusting its ledger.")
    boolean forceCheck;

    ReplayCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> problems = new ArrayList<>();
        if (show < 0) {
            problems.add("--show " + show + " is negative: give 0 or more");
        }
        scanLimit.check(problems);
        if (requests) {
            return replayRequests(problems);
        }
        if (since != null || forceCheck) {
            problems.add("--since and --force-check apply to upload requests: add --requests");
        }
        DeadLetterSelection letters = null;
        try {
            letters = selection.parse(false);
        } catch (DeadLetterSelection.InvalidSelectionException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            return usage(problems);
        }
        TopicCatalog catalog = catalog();
        ReplayReport report = new DeadLetterReplayer(clients("photopipe-replay"), catalog.name(PhotopipeTopic.DEAD_LETTERS),
                catalog.name(PhotopipeTopic.DEAD_LETTERS_REPLAYED), catalog.name(PhotopipeTopic.DEAD_LETTERS_RESOLVED),
                scanLimit.maxRecords, Clock.systemUTC())
                .replay(letters, dryRun, again, show);
        out().print(report.render());
        out().flush();
        return report.count(ReplayReport.Outcome.FAILED) > 0 ? ExitCodes.KAFKA : ExitCodes.OK;
    }

    private int replayRequests(List<String> problems) throws InterruptedException {
        if (selection.anyCriterion() || selection.all || again) {
            problems.add("--requests re-drives upload requests by time only: drop --batch/--from/--to/--reason/"
                    + "--stage/--all/--again, or drop --requests to replay dead letters");
        }
        Instant sinceInstant = null;
        if (since == null) {
            problems.add("--requests needs --since TIME, e.g. --since 2026-11-01T00:00:00Z");
        } else {
            try {
                sinceInstant = InstantArgument.parse("--since", since);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            return usage(problems);
        }
        RequestReplayer.Result result = new RequestReplayer(clients("photopipe-replay"), catalog().name(PhotopipeTopic.UPLOAD_REQUESTS),
                scanLimit.maxRecords).replay(sinceInstant, forceCheck, dryRun);
        out().print(result.render());
        out().flush();
        return result.failed() > 0 ? ExitCodes.KAFKA : ExitCodes.OK;
    }
}
