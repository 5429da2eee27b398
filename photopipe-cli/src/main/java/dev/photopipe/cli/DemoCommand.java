package dev.photopipe.cli;

import dev.photopipe.cli.config.ConfigSource;
import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.config.Setting;
import dev.photopipe.enrich.reference.InvalidFileException;
import dev.photopipe.ingest.IngestConfig;
import dev.photopipe.ingest.simulate.CameraSimulator;
import dev.photopipe.ingest.simulate.SimulatorSettings;
import dev.photopipe.ops.reference.ReferenceKind;
import dev.photopipe.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code photopipe demo}: {@code photopipe run} plus the camera simulator writing into its hot
 * folder, with the example rules and cameras loaded, so that a newcomer sees photos flow into a
 * gallery within a minute. The pipeline is {@code run}'s own ({@link RunCommand}, unchanged);
 * the demo joins its start-up (before the services start) and stops with it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole pipeline in one process (like 'run') with simulated cameras writing into its "
                + "hot folder, and prints where to watch: the status page, the gallery, the hot folder.",
            "Uploads to the local Piwigo EMULATOR (in memory) unless --piwigo-url is given. Ctrl-C stops everything."})
final class DemoCommand extends ConfiguredCommand {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    /** Loaded when present, relative to the working directory: the repository's examples. */
    static final Path EXAMPLE_RULES = Path.of("examples", "rules.yaml");
    static final Path EXAMPLE_CAMERAS = Path.of("examples", "cameras.csv");
    /** The site examples/rules.yaml routes by lot; other sites go to the fallback album. */
    static final String DEMO_SITE = "Plant A";
    /** Bound of the simulator's stop: it finishes the photo it is writing. */
    private static final Duration SIMULATOR_STOP = Duration.ofSeconds(10);

    @Option(names = "--cameras", defaultValue = "4", description = "Simulated cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--rate", defaultValue = "5/s", converter = SimulateCommand.RateConverter.class,
            description = "Photos per second over all cameras, e.g. 5/s or 120/min (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--photos", defaultValue = "3000",
            description = "Stop simulating after this many photos (default: ${DEFAULT-VALUE}, 10 minutes at 5/s), so "
                    + "that a forgotten demo does not fill the disk; the pipeline keeps running.")
    long photos;

    @Option(names = "--piwigo-url", paramLabel = "URL",
            description = "Upload to this Piwigo (with piwigo.api.key or piwigo.username/password via --set or "
                    + "PHOTOPIPE_*) instead of the local emulator.")
    String piwigoUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded broker and pipeline data (default ./data).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Embedded broker port (default 9092; 0 = a free one).")
    Integer kafkaPort;

    private final Map<String, String> environment;

