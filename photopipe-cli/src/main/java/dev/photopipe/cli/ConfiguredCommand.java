package dev.photopipe.cli;

import dev.photopipe.cli.config.ConfigSection;
import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.config.Setting;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that reads photopipe's configuration (file, environment, flags) before it acts. */
abstract class ConfiguredCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    /** @param environment the {@code PHOTOPIPE_*} overrides' source; tests pass their own */
    ConfiguredCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Loads the configuration and validates the settings of {@code validated}.
     *
     * @param extraFlags the calling command's own flags, as settings
     * @throws dev.photopipe.cli.config.InvalidConfigException listing every problem
     */
    EffectiveConfig loadConfig(List<ConfigSection> validated, List<Setting> extraFlags) {
        return options.load(environment, validated, extraFlags);
    }

    /** Where command output goes (stdout unless a test redirects it); logs go to stderr. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
