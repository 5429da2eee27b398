package dev.photopipe.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.ledger.Ledgers;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoClients;
import dev.photopipe.sink.upload.PhotoUploaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Piwigo sink, three numbers in one table:
 * <ol>
 *   <li>photos/s and requests per photo of the whole sink (Kafka in, ledger and commit out) next
 *       to {@link MinimalUploader}, an independent uploader doing the fewest requests Piwigo allows,
 *       in alternating rounds, with medians and their ratio ({@link SinkVersusMinimal}): against
 *       the emulator charging what a real Piwigo 16.4.0 costs, or a real Piwigo;</li>
 *   <li>the heap while the sink's uploader sends one large file, measured in a separate JVM with
 *       a small {@code -Xmx} (the emulator, which keeps whole files in memory, stays in this one);</li>
 *   <li>the ledger load time for a million entries written once to an embedded broker: the
 *       in-memory store (rebuilt from the beginning every time), and the RocksDB store cold (empty
 *       state directory) and warm (restart with the checkpoint at the end), with the heap each
 *       keeps;</li>
 *   <li>(d) photos/s of the standalone sink against the Kafka Connect connector (the same core, one
 *       task on a distributed worker in this JVM, the plugin from {@code plugin=DIR}) on the same
 *       emulator, in alternating rounds ({@link SinkVersusConnector}).</li>
 * </ol>
 * Never asserts: the machine's speed drifts.
 *
 * <p>Run from the repository root: {@code bench/run sink [name=value ...]}; names and defaults:
 * {@code photos=200 photoKb=200 parallel=4 rounds=3 auth=key fileMb=200 probeHeapMb=128 ledgerEntries=1000000
 * parts=abcd inFlight=(parallel) cap=(parallel) minimal=script plugin=piwigo-sink-connector/target/connect-plugin}
 * ({@code auth=user}: the emulator with user and password; {@code minimal=uploaderPage}: the
 * minimal uploader's requests come from Piwigo's uploader page, as the sink's do by default, so
 * that neither meets Piwigo's user cache;
 * {@code inFlight=auto} gives the sink the adaptive limit up to {@code cap}, the minimal uploader
 * keeping {@code parallel})
 * ({@code parts=c} runs the ledger part only). Against a real Piwigo (part (a) only unless
 * {@code parts} is given): {@code --piwigo-url URL --api-key-file FILE}, or
 * {@code --piwigo-url URL --user NAME --password-file FILE}.
 * Needs about fileMb of free space in the temp directory (deleted at the end).
 */
public final class SinkBenchmark {
    private static final int PARTITIONS = 3;
    private static final int PHOTO_BYTES = 16 * 1024;
    private static final List<String> ALBUM = List.of("Bench", "Line 1");
    private static final List<String> TAGS = List.of("bench");
    private static final String PROBE = "probe";

