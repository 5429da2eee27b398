package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.ops.InstantArgument;
import dev.photopipe.ops.expiry.ReapplyReport;
import dev.photopipe.ops.expiry.RuleReapplier;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code photopipe expiry reapply}: a changed rule's expiry applied to the photos it routed
 * before. Thin: flags in, report out; the work is in {@link RuleReapplier}.
 */
@Command(name = "reapply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Applies a routing rule's expiry as it is now to the photos it routed before it changed: a "
                + "photo's expiry is fixed when it is routed, so a changed rule otherwise applies only to photos "
                + "routed afterwards.",
            "Reads the photos' upload requests (kept 7 days by default: older photos need photopipe expiry extend), "
                    + "recomputes each expiry as enrich does (give it the pipeline's configuration: dates start in "
                    + "enrich.time.zone), and writes a change for each photo whose expiry differs."})
final class ExpiryReapplyCommand extends OpsCommand {
    @Option(names = "--rule", paramLabel = "ID", required = true,
            description = "The rule whose expiry to reapply, as photopipe rules list shows it.")
    String rule;

    @Option(names = "--captured-after", paramLabel = "TIME",
            description = "Only photos captured at or after TIME (an ISO-8601 instant, or a date: midnight UTC).")
    String capturedAfter;

    @Option(names = "--captured-before", paramLabel = "TIME",
            description = "Only photos captured before TIME.")
    String capturedBefore;

    @Option(names = "--dry-run", description = "Count and list what would change; write nothing.")
    boolean dryRun;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "How many changed photos to list (default ${DEFAULT-VALUE}).")
    int show;

    @Mixin
    ScanLimitOption scanLimit;

    ExpiryReapplyCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> problems = new ArrayList<>();
        if (rule.isBlank()) {
            problems.add("--rule is empty: give the rule's id, as photopipe rules list shows it");
        }
        if (show < 0) {
            problems.add("--show " + show + " is negative: give 0 or more");
        }
        scanLimit.check(problems);
        Instant from = InstantArgument.optional("--captured-after", capturedAfter, problems);
        Instant until = InstantArgument.optional("--captured-before", capturedBefore, problems);
        if (from != null && until != null && !from.isBefore(until)) {
            problems.add("--captured-after " + capturedAfter + " is not before --captured-before " + capturedBefore
                    + ": no photo could match; swap them or widen the range");
        }
        if (!problems.isEmpty()) {
            return usage(problems);
        }
        EffectiveConfig loaded = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.ENRICH.section()), List.of());
        EnrichConfig enrich = new EnrichConfig(loaded.values());
        RuleReapplier reapplier = new RuleReapplier(new CommandConfig(loaded.values()).clients("photopipe-expiry"),
                enrich.topics(), enrich.originals(), enrich.routingPolicy().zone(), scanLimit.maxRecords,
                Clock.systemUTC(), System.getProperty("user.name"));
        ReapplyReport report;
        try {
            report = reapplier.reapply(rule.strip(), from, until, dryRun, show);
        } catch (RuleReapplier.RuleProblem e) {
            return usage(List.of(e.getMessage()));
        }
        out().print(report.render());
        out().flush();
        // Photos whose expiry cannot be computed are listed by reason (a data problem, like a dead
        // letter); only changes Kafka did not take make the run fail.
        return report.notWritten() > 0 ? ExitCodes.KAFKA : ExitCodes.OK;
    }
}
