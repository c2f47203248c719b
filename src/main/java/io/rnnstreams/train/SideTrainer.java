package io.rnnstreams.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleJson;
import io.rnnstreams.data.InvalidExampleException;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Param;
import io.rnnstreams.ops.KafkaAccessFailure;
import io.rnnstreams.ops.PrometheusMetrics;
import io.rnnstreams.ops.TrainerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side trainer: a plain consumer on the training topic, windows of N records or T seconds,
 * E passes of {@link Training} per window, a deterministic held-out share that scores each
 * candidate against the last published model, and publishing in a Kafka transaction that also
 * commits the consumed offsets and produces the window's dead letters.
 *
 * <p>Offsets are committed only together with a published model, so the committed offsets and the
 * newest model always describe the same examples: a crash at any point restarts from that pair
 * and neither loses nor double-counts an example. A held-back window's examples therefore stay
 * uncommitted until a later window publishes (the candidate keeps learning from them meanwhile).
 * The one exception is a stretch with nothing but rejects: its dead letters and offsets are
 * committed alone, because no model depends on them.
 *
 * <p>Partitions are assigned, not subscribed: there is one trainer per model name, its
 * transactional id fences a predecessor, and there is no group rebalance to wait for after a
 * crash or to interrupt a long window.
 */
public final class SideTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SideTrainer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Windows' worth of records kept while no model can be created, before they are rejected. */
    static final int NO_MODEL_WINDOWS = 10;
    static final String NO_MODEL = "no model";
    static final String NON_FINITE = "non-finite";
    static final String TOO_LARGE = "too large";

    private final TrainerSettings settings;
    private final Map<String, Object> kafka;
    private final PrometheusMetrics prometheus;
    private final TrainerMetrics metrics;
    private final Consumer<WindowReport> listener;
    private final ExampleJson parser = new ExampleJson();
    private final HeldOutSplit split;
    private final PublishGate gate;
    private final DeadLetters deadLetters;
    private final HeldOutSet heldOut = new HeldOutSet();
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile boolean stopping;
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile boolean hasModel;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;

    private Window window;
    private Model model;
    private Training training;
    private Model published;
    /** {@link #published} as serving runs it, built once per version for the held-out comparison. */
    private InferenceModel publishedServing;
    private long publishedVersion;
    private long examplesSeen;
    private long examplesTrained;
    private long windowNumber;
    private long seenSinceCommit;
    private long trainedSinceCommit;
    private int restarts;

    /** Thrown out of {@link #run} when the trainer cannot go on (fenced, unreadable start model). */
    public static final class TrainerException extends RuntimeException {
        TrainerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Unwinds a window's training when {@link #close} is called. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /**
     * @param kafka      client settings (bootstrap servers, security); group, transactional id,
     *                   isolation and sizes are set here
     * @param prometheus where the Kafka clients' metrics go
     * @param metrics    the trainer's meters (in the same registry)
     * @param listener   called after every window, on the training thread
     */
    public SideTrainer(TrainerSettings settings, Map<String, ?> kafka, PrometheusMetrics prometheus,
            TrainerMetrics metrics, Consumer<WindowReport> listener) {
        this.settings = settings;
        this.kafka = Map.copyOf(kafka);
        this.prometheus = prometheus;
        this.metrics = metrics;
        this.listener = listener;
        this.split = new HeldOutSplit(settings.holdoutPercent());
        this.gate = new PublishGate(settings.regressionTolerance());
        this.deadLetters = new DeadLetters(settings.dlqTopic());
    }

    /**
     * Trains until {@link #close} is called. The window in progress when it is closed is dropped
     * unpublished; its records are read again by the next run.
     *
     * @throws TrainerException when another trainer took over or the start model is unreadable
     */
    public void run() {
        running = true;
        List<AutoCloseable> bindings = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            consumer = c;
            producer = p;
            bindings.add(prometheus.bind(c));
            bindings.add(prometheus.bind(p));
            // First: fence a predecessor and abort its open transaction, so the models topic
            // can be read to its end below.
            producer.initTransactions();
            assignPartitions();
            if (!stopping) {
                resume();
            }
            while (!stopping) {
                int restartsBefore = restarts;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    add(r);
                    if (window.full()) {
                        closeWindow();
                    }
                    if (restarts != restartsBefore) {
                        // Rewound to the committed offsets: the rest of this batch comes again.
                        break;
                    }
                }
                if (window.due(System.nanoTime(), settings.windowTime())) {
                    closeWindow();
                }
            }
        } catch (WakeupException | Stopped e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            for (AutoCloseable b : bindings) {
                try {
                    b.close();
                } catch (Exception e) {
                    LOG.warn("unbinding trainer client metrics failed", e);
                }
            }
            hasModel = false;
            assigned = false;
            finished.countDown();
        }
        LOG.info("trainer stopped after window {}; last published version {}", windowNumber, publishedVersion);
    }

    /** Empty when ready (partitions assigned and a model to train), else why not. */
    public Optional<String> notReadyReason() {
        if (!assigned) {
            return Optional.of("training topic " + settings.trainingTopic() + " not assigned");
        }
        if (!hasModel) {
            return Optional.of("no model yet");
        }
        return Optional.empty();
    }

    /** Stops {@link #run} (from another thread) and waits up to 30 s for it to finish. */
    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (running) {
            try {
                if (!finished.await(30, TimeUnit.SECONDS)) {
                    LOG.warn("the trainer did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> p = new HashMap<>(kafka);
        p.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Topics are created by topics.create, not as a side effect of asking for them.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return p;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>(kafka);
        p.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // A model is one record of up to models.max.bytes.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Long.toString(Math.min(Integer.MAX_VALUE, settings.maxModelBytes() + (1 << 20))));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(2 * settings.maxModelBytes() + (1 << 20)));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    /**
     * Assigns every partition of the training topic, waiting for the topic to exist; called again
     * at each window so partitions added later are read too (from their start, having no offset).
     */
    private void assignPartitions() {
        while (!stopping) {
            List<PartitionInfo> infos = consumer.partitionsFor(settings.trainingTopic());
            if (infos != null && !infos.isEmpty()) {
                Set<TopicPartition> partitions = new HashSet<>();
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                if (!partitions.equals(consumer.assignment())) {
                    consumer.assign(partitions);
                    LOG.info("reading {} partition(s) of {}", partitions.size(), settings.trainingTopic());
                }
                assigned = true;
                return;
            }
            LOG.warn("training topic {} does not exist yet; waiting for it", settings.trainingTopic());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }

    /** (Re)starts from the newest published model and the committed offsets, forgetting anything since. */
    private void resume() {
        restarts++;
        window = new Window(settings.windowExamples());
        deadLetters.clear();
        uncommitted.clear();
        heldOut.clear();
        seenSinceCommit = 0;
        trainedSinceCommit = 0;
        training = null;
        Model start = PublishedModels.latest(kafka, settings.modelsTopic(), settings.modelName(),
                settings.maxModelBytes());
        String origin = "the models topic";
        if (start == null && settings.initModel() != null) {
            try {
                start = ModelFile.read(settings.initModel());
            } catch (RuntimeException e) {
                throw new TrainerException("cannot start from " + settings.initModel() + ": " + e.getMessage(), e);
            }
            origin = settings.initModel().toString();
        }
        setPublished(start);
        model = start == null ? null : start.copy();
        publishedVersion = start == null ? 0 : PublishedModels.version(start);
        examplesSeen = start == null ? 0 : ModelProvenance.number(start, ModelProvenance.EXAMPLES_SEEN, 0);
        examplesTrained = start == null ? 0 : ModelProvenance.number(start, ModelProvenance.EXAMPLES_TRAINED, 0);
        windowNumber = start == null ? 0 : ModelProvenance.number(start, ModelProvenance.WINDOW, 0);
        hasModel = model != null;
        if (start != null) {
            LOG.info("starting from model '{}' version {} ({}; {} examples seen)", settings.modelName(),
                    publishedVersion, origin, examplesSeen);
        } else {
            LOG.info("no model '{}' yet: the first window's data shapes a new one", settings.modelName());
        }
        Set<TopicPartition> partitions = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = committed.get(tp);
            if (o != null) {
                consumer.seek(tp, o);
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    private void add(ConsumerRecord<byte[], byte[]> r) {
        Example example = null;
        String error = null;
        try {
            example = parser.parse(r.value());
        } catch (InvalidExampleException e) {
            error = e.reason().code();
        }
        window.add(r, example, error, System.nanoTime());
    }

    private void closeWindow() {
        assignPartitions();
        Window w = window;
        window = new Window(settings.windowExamples());
        if (model == null && !createModel(w)) {
            return;
        }
        windowNumber++;
        metrics.windowClosed();
        List<Example> train = new ArrayList<>();
        List<Example> held = new ArrayList<>();
        ExampleAdmission admission = new ExampleAdmission(model.config());
        int rejected = 0;
        for (Window.Entry e : w.entries()) {
            String reason = e.error() != null ? e.error() : admission.rejection(e.example());
            if (reason != null) {
                reject(e, reason);
                rejected++;
            } else if (split.isHeldOut(e.record().key(), e.record().value())) {
                held.add(e.example());
            } else {
                train.add(e.example());
            }
        }
        uncommitted.putAll(w.offsets());
        seenSinceCommit += train.size() + held.size();
        heldOut.add(held);

        double loss = Double.NaN;
        double examplesPerSecond = Double.NaN;
        double tokensPerSecond = Double.NaN;
        if (!train.isEmpty()) {
            Training.PassStats stats = train(train);
            loss = stats.loss().objective();
            examplesPerSecond = stats.examplesPerSecond();
            tokensPerSecond = stats.tokensPerSecond();
        }
        List<Example> probed = new ArrayList<>(train);
        probed.addAll(held);
        double[] norms = GradientProbe.measure(model, probed.isEmpty() ? heldOut.examples() : probed,
                TrainerMetrics.GRADIENT_DISTANCES);
        for (int i = 0; i < norms.length; i++) {
            metrics.gradientNorm(TrainerMetrics.GRADIENT_DISTANCES.get(i), norms[i]);
        }
        decide(w, train.size(), held.size(), rejected, loss, examplesPerSecond, tokensPerSecond, norms);
    }

    /** Creates the first model from a window's data; false (window kept open) when it cannot yet. */
    private boolean createModel(Window w) {
        List<Example> examples = w.examples();
        String missing = settings.shape().missing(examples);
        if (missing == null) {
            List<Example> training = new ArrayList<>();
            for (Window.Entry e : w.entries()) {
                if (e.example() != null && !split.isHeldOut(e.record().key(), e.record().value())) {
                    training.add(e.example());
                }
            }
            model = settings.shape().create(examples, training, settings.vocabularyMax(), settings.training().seed());
            hasModel = true;
            LOG.info("created a new {} model: {} hidden, {} layer(s), vocabulary {}, tags {}, labels {}",
                    model.config().cell().id(), model.config().hidden(), model.config().layers(),
                    model.vocabulary() == null ? "-" : model.vocabulary().size(), model.config().tagClasses(),
                    model.config().labelClasses());
            return true;
        }
        if (w.entries().size() < NO_MODEL_WINDOWS * settings.windowExamples()) {
            w.extend(settings.windowExamples(), System.nanoTime());
            window = w;
            report(new WindowReport(windowNumber, w.entries().size(), 0, 0, 0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, WindowReport.Outcome.WAITING_FOR_DATA, publishedVersion, missing,
                    nanArray()));
            return false;
        }
        LOG.error("no model can be created from {} records ({}); sending them to {}", w.entries().size(), missing,
                settings.dlqTopic());
        for (Window.Entry e : w.entries()) {
            reject(e, e.error() != null ? e.error() : NO_MODEL);
        }
        uncommitted.putAll(w.offsets());
        commit(null);
        return false;
    }

    private void reject(Window.Entry e, String reason) {
        deadLetters.add(e.record(), reason);
        metrics.exampleRejected(reason);
    }

    private Training.PassStats train(List<Example> train) {
        Model grown = VocabularyGrowth.grow(model, train, settings.vocabularyMax());
        if (grown != model) {
            LOG.info("vocabulary grew from {} to {} tokens", model.vocabulary().size(), grown.vocabulary().size());
            model = grown;
            training = null;
        }
        if (training == null) {
            training = new Training(model, settings.training());
        }
        LOG.info("window {}: training on {} examples", windowNumber, train.size());
        Training.BatchListener stopCheck = (batch, batches, runningLoss) -> {
            if (stopping) {
                throw new Stopped();
            }
        };
        long start = System.nanoTime();
        Training.PassStats last = null;
        int skipped = 0;
        long tokens = 0;
        for (int epoch = 0; epoch < settings.training().epochs(); epoch++) {
            last = training.pass(train, stopCheck);
            skipped += last.skipped();
            tokens += last.tokens();
        }
        for (int i = 0; i < skipped; i++) {
            metrics.batchSkipped(NON_FINITE);
        }
        if (skipped > 0) {
            LOG.warn("window {}: skipped {} update(s) with a non-finite loss or gradient", windowNumber, skipped);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long examples = (long) train.size() * settings.training().epochs();
        trainedSinceCommit += train.size();
        metrics.trained(train.size(), tokens / settings.training().epochs());
        metrics.throughput(examples / seconds, tokens / seconds);
        metrics.loss(last.loss().objective());
        return new Training.PassStats(last.loss(), (int) examples, tokens, last.batches(), skipped,
                last.maxGradientNorm(), seconds);
    }

    private void decide(Window w, int trained, int held, int rejected, double loss, double examplesPerSecond,
            double tokensPerSecond, double[] norms) {
        if (trainedSinceCommit == 0) {
            if (seenSinceCommit == 0) {
                commit(null);
            }
            report(new WindowReport(windowNumber, w.entries().size(), trained, held, rejected, loss, Double.NaN,
                    Double.NaN, examplesPerSecond, tokensPerSecond, WindowReport.Outcome.NOT_TRAINED,
                    publishedVersion, "nothing to train", norms));
            return;
        }
        if (!finiteAsFloat32(model)) {
            LOG.error("window {}: the model has weights that are not finite in float32; {}", windowNumber,
                    published == null ? "starting over with a new model" : "back to version " + publishedVersion);
            metrics.modelHeldBack(NON_FINITE);
            model = published == null ? null : published.copy();
            hasModel = model != null;
            training = null;
            report(new WindowReport(windowNumber, w.entries().size(), trained, held, rejected, loss, Double.NaN,
                    Double.NaN, examplesPerSecond, tokensPerSecond, WindowReport.Outcome.HELD_BACK,
                    publishedVersion, "non-finite weights", norms));
            return;
        }
        PublishGate.Decision d = gate.decide(model, publishedServing, heldOut);
        metrics.accuracy(d.accuracy());
        double baseline = d.publishedAccuracy();
        if (!d.publish()) {
            LOG.warn("window {}: holding the model back ({})", windowNumber, d.detail());
            metrics.modelHeldBack(d.reason());
            report(new WindowReport(windowNumber, w.entries().size(), trained, held, rejected, loss, d.accuracy(),
                    baseline, examplesPerSecond, tokensPerSecond, WindowReport.Outcome.HELD_BACK, publishedVersion,
                    d.detail(), norms));
            return;
        }
        Model candidate = stamp(d);
        byte[] bytes = ModelFile.write(candidate);
        if (bytes.length > settings.maxModelBytes()) {
            String detail = bytes.length + " bytes is over models.max.bytes=" + settings.maxModelBytes();
            LOG.error("window {}: cannot publish: {}", windowNumber, detail);
            metrics.modelHeldBack(TOO_LARGE);
            report(new WindowReport(windowNumber, w.entries().size(), trained, held, rejected, loss, d.accuracy(),
                    baseline, examplesPerSecond, tokensPerSecond, WindowReport.Outcome.HELD_BACK, publishedVersion,
                    detail, norms));
            return;
        }
        long seen = seenSinceCommit;
        long trainedTotal = trainedSinceCommit;
        if (!commit(new ProducerRecord<>(settings.modelsTopic(), settings.modelName().getBytes(StandardCharsets.UTF_8),
                bytes))) {
            return;
        }
        setPublished(candidate);
        publishedVersion = PublishedModels.version(candidate);
        d.candidateByChunk().forEach((chunk, score) -> chunk.published = score);
        examplesSeen += seen;
        examplesTrained += trainedTotal;
        metrics.modelPublished();
        report(new WindowReport(windowNumber, w.entries().size(), trained, held, rejected, loss, d.accuracy(),
                baseline, examplesPerSecond, tokensPerSecond, WindowReport.Outcome.PUBLISHED, publishedVersion,
                null, norms));
    }

    /**
     * Whether every weight survives the float32 model file: {@link Model#isFinite} checks the
     * double values, and a finite double beyond float range would be written as infinity.
     */
    static boolean finiteAsFloat32(Model m) {
        for (Param p : m.params()) {
            double[] v = p.values();
            for (int i = 0; i < p.size(); i++) {
                if (!Float.isFinite((float) v[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    private void setPublished(Model m) {
        published = m;
        publishedServing = m == null ? null : new InferenceModel(m);
    }

    /** A copy of the candidate with the provenance of the version it is about to become. */
    private Model stamp(PublishGate.Decision d) {
        Model m = model.copy();
        m.putMetadata(ModelFile.VERSION, Long.toString(publishedVersion + 1));
        if (published != null) {
            m.putMetadata(ModelProvenance.PARENT_VERSION, Long.toString(publishedVersion));
        }
        m.putMetadata(ModelProvenance.EXAMPLES_SEEN, Long.toString(examplesSeen + seenSinceCommit));
        m.putMetadata(ModelProvenance.EXAMPLES_TRAINED, Long.toString(examplesTrained + trainedSinceCommit));
        m.putMetadata(ModelProvenance.WINDOW, Long.toString(windowNumber));
        ObjectNode validation = JSON.createObjectNode();
        validation.put("held_out_examples", d.heldOut());
        for (Task task : d.tasks()) {
            ObjectNode t = validation.putObject(task.id());
            t.put("accuracy", d.candidate().accuracy(task));
            t.put("scored", d.candidate().scored(task));
            if (task == Task.NEXT) {
                t.put("perplexity", d.candidate().perplexity());
            }
        }
        m.putMetadata(ModelProvenance.VALIDATION, validation.toString());
        m.putMetadata(ModelProvenance.TRAINING_CONFIG, trainingConfig().toString());
        m.putMetadata(ModelProvenance.CREATED, Instant.now().toString());
        return m;
    }

    private ObjectNode trainingConfig() {
        TrainingSettings t = settings.training();
        ObjectNode o = JSON.createObjectNode();
        o.put("window_examples", settings.windowExamples());
        o.put("window_seconds", settings.windowTime().toSeconds());
        o.put("epochs", t.epochs());
        o.put("batch_size", t.batchSize());
        o.put("optimizer", t.optimizer());
        o.put("learning_rate", t.learningRate());
        o.put("tbptt", t.k1() == 0 ? "full" : t.k1() + "," + t.k2());
        o.put("clip_norm", t.clipNorm());
        o.put("holdout_percent", settings.holdoutPercent());
        o.put("regression_tolerance", settings.regressionTolerance());
        o.put("vocab_max", settings.vocabularyMax());
        o.put("seed", t.seed());
        return o;
    }

    /**
     * One transaction: the pending dead letters, the model (if any) and the offsets of everything
     * consumed into it. Returns false when it failed and the trainer went back to the last
     * published state.
     */
    private boolean commit(ProducerRecord<byte[], byte[]> modelRecord) {
        if (uncommitted.isEmpty() && deadLetters.size() == 0 && modelRecord == null) {
            return true;
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : deadLetters.pending()) {
                producer.send(r);
            }
            if (modelRecord != null) {
                producer.send(modelRecord);
            }
            producer.sendOffsetsToTransaction(new HashMap<>(uncommitted), consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                | AuthorizationException | UnsupportedVersionException e) {
            throw new TrainerException("cannot publish any more (" + e.getMessage() + "); another trainer with "
                    + "transactional.id " + settings.transactionalId() + " may have taken over", e);
        } catch (KafkaException e) {
            // A refused send (say, no WRITE on the dead-letter topic) surfaces as a generic
            // transaction error caused by it; retrying the window cannot fix that either.
            Optional<KafkaException> denied = KafkaAccessFailure.find(e);
            if (denied.isPresent()) {
                // Without a bound, closing waits for the refused batch's delivery timeout.
                producer.close(Duration.ofSeconds(1));
                throw new TrainerException(KafkaAccessFailure.describe(denied.get()), e);
            }
            LOG.error("window {}: the transaction failed ({}); resuming from the last published model",
                    windowNumber, e.getMessage());
            producer.abortTransaction();
            resume();
            return false;
        }
        uncommitted.clear();
        deadLetters.clear();
        seenSinceCommit = 0;
        trainedSinceCommit = 0;
        return true;
    }

    private void report(WindowReport r) {
        LOG.debug(r.progressLine());
        listener.accept(r);
    }

    private static double[] nanArray() {
        double[] a = new double[TrainerMetrics.GRADIENT_DISTANCES.size()];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