    private SinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(PROBE)) {
            probe(args);
            return;
        }
        Map<String, String> p = new HashMap<>(Map.of("photos", "200", "photoKb", "200", "parallel", "4", "rounds", "3",
                "fileMb", "200", "probeHeapMb", "128", "ledgerEntries", "1000000", "parts", "abcd", "auth", "key"));
        p.put("inFlight", ""); // the sink's upload.max.in.flight (a number or auto); default: parallel
        p.put("cap", "");      // the sink's upload.max.in.flight.cap; default: parallel
        p.put("plugin", "piwigo-sink-connector/target/connect-plugin"); // part (d): the connector's plugin.path
        // part (a): the baseline's requests as a script sends them (no Referer), or from Piwigo's
        // uploader page as the sink sends them by default (piwigo.bypass.user.cache)
        p.put("minimal", "script");
        Map<String, String> real = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (!REAL_OPTIONS.contains(arg) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected one of " + REAL_OPTIONS + " followed by a value: " + arg);
                }
                real.put(arg, args[++i]);
                continue;
            }
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !p.containsKey(kv[0])) {
                throw new IllegalArgumentException("expected name=value with name in " + p.keySet() + ": " + arg);
            }
            p.put(kv[0], kv[1]);
        }
        SinkVersusMinimal.Target target = target(real);
        if (target.emulated() && p.get("auth").equals("user")) {
            target = new SinkVersusMinimal.Target(null, null, "admin", null); // the emulator's admin
        }
        if (!target.emulated() && !Arrays.asList(args).contains("parts=" + p.get("parts"))) {
            p.put("parts", "a"); // against a real Piwigo only the comparison makes sense by default
        }
        int fileMb = Integer.parseInt(p.get("fileMb"));
        int probeHeapMb = Integer.parseInt(p.get("probeHeapMb"));
        int ledgerEntries = Integer.parseInt(p.get("ledgerEntries"));

        Path work = Files.createTempDirectory("photopipe-sink-bench-");
        List<String> rows = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(work.resolve("kafka")).build().start()) {
            String parts = p.get("parts");
            if (parts.contains("a")) {
                String parallel = p.get("parallel");
                new SinkVersusMinimal(target, Integer.parseInt(p.get("photos")), Integer.parseInt(p.get("photoKb")),
                        Integer.parseInt(parallel), Integer.parseInt(p.get("rounds")),
                        p.get("inFlight").isEmpty() ? parallel : p.get("inFlight"),
                        Integer.parseInt(p.get("cap").isEmpty() ? parallel : p.get("cap")),
                        minimalFromUploaderPage(p.get("minimal")))
                        .run(broker.bootstrapServers(), work, rows);
            }
            if (parts.contains("d")) {
                String parallel = p.get("parallel");
                new SinkVersusConnector(Integer.parseInt(p.get("photos")), Integer.parseInt(p.get("photoKb")),
                        Integer.parseInt(p.get("inFlight").isEmpty() ? parallel : p.get("inFlight")),
                        Integer.parseInt(p.get("rounds")), Path.of(p.get("plugin")))
                        .run(broker.bootstrapServers(), work, rows);
            }
            if (parts.contains("b")) {
                heap(work, fileMb, probeHeapMb, rows);
            }
            if (parts.contains("c")) {
                rebuild(broker.bootstrapServers(), ledgerEntries, rows);
            }
        } finally {
            deleteTree(work);
        }
        System.out.println();
        System.out.println("| what | value |");
        System.out.println("|---|---:|");
        rows.forEach(System.out::println);
    }

    private static final List<String> REAL_OPTIONS = List.of("--piwigo-url", "--api-key-file", "--user", "--password-file");

    /** The emulator, or the real Piwigo the options name (secrets are read from files, never from the command line). */
    private static SinkVersusMinimal.Target target(Map<String, String> real) throws IOException {
        if (!real.containsKey("--piwigo-url")) {
            if (!real.isEmpty()) {
                throw new IllegalArgumentException("credentials given without --piwigo-url");
            }
            return new SinkVersusMinimal.Target(null, null, null, null);
        }
        URI url = URI.create(real.get("--piwigo-url").endsWith("/") ? real.get("--piwigo-url") : real.get("--piwigo-url") + "/");
        if (real.containsKey("--api-key-file")) {
            return new SinkVersusMinimal.Target(url, firstLine(real.get("--api-key-file")), null, null);
        }
        if (real.containsKey("--user") && real.containsKey("--password-file")) {
            return new SinkVersusMinimal.Target(url, null, real.get("--user"), firstLine(real.get("--password-file")));
        }
        throw new IllegalArgumentException("--piwigo-url needs --api-key-file FILE, or --user NAME with --password-file FILE");
    }

    private static String firstLine(String file) throws IOException {
        return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).get(0).strip();
    }

    private static void markJpeg(byte[] bytes, int startAt, int endAt) {
        if (startAt == 0) {
            bytes[0] = (byte) 0xFF;
            bytes[1] = (byte) 0xD8;
            bytes[2] = (byte) 0xFF;
            bytes[3] = (byte) 0xE0;
        }
        if (endAt >= 2) {
            bytes[endAt - 2] = (byte) 0xFF;
            bytes[endAt - 1] = (byte) 0xD9;
        }
    }

    // ---- (b) heap while uploading one large file ----------------------------------------------

    private static void heap(Path work, int fileMb, int probeHeapMb, List<String> rows) throws Exception {
        Path file = work.resolve("large.jpg");
        String md5 = writeLarge(file, fileMb);
        try (PiwigoEmulator emulator = PiwigoEmulator.builder().start()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process probe = new ProcessBuilder(java, "-Xmx" + probeHeapMb + "m", "-cp",
                    System.getProperty("java.class.path"), SinkBenchmark.class.getName(), PROBE,
                    emulator.url().toString(), file.toString(), md5)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String result = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("PROBE ")) {
                        result = line;
                    }
                }
            }
            if (probe.waitFor() != 0 || result == null) {
                throw new IllegalStateException("heap probe failed (exit " + probe.exitValue() + ")");
            }
            EmulatedImage image = emulator.images().stream().filter(i -> i.md5().equals(md5)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the large file is not in the gallery"));
            if (!image.contentMd5().equals(md5)) {
                throw new IllegalStateException("the large file arrived corrupt");
            }
            String[] v = result.split(" ");
            rows.add(String.format("| (b) one %d MB file through the sink's uploader (chunk size learned from the "
                    + "emulator's PHP limits, 2 MB), probe JVM -Xmx%dm | %s s |",
                    fileMb, probeHeapMb, v[4]));
            rows.add(String.format("| (b) heap live before the upload (after GC) | %s MB |", v[1]));
            rows.add(String.format("| (b) heap live during the upload, highest after any GC | %s MB |", v[3]));
            rows.add(String.format("| (b) heap used during the upload, highest sample (garbage included) | %s MB |", v[2]));
        }
    }

    private static String writeLarge(Path file, int megabytes) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(block);
                markJpeg(block, i == 0 ? 0 : -1, i == megabytes - 1 ? block.length : 0);
                out.write(block);
                md5.update(block);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /**
     * The probe JVM ({@code probe URL FILE MD5 [API_KEY_FILE]}, also usable by hand against a real
     * Piwigo): uploads the file with the sink's uploader and prints
     * {@code PROBE <live before MB> <peak used MB> <peak live after GC MB> <seconds>}.
     */
    private static boolean minimalFromUploaderPage(String value) {
        return switch (value) {
            case "script" -> false;
            case "uploaderPage" -> true;
            default -> throw new IllegalArgumentException("minimal=script|uploaderPage, not " + value);
        };
    }

    private static void probe(String[] args) throws Exception {
        Path file = Path.of(args[2]);
        AtomicLong peakAfterGc = new AtomicLong();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long heapAfter = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> isHeapPool(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    peakAfterGc.accumulateAndGet(heapAfter, Math::max);
                }
            }, null, null);
        }
        // probe URL FILE MD5 [API_KEY_FILE]: the emulator's key unless a file names another.
        String key = args.length > 4 ? Files.readAllLines(Path.of(args[4])).get(0).strip() : PiwigoEmulator.DEFAULT_API_KEY;
        SinkConfig config = new SinkConfig(Map.of(SinkConfig.PIWIGO_URL, args[1], SinkConfig.PIWIGO_API_KEY, key));
        try (PiwigoClient client = PiwigoClients.create(config)) {
            var uploader = PhotoUploaders.create(client, config);
            client.status(); // connection set up before the baseline
            System.gc();
            long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peakAfterGc.set(0);
            AtomicLong peakUsed = new AtomicLong(before);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    peakUsed.accumulateAndGet(heap.getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            uploader.upload(new dev.photopipe.sink.upload.UploadRequest(args[3], file, file.getFileName().toString(), "large",
                    List.of("Bench", "Large"), List.of()));
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            sampler.join();
            System.out.printf("PROBE %.1f %.1f %.1f %.1f%n", mb(before), mb(peakUsed.get()), mb(peakAfterGc.get()), seconds);
        }
    }

    private static boolean isHeapPool(String name) {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(pool -> pool.getName().equals(name) && pool.getType() == MemoryType.HEAP);
    }

    private static double mb(long bytes) {
        return bytes / (double) (1 << 20);
    }

    // ---- (c) ledger rebuild -------------------------------------------------------------------

    private static void rebuild(String bootstrap, int entries, List<String> rows) throws Exception {
        String prefix = "bench-ledger-" + System.nanoTime() + ".";
        TopicCatalog topics = TopicCatalog.of(prefix, PARTITIONS, (short) 1);
        String topic = topics.name(PhotopipeTopic.SINK_LEDGER);
        Map<String, Object> serde = Map.of(CommonConfigs.SCHEMA_REGISTRY_URL, "");
        Serializer<UploadOutcome> serializer = AvroSerdes.forClass(UploadOutcome.class, serde).serializer();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            new TopicProvisioner(admin, topics, bootstrap, Duration.ofSeconds(30)).provision();
            long writeStart = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Instant now = Instant.now();
            for (int i = 0; i < entries; i++) {
                // Keys like real photo ids (64 hex digits), values like real outcomes.
                String photoId = HexFormat.of().formatHex(sha.digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                UploadOutcome outcome = UploadOutcome.newBuilder().setPhotoId(photoId).setStatus(UploadStatus.UPLOADED)
                        .setPiwigoImageId((long) i + 1).setAlbumIds(List.of(7L)).setMd5(photoId.substring(0, 32))
                        .setAttempts(1).setFirstAttemptTime(now).setLastAttemptTime(now).build();
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, photoId.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(topic, outcome)));
            }
            producer.flush();
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
            System.err.printf("ledger: %d entries written in %.1f s%n", entries, writeSeconds);

            Map<String, Object> clientProps = Map.of("bootstrap.servers", bootstrap);
            List<String> sample = new ArrayList<>();
            for (int i = 0; i < entries; i += Math.max(1, entries / 1000)) {
                sample.add(HexFormat.of().formatHex(sha.digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
            }
            String label = String.format("%,d entries in %d partitions", entries, PARTITIONS);
            System.gc();
            long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            rows.add(String.format("| (c) heap live before any load (after GC): the baseline of the rows below | %.0f MB |",
                    mb(baseline)));
            Loaded memory = load(Ledgers.create(topic, producer, clientProps, serde, Ledgers.Storage.memory(),
                    new SimpleMeterRegistry()), entries, sample, true);
            rows.add(String.format("| (c) memory store: ledger rebuild, %s (s) | %.2f |", label, memory.seconds));
            rows.add(String.format("| (c) memory store: rebuild rate (entries/s) | %,.0f |", entries / memory.seconds));
            rows.add(String.format("| (c) memory store: heap used right after the rebuild (garbage included) | %.0f MB |",
                    mb(memory.heapUsed)));
            rows.add(String.format("| (c) memory store: heap live after the rebuild (after GC) | %.0f MB |",
                    mb(memory.heapLive)));

            Path state = Files.createTempDirectory("photopipe-sink-bench-state-");
            try {
                Loaded cold = load(Ledgers.create(topic, producer, clientProps, serde,
                        Ledgers.Storage.rocksDb(state, "sink.state.dir"), new SimpleMeterRegistry()), entries, sample, false);
                long diskBytes = treeSize(state);
                Loaded warm = load(Ledgers.create(topic, producer, clientProps, serde,
                        Ledgers.Storage.rocksDb(state, "sink.state.dir"), new SimpleMeterRegistry()), entries, sample, false);
                rows.add(String.format("| (c) rocksdb store: cold rebuild, %s, empty state dir (s) | %.2f |", label,
                        cold.seconds));
                rows.add(String.format("| (c) rocksdb store: cold rebuild rate (entries/s) | %,.0f |", entries / cold.seconds));
                rows.add(String.format("| (c) rocksdb store: heap live after the cold rebuild (after GC) | %.0f MB |",
                        mb(cold.heapLive)));
                rows.add(String.format("| (c) rocksdb store: warm restart, checkpoint at the end (s) | %.2f |", warm.seconds));
                rows.add(String.format("| (c) rocksdb store: heap live after the warm restart (after GC) | %.0f MB |",
                        mb(warm.heapLive)));
                rows.add(String.format("| (c) rocksdb store: on disk after the close | %.0f MB |", mb(diskBytes)));
            } finally {
                deleteTree(state);
            }
        }
    }

    private record Loaded(double seconds, long heapUsed, long heapLive) {
    }

    /**
     * Loads every partition into {@code ledger}, checks it, measures, closes it (writing the
     * checkpoints of a local store). The timing includes the ledger's own topic checks.
     */
    private static Loaded load(Ledger ledger, int entries, List<String> sample, boolean exact) throws Exception {
        try (ledger) {
            System.gc();
            long start = System.nanoTime();
            ledger.load(List.of(0, 1, 2));
            double seconds = (System.nanoTime() - start) / 1e9;
            long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            // The size of the on-disk store is RocksDB's estimate: check it loosely, and sample lookups.
            if (exact ? ledger.size() != entries : Math.abs(ledger.size() - entries) > entries / 20) {
                throw new IllegalStateException("loaded " + ledger.size() + " of " + entries + " entries");
            }
            for (int i = 0; i < sample.size(); i++) {
                int partition = i * Math.max(1, entries / 1000) % PARTITIONS;
                if (ledger.outcome(partition, sample.get(i)).isEmpty()) {
                    throw new IllegalStateException("entry " + sample.get(i) + " missing after the load");
                }
            }
            System.gc();
            long heapLive = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.err.printf("ledger: loaded in %.2f s, %d entries%n", seconds, ledger.size());
            return new Loaded(seconds, heapUsed, heapLive);
        }
    }

    private static long treeSize(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
