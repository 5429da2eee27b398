package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.schemas.topics.ProvisionReport;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.schemas.topics.TopicSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code photopipe topics create}: provisions the topic catalog on a cluster and reports. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manages photopipe's Kafka topics.")
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates missing topics and checks existing ones (cleanup policy, co-partitioning).",
                "Idempotent; never alters an existing topic. Exit 5 with the fix commands on a mismatch."})
    static final class Create extends ConfiguredCommand {
        Create(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            EffectiveConfig config = loadConfig(List.of(CommandConfig.SECTION), List.of());
            ProvisionReport report = Pipeline.provisionTopics(config);
            PrintWriter out = out();
            out.println(report.summary());
            for (TopicSpec topic : TopicConfigs.catalog(new CommandConfig(config.values())).all()) {
                out.printf("  %-40s %-8s %s key: %s%n", topic.name(),
                        report.created().contains(topic.name()) ? "created" : "exists",
                        topic.topicConfigs(), topic.key());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
