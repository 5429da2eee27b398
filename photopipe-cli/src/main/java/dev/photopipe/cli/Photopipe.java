package dev.photopipe.cli;

import dev.photopipe.cli.config.InvalidConfigException;
import dev.photopipe.cli.runtime.DataDirLock;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.kafka.embedded.EmbeddedKafkaException;
import dev.photopipe.observability.HttpEndpoint;
import dev.photopipe.observability.Observability;
import dev.photopipe.ops.reference.ReferenceKind;
import dev.photopipe.ops.views.query.HttpViews;
import dev.photopipe.schemas.topics.TopicMisconfiguredException;
import dev.photopipe.schemas.topics.TopicProvisioningException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code photopipe} command: entry point of every way to run photopipe. Thin on purpose: it
 * wires the subcommands and turns failures into the documented exit codes ({@link ExitCodes}).
 */
@Command(name = "photopipe", mixinStandardHelpOptions = true, versionProvider = Photopipe.Version.class,
        description = "Carries photos from camera feeds through Kafka into a Piwigo gallery.")
public final class Photopipe implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Photopipe.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: run, demo, ingest, enrich, sink, expiry, import, simulate, rules, cameras, replay, status, find, dead-letters, store, topics or config");
    }

    /** The command tree; {@code environment} supplies the {@code PHOTOPIPE_*} overrides (tests pass their own). */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine root = new CommandLine(new Photopipe());
        root.addSubcommand("run", new RunCommand(environment));
        root.addSubcommand("demo", new DemoCommand(environment));
        for (ServiceKind kind : ServiceKind.values()) {
            if (kind == ServiceKind.EXPIRY) {
                continue; // `expiry run`, in the expiry group below
            }
            CommandLine service = new CommandLine(new ServiceCommand(kind, environment));
            service.getCommandSpec().usageMessage().description(
                    "Runs " + kind.serviceName() + " alone against --bootstrap-servers (scale out by starting more).");
            root.addSubcommand(kind.command(), service);
        }
        root.addSubcommand("expiry", new CommandLine(new ExpiryCommand())
                .addSubcommand("run", new ExpiryRunCommand(environment))
                .addSubcommand("list", new ExpiryCommand.ListPending(environment))
                .addSubcommand("extend", new ExpiryCommand.Extend(environment))
                .addSubcommand("audit", new ExpiryCommand.Audit(environment))
                .addSubcommand("reapply", new ExpiryReapplyCommand(environment)));
        root.addSubcommand("import", new ImportCommand(environment));
        root.addSubcommand("simulate", new SimulateCommand());
        for (ReferenceKind kind : ReferenceKind.values()) {
            root.addSubcommand(kind.noun(), new CommandLine(new ReferenceDataCommand.Group())
                    .addSubcommand("load", new ReferenceDataCommand.Load(kind, environment))
                    .addSubcommand("list", new ReferenceDataCommand.ListLive(kind, environment)));
        }
        root.addSubcommand("replay", new ReplayCommand(environment));
        root.addSubcommand("status", new StatusCommand(environment));
        root.addSubcommand("find", new FindCommand(environment));
        root.addSubcommand("dead-letters", new CommandLine(new DeadLettersCommand())
                .addSubcommand("resolve", new DeadLettersCommand.Resolve(environment)));
        root.addSubcommand("store", new CommandLine(new StoreCommand())
                .addSubcommand("gc", new StoreCommand.Gc(environment)));
        root.addSubcommand("topics", new CommandLine(new TopicsCommand())
                .addSubcommand("create", new TopicsCommand.Create(environment)));
        root.addSubcommand("config", new CommandLine(new ConfigCommand())
                .addSubcommand("show", new ConfigCommand.Show(environment))
                .addSubcommand("docs", new ConfigCommand.Docs()));
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP) {
            exitCodes.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
        }
        documentExitCodes(root, exitCodes);
        // Registered last: picocli copies it to the subcommands that exist at this moment.
        root.setExecutionExceptionHandler(Photopipe::handle);
        return root;
    }

    private static void documentExitCodes(CommandLine command, Map<String, String> exitCodes) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        command.getSubcommands().values().forEach(sub -> documentExitCodes(sub, exitCodes));
    }

    /** Known failures print their message (which names the input and the fix); others their stack trace. */
    private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        int code;
        if (e instanceof InvalidConfigException || e instanceof ConfigException
                || e instanceof HttpEndpoint.EndpointUnavailableException) {
            code = ExitCodes.CONFIG;
        } else if (e instanceof TopicMisconfiguredException) {
            code = ExitCodes.TOPICS;
        } else if (e instanceof TopicProvisioningException || e instanceof EmbeddedKafkaException
                || e instanceof KafkaException || e instanceof DataDirLock.InUseException
                || e instanceof HttpViews.ViewsUnreachableException || e instanceof Observability.Unavailable) {
            code = ExitCodes.KAFKA;
        } else {
            LOG.error("photopipe {} failed unexpectedly", command.getCommandName(), e);
            code = ExitCodes.FAILURE;
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + messageWithRootCause(e));
        command.getErr().flush();
        return code;
    }

    /**
     * The failure's message, followed by its root cause's when that says something the message
     * does not: Kafka's "Failed to create new KafkaAdminClient" alone hides which setting is wrong.
     */
    static String messageWithRootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        if (root == e || root.getMessage() == null || message.contains(root.getMessage())) {
            return message;
        }
        return message + ": " + root.getMessage();
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Photopipe.class.getPackage().getImplementationVersion();
            return new String[] {"photopipe " + (version == null ? "(development build)" : version)};
        }
    }
}
