package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.expiry.ExpiryConfig;
import dev.photopipe.expiry.plan.ExpiryPlan;
import dev.photopipe.expiry.plan.ExpirySnapshot;
import dev.photopipe.expiry.topology.ExpirySerdes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code photopipe expiry run}: the expiry service alone against a cluster (instances with the same
 * {@code expiry.application.id} split the work); with {@code --dry-run}, what it would do now.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the expiry service alone against --bootstrap-servers: archives or deletes photos in "
                + "Piwigo on their expiry date, sends notices before, audits every action. Scale out by starting more.",
            "With --dry-run: prints what is due now and which notices are due, and acts on nothing."})
final class ExpiryRunCommand extends ServiceCommand {

    @Option(names = "--dry-run", description = "Print what is due now (in the order it would be done) and which "
            + "notices are due, read from the ledger, changes, audit and notices topics; act on nothing.")
    boolean dryRun;

    ExpiryRunCommand(Map<String, String> environment) {
        super(ServiceKind.EXPIRY, environment);
    }

    @Override
    public Integer call() throws Exception {
        if (!dryRun) {
            return super.call();
        }
        EffectiveConfig config = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.EXPIRY.section()), List.of());
        ExpiryConfig expiry = new ExpiryConfig(config.values());
        ExpiryPlan plan = new ExpirySnapshot(new CommandConfig(config.values()).clients("photopipe-expiry-dry-run"),
                expiry.topics(), ExpirySerdes.avro(expiry.originals())).plan(Instant.now(), expiry.noticeBefore());
        out().print(plan.describe());
        out().flush();
        return ExitCodes.OK;
    }
}
