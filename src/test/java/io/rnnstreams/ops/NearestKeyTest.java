package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearestKeyTest {
    private static final List<String> KEYS =
            List.of("topics.tokens", "topics.tags", "train.epochs", "http.port", "model.cell");

    @Test
    void countsSwapsOfNeighboursAsOneEdit() {
        assertEquals(1, NearestKey.distance("trian.epochs", "train.epochs"));
        assertEquals(1, NearestKey.distance("topics.token", "topics.tokens"));
        assertEquals(3, NearestKey.distance("kitten", "sitting"));
        assertEquals(0, NearestKey.distance("HTTP.PORT", "http.port"));
    }

    @Test
    void suggestsOnlyCloseKeys() {
        assertEquals(Optional.of("train.epochs"), NearestKey.of("trian.epochs", KEYS));
        assertEquals(Optional.of("topics.tokens"), NearestKey.of("topic.tokens", KEYS));
        assertEquals(Optional.of("http.port"), NearestKey.of("http.prot", KEYS));
        assertEquals(Optional.empty(), NearestKey.of("completely.different", KEYS));
        assertEquals(Optional.empty(), NearestKey.of("cell", KEYS));
    }
}
