package dev.photopipe.bench;

import dev.photopipe.ingest.IngestConfig;
import dev.photopipe.ingest.IngestService;
import dev.photopipe.ingest.bulk.ImportSummary;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.store.StoreConfigs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * Ingest throughput next to a baseline independent of photopipe: photopipe's bulk import (each
 * file copied into the local photo store and forced to disk, MD5 and SHA-256 of the copy, content
 * sniffing, EXIF, one {@code acks=all} event per photo to an embedded broker, files and sends
 * overlapping up to {@code ingest.max.in.flight}) over N JPEGs, against {@code openssl dgst -md5}
 * plus {@code openssl dgst -sha256} over the same files (OpenSSL uses the CPU's SHA instructions,
 * as the JVM does), rounds alternating, the page cache warm for both. Prints medians of the rounds
 * and the ratio; never asserts (the machine's speed drifts).
 *
 * <p>Run from the repository root: {@code bench/run ingest [files] [megabytes] [rounds] [workers]}, defaults
 * 2,000 files of about 3 MB, 3 rounds, ingest.workers 0 (one per core). Needs about twice files x megabytes of free space in the
 * temp directory (the files and one round's store; deleted at the end).
 */
public final class IngestBenchmark {
    /** Distinct pictures encoded; every file differs from the others by its EXIF block. */
    private static final int PICTURES = 8;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        double megabytes = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String workers = args.length > 3 ? args[3] : "0";
        Path work = Files.createTempDirectory("photopipe-ingest-bench-");
        try {
            Path photos = work.resolve("photos");
            long bytes = generate(photos, files, (long) (megabytes * 1024 * 1024));
            System.out.printf("dataset: %d JPEGs, %.1f MB each on average, %.0f MB in all (%s)%n", files,
                    bytes / (double) files / (1 << 20), bytes / (double) (1 << 20), photos);
            warmPageCache(photos);
            List<Double> ingest = new ArrayList<>();
            List<Double> copying = new ArrayList<>();
            List<Double> hashing = new ArrayList<>();
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(work.resolve("kafka")).build().start()) {
                for (int round = 1; round <= rounds; round++) {
                    Path state = work.resolve("round-" + round);
                    ingest.add(timeIngest(broker.bootstrapServers(), state, photos, files, workers, true));
                    // Each import starts from an empty store, and the disk stays free.
                    deleteTree(state);
                    copying.add(timeIngest(broker.bootstrapServers(), work.resolve("round-" + round + "-copy"), photos,
                            files, workers, false));
                    deleteTree(work.resolve("round-" + round + "-copy"));
                    hashing.add(timeOpenssl(photos));
                    System.out.printf("round %d: photopipe import %.2f s (linked), %.2f s (copied), openssl md5 + sha256 "
                            + "%.2f s%n", round, ingest.get(round - 1), copying.get(round - 1), hashing.get(round - 1));
                }
            }
            double ingestSeconds = median(ingest);
            double copySeconds = median(copying);
            double hashSeconds = median(hashing);
            double mb = bytes / (double) (1 << 20);
            System.out.println();
            System.out.println("| what (median of " + rounds + ") | seconds | files/s | MB/s |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf("| photopipe import, store on the same file system (linked + fsync, MD5 + SHA-256, sniff, "
                    + "EXIF, publish acks=all) | %.2f | %.0f | %.0f |%n", ingestSeconds, files / ingestSeconds,
                    mb / ingestSeconds);
            System.out.printf("| photopipe import, photo.store.link=false (copied + fsync, same work) | %.2f | %.0f | %.0f |%n",
                    copySeconds, files / copySeconds, mb / copySeconds);
            System.out.printf("| openssl dgst -md5 + openssl dgst -sha256 (baseline) | %.2f | %.0f | %.0f |%n",
                    hashSeconds, files / hashSeconds, mb / hashSeconds);
            System.out.printf("| ratio photopipe (linked) / baseline (throughput) | | %.2f | |%n", hashSeconds / ingestSeconds);
            System.out.printf("| ratio photopipe (copied) / baseline (throughput) | | %.2f | |%n", hashSeconds / copySeconds);
            System.out.printf("%nworkers: %s (0 = one per core: %d)%n", workers, Runtime.getRuntime().availableProcessors());
        } finally {
            deleteTree(work);
        }
    }

    /** Writes the files; returns their total size. */
    private static long generate(Path dir, int files, long targetBytes) throws IOException {
        Files.createDirectories(dir);
        List<SyntheticJpeg> pictures = new ArrayList<>();
        for (int i = 0; i < PICTURES; i++) {
            pictures.add(sized(i, targetBytes));
        }
        long total = 0;
        for (int i = 0; i < files; i++) {
            byte[] jpeg = pictures.get(i % PICTURES).uniqueId("bench-" + i).toBytes();
            Files.write(dir.resolve(String.format("photo-%05d.jpg", i)), jpeg);
            total += jpeg.length;
        }
        return total;
    }

    /** A picture whose JPEG is about {@code targetBytes}: encode once, rescale by the size ratio. */
    private static SyntheticJpeg sized(long seed, long targetBytes) {
        int width = 2048;
        SyntheticJpeg picture = new SyntheticJpeg().seed(seed).size(width, width * 3 / 4);
        for (int attempt = 0; attempt < 3; attempt++) {
            double ratio = targetBytes / (double) picture.toBytes().length;
            if (Math.abs(ratio - 1) < 0.1) {
                break;
            }
            width = Math.max(64, (int) (width * Math.sqrt(ratio)));
            picture.size(width, width * 3 / 4);
        }
        return picture;
    }

    private static double timeIngest(String bootstrap, Path state, Path photos, int files, String workers, boolean link)
            throws Exception {
        String prefix = state.getFileName().toString().replace("-copy", "c") + ".";
        TopicCatalog topics = TopicCatalog.of(prefix, 6, (short) 1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin, topics, bootstrap, Duration.ofSeconds(30)).provision();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("topics.prefix", prefix);
        settings.put(IngestConfig.STATE_DIR, state.toString());
        settings.put(StoreConfigs.DIR, state.resolve("store").toString());
        settings.put(IngestConfig.WORKERS, workers);
        settings.put(StoreConfigs.LINK, Boolean.toString(link));
        IngestService ingest = new IngestService(new IngestConfig(settings), new SimpleMeterRegistry());
        long start = System.nanoTime();
        ImportSummary summary = ingest.importFolder(photos, new PrintStream(OutputStream.nullOutputStream()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (summary.published() != files) {
            throw new IllegalStateException("expected " + files + " published, got " + summary.describe());
        }
        return seconds;
    }

    private static double timeOpenssl(Path photos) throws Exception {
        long start = System.nanoTime();
        for (String tool : List.of("openssl dgst -md5", "openssl dgst -sha256")) {
            Process process = new ProcessBuilder("sh", "-c", "find . -name '*.jpg' -print0 | xargs -0 " + tool + " > /dev/null")
                    .directory(photos.toFile()).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(tool + " failed with exit code " + process.exitValue());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void warmPageCache(Path photos) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "cat ./*.jpg > /dev/null").directory(photos.toFile()).start();
        process.waitFor();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
