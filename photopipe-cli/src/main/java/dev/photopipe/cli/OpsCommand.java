package dev.photopipe.cli;

import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import java.util.List;
import java.util.Map;

/**
 * An operator command ({@code replay}, {@code status}): reads the command settings once, then
 * talks to an existing cluster. It never starts an embedded broker: there is nothing to repair or
 * watch in a broker nobody else uses.
 */
abstract class OpsCommand extends ConfiguredCommand {
    private CommandConfig config;

    OpsCommand(Map<String, String> environment) {
        super(environment);
    }

    /** Prints the problems, each naming its flag and fix, and returns the usage exit code. */
    int usage(List<String> problems) {
        spec.commandLine().getErr().println("photopipe " + spec.name() + ": " + String.join("\n", problems));
        spec.commandLine().getErr().flush();
        return ExitCodes.USAGE;
    }

    TopicCatalog catalog() {
        return TopicConfigs.catalog(config());
    }

    /** @param clientId names the command in broker logs, e.g. {@code photopipe-status} */
    KafkaClients clients(String clientId) {
        return config().clients(clientId);
    }

    /** The command settings, loaded and validated on first use (file < environment < flags). */
    CommandConfig config() {
        if (config == null) {
            config = new CommandConfig(loadConfig(List.of(CommandConfig.SECTION), List.of()).values());
        }
        return config;
    }
}
