package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.ops.views.ViewsConfig;
import dev.photopipe.ops.views.query.HttpViews;
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
    private ViewsConfig views;

    OpsCommand(Map<String, String> environment) {
        super(environment);
    }

    /**
     * Prints the problems, each naming its flag and fix, after the command's whole name (e.g.
     * {@code photopipe expiry reapply:}), and returns the usage exit code.
     */
    int usage(List<String> problems) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + String.join("\n", problems));
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

    /**
     * The views of the running photopipe that {@code views.url} names (by default this machine's
     * metrics port), read over HTTP.
     */
    HttpViews views() {
        config();
        String url = views.url().isEmpty() ? "http://" + config.metricsLocalHost() + ":" + config.metricsPort() : views.url();
        return new HttpViews(url, "Start photopipe (run, or a service with metrics on), or point " + ViewsConfig.URL
                + " at one (--set " + ViewsConfig.URL + "=http://HOST:PORT, or PHOTOPIPE_VIEWS_URL)");
    }

    /** The command settings, loaded and validated on first use (file < environment < flags). */
    CommandConfig config() {
        if (config == null) {
            EffectiveConfig loaded = loadConfig(List.of(CommandConfig.SECTION, CommandConfig.VIEWS_SECTION), List.of());
            config = new CommandConfig(loaded.values());
            views = new ViewsConfig(loaded.values());
        }
        return config;
    }
}
