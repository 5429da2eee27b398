package dev.photopipe.kafka.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka (combined broker and controller) running inside this JVM.
 *
 * <p>It is the same server {@code kafka.Kafka} runs, started through Kafka's own classes: the
 * data directory is formatted once (the format is skipped when it already holds a cluster), so a
 * restart on the same directory keeps every topic and offset. Used by the single-process mode and
 * by the integration tests; this class is the only place in photopipe that touches Kafka's
 * server internals.
 *
 * <p>Not thread-safe: start and close it from one thread.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path dataDir;
    private final String host;
    private final int requestedPort;
    private final Map<String, String> overrides;
    private final Map<String, String> clientProperties;
    private KafkaRaftServer server;
    private String bootstrapServers;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDir = builder.dataDir;
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(builder.overrides));
        this.clientProperties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.clientProperties));
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * Formats the data directory if it is new, starts the server and waits until it answers
     * requests.
     *
     * @throws EmbeddedKafkaException when the directory cannot be used or the broker does not
     *     become ready within 60 s
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        int port = requestedPort == 0 ? freePort() : requestedPort;
        // Two probes in a row may be handed the same port (the first one's socket is closed by then).
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort();
        }
        Path logDir = dataDir.resolve("kafka-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot create the Kafka data directory " + logDir
                    + ": " + e.getMessage() + ". Choose a writable --data-dir.", e);
        }
        Map<String, Object> props = serverProperties(logDir, port, controllerPort);
        KafkaConfig config = new KafkaConfig(props, false);
        format(config, logDir);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server = null;
            throw new EmbeddedKafkaException("The embedded Kafka broker failed to start on "
                    + host + ":" + port + ": " + e.getMessage()
                    + ". Is the port in use, or the data directory used by another process?", e);
        }
        bootstrapServers = host + ":" + port;
        awaitReady();
        LOG.info("Embedded Kafka broker ready at {} (data in {}) after {} ms", bootstrapServers,
                logDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return this;
    }

    /** The {@code bootstrap.servers} value for clients; valid once {@link #start()} returned. */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("The embedded broker is not started");
        }
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker in an orderly way (logs flushed), so that a restart recovers quickly. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        LOG.info("Stopping embedded Kafka broker at {}", bootstrapServers);
        server.shutdown();
        server.awaitShutdown();
        server = null;
        bootstrapServers = null;
    }

    private Map<String, Object> serverProperties(Path logDir, int port, int controllerPort) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://"
                + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: internal topics cannot have more replicas than that, or groups and
        // transactions (exactly_once_v2) wait forever.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("auto.create.topics.enable", "false");
        // The log cleaner's default 128 MB dedupe buffer is the broker's largest heap user;
        // 2 MB keeps compaction working on a small embedded broker.
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.put("log.cleaner.backoff.ms", "1000");
        props.putAll(overrides);
        return props;
    }

    private static void format(KafkaConfig config, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            // Formatted by an earlier run: keep its cluster id and every topic in it.
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.latestProduction());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new EmbeddedKafkaException("Cannot format the Kafka data directory " + logDir + ": "
                    + e.getMessage() + ". Remove the directory or choose another --data-dir.", e);
        }
    }

    private void awaitReady() {
        Map<String, Object> adminProps = new LinkedHashMap<>(clientProperties);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(adminProps)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new EmbeddedKafkaException("The embedded Kafka broker did not become ready within 60 s", e);
        }
    }

    private int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }

    /** Settings of an embedded broker. */
    public static final class Builder {
        private final Path dataDir;
        private String host = "127.0.0.1";
        private int port;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Map<String, String> clientProperties = new LinkedHashMap<>();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Interface to listen on; loopback by default so nothing is exposed by accident. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Any broker setting, applied after photopipe's defaults. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        /**
         * A client setting of the readiness check {@link #start()} makes, e.g. SASL credentials
         * when {@link #brokerProperty} secured the client listener.
         */
        public Builder clientProperty(String name, String value) {
            clientProperties.put(name, value);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}
