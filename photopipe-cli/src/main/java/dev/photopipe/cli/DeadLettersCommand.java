package dev.photopipe.cli;

import dev.photopipe.ops.DeadLetterSelection;
import dev.photopipe.ops.letters.LetterResolver;
import dev.photopipe.ops.letters.ResolveReport;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code photopipe dead-letters resolve}: an operator's decision that dead letters need nothing more. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Dead letters' lifecycle: pending, replayed, resolved.")
final class DeadLettersCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing command: resolve");
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Marks dead letters resolved: they count as resolved (not pending) in status, find and the "
                    + "status page, and replay skips them. Letters are never deleted.",
                "Letters whose photo later reaches Piwigo are resolved by the pipeline itself; this is for the rest "
                        + "(a photo dropped on purpose, a file that will not come back)."})
    static final class Resolve extends OpsCommand {
        @Mixin
        LetterSelectionOptions selection;

        @Option(names = "--letter", paramLabel = "ID",
                description = "This letter (repeatable): its <partition>-<offset>, as find --json and replay list it.")
        List<String> letters = new ArrayList<>();

        @Option(names = "--note", paramLabel = "TEXT", required = true,
                description = "Why: kept with each resolution and shown by find, e.g. \"part scrapped, ticket 42\".")
        String note;

        @Option(names = "--dry-run", description = "List what would be resolved; write nothing.")
        boolean dryRun;

        @Option(names = "--show", paramLabel = "N", defaultValue = "20",
                description = "How many selected letters to list (default ${DEFAULT-VALUE}).")
        int show;

        @Mixin
        ScanLimitOption scanLimit;

        Resolve(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() throws InterruptedException {
            List<String> problems = new ArrayList<>();
            if (show < 0) {
                problems.add("--show " + show + " is negative: give 0 or more");
            }
            if (note.isBlank()) {
                problems.add("--note is empty: say why these letters need nothing more");
            }
            scanLimit.check(problems);
            Set<String> ids = new LinkedHashSet<>();
            for (String letter : letters) {
                if (!letter.strip().matches("\\d+-\\d+")) {
                    problems.add("--letter " + letter + " is not a letter id: give <partition>-<offset>, e.g. 3-1042");
                }
                ids.add(letter.strip());
            }
            DeadLetterSelection letterSelection = null;
            try {
                // Letter ids alone are a selection: then every letter is considered and the ids pick.
                letterSelection = selection.parse(!ids.isEmpty());
            } catch (DeadLetterSelection.InvalidSelectionException e) {
                problems.add(e.getMessage().replace("or --all to replay every dead letter",
                        "--letter ID, or --all to resolve every dead letter"));
            }
            if (!problems.isEmpty()) {
                return usage(problems);
            }
            TopicCatalog catalog = catalog();
            ResolveReport report = new LetterResolver(clients("photopipe-dead-letters"),
                    catalog.name(PhotopipeTopic.DEAD_LETTERS), catalog.name(PhotopipeTopic.DEAD_LETTERS_RESOLVED),
                    scanLimit.maxRecords, Clock.systemUTC()).resolve(letterSelection, ids, note.strip(), dryRun, show);
            out().print(report.render());
            out().flush();
            return report.failed() > 0 ? ExitCodes.KAFKA : ExitCodes.OK;
        }
    }
}
