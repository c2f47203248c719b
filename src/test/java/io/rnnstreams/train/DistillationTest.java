package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.data.TeacherTags;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training on a teacher's soft tag targets: a student whose gold tags are all wrong learns the
 * tagging from the teacher alone, to within a few points of the teacher's own accuracy.
 */
class DistillationTest {
    private final List<Example> train = new HmmTask().generate(400, 1);
    private final List<Example> dev = new HmmTask().generate(150, 2);

    private Model newModel(long seed) {
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(16).embed(8).unknownBuckets(4)
                .features(Set.of(), 0).tagClasses(VocabularyBuilder.tagClasses(train)).build();
        return Model.create(config, VocabularyBuilder.tokens(train, 1, 1000), new SplittableRandom(seed));
    }

    private static TrainingSettings settings(int epochs) {
        return new TrainingSettings(epochs, 16, 0.01, "adam", 0, 0, 5, 0, "cosine", 1, 0, 0);
    }

    private double accuracy(Model m) {
        return Evaluation.evaluate(new InferenceModel(m), dev, Task.TAG).accuracy();
    }

    @Test
    void aStudentWithWrongGoldTagsLearnsTheTeachersTagging() {
        Model teacher = Fit.run(newModel(1), train, null, Task.TAG, settings(10), null).model();
        double teacherAccuracy = accuracy(teacher);

        String wrong = teacher.config().tagClasses().get(0);
        List<Example> mislabelled = train.stream().map(e -> {
            String[] tags = new String[e.length()];
            Arrays.fill(tags, wrong);
            return Example.tokens(e.tokens(), tags, null);
        }).toList();
        TeacherTags soft = TeacherTags.predict(List.of(new InferenceModel(teacher)), mislabelled,
                teacher.config().tagClasses(), 1.0);
        double student = accuracy(Fit.run(newModel(2), mislabelled, null, Task.TAG, settings(10), soft, null).model());
        double plain = accuracy(Fit.run(newModel(2), mislabelled, null, Task.TAG, settings(4), null).model());

        assertTrue(teacherAccuracy > 0.8, "the teacher learned the task: " + teacherAccuracy);
        assertTrue(student > teacherAccuracy - 0.05, "student " + student + ", teacher " + teacherAccuracy);
        assertTrue(plain < 0.5, "without the teacher the wrong gold tags are learned: " + plain);
    }
}
