package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.ModelConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleAdmissionTest {
    private static final String[] TWO = {"the", "dog"};

    private static ExampleAdmission tokens(boolean tag, boolean label, boolean next) {
        return new ExampleAdmission(ModelConfig.builder().cell(CellType.GRU)
                .tagClasses(tag ? List.of("DET", "NOUN") : List.of())
                .labelClasses(label ? List.of("a", "b") : List.of()).nextHead(next).build());
    }

    @Test
    void anExampleNeedsATargetOneOfTheHeadsLearnsFrom() {
        ExampleAdmission tagOnly = tokens(true, false, false);
        assertNull(tagOnly.rejection(Example.tokens(TWO, new String[] {"DET", "NOUN"}, null)));
        assertEquals(ExampleAdmission.NO_TARGET, tagOnly.rejection(Example.tokens(TWO, null, "a")),
                "a label example for a tag-only model");
        assertEquals(ExampleAdmission.NO_TARGET, tagOnly.rejection(Example.tokens(TWO, null, null)));
        ExampleAdmission both = tokens(true, true, false);
        assertNull(both.rejection(Example.tokens(TWO, null, "b")), "either target will do");
        assertNull(tokens(false, false, true).rejection(Example.tokens(TWO, null, null)),
                "a language model learns from tokens alone");
    }

    @Test
    void classesMustBeKnown() {
        ExampleAdmission both = tokens(true, true, false);
        assertEquals(ExampleAdmission.UNKNOWN_TAG, both.rejection(Example.tokens(TWO, new String[] {"DET", "X"}, "a")));
        assertEquals(ExampleAdmission.UNKNOWN_LABEL, both.rejection(Example.tokens(TWO, null, "c")));
        assertNull(tokens(false, true, false).rejection(Example.tokens(TWO, new String[] {"?", "?"}, "a")),
                "tags a model has no head for are ignored, not rejected");
    }

    @Test
    void inputKindAndWidthMustMatch() {
        ExampleAdmission vectors = new ExampleAdmission(ModelConfig.builder().cell(CellType.RNN).vectorInput(2)
                .labelClasses(List.of("ok", "bad")).build());
        assertNull(vectors.rejection(Example.vectors(new float[][] {{1, 2}}, null, "ok")));
        assertEquals(ExampleAdmission.WRONG_WIDTH, vectors.rejection(Example.vectors(new float[][] {{1, 2, 3}}, null, "ok")));
        assertEquals(ExampleAdmission.TOKENS_FOR_VECTOR_MODEL, vectors.rejection(Example.tokens(TWO, null, "ok")));
        assertEquals(ExampleAdmission.VECTORS_FOR_TOKEN_MODEL,
                tokens(false, true, false).rejection(Example.vectors(new float[][] {{1}}, null, "a")));
    }
}
