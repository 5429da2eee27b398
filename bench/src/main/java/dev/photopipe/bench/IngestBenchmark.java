package dev.photopipe.bench;

import dev.photopipe.ingest.IngestConfig;
import dev.photopipe.ingest.IngestService;
import dev.photopipe.ingest.bulk.ImportSummary;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
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
 * Ingest throughput next to the read-and-hash ceiling: photopipe's bulk import (one read per file
 * for MD5 and SHA-256, content sniffing, EXIF, one {@code acks=all} event per photo to an embedded
 * broker) over N JPEGs, against {@code md5sum} plus {@code sha256sum} over the same files, in the
 * same run with the page cache warm for both. Prints medians of the rounds and the ratio; never
 * asserts (the machine's speed drifts).
 *
 * <p>Run from the repository root: {@code bench/run ingest [files] [megabytes] [rounds]}, defaults
 * 2,000 files of about 3 MB, 3 rounds. Needs about files x megabytes of free space in the temp
 * directory (deleted at the end).
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
        Path work = Files.createTempDirectory("photopipe-ingest-bench-");
        try {
            Path photos = work.resolve("photos");
            long bytes = generate(photos, files, (long) (megabytes * 1024 * 1024));
            System.out.printf("dataset: %d JPEGs, %.1f MB each on average, %.0f MB in all (%s)%n", files,
                    bytes / (double) files / (1 << 20), bytes / (double) (1 << 20), photos);
            warmPageCache(photos);
            List<Double> ingest = new ArrayList<>();
            List<Double> hashing = new ArrayList<>();
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(work.resolve("kafka")).build().start()) {
                for (int round = 1; round <= rounds; round++) {
                    ingest.add(timeIngest(broker.bootstrapServers(), work.resolve("round-" + round), photos, files));
                    hashing.add(timeCoreutils(photos));
                    System.out.printf("round %d: photopipe import %.2f s, md5sum + sha256sum %.2f s%n", round,
                            ingest.get(round - 1), hashing.get(round - 1));
                }
            }
            double ingestSeconds = median(ingest);
            double hashSeconds = median(hashing);
            double mb = bytes / (double) (1 << 20);
            System.out.println();
            System.out.println("| what (median of " + rounds + ") | seconds | files/s | MB/s |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf("| photopipe import (hash, sniff, EXIF, publish acks=all) | %.2f | %.0f | %.0f |%n",
                    ingestSeconds, files / ingestSeconds, mb / ingestSeconds);
            System.out.printf("| md5sum + sha256sum (read-and-hash ceiling) | %.2f | %.0f | %.0f |%n",
                    hashSeconds, files / hashSeconds, mb / hashSeconds);
            System.out.printf("| ratio photopipe / ceiling (throughput) | | %.2f | |%n", hashSeconds / ingestSeconds);
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

    private static double timeIngest(String bootstrap, Path state, Path photos, int files) throws Exception {
        String prefix = state.getFileName() + ".";
        TopicCatalog topics = TopicCatalog.of(prefix, 6, (short) 1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin, topics, bootstrap, Duration.ofSeconds(30)).provision();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("topics.prefix", prefix);
        settings.put(IngestConfig.STATE_DIR, state.toString());
        IngestService ingest = new IngestService(new IngestConfig(settings), new SimpleMeterRegistry());
        long start = System.nanoTime();
        ImportSummary summary = ingest.importFolder(photos, new PrintStream(OutputStream.nullOutputStream()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (summary.published() != files) {
            throw new IllegalStateException("expected " + files + " published, got " + summary.describe());
        }
        return seconds;
    }

    private static double timeCoreutils(Path photos) throws Exception {
        long start = System.nanoTime();
        for (String tool : List.of("md5sum", "sha256sum")) {
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
