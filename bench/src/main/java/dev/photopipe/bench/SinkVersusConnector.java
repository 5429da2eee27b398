package dev.photopipe.bench;

import dev.photopipe.piwigo.emulator.Costs;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Part (d) of the sink benchmark: the same core under its two runtimes, the standalone sink
 * ({@code PiwigoSink}, its own KafkaConsumer) against the Kafka Connect connector (one task on a
 * distributed worker in this JVM, loaded from the plugin directory), each with its default
 * settings and the same in-flight limit, on the emulator charging Piwigo 16.4.0's costs. Both are
 * started once and kept running; rounds alternate which goes first, each with new photos; the
 * table shows each round, the medians and their ratio. Not thread-safe; one run per instance.
 */
final class SinkVersusConnector {
    private final int photos;
    private final int photoKb;
    private final int inFlight;
    private final int rounds;
    private final Path pluginPath;

    SinkVersusConnector(int photos, int photoKb, int inFlight, int rounds, Path pluginPath) {
        this.photos = photos;
        this.photoKb = photoKb;
        this.inFlight = inFlight;
        this.rounds = rounds;
        this.pluginPath = pluginPath;
    }

    void run(String bootstrap, Path work, List<String> rows) throws Exception {
        if (!Files.isDirectory(pluginPath)) {
            throw new IllegalStateException("no connector plugin at " + pluginPath
                    + ": build it first (mvn -B -pl piwigo-sink-connector -am package -DskipTests)");
        }
        try (PiwigoEmulator emulator = PiwigoEmulator.builder().workers(8).costs(Costs.piwigo16())
                .phpLimits(64L << 20, 64L << 20).start()) {
            SinkVersusMinimal.Target target = new SinkVersusMinimal.Target(emulator.url(),
                    PiwigoEmulator.DEFAULT_API_KEY, null, null);
            BenchJpegs jpegs = new BenchJpegs(photoKb * 1024);
            Path dir = Files.createDirectories(work.resolve("photos-d-" + photoKb));
            String runId = "bench-" + Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14);
            List<SinkVersusMinimal.Sample> standalone = new ArrayList<>();
            List<SinkVersusMinimal.Sample> connector = new ArrayList<>();
            String limit = String.valueOf(inFlight);
            try (SinkRun sink = SinkRun.standalone(bootstrap, target, limit, inFlight, runId);
                 SinkRun task = SinkRun.connector(bootstrap, target, limit, inFlight, runId, pluginPath)) {
                // Warm-up outside the timing: group join, ledger load, album and tag creation, JIT.
                round(emulator, sink, SinkVersusMinimal.photoSet(jpegs, dir, "warm-sink", inFlight * 2));
                round(emulator, task, SinkVersusMinimal.photoSet(jpegs, dir, "warm-connect", inFlight * 2));
                for (int r = 0; r < rounds; r++) {
                    var forSink = SinkVersusMinimal.photoSet(jpegs, dir, "sink-" + r, photos);
                    var forTask = SinkVersusMinimal.photoSet(jpegs, dir, "connect-" + r, photos);
                    if (r % 2 == 0) {
                        standalone.add(round(emulator, sink, forSink));
                        connector.add(round(emulator, task, forTask));
                    } else {
                        connector.add(round(emulator, task, forTask));
                        standalone.add(round(emulator, sink, forSink));
                    }
                    System.err.printf("round %d: standalone %.2f photos/s, connector %.2f photos/s%n", r + 1,
                            standalone.get(r).photosPerSecond(), connector.get(r).photosPerSecond());
                }
            }
            rows.add(String.format("| (d) setup | emulator with Costs.piwigo16(), 8 workers, API key; %d photos of %d KB "
                    + "per run, upload.max.in.flight=%d, connector tasks.max=1, %d alternating rounds |",
                    photos, jpegs.size() / 1024, inFlight, rounds));
            for (int i = 0; i < rounds; i++) {
                rows.add(String.format("| (d) round %d: standalone / connector (photos/s) | %.2f / %.2f |", i + 1,
                        standalone.get(i).photosPerSecond(), connector.get(i).photosPerSecond()));
            }
            double sinkRate = SinkVersusMinimal.median(standalone.stream().map(SinkVersusMinimal.Sample::photosPerSecond).toList());
            double taskRate = SinkVersusMinimal.median(connector.stream().map(SinkVersusMinimal.Sample::photosPerSecond).toList());
            rows.add(String.format("| (d) standalone sink, median (photos/s) | %.2f |", sinkRate));
            rows.add(String.format("| (d) connector, median (photos/s) | %.2f |", taskRate));
            rows.add(String.format("| (d) Piwigo requests per photo, standalone / connector, median | %.2f / %.2f |",
                    SinkVersusMinimal.median(standalone.stream().map(SinkVersusMinimal.Sample::requestsPerPhoto).toList()),
                    SinkVersusMinimal.median(connector.stream().map(SinkVersusMinimal.Sample::requestsPerPhoto).toList())));
            rows.add(String.format("| (d) ratio connector / standalone | %.2f |", taskRate / sinkRate));
        }
    }

    /** One round, its requests per photo counted by the emulator (the connector's meters live in its task). */
    private static SinkVersusMinimal.Sample round(PiwigoEmulator emulator, SinkRun run, List<SinkVersusMinimal.Photo> set)
            throws Exception {
        int before = emulator.totalCalls();
        SinkVersusMinimal.Sample sample = run.upload(set);
        return new SinkVersusMinimal.Sample(sample.photosPerSecond(),
                (emulator.totalCalls() - before) / (double) set.size());
    }
}
