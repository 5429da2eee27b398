package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.cli.runtime.ShutdownSignal;
import dev.photopipe.ingest.IngestConfig;
import dev.photopipe.ingest.IngestService;
import dev.photopipe.ingest.bulk.ImportSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code photopipe import DIR}: backfills every photo below a folder, once. Interrupted (Ctrl-C,
 * Kafka gone), the same command resumes where it stopped.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Publishes every photo below DIR once, with a progress bar and a summary.",
            "Resumable: run the same command again after Ctrl-C. Uses the ingest settings "
                    + "(path pattern, state directory) and --bootstrap-servers."})
final class ImportCommand extends ConfiguredCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "Folder to import, searched recursively.")
    Path dir;

    ImportCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            out().println("photopipe import: " + dir + " is not a folder; give the folder holding the photos");
            return ExitCodes.USAGE;
        }
        EffectiveConfig config = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.INGEST.section()), List.of());
        Pipeline.provisionTopics(config);
        IngestService ingest = new IngestService(new IngestConfig(config.values()), new SimpleMeterRegistry());
        // Ctrl-C or SIGTERM stops the import between two files (exit 0, as every orderly stop)
        // instead of the JVM's 130: what was published is checkpointed, the same command resumes.
        ShutdownSignal signal = ShutdownSignal.install(Pipeline.STOP_TIMEOUT);
        try {
            ImportSummary summary = ingest.importFolder(dir, System.err, signal::isRequested);
            out().println(summary.describe());
            out().flush();
            return summary.complete() || summary.stopRequested() ? ExitCodes.OK : ExitCodes.KAFKA;
        } finally {
            signal.stopped();
        }
    }
}
