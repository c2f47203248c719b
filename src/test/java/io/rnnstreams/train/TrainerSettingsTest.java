package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.ops.ConfigException;
import io.rnnstreams.ops.RnnStreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainerSettingsTest {
    private static TrainerSettings load(Map<String, String> set) {
        return TrainerSettings.from(RnnStreamsConfig.load(Optional.empty(), Map.of(), set));
    }

    @Test
    void theDocumentedDefaults() {
        TrainerSettings s = load(Map.of());
        assertEquals("training-examples", s.trainingTopic());
        assertEquals("training-examples-dlq", s.dlqTopic());
        assertEquals("rnn-streams-trainer-default", s.groupId());
        assertEquals(s.groupId(), s.transactionalId(), "stable per model name");
        assertEquals(1000, s.windowExamples());
        assertEquals(Duration.ofSeconds(60), s.windowTime());
        assertEquals(new TrainingSettings(3, 32, 0.002, "adam", 0, 0, 5.0, 0.0, "constant", 1, 0, 0), s.training());
        assertEquals(10, s.holdoutPercent());
        assertEquals(0.01, s.regressionTolerance());
        assertNull(s.initModel());
        assertEquals(new ModelShape(List.of(Task.TAG), CellType.GRU, 128, 1, 64), s.shape());
    }

    @Test
    void keysReachTheSettings() {
        TrainerSettings s = load(Map.of("model.name", "pos", "train.tbptt", "20,40", "model.task", "label,tag",
                "model.cell", "lstm", "train.init.model", "/models/start.safetensors"));
        assertEquals("rnn-streams-trainer-pos", s.transactionalId());
        assertEquals(20, s.training().k1());
        assertEquals(40, s.training().k2());
        assertEquals(List.of(Task.LABEL, Task.TAG), s.shape().heads());
        assertEquals(CellType.LSTM, s.shape().cell());
        assertEquals(Path.of("/models/start.safetensors"), s.initModel());
    }

    @Test
    void anImpossibleTruncationIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("train.tbptt", "40,20")));
        assertTrue(e.getMessage().startsWith("train.tbptt=40,20 (--set): "), e.getMessage());
    }
}
