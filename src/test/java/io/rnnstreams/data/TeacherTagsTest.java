package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.Vocabulary;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TeacherTagsTest {
    private static final List<String> STUDENT = List.of("D", "N", "V");
    private static final Example SENTENCE = Example.tokens(new String[] {"the", "cat", "sat", "down"},
            new String[] {"D", "N", "V", "X"}, null);
    private static final Example UNTAGGED = Example.tokens(new String[] {"the", "cat"}, null, null);

    private static InferenceModel teacher(List<String> classes, int delay, long seed) {
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(6).embed(4).unknownBuckets(4)
                .features(Set.of(), 0).tagClasses(classes).delay(delay).build();
        return new InferenceModel(Model.create(config, Vocabulary.of(List.of("the", "cat", "sat")),
                new SplittableRandom(seed)));
    }

    @Test
    void meanOfTheTeachersServedDistributionsInTheStudentsClassOrder() {
        InferenceModel sameOrder = teacher(STUDENT, 0, 1);
        InferenceModel reversedWithLookAhead = teacher(List.of("V", "N", "D"), 2, 2);
        TeacherTags tags = TeacherTags.predict(List.of(sameOrder, reversedWithLookAhead), List.of(SENTENCE, UNTAGGED),
                STUDENT, 0.5);

        float[][] a = new Predictor(sameOrder).tokens(SENTENCE.tokens(), false).tagProbabilities();
        float[][] b = new Predictor(reversedWithLookAhead).tokens(SENTENCE.tokens(), false).tagProbabilities();
        float[][] mean = tags.distributions().get(SENTENCE);
        assertEquals(4, mean.length, "one distribution per token, the look-ahead teacher's flushed ones included");
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(new float[] {(a[t][0] + b[t][2]) / 2, (a[t][1] + b[t][1]) / 2, (a[t][2] + b[t][0]) / 2},
                    mean[t], 1e-6f, "token " + t);
            float sum = mean[t][0] + mean[t][1] + mean[t][2];
            assertEquals(1f, sum, 1e-5f);
        }
        assertNull(tags.distributions().get(UNTAGGED), "examples without tags need no soft targets");
        assertEquals(0.5, tags.weight());
    }

    @Test
    void rejectsTeachersThatCannotTeachTheseTags() {
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> TeacherTags.predict(List.of(teacher(List.of("D", "N"), 0, 1)), List.of(SENTENCE), STUDENT, 0.5));
        assertTrue(classes.getMessage().contains("differ from the student's"), classes.getMessage());
        for (double weight : new double[] {0, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class,
                    () -> TeacherTags.predict(List.of(teacher(STUDENT, 0, 1)), List.of(SENTENCE), STUDENT, weight));
        }
        Example vectors = Example.vectors(new float[][] {{1, 2}}, new String[] {"D"}, null);
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
                () -> TeacherTags.predict(List.of(teacher(STUDENT, 0, 1)), List.of(vectors), STUDENT, 0.5));
        assertTrue(input.getMessage().contains("reads tokens"), input.getMessage());
    }
}
