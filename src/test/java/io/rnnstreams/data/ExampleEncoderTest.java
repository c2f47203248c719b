package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.nn.Batch;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.TokenEncoder;
import io.rnnstreams.nn.TokenFeature;
import io.rnnstreams.nn.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExampleEncoderTest {
    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of("the", "cat", "sat"));
    private static final ModelConfig CONFIG = ModelConfig.builder().hidden(4).embed(3).unknownBuckets(16)
            .features(TokenFeature.parseSet("lower,suffix"), 1024).tagClasses(List.of("D", "N", "V")).delay(1).build();

    private static List<Example> examples() {
        List<Example> list = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            list.add(i % 2 == 0
                    ? Example.tokens(new String[] {"the", "cat", "sat"}, new String[] {"D", "N", "V"}, null)
                    : Example.tokens(new String[] {"the", "dog"}, new String[] {"D", "N"}, null));
        }
        return list;
    }

    @Test
    void wordDropoutReadsTheDrawnShareOfTokensAsUnknownAndKeepsEverythingElse() {
        ExampleEncoder encoder = new ExampleEncoder(CONFIG, VOCABULARY);
        TokenEncoder tokens = new TokenEncoder(CONFIG, VOCABULARY);
        List<Example> examples = examples();
        Batch plain = encoder.encode(examples);
        Batch dropped = encoder.encode(examples, 0.25, new SplittableRandom(7));

        assertArrayEquals(plain.featureIds(), dropped.featureIds());
        assertArrayEquals(plain.tagTargets(), dropped.tagTargets());
        assertArrayEquals(plain.mask(), dropped.mask());
        int known = 0;
        int droppedKnown = 0;
        for (int b = 0; b < examples.size(); b++) {
            String[] words = examples.get(b).tokens();
            for (int t = 0; t < plain.steps(); t++) {
                int i = t * plain.rows() + b;
                if (t >= words.length) {
                    assertEquals(plain.wordIds()[i], dropped.wordIds()[i], "flush and padding steps are not words");
                    continue;
                }
                int id = dropped.wordIds()[i];
                int unknown = tokens.unknownId(words[t]);
                if (VOCABULARY.id(words[t]) >= 0) {
                    known++;
                    assertTrue(id == VOCABULARY.id(words[t]) || id == unknown, words[t] + " read as " + id);
                    droppedKnown += id == unknown ? 1 : 0;
                } else {
                    assertEquals(unknown, id, "an unknown word stays in its bucket");
                }
            }
        }
        // 400 known tokens at p = 0.25: 100 expected, with a standard deviation under 9.
        assertTrue(droppedKnown > 65 && droppedKnown < 135, droppedKnown + " of " + known + " dropped");
    }

    @Test
    void noWordDropoutIsThePlainEncoding() {
        ExampleEncoder encoder = new ExampleEncoder(CONFIG, VOCABULARY);
        assertArrayEquals(encoder.encode(examples()).wordIds(),
                encoder.encode(examples(), 0, new SplittableRandom(7)).wordIds());
    }
}
