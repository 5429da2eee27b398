package dev.photopipe.cli;

import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.ops.store.StoreGc;
import dev.photopipe.ops.store.StoreRetention;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.store.PhotoStore;
import dev.photopipe.store.PhotoStores;
import dev.photopipe.store.StoreConfigs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code photopipe store ...}: the photo store's maintenance. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Maintains the photo store.")
final class StoreCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: gc");
    }

    /** {@code photopipe store gc [--dry-run]}. */
    @Command(name = "gc", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Deletes the bytes of photos the sink's ledger records in Piwigo (uploaded or already "
                    + "present) longer ago than photo.store.retention.ms; never a photo not recorded there.",
                "Reads the same settings as `photopipe sink` (photo.store.*, topics.prefix, bootstrap.servers)."})
    static final class Gc extends ConfiguredCommand {
        @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
        boolean dryRun;

        @Mixin
        ScanLimitOption scanLimit;

        Gc(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() throws Exception {
            List<String> problems = new java.util.ArrayList<>();
            scanLimit.check(problems);
            if (!problems.isEmpty()) {
                spec.commandLine().getErr().println("photopipe store gc: " + String.join("\n", problems));
                return ExitCodes.USAGE;
            }
            Map<String, String> values = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.SINK.section()), List.of())
                    .values();
            AbstractConfig sink = new AbstractConfig(SinkConfig.CONFIG_DEF, values);
            long retentionMs = sink.getLong(SinkConfig.STORE_RETENTION_MS);
            if (retentionMs < 0) {
                out().println("photo.store.retention.ms is -1: the photo store keeps every photo; nothing to delete. "
                        + "Set it (e.g. 2592000000 for 30 days) to let photos go once they are in Piwigo.");
                out().flush();
                return ExitCodes.OK;
            }
            CommandConfig command = new CommandConfig(values);
            // The spool folder is never written: gc reads and deletes, it stores nothing.
            try (PhotoStore store = PhotoStores.create(StoreConfigs.settings(sink), Path.of(sink.getString(SinkConfig.SINK_SPOOL_DIR)))) {
                StoreGc gc = new StoreGc(command.clients("photopipe-store-gc"),
                        TopicConfigs.catalog(command).name(PhotopipeTopic.SINK_LEDGER), scanLimit.maxRecords, values,
                        store);
                StoreGc.Report report = gc.run(new StoreRetention(Duration.ofMillis(retentionMs),
                        Clock.systemUTC().instant()), dryRun);
                StoreGc.print(report, dryRun, store.describe(), out());
            }
            return ExitCodes.OK;
        }
    }
}
