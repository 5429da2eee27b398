package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.enrich.reference.FileProblem;
import dev.photopipe.enrich.reference.InvalidFileException;
import dev.photopipe.ops.reference.ReferenceData;
import dev.photopipe.ops.reference.ReferenceKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code photopipe rules load|list} and {@code photopipe cameras load|list}: flags in, the work in
 * {@link ReferenceData}. Loading validates the whole file first (every problem with file and
 * line) and publishes nothing if anything is wrong.
 */
final class ReferenceDataCommand {
    private ReferenceDataCommand() {
    }

    /** The parent command, {@code photopipe rules} or {@code photopipe cameras}. */
    @Command(mixinStandardHelpOptions = true, description = "Reference data enrich-stream routes with.")
    static final class Group implements Runnable {
        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing command: load or list");
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Validates FILE and publishes it: new and changed entries written, removed ones tombstoned.")
    static final class Load extends ConfiguredCommand {
        private final ReferenceKind kind;

        @Parameters(index = "0", paramLabel = "FILE", description = "YAML (rules, cameras) or CSV (cameras) file.")
        Path file;

        Load(ReferenceKind kind, Map<String, String> environment) {
            super(environment);
            this.kind = kind;
        }

        @Override
        public Integer call() throws Exception {
            Map<String, ? extends SpecificRecord> wanted;
            try {
                wanted = kind.load(file);
            } catch (InvalidFileException e) {
                for (FileProblem problem : e.problems()) {
                    out().println(problem);
                }
                out().println(e.problems().size() + " problem(s) in " + file + "; nothing was published.");
                return ExitCodes.CONFIG;
            }
            EffectiveConfig config = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.ENRICH.section()), List.of());
            Pipeline.provisionTopics(config);
            out().println(referenceData(config).publish(kind, file, wanted));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints what is live on the topic.")
    static final class ListLive extends ConfiguredCommand {
        private final ReferenceKind kind;

        ListLive(ReferenceKind kind, Map<String, String> environment) {
            super(environment);
            this.kind = kind;
        }

        @Override
        public Integer call() throws Exception {
            ReferenceData data = referenceData(loadConfig(List.of(CommandConfig.SECTION, ServiceKind.ENRICH.section()),
                    List.of()));
            Map<String, ?> live = data.live(kind);
            live.forEach((key, value) -> out().println(key + "  " + kind.describe(value)));
            out().println(live.size() + " " + kind.noun() + " live on " + data.topic(kind));
            return ExitCodes.OK;
        }
    }

    /** Reference data on the configured cluster, with the enrich settings' serdes and topics. */
    static ReferenceData referenceData(EffectiveConfig config) {
        EnrichConfig enrich = new EnrichConfig(config.values());
        return new ReferenceData(new CommandConfig(config.values()).clients("photopipe-reference-data"),
                enrich.topics(), enrich.originals());
    }
}