    DemoCommand(Map<String, String> environment) {
        super(environment);
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (cameras < 1) {
            problems.add("--cameras " + cameras + " must be at least 1, e.g. --cameras 4");
        }
        if (!(rate > 0)) {
            problems.add("--rate must be more than 0 photos per second, e.g. --rate 5/s");
        }
        if (photos < 1) {
            problems.add("--photos " + photos + " must be at least 1, e.g. --photos 3000");
        }
        if (!problems.isEmpty()) {
            spec.commandLine().getErr().println("photopipe demo: " + String.join("\n", problems));
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
        if (piwigoUrl != null) {
            options.set.put(SinkConfig.PIWIGO_URL, piwigoUrl);
        }
        RunCommand run = new RunCommand(environment, this::joinStartUp);
        run.options = options;
        run.spec = spec;
        run.dataDir = dataDir;
        run.kafkaPort = kafkaPort;
        return run.call();
    }

    /** Loads the examples, starts the simulator as one of run's parts, and says where to look. */
    private void joinStartUp(Pipeline.Observed observed) {
        EffectiveConfig config = observed.config();
        for (ReferenceKind kind : ReferenceKind.values()) {
            loadExample(kind, kind == ReferenceKind.RULES ? EXAMPLE_RULES : EXAMPLE_CAMERAS, config);
        }
        // run always sets the roots (to <data-dir>/hotfolder unless configured); the simulator writes into the first.
        Path hotFolder = Path.of(config.values().get(IngestConfig.HOTFOLDER_ROOTS).split(",")[0].strip());
        Setting piwigo = config.setting(SinkConfig.PIWIGO_URL).orElseThrow();
        // run sets piwigo.url itself only when it started its emulator.
        boolean emulator = piwigo.source() == ConfigSource.RUNTIME;
        String endpoint = observed.endpointUrl();
        // One write, before the simulator logs: the lines stay together between the logs on stderr.
        PrintWriter out = out();
        out.print(String.join(System.lineSeparator(), "",
                "photopipe demo: " + cameras + " simulated cameras write " + rate + " photos/s (" + photos
                        + " in all) into the hot folder; ingest, enrich and sink carry them to "
                        + (emulator ? "the local Piwigo EMULATOR" : "Piwigo") + ".",
                "  Status page:  " + (endpoint == null ? "off (metrics.enabled=false)" : endpoint + "/"),
                emulator ? "  Emulator:     " + piwigo.value() + "  (browse its albums and photos there; in memory, NOT "
                        + "a real Piwigo: nothing is kept after exit; --piwigo-url uploads to yours)"
                        : "  Piwigo:       " + piwigo.value(),
                "  Find a lot:   the status page's search box, or photopipe find --batch LOT-4711"
                        + (endpoint == null ? "" : " --set views.url=" + endpoint),
                "  Hot folder:   " + hotFolder + "  (drop your own photos into <site>/<line>/<camera>/ below it)",
                "  Kafka:        " + new CommandConfig(config.values()).bootstrapServers(),
                "Press Ctrl-C to stop.", "", ""));
        out.flush();

        // The site the example rules route (examples/rules.yaml): photos land in Production/<line>/<lot>/<date>.
        SimulatorSettings settings = new SimulatorSettings(hotFolder, cameras, Math.min(2, cameras), rate,
                Duration.ZERO, photos, 50, 1024, DEMO_SITE);
        observed.parts().started("camera simulator", new RunningSimulator(new CameraSimulator(settings, Clock.systemUTC())));
    }

    private void loadExample(ReferenceKind kind, Path file, EffectiveConfig config) {
        if (!Files.isRegularFile(file)) {
            LOG.info("No {} (run the demo from the repository root to load it); photos go to the fallback album",
                    file.toAbsolutePath());
            return;
        }
        try {
            // addMissing, not publish: the demo may run against a cluster whose rules and cameras someone
            // else loaded; it adds its examples next to them and never replaces or removes theirs.
            LOG.info("Demo: {}", ReferenceDataCommand.referenceData(config).addMissing(kind, file, kind.load(file)));
        } catch (InvalidFileException e) {
            // The demo still shows photos flowing without them; say what is wrong with the file.
            LOG.warn("Demo: {} not loaded, {} problem(s): {}. Fix them and run 'photopipe {} load {}'", file,
                    e.problems().size(), e.problems(), kind.noun(), file);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load " + file + " into Kafka: " + e.getMessage(), e);
        }
    }

    /** The simulator on its own thread, stopped (interrupted, then awaited) with the other parts. */
    private static final class RunningSimulator implements AutoCloseable {
        private final Thread thread;

        RunningSimulator(CameraSimulator simulator) {
            thread = new Thread(() -> {
                try {
                    simulator.run();
                } catch (InterruptedException e) {
                    // Asked to stop: every photo written so far is complete (written, then renamed).
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.error("The camera simulator stopped: {}; the pipeline keeps running", e.getMessage(), e);
                }
            }, "photopipe-demo-simulator");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(SIMULATOR_STOP.toMillis());
            if (thread.isAlive()) {
                throw new IllegalStateException("The camera simulator did not stop within " + SIMULATOR_STOP);
            }
        }
    }
}
