package io.rnnstreams.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) running inside this
 * JVM, for the demo, the {@code broker} command and integration tests.
 *
 * <p>It listens on 127.0.0.1 only. Every internal topic has replication factor 1 and min ISR 1, so
 * transactions and consumer groups work on one node. Topics are never created implicitly: a
 * client writing to a missing topic gets an error instead of a topic with default settings (which
 * would, for example, silently cap the {@code models} topic at 1 MB records).
 *
 * <p>The broker can be stopped and started again: it keeps its ports and its data directory, so
 * clients that were connected reconnect and find their topics, records and committed offsets.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The SASL mechanism of the client listener when a SCRAM user is configured. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    /** The file Kafka locks in each of its directories while it runs. */
    private static final String LOCK_FILE = ".lock";

    private int port;
    private int controllerPort;
    private final Path givenDataDir;
    private final Map<String, String> extraProperties;
    private final String scramUser;
    private final String scramPassword;

    private Path dataDir;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.port = builder.port;
        this.controllerPort = builder.controllerPort;
        this.givenDataDir = builder.dataDir;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.scramUser = builder.scramUser;
        this.scramPassword = builder.scramPassword;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and returns once it accepts clients. The first start in a JVM takes
     * several seconds (mostly class loading); later ones well under a second.
     *
     * @throws BrokerStartException when a port is taken or the data directory cannot be used
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the broker is already running");
        }
        choosePorts();
        Path dir = dataDirectory();
        checkNotInUse(dir);
        if (!Files.exists(dir.resolve(META_PROPERTIES))) {
            format(dir);
        }
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(config(dir), false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw e;
        }
        server = starting;
    }

    /** The address clients connect to, such as {@code 127.0.0.1:9092}. */
    public synchronized String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("the broker has not been started yet");
        }
        return HOST + ":" + port;
    }

    /**
     * Everything a Kafka client needs to reach this broker: {@code bootstrap.servers}, plus the
     * SASL settings when a SCRAM user is configured. A fresh mutable map on every call.
     */
    public synchronized Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers());
        if (scramUser != null) {
            props.put("security.protocol", "SASL_PLAINTEXT");
            props.put("sasl.mechanism", SCRAM_MECHANISM);
            props.put("sasl.jaas.config", scramJaasConfig(scramUser, scramPassword));
        }
        return props;
    }

    /**
     * The directory holding the broker's logs and metadata: the one given to the builder, or a
     * temporary one created when first needed (and deleted by {@link #close()}).
     */
    public synchronized Path dataDirectory() {
        if (dataDir == null) {
            dataDir = givenDataDir != null ? prepareGivenDirectory(givenDataDir) : createTempDirectory();
        }
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly and waits for it; data, ports and directory are kept. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    /** Stops the broker and deletes its data directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (givenDataDir == null && dataDir != null) {
            DirectoryTree.delete(dataDir);
            dataDir = null;
        }
    }

    private Map<String, String> config(Path dir) {
        boolean sasl = scramUser != null;
        String clientListener = sasl ? "SASL_PLAINTEXT" : "PLAINTEXT";
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", Integer.toString(NODE_ID));
        c.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        c.put("listeners", clientListener + "://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        c.put("advertised.listeners", clientListener + "://" + HOST + ":" + port);
        c.put("listener.security.protocol.map",
                CONTROLLER_LISTENER + ":PLAINTEXT," + clientListener + ":" + clientListener);
        c.put("controller.listener.names", CONTROLLER_LISTENER);
        c.put("inter.broker.listener.name", clientListener);
        c.put("log.dirs", dir.toString());
        c.put("metadata.log.dir", dir.toString());

        // One node: every internal topic must be satisfiable by a single replica, or consumer
        // groups, transactions and share groups never become available.
        c.put("offsets.topic.replication.factor", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("default.replication.factor", "1");
        c.put("min.insync.replicas", "1");
        // The defaults (50 partitions each) make the first group or transaction wait while
        // dozens of partitions are created; one client machine needs only a few.
        c.put("offsets.topic.num.partitions", "4");
        c.put("transaction.state.log.num.partitions", "4");
        c.put("share.coordinator.state.topic.num.partitions", "4");
        // Consumers and Streams apps join at once instead of waiting 3 s for more members.
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("auto.create.topics.enable", "false");
        // The compaction buffer is allocated on the JVM heap, which here is the application's.
        c.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));

        if (sasl) {
            c.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            c.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            // The broker talks to itself (transaction markers) through the client listener, as
            // the same user; there is no authorizer, so an authenticated user may do anything.
            c.put("listener.name.sasl_plaintext." + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    scramJaasConfig(scramUser, scramPassword));
        }
        c.putAll(extraProperties);
        return c;
    }

    private void format(Path dir) {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dir.toString()))
                .setMetadataLogDirectory(dir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(CONTROLLER_LISTENER);
        if (scramUser != null) {
            formatter.setScramArguments(List.of(
                    SCRAM_MECHANISM + "=[name=" + scramUser + ",password=" + scramPassword + "]"));
        }
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker's storage in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fixes both ports (a free one for each that is still 0; both sockets are open at once, so the
     * two differ) after checking that they can be bound, so that a taken port is a clear error
     * instead of a failure deep in the broker's start-up.
     */
    private void choosePorts() {
        try (ServerSocket client = bindLoopback(port); ServerSocket controller = bindLoopback(controllerPort)) {
            port = client.getLocalPort();
            controllerPort = controller.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close a probe socket on " + HOST, e);
        }
    }

    private static ServerSocket bindLoopback(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            try {
                // As Kafka's own listener does, so a port left in TIME_WAIT by stop() can be reused.
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        } catch (BindException e) {
            throw new BrokerStartException("port " + port + " on " + HOST + " is already in use");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a socket on " + HOST + ":" + port, e);
        }
    }

    /**
     * Fails when another broker holds the directory's lock. Kafka would notice too, but only after
     * its controller had started writing to the other broker's metadata log.
     */
    private static void checkNotInUse(Path dir) {
        try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                throw new BrokerStartException("data directory " + dir + " is in use by another broker");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new BrokerStartException("data directory " + dir + " is in use by another broker in this process");
        } catch (IOException e) {
            throw new BrokerStartException("cannot use data directory " + dir + ": " + e);
        }
    }

    private static Path prepareGivenDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(META_PROPERTIES))) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.anyMatch(p -> !p.getFileName().toString().equals(LOCK_FILE))) {
                        throw new BrokerStartException("data directory " + dir
                                + " is neither empty nor a broker data directory");
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new BrokerStartException("cannot use data directory " + dir + ": " + e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("rnn-streams-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    private static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";";
    }

    /** Configures an {@link EmbeddedKafkaBroker}; every setting has a usable default. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private final Map<String, String> extraProperties = new HashMap<>();
        private String scramUser;
        private String scramPassword;

        private Builder() {}

        /** The client port on 127.0.0.1; 0 (the default) picks a free one at first start. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        /**
         * Keeps the broker's data in {@code dir} (created if missing, kept on close), so a later
         * broker on the same directory finds the same topics and offsets. Default: a temporary
         * directory deleted on close.
         */
        public Builder dataDirectory(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A broker setting that overrides this class's defaults, e.g. {@code message.max.bytes}. */
        public Builder property(String key, String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        /**
         * Requires clients to authenticate with SASL/SCRAM-SHA-256 as this user (the only one).
         * The credentials are written when the data directory is first formatted; a restart on an
         * existing directory keeps the ones it was formatted with.
         */
        public Builder scramUser(String user, String password) {
            this.scramUser = checkScramValue("user", user);
            this.scramPassword = checkScramValue("password", password);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("the client and controller ports must differ, both are " + port);
            }
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            return port;
        }

        /**
         * The format tool's SCRAM syntax and the JAAS line have no escaping for these
         * characters, so they are refused rather than silently producing other credentials.
         */
        private static String checkScramValue(String what, String value) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty() || !value.strip().equals(value)
                    || value.chars().anyMatch(ch -> ",\"\\".indexOf(ch) >= 0 || ch < ' ')) {
                throw new IllegalArgumentException("the SCRAM " + what + " must be non-empty, without"
                        + " leading or trailing spaces, commas, quotes, backslashes or control characters");
            }
            return value;
        }
    }
}
