package dev.photopipe.bench;

import dev.photopipe.piwigo.emulator.Costs;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.PiwigoSink;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Part (a) of the sink benchmark: the whole sink (PiwigoSink on the embedded broker, default
 * settings: Kafka in, Piwigo, ledger and commit out) against {@link MinimalUploader}, an
 * independent uploader making the fewest requests Piwigo allows, with the same parallelism and
 * the same kind of photos (distinct md5s every round). Rounds alternate which one goes first;
 * the table shows each round, the medians and their ratio. Against the emulator with
 * {@link Costs#piwigo16()} by default, or against a real Piwigo given its URL and credentials.
 * Not thread-safe; one run per instance.
 */
final class SinkVersusMinimal {
    private static final int PARTITIONS = 3;

    /** Where and as whom: a real Piwigo, or {@code url == null} for the emulator. */
    record Target(URI url, String apiKey, String user, String password) {
        boolean emulated() {
            return url == null;
        }

        String describe() {
            return (emulated() ? "emulator (Costs.piwigo16)" : url.toString())
                    + (apiKey != null ? ", API key" : ", user and password");
        }
    }

    private final Target target;
    private final int photos;
    private final int photoKb;
    private final int parallel;
    private final int rounds;
    private final String sinkInFlight;
    private final int sinkCap;
    private final boolean minimalFromUploaderPage;

    /**
     * @param parallel     the minimal uploader's parallelism, and the sink's unless set otherwise
     * @param sinkInFlight the sink's {@code upload.max.in.flight}: a number, or {@code auto}
     * @param sinkCap      the sink's {@code upload.max.in.flight.cap} (the ceiling of {@code auto})
     * @param minimalFromUploaderPage the minimal uploader sends Piwigo's uploader page as Referer,
     *                     as the sink does by default; else none, as a script does
     */
    SinkVersusMinimal(Target target, int photos, int photoKb, int parallel, int rounds, String sinkInFlight,
                      int sinkCap, boolean minimalFromUploaderPage) {
        this.minimalFromUploaderPage = minimalFromUploaderPage;
        this.sinkInFlight = sinkInFlight;
        this.sinkCap = sinkCap;
        this.target = target;
        this.photos = photos;
        this.photoKb = photoKb;
        this.parallel = parallel;
        this.rounds = rounds;
    }

    record Sample(double photosPerSecond, double requestsPerPhoto) {
    }

    void run(String bootstrap, Path work, List<String> rows) throws Exception {
        PiwigoEmulator emulator = target.emulated()
                ? PiwigoEmulator.builder().workers(8).costs(Costs.piwigo16()).phpLimits(64L << 20, 64L << 20).start()
                : null;
        try {
            URI url = emulator != null ? emulator.url() : target.url();
            Target resolved = emulator == null ? target : target.user() != null
                    ? new Target(url, null, "admin", PiwigoEmulator.DEFAULT_PASSWORD)
                    : new Target(url, PiwigoEmulator.DEFAULT_API_KEY, null, null);
            String key = resolved.apiKey();
            BenchJpegs jpegs = new BenchJpegs(photoKb * 1024);
            Path dir = Files.createDirectories(work.resolve("photos-" + photoKb));
            String runId = "bench-" + Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14);
            MinimalUploader minimal = key != null
                    ? new MinimalUploader(url, key.substring(0, key.indexOf(':')), key.substring(key.indexOf(':') + 1),
                    minimalFromUploaderPage)
                    : new MinimalUploader(url, resolved.user(), resolved.password(), minimalFromUploaderPage);
            long minimalAlbum = minimal.addAlbum(runId + "-minimal");
            List<Sample> sinkSamples = new ArrayList<>();
            List<Sample> minimalSamples = new ArrayList<>();
            try (SinkRun sink = SinkRun.standalone(bootstrap, resolved, sinkInFlight, sinkCap, runId)) {
                // Warm-up outside the timing: group join, ledger load, album and tag creation, JIT.
                sink.upload(photoSet(jpegs, dir, "warm-sink", parallel * 2));
                minimalRound(minimal, minimalAlbum, photoSet(jpegs, dir, "warm-minimal", parallel * 2));
                for (int round = 0; round < rounds; round++) {
                    List<Photo> forSink = photoSet(jpegs, dir, "sink-" + round, photos);
                    List<Photo> forMinimal = photoSet(jpegs, dir, "minimal-" + round, photos);
                    if (round % 2 == 0) {
                        sinkSamples.add(sink.upload(forSink));
                        minimalSamples.add(minimalRound(minimal, minimalAlbum, forMinimal));
                    } else {
                        minimalSamples.add(minimalRound(minimal, minimalAlbum, forMinimal));
                        sinkSamples.add(sink.upload(forSink));
                    }
                    System.err.printf("round %d: sink %.2f photos/s (%.2f req/photo), minimal %.2f photos/s (%.2f)%n",
                            round + 1, sinkSamples.get(round).photosPerSecond(), sinkSamples.get(round).requestsPerPhoto(),
                            minimalSamples.get(round).photosPerSecond(), minimalSamples.get(round).requestsPerPhoto());
                }
            }
            String what = String.format("%d KB", jpegs.size() / 1024);
            rows.add(String.format("| (a) setup | %s; %d photos of %s per run, minimal uploader %d in parallel%s, "
                            + "sink upload.max.in.flight=%s (cap %d), %d alternating rounds |",
                    resolved.describe().replace(url.toString(), target.emulated()
                            ? "emulator with Costs.piwigo16(), 8 workers" : url.toString()),
                    photos, what, parallel, minimalFromUploaderPage ? " from Piwigo's uploader page" : " as a script",
                    sinkInFlight, sinkCap, rounds));
            for (int i = 0; i < rounds; i++) {
                rows.add(String.format("| (a) round %d: sink / minimal (photos/s) | %.2f / %.2f |", i + 1,
                        sinkSamples.get(i).photosPerSecond(), minimalSamples.get(i).photosPerSecond()));
            }
            double sinkRate = median(sinkSamples.stream().map(Sample::photosPerSecond).toList());
            double minimalRate = median(minimalSamples.stream().map(Sample::photosPerSecond).toList());
            rows.add(String.format("| (a) sink, median (photos/s) | %.2f |", sinkRate));
            rows.add(String.format("| (a) minimal uploader, median (photos/s) | %.2f |", minimalRate));
            rows.add(String.format("| (a) sink requests per photo, median | %.2f |",
                    median(sinkSamples.stream().map(Sample::requestsPerPhoto).toList())));
            rows.add(String.format("| (a) minimal uploader requests per photo, median | %.2f |",
                    median(minimalSamples.stream().map(Sample::requestsPerPhoto).toList())));
            rows.add(String.format("| (a) ratio sink / minimal | %.2f |", sinkRate / minimalRate));
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    private Sample minimalRound(MinimalUploader minimal, long album, List<Photo> set) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            int before = minimal.requests();
            long start = System.nanoTime();
            List<Future<Long>> done = new ArrayList<>();
            for (Photo photo : set) {
                done.add(pool.submit(() -> minimal.upload(photo.path(), photo.md5(), photo.id(), album)));
            }
            for (Future<Long> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Sample(set.size() / seconds, (minimal.requests() - before) / (double) set.size());
        } finally {
            pool.shutdownNow();
        }
    }

    record Photo(String id, String md5, Path path, long size) {
    }

    static List<Photo> photoSet(BenchJpegs jpegs, Path dir, String kind, int count) throws Exception {
        String unique = kind + "-" + System.nanoTime();
        List<Photo> set = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(unique + "-" + i + ".jpg");
            String md5 = jpegs.write(file, unique + "-" + i);
            set.add(new Photo(unique + "-" + i, md5, file, Files.size(file)));
        }
        return set;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
