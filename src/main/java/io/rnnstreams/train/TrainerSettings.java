package io.rnnstreams.train;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.ops.ConfigException;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.IntPair;
import io.rnnstreams.ops.RnnStreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the side trainer needs to know, independent of how it was configured.
 *
 * @param trainingTopic       examples to learn from
 * @param dlqTopic            rejected examples, unchanged, with the reason in a header
 * @param modelsTopic         compacted topic the trainer publishes to and resumes from
 * @param modelName           key of this trainer's models on the models topic
 * @param groupId             consumer group whose committed offsets mark what published models have seen
 * @param transactionalId     stable per model name, so a restarted trainer fences its predecessor
 * @param windowExamples      a window closes after this many parsed examples...
 * @param windowTime          ... or this long after its first record, whichever comes first
 * @param training            per-window passes, batches, BPTT, clipping, Adam
 * @param holdoutPercent      share of examples held out for validation, chosen by a hash of the record
 * @param regressionTolerance largest held-out accuracy drop that is still published
 * @param vocabularyMax       the vocabulary grows up to this size
 * @param maxModelBytes       largest model record produced
 * @param initModel           model file to start from when the models topic has none, or null
 * @param shape               a new model's shape when there is neither
 */
public record TrainerSettings(
        String trainingTopic,
        String dlqTopic,
        String modelsTopic,
        String modelName,
        String groupId,
        String transactionalId,
        int windowExamples,
        Duration windowTime,
        TrainingSettings training,
        int holdoutPercent,
        double regressionTolerance,
        int vocabularyMax,
        long maxModelBytes,
        Path initModel,
        ModelShape shape) {

    public TrainerSettings {
        if (windowExamples < 1) {
            throw new IllegalArgumentException("window examples must be >= 1");
        }
        if (holdoutPercent < 0 || holdoutPercent > 99) {
            throw new IllegalArgumentException("holdout percent must be 0..99");
        }
    }

    /** The settings of the {@code train} command from its configuration. */
    public static TrainerSettings from(RnnStreamsConfig c) {
        String name = c.get(ConfigKeys.MODEL_NAME);
        String clientId = c.get(ConfigKeys.APPLICATION_ID) + "-trainer-" + name;
        int[] tbptt = c.find(ConfigKeys.TRAIN_TBPTT).map(p -> new int[] {p.first(), p.second()})
                .orElse(new int[] {0, 0});
        TrainingSettings training;
        try {
            // Constant rate: a stream has no end for a decaying schedule to aim at.
            training = new TrainingSettings(c.get(ConfigKeys.TRAIN_EPOCHS), c.get(ConfigKeys.TRAIN_BATCH_SIZE),
                    c.get(ConfigKeys.TRAIN_LEARNING_RATE), "adam", tbptt[0], tbptt[1],
                    c.get(ConfigKeys.TRAIN_CLIP_NORM), 0.0, "constant", c.get(ConfigKeys.TRAIN_SEED), 0, 0);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("train.tbptt=" + c.find(ConfigKeys.TRAIN_TBPTT).map(IntPair::toString).orElse("")
                    + " (" + c.origin(ConfigKeys.TRAIN_TBPTT.name()) + "): " + e.getMessage());
        }
        List<Task> heads = c.get(ConfigKeys.MODEL_TASK).stream().map(Task::parse).toList();
        ModelShape shape = new ModelShape(heads, CellType.parse(c.get(ConfigKeys.MODEL_CELL)),
                c.get(ConfigKeys.MODEL_HIDDEN), c.get(ConfigKeys.MODEL_LAYERS), c.get(ConfigKeys.MODEL_EMBED));
        Path init = c.find(ConfigKeys.TRAIN_INIT_MODEL).map(Path::of).orElse(null);
        return new TrainerSettings(c.get(ConfigKeys.TOPICS_TRAINING), c.get(ConfigKeys.TOPICS_TRAINING_DLQ),
                c.get(ConfigKeys.TOPICS_MODELS), name, clientId, clientId,
                c.get(ConfigKeys.TRAIN_WINDOW_EXAMPLES), Duration.ofSeconds(c.get(ConfigKeys.TRAIN_WINDOW_SECONDS)),
                training, c.get(ConfigKeys.TRAIN_HOLDOUT_PERCENT), c.get(ConfigKeys.TRAIN_REGRESSION_TOLERANCE),
                c.get(ConfigKeys.TRAIN_VOCAB_MAX), c.get(ConfigKeys.MODELS_MAX_BYTES),
                init, shape);
    }

    public TrainerSettings withInitModel(Path path) {
        return new TrainerSettings(trainingTopic, dlqTopic, modelsTopic, modelName, groupId, transactionalId,
                windowExamples, windowTime, training, holdoutPercent, regressionTolerance, vocabularyMax,
                maxModelBytes, path, shape);
    }
}
