package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.embedded.DirectoryTree;
import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.embedded.EmbeddedKafkaBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Loss;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.TokenFeature;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.train.EvaluationReport;
import io.rnnstreams.train.Fit;
import io.rnnstreams.train.Task;
import io.rnnstreams.train.Training;
import io.rnnstreams.train.TrainingSettings;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole product in one process: an in-process broker, a model trained on the generated
 * {@code hmm} task, published to the models topic, the serving topology, and a producer that
 * streams fresh sequences token by token while the tags, labels and a generated continuation are
 * printed as they arrive; then a summary scored against the generator's truth.
 */
final class DemoPipeline implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OPEN_SEQUENCES = 16;

    /** What the demo measured. */
    record Summary(int sequences, int tokens, int tagsCorrect, int tagsScored, int labelsCorrect, int labels,
            int generated, double seconds, double optimalTagAccuracy, double optimalLabelAccuracy) {
        double tagAccuracy() {
            return tagsScored == 0 ? 0 : (double) tagsCorrect / tagsScored;
        }

        double labelAccuracy() {
            return labels == 0 ? 0 : (double) labelsCorrect / labels;
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path workDir;
    private EmbeddedKafkaBroker broker;
    private ServingProcess serving;
    private RnnStreamsConfig config;

    DemoPipeline(PrintWriter out, PrintWriter err) throws IOException {
        this.out = out;
        this.err = err;
        this.workDir = Files.createTempDirectory("rnn-streams-demo");
    }

    /** Broker, model, serving; returns the serving process (its HTTP port is on it). */
    void start(ConfigOptions options, int trainExamples, int epochs) throws Exception {
        err.println("Starting an in-process Kafka broker (KRaft) ...");
        err.flush();
        broker = EmbeddedKafkaBroker.builder().build();
        broker.start();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("kafka.bootstrap.servers", broker.bootstrapServers());
        overrides.put("state.dir", workDir.resolve("state").toString());
        overrides.put("http.port", "0");
        config = options.load(overrides);

        HmmTask task = new HmmTask();
        List<Example> train = task.generate(trainExamples, 11);
        List<Example> dev = task.generate(Math.max(100, trainExamples / 10), 12);
        err.printf("Training a GRU on %,d generated sentences (task 'hmm': a tag per token, a dialect label per "
                + "sentence, next-token generation) ...%n", train.size());
        Model model = demoModel(train);
        ProgressBar bar = new ProgressBar(err);
        Fit.Result fit = Fit.run(model, train, dev, Task.TAG,
                new TrainingSettings(epochs, 32, 0.005, "adam", 0, 0, 5, 0, "cosine", 1, 0, 0), new Fit.Listener() {
                    @Override
                    public void batchDone(int b, int batches, Loss loss) {
                        bar.update(b, batches, String.format(Locale.ROOT, "batch %d/%d", b, batches));
                    }

                    @Override
                    public void epochDone(int epoch, int total, Training.PassStats s, EvaluationReport dev,
                            EvaluationReport trainedDev) {
                        bar.clear();
                        err.printf(Locale.ROOT, "  epoch %d/%d  %,.0f tokens/s  dev tag accuracy %.3f%n", epoch, total,
                                s.tokensPerSecond(), dev.accuracy());
                        err.flush();
                    }
                });
        Model trained = fit.model();
        trained.putMetadata(ModelFile.VERSION, "1");
        byte[] bytes = ModelFile.write(trained);
        serving = ServingProcess.start(config);
        PublishCommand.publish(config, config.get(ConfigKeys.TOPICS_MODELS), config.get(ConfigKeys.MODEL_NAME), bytes);
        err.printf("Published the model (version 1, %,d bytes) to topic '%s'; serving with exactly-once state in "
                + "Kafka Streams.%n", bytes.length, config.get(ConfigKeys.TOPICS_MODELS));
        awaitReady(Duration.ofMinutes(2));
        if (serving.httpPort() > 0) {
            err.printf("Metrics: http://127.0.0.1:%d/metrics   sequences: http://127.0.0.1:%d/sequences/<key>%n",
                    serving.httpPort(), serving.httpPort());
        }
        err.flush();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (serving.app().notReadyReason().isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("serving not ready: " + serving.app().notReadyReason().get());
            }
            Thread.sleep(50);
        }
    }

    private static Model demoModel(List<Example> train) {
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(64).embed(32).unknownBuckets(64)
                .features(EnumSet.allOf(TokenFeature.class), 4096)
                .tagClasses(VocabularyBuilder.tagClasses(train))
                .labelClasses(VocabularyBuilder.labelClasses(train))
                .nextHead(true).build();
        return Model.create(config, VocabularyBuilder.tokens(train, 1, 10000), new SplittableRandom(1));
    }

    /** Streams fresh sequences through the topology and prints what comes back. */
    Summary stream(int sequences, int show) throws Exception {
        HmmTask task = new HmmTask();
        List<Example> examples = task.generate(sequences, 99);
        Map<String, Example> byKey = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            byKey.put(String.format(Locale.ROOT, "sentence-%04d", i), examples.get(i));
        }
        int optimalTags = 0;
        int optimalLabels = 0;
        int tokens = 0;
        for (Example e : examples) {
            String[] best = task.optimalTags(e.tokens());
            for (int i = 0; i < best.length; i++) {
                optimalTags += best[i].equals(e.tags()[i]) ? 1 : 0;
            }
            optimalLabels += task.optimalLabel(e.tokens()).equals(e.label()) ? 1 : 0;
            tokens += e.length();
        }
        out.printf("%nStreaming %d sentences, token by token, 16 at a time (key = sentence id):%n%n", sequences);
        out.flush();
        long start = System.nanoTime();
        String tokensTopic = config.get(ConfigKeys.TOPICS_TOKENS);
        requestGeneration(tokensTopic);
        ReplayProducer replay = new ReplayProducer(config.kafkaProperties(), tokensTopic,
                new ArrayList<>(byKey.keySet()), examples, OPEN_SEQUENCES, 0, 5);
        Thread producer = new Thread(replay, "demo-producer");
        producer.setDaemon(true);
        producer.start();

        Map<String, String[]> tags = new HashMap<>();
        Map<String, Integer> tagCounts = new HashMap<>();
        Map<String, JsonNode> labelOf = new HashMap<>();
        int tagsReceived = 0;
        int tagsCorrect = 0;
        int labelsCorrect = 0;
        int labels = 0;
        int generated = 0;
        int shown = 0;
        long lastProgress = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(config.get(ConfigKeys.TOPICS_TAGS), config.get(ConfigKeys.TOPICS_LABELS),
                    config.get(ConfigKeys.TOPICS_GENERATED)));
            while ((labels < sequences || tagsReceived < tokens || generated < 1) && System.nanoTime() < deadline
                    && replay.failure() == null) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode v = JSON.readTree(r.value());
                    Example truth = byKey.get(r.key());
                    if (r.topic().equals(config.get(ConfigKeys.TOPICS_GENERATED))) {
                        generated++;
                        List<String> words = new ArrayList<>();
                        v.get("tokens").forEach(t -> words.add(t.asText()));
                        out.printf("%n  generated from \"the\" (sampled, temperature 0.7): %s%n%n", String.join(" ", words));
                    } else if (truth == null) {
                        continue;
                    } else if (r.topic().equals(config.get(ConfigKeys.TOPICS_TAGS))) {
                        int i = v.get("i").asInt();
                        tags.computeIfAbsent(r.key(), k -> new String[truth.length()])[i] = v.get("tag").asText();
                        tagCounts.merge(r.key(), 1, Integer::sum);
                        tagsReceived++;
                        tagsCorrect += v.get("tag").asText().equals(truth.tags()[i]) ? 1 : 0;
                    } else {
                        labels++;
                        labelsCorrect += v.get("label").asText().equals(truth.label()) ? 1 : 0;
                        labelOf.put(r.key(), v);
                    }
                    // Tags and labels arrive on different topics in any order: show a sentence once it is complete.
                    if (truth != null && labelOf.containsKey(r.key())
                            && tagCounts.getOrDefault(r.key(), 0) == truth.length()) {
                        if (shown < show) {
                            shown++;
                            printSequence(r.key(), truth, tags.get(r.key()), labelOf.get(r.key()));
                        }
                        tags.remove(r.key());
                        labelOf.remove(r.key());
                    }
                }
                if (shown >= show && System.nanoTime() - lastProgress > 1_000_000_000L) {
                    lastProgress = System.nanoTime();
                    out.printf(Locale.ROOT, "  ... %d/%d sentences labelled, tag accuracy so far %.3f%n", labels,
                            sequences, (double) tagsCorrect / Math.max(1, tagsReceived));
                }
                out.flush();
            }
        }
        if (replay.failure() != null) {
            throw new IllegalStateException("the demo's token producer failed: " + replay.failure(), replay.failure());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Summary s = new Summary(sequences, tokens, tagsCorrect, tagsReceived, labelsCorrect, labels, generated, seconds,
                (double) optimalTags / tokens, (double) optimalLabels / sequences);
        out.printf(Locale.ROOT, "%nSummary: %d sentences, %,d tokens in %.1f s (%,.0f tokens/s end to end, "
                        + "exactly-once).%n  tag accuracy %.3f (the best possible, from the true HMM: %.3f)%n"
                        + "  label accuracy %.3f (best possible: %.3f)%n",
                s.labels(), s.tokens(), seconds, s.tokens() / seconds, s.tagAccuracy(), s.optimalTagAccuracy(),
                s.labelAccuracy(), s.optimalLabelAccuracy());
        out.flush();
        return s;
    }

    private void printSequence(String key, Example truth, String[] tags, JsonNode label) {
        boolean right = label.get("label").asText().equals(truth.label());
        StringBuilder sb = new StringBuilder("  ").append(key).append("  ");
        for (int i = 0; i < truth.length(); i++) {
            String tag = tags == null || tags[i] == null ? "?" : tags[i];
            sb.append(truth.tokens()[i]).append('/').append(tag);
            if (!tag.equals(truth.tags()[i])) {
                sb.append("(").append(truth.tags()[i]).append(")");
            }
            sb.append(' ');
        }
        sb.append(String.format(Locale.ROOT, " => %s %.2f%s", label.get("label").asText(), label.get("p").floatValue(),
                right ? "" : " (truth: " + truth.label() + ")"));
        out.println(sb);
    }

    /** Asks for one sampled continuation of "the", shown among the streamed sentences. */
    private void requestGeneration(String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafkaProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "generate-demo",
                    "{\"generate\":12,\"token\":\"the\",\"temperature\":0.7,\"top_k\":8,\"seed\":7}"
                            .getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The configuration serving runs with (topics, model name, the demo's broker). */
    RnnStreamsConfig config() {
        return config;
    }

    ServingProcess serving() {
        return serving;
    }

    @Override
    public void close() {
        if (serving != null) {
            serving.close();
        }
        if (broker != null) {
            broker.close();
        }
        try {
            DirectoryTree.delete(workDir);
        } catch (UncheckedIOException e) {
            err.println("could not delete " + workDir + ": " + e.getMessage());
        }
    }
}
