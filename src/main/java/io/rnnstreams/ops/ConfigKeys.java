package io.rnnstreams.ops;

import static io.rnnstreams.ops.ConfigKey.UsedBy.SERVE;
import static io.rnnstreams.ops.ConfigKey.UsedBy.TRAIN;

import io.rnnstreams.ops.ConfigKey.UsedBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Every configuration key of rnn-streams, declared once. Keys starting with {@code kafka.} are
 * not declared here: they pass through to the Kafka clients (see {@link RnnStreamsConfig#kafka}).
 */
public final class ConfigKeys {
    // Filled by declare() as the constants below initialise, in declaration order.
    private static final List<ConfigKey<?>> DECLARED = new ArrayList<>();

    private static final EnumSet<UsedBy> BOTH = EnumSet.of(SERVE, TRAIN);
    private static final EnumSet<UsedBy> SERVING = EnumSet.of(SERVE);
    private static final EnumSet<UsedBy> TRAINING = EnumSet.of(TRAIN);

    public static final ConfigKey<String> APPLICATION_ID = declare("application.id",
            ValueType.kafkaName(), "rnn-streams",
            "Kafka Streams application id (consumer group, changelog topic prefix)", BOTH);
    public static final ConfigKey<String> MODEL_NAME = declare("model.name",
            ValueType.text(), "default",
            "key on the models topic that this instance serves and the trainer publishes", BOTH);

    public static final ConfigKey<String> TOPICS_TOKENS = declare("topics.tokens",
            ValueType.kafkaName(), "tokens", "input topic: one record per token", SERVING);
    public static final ConfigKey<String> TOPICS_TAGS = declare("topics.tags",
            ValueType.kafkaName(), "tags", "output topic: one tag per token", SERVING);
    public static final ConfigKey<String> TOPICS_LABELS = declare("topics.labels",
            ValueType.kafkaName(), "labels", "output topic: one label per sequence", SERVING);
    public static final ConfigKey<String> TOPICS_GENERATED = declare("topics.generated",
            ValueType.kafkaName(), "generated",
            "output topic: one generated continuation per request", SERVING);
    public static final ConfigKey<String> TOPICS_DLQ = declare("topics.dlq",
            ValueType.kafkaName(), "tokens-dlq",
            "rejected input records, unchanged, with the reason in a header", SERVING);
    public static final ConfigKey<String> TOPICS_MODELS = declare("topics.models",
            ValueType.kafkaName(), "models", "compacted topic of model versions", BOTH);
    public static final ConfigKey<String> TOPICS_TRAINING = declare("topics.training",
            ValueType.kafkaName(), "training-examples", "trainer input topic", TRAINING);
    public static final ConfigKey<String> TOPICS_TRAINING_DLQ = declare("topics.training.dlq",
            ValueType.kafkaName(), "training-examples-dlq",
            "training examples the trainer rejected", TRAINING);
    public static final ConfigKey<Boolean> TOPICS_CREATE = declare("topics.create",
            ValueType.bool(), "true", "create missing topics at start-up", BOTH);
    public static final ConfigKey<Integer> TOPICS_PARTITIONS = declare("topics.partitions",
            ValueType.integer(1, Integer.MAX_VALUE), "6",
            "partitions of the data topics created at start-up", BOTH);
    public static final ConfigKey<Integer> TOPICS_REPLICATION_FACTOR = declare(
            "topics.replication.factor", ValueType.integer(1, Short.MAX_VALUE), "1",
            "replication factor of created topics (3 in production)", BOTH);
    public static final ConfigKey<Integer> MODELS_MAX_BYTES = declare("models.max.bytes",
            ValueType.integer(1, Integer.MAX_VALUE), "67108864",
            "largest model record accepted or produced (sets the topic and client limits)", BOTH);

    public static final ConfigKey<Integer> HTTP_PORT = declare("http.port",
            ValueType.integer(-1, 65535), "8080",
            "port of /metrics, /healthz, /readyz and /sequences (0 = any free port, -1 = off)",
            BOTH);
    public static final ConfigKey<String> HTTP_BIND_ADDRESS = declare("http.bind.address",
            ValueType.text(), "0.0.0.0", "address the HTTP server listens on", BOTH);

    public static final ConfigKey<String> PROCESSING_GUARANTEE = declare("processing.guarantee",
            ValueType.oneOf("exactly_once_v2", "at_least_once"), "exactly_once_v2",
            "Kafka Streams processing guarantee", SERVING);
    public static final ConfigKey<String> STATE_DIR = declare("state.dir",
            ValueType.text(), "/tmp/rnn-streams",
            "Kafka Streams state directory (RocksDB files)", SERVING);
    public static final ConfigKey<String> STATE_STORE = declare("state.store",
            ValueType.oneOf("rocksdb", "memory"), "rocksdb",
            "where per-sequence state lives (both are changelogged)", SERVING);
    public static final ConfigKey<String> STATE_ENCODING = declare("state.encoding",
            ValueType.oneOf("float32", "float16"), "float32",
            "hidden-state encoding in the store (float16 halves it; math stays float32)",
            SERVING);
    public static final ConfigKey<Long> STATE_CACHE_MAX_BYTES = declare("state.cache.max.bytes",
            ValueType.longInteger(0, Long.MAX_VALUE), "10485760",
            "record cache of the stream threads in all (statestore.cache.max.bytes gets the models' "
                    + "global thread's share on top)", SERVING);
    public static final ConfigKey<Long> COMMIT_INTERVAL_MS = declare("commit.interval.ms",
            ValueType.longInteger(0, Long.MAX_VALUE), "",
            "Kafka Streams commit interval; empty = the Kafka Streams default "
                    + "(100 with exactly_once_v2, 30000 with at_least_once)", SERVING);
    public static final ConfigKey<Integer> NUM_STREAM_THREADS = declare("num.stream.threads",
            ValueType.integer(1, 1024), "1", "Kafka Streams threads per instance", SERVING);
    public static final ConfigKey<Integer> NUM_STANDBY_REPLICAS = declare("num.standby.replicas",
            ValueType.integer(0, 32), "0",
            "warm copies of each state store on other instances", SERVING);

    public static final ConfigKey<Duration> SEQUENCE_IDLE_TIMEOUT = declare(
            "sequence.idle.timeout", ValueType.duration(), "5m",
            "a sequence without tokens for this long gets its label (reason idle)", SERVING);
    public static final ConfigKey<Duration> SEQUENCE_IDLE_SCAN_INTERVAL = declare(
            "sequence.idle.scan.interval", ValueType.duration(), "1s",
            "wall-clock interval of the idle-sequence scan", SERVING);
    public static final ConfigKey<Integer> SEQUENCE_IDLE_SCAN_MAX = declare(
            "sequence.idle.scan.max", ValueType.integer(1, Integer.MAX_VALUE), "1000",
            "most keys examined per idle scan (bounds the work of one punctuation)", SERVING);
    public static final ConfigKey<Integer> TOKEN_MAX_CHARS = declare("token.max.chars",
            ValueType.integer(1, Integer.MAX_VALUE), "256",
            "longer tokens go to the DLQ", SERVING);
    public static final ConfigKey<Integer> INPUT_MAX_BYTES = declare("input.max.bytes",
            ValueType.integer(1, Integer.MAX_VALUE), "65536",
            "larger token records go to the DLQ", SERVING);
    public static final ConfigKey<Integer> GENERATE_MAX_TOKENS = declare("generate.max.tokens",
            ValueType.integer(1, Integer.MAX_VALUE), "200",
            "upper bound for {\"generate\":N}", SERVING);
    public static final ConfigKey<Long> ROCKSDB_MEMORY_BYTES = declare("rocksdb.memory.bytes",
            ValueType.longInteger(1, Long.MAX_VALUE), "268435456",
            "RocksDB block cache plus write buffers, in total per instance", SERVING);

    public static final ConfigKey<Integer> TRAIN_WINDOW_EXAMPLES = declare(
            "train.window.examples", ValueType.integer(1, Integer.MAX_VALUE), "1000",
            "close a training window after this many examples...", TRAINING);
    public static final ConfigKey<Integer> TRAIN_WINDOW_SECONDS = declare("train.window.seconds",
            ValueType.integer(1, Integer.MAX_VALUE), "60",
            "...or after this many seconds, whichever comes first", TRAINING);
    public static final ConfigKey<Integer> TRAIN_EPOCHS = declare("train.epochs",
            ValueType.integer(1, Integer.MAX_VALUE), "3", "passes over each window", TRAINING);
    public static final ConfigKey<Integer> TRAIN_BATCH_SIZE = declare("train.batch.size",
            ValueType.integer(1, Integer.MAX_VALUE), "32", "examples per batch", TRAINING);
    public static final ConfigKey<Double> TRAIN_LEARNING_RATE = declare("train.learning.rate",
            ValueType.decimalAbove(0), "0.002", "Adam learning rate", TRAINING);
    public static final ConfigKey<IntPair> TRAIN_TBPTT = declare("train.tbptt",
            ValueType.positivePair(), "",
            "truncated BPTT as k1,k2; empty = full BPTT", TRAINING);
    public static final ConfigKey<Double> TRAIN_CLIP_NORM = declare("train.clip.norm",
            ValueType.decimalAbove(0), "5.0", "global gradient norm clip", TRAINING);
    public static final ConfigKey<Integer> TRAIN_HOLDOUT_PERCENT = declare(
            "train.holdout.percent", ValueType.integer(1, 99), "10",
            "share of examples held out for validation (chosen deterministically)", TRAINING);
    public static final ConfigKey<Double> TRAIN_REGRESSION_TOLERANCE = declare(
            "train.regression.tolerance", ValueType.decimal(0, 1), "0.01",
            "publish unless validation accuracy drops by more than this", TRAINING);
    public static final ConfigKey<Integer> TRAIN_VOCAB_MAX = declare("train.vocab.max",
            ValueType.integer(1, Integer.MAX_VALUE), "50000",
            "vocabulary growth limit", TRAINING);
    public static final ConfigKey<Long> TRAIN_SEED = declare("train.seed",
            ValueType.longInteger(Long.MIN_VALUE, Long.MAX_VALUE), "1",
            "random seed of initialisation and shuffling", TRAINING);
    public static final ConfigKey<String> TRAIN_INIT_MODEL = declare("train.init.model",
            ValueType.text(), "",
            "safetensors file to start from when the models topic has none", TRAINING);

    public static final ConfigKey<List<String>> MODEL_TASK = declare("model.task",
            ValueType.subsetOf("tag", "label", "next"), "tag",
            "heads of a model the trainer creates", TRAINING);
    public static final ConfigKey<String> MODEL_CELL = declare("model.cell",
            ValueType.oneOf("rnn", "lstm", "gru"), "gru",
            "recurrent cell of a model the trainer creates", TRAINING);
    public static final ConfigKey<Integer> MODEL_HIDDEN = declare("model.hidden",
            ValueType.integer(1, 65536), "128", "hidden size of a model the trainer creates",
            TRAINING);
    public static final ConfigKey<Integer> MODEL_LAYERS = declare("model.layers",
            ValueType.integer(1, 64), "1", "stacked layers of a model the trainer creates",
            TRAINING);
    public static final ConfigKey<Integer> MODEL_EMBED = declare("model.embed",
            ValueType.integer(1, 65536), "64", "embedding width of a model the trainer creates",
            TRAINING);

    private static final List<ConfigKey<?>> ALL = List.copyOf(DECLARED);

    private ConfigKeys() {}

    /** All declared keys in declaration order. */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    private static <T> ConfigKey<T> declare(String name, ValueType<T> type, String defaultText,
            String description, EnumSet<UsedBy> usedBy) {
        for (ConfigKey<?> existing : DECLARED) {
            if (existing.name().equals(name)
                    || existing.environmentVariable().equals(ConfigKey.environmentVariable(name))) {
                throw new IllegalStateException("configuration key declared twice: " + name);
            }
        }
        ConfigKey<T> key = new ConfigKey<>(name, type, defaultText, description, usedBy);
        DECLARED.add(key);
        return key;
    }
}
