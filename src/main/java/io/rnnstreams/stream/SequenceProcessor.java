package io.rnnstreams.stream;

import io.rnnstreams.nn.Generator;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.StepWorkspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-token work: read the key's state (one store get), run one step of the current model,
 * emit the tag (D steps late for a look-ahead model), write the state back (one put). An end
 * marker flushes the look-ahead, emits the label and deletes the state; an idle sweep does the
 * same for sequences not seen for the idle timeout. Anything wrong with a record sends it,
 * unchanged, to the dead-letter topic with the reason; the stream thread never dies on input.
 */
final class SequenceProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceProcessor.class);

    static final String REASON_END = "end";
    static final String REASON_IDLE = "idle";
    static final String NO_MODEL = "no model";
    static final String MISSING_KEY = "missing key";
    static final String NULL_VALUE = "null value";
    static final String TOO_LARGE = "record too large";
    static final String WANTS_VECTORS = "model reads vectors";
    static final String WANTS_TOKENS = "model reads tokens";
    static final String WRONG_WIDTH = "wrong vector width";
    static final String NO_NEXT_HEAD = "model has no next head";
    static final String INTERNAL = "internal error";
    /** Idle sweep passes over all keys started per idle timeout, at most. */
    static final int IDLE_PASSES_PER_TIMEOUT = 10;

    private final String storeName;
    private final ServingSettings settings;
    private final ModelRegistry registry;
    private final ServingObserver observer;
    private final TokenMessageParser parser;
    private final TokenMessage message = new TokenMessage();
    private final SequenceState state = new SequenceState();
    private final SequenceStateCodec codec;
    private final OutputMessages out = new OutputMessages();
    private final List<Bytes> idleKeys = new ArrayList<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;
    private StepWorkspace ws;
    private Bytes sweepCursor;
    private long passStartedMs = Long.MIN_VALUE / 2;

    SequenceProcessor(String storeName, ServingSettings settings, ModelRegistry registry, ServingObserver observer) {
        this.storeName = storeName;
        this.settings = settings;
        this.registry = registry;
        this.observer = observer;
        this.parser = new TokenMessageParser(settings.maxTokenChars(), settings.maxGenerate());
        this.codec = new SequenceStateCodec(settings.compactState());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(settings.idleScanInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweepIdle);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long started = System.nanoTime();
        String reason;
        try {
            reason = handle(record, started);
        } catch (KafkaException e) {
            throw e; // store and producer failures belong to Kafka Streams (task migration, fencing)
        } catch (RuntimeException e) {
            LOG.error("internal error on a record of {}; sent to the dead-letter topic", settings.tokensTopic(), e);
            reason = INTERNAL;
        }
        if (reason != null) {
            deadLetter(record, reason);
        }
    }

    /** Processes one record; returns a dead-letter reason, or null when it was handled. */
    private String handle(Record<byte[], byte[]> record, long started) {
        byte[] key = record.key();
        byte[] value = record.value();
        if (key == null || key.length == 0) {
            return MISSING_KEY;
        }
        if (value == null) {
            return NULL_VALUE;
        }
        if (value.length > settings.maxInputBytes()) {
            return TOO_LARGE;
        }
        try {
            parser.parse(value, message);
        } catch (RejectedInput e) {
            return e.reason();
        }
        InferenceModel model = registry.current();
        if (model == null) {
            return NO_MODEL;
        }
        ModelConfig config = model.config();
        if (message.token != null && !config.tokenInput()) {
            return WANTS_VECTORS;
        }
        if (message.xLength >= 0) {
            if (config.tokenInput()) {
                return WANTS_TOKENS;
            }
            if (message.xLength != config.inputWidth()) {
                return WRONG_WIDTH;
            }
        }
        if (message.generate > 0 && !config.nextHead()) {
            return NO_NEXT_HEAD;
        }
        ws = model.workspace(ws);
        Bytes k = Bytes.wrap(key);
        long now = context.currentSystemTimeMs();
        if (message.reset) {
            discard(model, k, record.timestamp(), now);
        }
        boolean extendsSequence = message.hasStep() && message.generate == 0;
        boolean needsState = extendsSequence || message.end || (message.generate > 0 && message.token == null);
        boolean exists = needsState && !message.reset && load(k, model, now);
        if (needsState && !exists) {
            state.reset(model, now);
        }
        if (extendsSequence) {
            if (message.token != null) {
                model.step(state.values, message.token, ws);
            } else {
                model.step(state.values, message.x, ws);
            }
            state.lastSeenMs = now;
            emitTagFor(model, record, message.token, message.id, message.idNumeric);
            state.position++;
        }
        if (message.generate > 0) {
            generate(model, record, key);
        }
        if (message.end && (exists || extendsSequence)) {
            finish(model, k, record.timestamp(), REASON_END, message.id, message.idNumeric);
        } else if (extendsSequence) {
            store.put(k, codec.encode(state));
        }
        if (extendsSequence) {
            observer.tokenProcessed(System.nanoTime() - started);
        }
        return null;
    }

    /** Loads the key's state; false when there is none (or it could not continue under the model). */
    private boolean load(Bytes key, InferenceModel model, long now) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return false;
        }
        try {
            SequenceStateCodec.decode(bytes, state);
        } catch (RuntimeException e) {
            LOG.warn("unreadable state for a key ({}); starting the sequence again", e.getMessage());
            observer.stateReset();
            return false;
        }
        if (state.modelVersion != model.version()) {
            if (!state.compatibleWith(model) || state.valueCount != model.stateSize()) {
                observer.stateReset();
                return false;
            }
            state.modelVersion = model.version();
        }
        return true;
    }

    /** After a step: emit the tag of the token D steps back (or buffer this one for later). */
    private void emitTagFor(InferenceModel model, Record<byte[], byte[]> record, String token, String id,
            boolean idNumeric) {
        ModelConfig c = model.config();
        if (!c.hasTagHead()) {
            return;
        }
        if (c.delay() == 0) {
            emitTag(model, record.key(), record.timestamp(), state.position, token, id, idNumeric);
            return;
        }
        state.addPending(token, id, idNumeric);
        if (state.pendingCount > c.delay()) {
            emitTag(model, record.key(), record.timestamp(), state.position - c.delay(), state.pendingTokens[0],
                    state.pendingIds[0], state.pendingIdNumeric[0]);
            state.shiftPending();
        }
    }

    private void emitTag(InferenceModel model, byte[] key, long timestamp, int position, String token, String id,
            boolean idNumeric) {
        float[] p = model.tagProbabilities(state.values, ws);
        int best = Predictor.argmax(p);
        byte[] value = out.tag(model, position, token, best, p[best], id, idNumeric);
        context.forward(new Record<>(key, value, timestamp), ServingTopology.TAGS);
    }

    /** Look-ahead flush, the label, and the state's deletion. */
    private void finish(InferenceModel model, Bytes key, long timestamp, String reason, String id, boolean idNumeric) {
        ModelConfig c = model.config();
        int length = state.position;
        flushLookAhead(model, key, timestamp);
        if (c.hasLabelHead()) {
            float[] p = model.labelProbabilities(state.values, ws);
            int best = Predictor.argmax(p);
            byte[] value = out.label(model, best, p[best], length, reason, id, idNumeric);
            context.forward(new Record<>(key.get(), value, timestamp), ServingTopology.LABELS);
        }
        store.delete(key);
        observer.sequenceCompleted(reason);
    }

    /**
     * A reset ends the key's sequence without a label. Its tokens still waiting for their
     * look-ahead are owed a tag like any other token, so they are flushed as at an end first.
     */
    private void discard(InferenceModel model, Bytes key, long timestamp, long now) {
        if (load(key, model, now)) {
            flushLookAhead(model, key, timestamp);
        }
        store.delete(key);
    }

    /** The model's D end-of-sequence steps, emitting the tags of the tokens still pending. */
    private void flushLookAhead(InferenceModel model, Bytes key, long timestamp) {
        ModelConfig c = model.config();
        int length = state.position;
        for (int k = 0; k < c.delay(); k++) {
            model.stepEndOfSequence(state.values, ws);
            if (c.hasTagHead() && state.pendingCount > 0 && length + k - c.delay() >= 0) {
                emitTag(model, key.get(), timestamp, length + k - c.delay(), state.pendingTokens[0],
                        state.pendingIds[0], state.pendingIdNumeric[0]);
                state.shiftPending();
            }
        }
    }

    private void generate(InferenceModel model, Record<byte[], byte[]> record, byte[] key) {
        float[] from;
        if (message.token != null) {
            from = new float[model.stateSize()];
            model.step(from, message.token, ws);
        } else {
            from = state.values;
        }
        long seed = message.hasSeed ? message.seed
                : java.util.Arrays.hashCode(key) * 1_000_003L + state.position;
        Generator.Generated g = Generator.generate(model, java.util.Arrays.copyOf(from, model.stateSize()),
                message.generate, message.temperature, message.topK, new SplittableRandom(seed), ws);
        byte[] value = out.generated(g.tokens(), g.probabilities(), model.version(), message.id, message.idNumeric);
        context.forward(new Record<>(key, value, record.timestamp()), ServingTopology.GENERATED);
        observer.tokensGenerated(g.tokens().size());
    }

    /**
     * Wall-clock punctuation: examine up to idleScanMax keys from where the last sweep stopped,
     * and finish the sequences idle for longer than the timeout. A full pass over K keys takes
     * K / idleScanMax punctuations, so the work per punctuation is bounded whatever the store size.
     * A new pass starts at most every tenth of the timeout: sweeping without pause would cost the
     * stream thread a store read per key per pass, several per second with few keys, for labels
     * that are due only once per timeout. A sequence thus gets its idle label between the timeout
     * and 1.1 times it, plus the length of one pass.
     */
    private void sweepIdle(long now) {
        InferenceModel model = registry.current();
        if (model == null) {
            return;
        }
        long timeout = settings.idleTimeout().toMillis();
        if (sweepCursor == null) {
            if (now - passStartedMs < timeout / IDLE_PASSES_PER_TIMEOUT) {
                return;
            }
            passStartedMs = now;
        }
        long deadline = now - timeout;
        idleKeys.clear();
        int examined = 0;
        Bytes last = null;
        try (KeyValueIterator<Bytes, byte[]> it = sweepCursor == null ? store.all() : store.range(sweepCursor, null)) {
            while (it.hasNext() && examined < settings.idleScanMax()) {
                var entry = it.next();
                if (sweepCursor != null && entry.key.equals(sweepCursor)) {
                    continue;
                }
                examined++;
                last = entry.key;
                if (SequenceStateCodec.lastSeenMs(entry.value) <= deadline) {
                    idleKeys.add(entry.key);
                }
            }
            sweepCursor = it.hasNext() ? last : null;
        }
        ws = model.workspace(ws);
        for (Bytes key : idleKeys) {
            if (load(key, model, now)) {
                finish(model, key, now, REASON_IDLE, null, false);
            } else {
                store.delete(key);
            }
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("error", reason.getBytes(StandardCharsets.UTF_8));
        RecordMetadata meta = context.recordMetadata().orElse(null);
        if (meta != null) {
            headers.add("source.topic", meta.topic().getBytes(StandardCharsets.UTF_8));
            headers.add("source.partition", Integer.toString(meta.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add("source.offset", Long.toString(meta.offset()).getBytes(StandardCharsets.UTF_8));
        }
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), ServingTopology.DLQ);
        observer.deadLettered(reason);
    }
}
