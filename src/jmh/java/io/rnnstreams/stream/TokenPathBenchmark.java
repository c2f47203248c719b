package io.rnnstreams.stream;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.StepWorkspace;
import io.rnnstreams.nn.Vocabulary;
import io.rnnstreams.ops.ServingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-token work of {@link SequenceProcessor} for the {@code bench} workload, without Kafka:
 * the records are the bench's ({@code {"token":"w"}} of the {@code hmm} task over 10,000 keys,
 * each key's sentences in order), the model is the bench's (one layer, embedding 64, tag and label
 * heads, random weights), the metrics are in a Prometheus registry as {@code serve} has them, and
 * the state store is a hash map of encoded states, as large as the bench's store (5.4 MB at
 * H=128), so state reads miss the caches as they do there.
 *
 * <p>{@code token} is the whole path in {@link SequenceProcessor}'s order (parse, store get,
 * decode, step, tag head, tag output, encode, store put, per-token metrics); the other methods
 * are its stages alone on the same records, to show where the time goes. They share one state
 * set, so every stage sees the states a running topology would.
 *
 * <p>The heap is fixed and touched up front: otherwise each new state array lands on a page the
 * JVM has never touched, and the page faults (kernel time, billed to the thread) swamp the
 * encoding cost until the first collection. A serving process's heap is long warm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class TokenPathBenchmark {
    private static final int KEYS = 10_000;
    private static final int RECORDS = 1 << 16;

    @Param({"128"})
    public int hidden;

    @Param({"false"})
    public boolean compact;

    private InferenceModel model;
    private StepWorkspace ws;
    private final TokenMessageParser parser = new TokenMessageParser(1000, 100);
    private final TokenMessage message = new TokenMessage();
    private final SequenceState state = new SequenceState();
    private SequenceStateCodec codec;
    private final OutputMessages out = new OutputMessages();
    private ServingObserver observer;
    private final Map<Bytes, byte[]> store = new HashMap<>();
    private final byte[][] keys = new byte[RECORDS][];
    private final byte[][] values = new byte[RECORDS][];
    private final String[] tokens = new String[RECORDS];
    private int next;

    @Setup
    public void setUp() {
        HmmTask task = new HmmTask();
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).layers(1).hidden(hidden).embed(64)
                .unknownBuckets(64).tagClasses(task.tags()).labelClasses(task.labels()).build();
        Model m = Model.create(config, Vocabulary.of(task.vocabulary()), new SplittableRandom(1));
        m.putMetadata(ModelFile.VERSION, "1");
        model = new InferenceModel(m);
        ws = model.workspace(null);
        codec = new SequenceStateCodec(compact);
        ServingMetrics metrics = new ServingMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        observer = new ServingObserver() {
            @Override
            public void tokenProcessed(long latencyNanos) {
                metrics.tokenProcessed(latencyNanos);
            }
        };
        byte[][] keyNames = new byte[KEYS][];
        String[][] sentence = new String[KEYS][];
        int[] position = new int[KEYS];
        for (int k = 0; k < KEYS; k++) {
            keyNames[k] = ("key-" + k).getBytes(StandardCharsets.UTF_8);
        }
        Map<String, byte[]> tokenValues = new HashMap<>();
        for (String w : task.vocabulary()) {
            tokenValues.put(w, ("{\"token\":\"" + w + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        SplittableRandom random = new SplittableRandom(2);
        Iterator<io.rnnstreams.data.Example> sentences = task.examples(3);
        for (int r = 0; r < RECORDS; r++) {
            int k = random.nextInt(KEYS);
            if (sentence[k] == null || position[k] == sentence[k].length) {
                sentence[k] = sentences.next().tokens();
                position[k] = 0;
            }
            keys[r] = keyNames[k];
            tokens[r] = sentence[k][position[k]++];
            values[r] = tokenValues.get(tokens[r]);
        }
        for (int r = 0; r < RECORDS; r++) {
            token();
        }
    }

    private int advance() {
        int r = next;
        next = (r + 1) & (RECORDS - 1);
        return r;
    }

    @Benchmark
    public byte[] token() {
        long started = System.nanoTime();
        int r = advance();
        try {
            parser.parse(values[r], message);
        } catch (RejectedInput e) {
            throw new IllegalStateException(e);
        }
        Bytes k = Bytes.wrap(keys[r]);
        byte[] stored = store.get(k);
        if (stored == null) {
            state.reset(model, 0);
        } else {
            SequenceStateCodec.decode(stored, state);
        }
        model.step(state.values, message.token, ws);
        float[] p = model.tagProbabilities(state.values, ws);
        int best = Predictor.argmax(p);
        byte[] tag = out.tag(model, state.position, message.token, best, p[best], null, false);
        state.position++;
        store.put(k, codec.encode(state));
        observer.tokenProcessed(System.nanoTime() - started);
        return tag;
    }

    @Benchmark
    public TokenMessage parse() throws RejectedInput {
        parser.parse(values[advance()], message);
        return message;
    }

    /** Store get, decode, encode, store put: the state's round trip without the step. */
    @Benchmark
    public void state(Blackhole bh) {
        Bytes k = Bytes.wrap(keys[advance()]);
        SequenceStateCodec.decode(store.get(k), state);
        bh.consume(store.put(k, codec.encode(state)));
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(state);
    }

    @Benchmark
    public SequenceState decode() {
        SequenceStateCodec.decode(store.get(Bytes.wrap(keys[advance()])), state);
        return state;
    }

    @Benchmark
    public float[] step() {
        model.step(state.values, tokens[advance()], ws);
        return state.values;
    }

    @Benchmark
    public int head() {
        float[] p = model.tagProbabilities(state.values, ws);
        return Predictor.argmax(p);
    }

    @Benchmark
    public byte[] output() {
        return out.tag(model, state.position, "word", 3, 0.25f, null, false);
    }

    @Benchmark
    public void metrics() {
        long started = System.nanoTime();
        observer.tokenProcessed(System.nanoTime() - started);
    }
}
