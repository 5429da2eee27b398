package dev.photopipe.cli;

import dev.photopipe.ingest.simulate.CameraSimulator;
import dev.photopipe.ingest.simulate.SimulatorSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code photopipe simulate}: a production line's cameras writing into a hot folder, for demos and benchmarks. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Writes real JPEGs with EXIF and sidecars into a hot folder, as cameras on production lines would.",
            "Layout <site>/<line>/<camera>/<date>/: set ingest.hotfolder.path.pattern={site}/{line}/{camera}/** to read it."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--into", paramLabel = "DIR", defaultValue = "./data/hotfolder",
            description = "Hot folder to write into (default: ${DEFAULT-VALUE}, the one 'photopipe run' watches).")
    Path target;

    @Option(names = "--cameras", defaultValue = "12", description = "Cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--lines", defaultValue = "3", description = "Production lines the cameras are spread over (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--rate", defaultValue = "10/s", converter = RateConverter.class,
            description = "Photos per second over all cameras, e.g. 50/s or 600/min (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long to run, e.g. 90s, 10m, 2h; 0s: until --photos are written.")
    Duration duration;

    @Option(names = "--photos", defaultValue = "0", description = "Stop after this many photos; 0: until --duration ends.")
    long photos;

    @Option(names = "--lot-size", defaultValue = "100", description = "Photos of a line per lot before the lot rolls over (default: ${DEFAULT-VALUE}).")
    int lotSize;

    @Option(names = "--width", defaultValue = "1024", description = "Picture width in pixels, height at 4:3 (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--site", defaultValue = "plant-1", description = "Site name, the first folder (default: ${DEFAULT-VALUE}).")
    String site;

    @Override
    public Integer call() throws Exception {
        SimulatorSettings settings;
        try {
            settings = new SimulatorSettings(target, cameras, lines, rate, duration, photos, lotSize, width, site);
        } catch (IllegalArgumentException e) {
            System.err.println("photopipe simulate: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        CameraSimulator.Report report = new CameraSimulator(settings, Clock.systemUTC()).run();
        System.out.printf("Wrote %d photos (%d MB) in %d lots into %s%n", report.photos(), report.bytes() >> 20,
                report.lotsStarted(), target);
        return ExitCodes.OK;
    }

    /** {@code 50/s}, {@code 600/min}, {@code 3600/h} or a plain number per second. */
    static final class RateConverter implements ITypeConverter<Double> {
        private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|sec|min|m|h))?");

        @Override
        public Double convert(String value) {
            Matcher m = RATE.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a rate; write it like 50/s or 600/min");
            }
            double count = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "min", "m" -> count / 60;
                case "h" -> count / 3600;
                default -> count;
            };
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, or ISO-8601 like {@code PT10M}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            try {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration; write it like 90s, 10m or 2h");
            }
        }
    }
}
