package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting predictions: accuracy, confusion, conlleval-style entity spans, missing answers, unknown gold. */
class ClassificationCountsTest {

    @Test
    void entitySpansMatchExactlyAsConllevalCounts() {
        ClassificationCounts c = new ClassificationCounts(Task.TAG, List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC"));
        // gold: [Ada Lovelace]PER in [London]LOC; predicted: [Ada]PER in [London]PER: no span matches
        c.addTags(new String[] {"B-PER", "I-PER", "O", "B-LOC"}, new String[] {"B-PER", "O", "O", "B-PER"});
        // an I- tag opening a span counts as its start (lenient, as conlleval): predicted [x y]LOC matches gold
        c.addTags(new String[] {"B-LOC", "I-LOC"}, new String[] {"I-LOC", "I-LOC"});
        EvaluationReport r = c.report();
        assertEquals(2, r.examples());
        assertEquals(6, r.scored());
        assertEquals(3, r.correct());
        assertEquals(3, r.entities().gold());
        assertEquals(3, r.entities().predicted());
        assertEquals(1, r.entities().matched());
        assertEquals(1.0 / 3, r.entities().f1(), 1e-12);
        assertEquals(r.entities().f1(), r.selectionScore(), 0.0, "BIO models are ranked by entity F1");
    }

    @Test
    void missingPredictionsAreErrorsAndReadAsOutsideForSpans() {
        ClassificationCounts c = new ClassificationCounts(Task.TAG, List.of("B-ORG", "I-ORG", "O"));
        c.addTags(new String[] {"B-ORG", "I-ORG", "O"}, new String[] {"B-ORG", null, "O"});
        EvaluationReport r = c.report();
        assertEquals(3, r.scored());
        assertEquals(2, r.correct());
        assertEquals(1, r.unanswered());
        assertEquals(1, r.entities().predicted());
        assertEquals(0, r.entities().matched());
        assertEquals(1, r.toJson(new com.fasterxml.jackson.databind.ObjectMapper()).get("unanswered").asInt());
    }

    @Test
    void labelsFillTheConfusionMatrixAndUnknownGoldCountsAsAnError() {
        ClassificationCounts c = new ClassificationCounts(Task.LABEL, List.of("ham", "spam"));
        c.addLabel(5, "ham", "ham");
        c.addLabel(3, "spam", "ham");
        c.addLabel(4, "spam", "spam");
        c.addLabel(2, "eggs", "spam");
        EvaluationReport r = c.report();
        assertEquals(4, r.examples());
        assertEquals(14, r.tokens());
        assertEquals(4, r.scored());
        assertEquals(2, r.correct());
        assertEquals(1, r.unknownGold());
        assertArrayEquals(new long[] {1, 0}, r.confusion()[0]);
        assertArrayEquals(new long[] {1, 1}, r.confusion()[1]);
        assertEquals(2.0 / 3, r.f1("spam"), 1e-12);
        assertNull(r.entities());
        assertEquals(0.5, r.selectionScore(), 0.0, "others by accuracy");
    }

    @Test
    void aPredictionOutsideTheClassesIsRefused() {
        ClassificationCounts c = new ClassificationCounts(Task.LABEL, List.of("ham", "spam"));
        assertThrows(IllegalArgumentException.class, () -> c.addLabel(1, "ham", "eggs"));
        assertThrows(IllegalStateException.class, () -> c.addTags(new String[] {"ham"}, new String[] {"ham"}));
        assertThrows(IllegalArgumentException.class, () -> new ClassificationCounts(Task.NEXT, List.of()));
    }
}
