package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticTaskTest {
    private static final ExampleJson JSON = new ExampleJson();

    /**
     * SHA-256 of the JSON lines of generate(20, 42): pins the data sets across runs, JVMs and JDK
     * versions. A change here changes every published figure; update docs/synthetic-tasks.md too.
     */
    private static final Map<String, String> FINGERPRINTS = Map.of(
            "hmm", "07af5e145e027803126ccc6188d846495e4fc4a960d19ee09f862035fd2b1299",
            "long-dependency", "8b0dcd5b3edaca6b7ec9d3c761e982866cbbe81a91f3c2db33c451bb4898830d",
            "sensor", "a8fc0f323a7cff6df88a83800a197b3800807fcfedd10a7f4160b9485ced3185");

    @ParameterizedTest
    @ValueSource(strings = {"hmm", "long-dependency", "sensor"})
    void sameSeedSameDataDifferentSeedDifferentData(String name) {
        SyntheticTask task = SyntheticTask.named(name);
        assertEquals(name, task.name());
        assertEquals(task.generate(50, 9), SyntheticTask.named(name).generate(50, 9));
        assertNotEquals(task.generate(50, 9), task.generate(50, 10));
        assertEquals(task.generate(30, 9), task.generate(50, 9).subList(0, 30), "prefix property");
        assertEquals(List.of(), task.generate(0, 9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmm", "long-dependency", "sensor"})
    void fingerprintIsPinned(String name) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Example e : SyntheticTask.named(name).generate(20, 42)) {
            sha.update(JSON.toJson(e));
            sha.update((byte) '\n');
        }
        assertEquals(FINGERPRINTS.get(name), HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void lookupByName() {
        assertEquals(List.of("hmm", "long-dependency", "sensor"), SyntheticTask.names());
        assertEquals("unknown synthetic task 'xor' (expected one of: hmm, long-dependency, sensor)",
                assertThrows(IllegalArgumentException.class, () -> SyntheticTask.named("xor")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyntheticTask.named("hmm").withLength(40));
        assertThrows(IllegalArgumentException.class, () -> SyntheticTask.named("sensor").withLength(40));
    }

    @Test
    void generatedDataReadsBackEqualFromEveryFormatThatHoldsIt(@TempDir Path dir) throws IOException {
        List<Example> hmm = SyntheticTask.named("hmm").generate(40, 3);
        List<Example> longDependency = SyntheticTask.named("long-dependency").generate(40, 3);
        List<Example> sensor = SyntheticTask.named("sensor").generate(40, 3);
        roundTrip(ExampleFormat.JSONL, hmm, dir);
        roundTrip(ExampleFormat.JSONL, longDependency, dir);
        roundTrip(ExampleFormat.JSONL, sensor, dir);
        roundTrip(ExampleFormat.CONLLU, hmm, dir);
        roundTrip(ExampleFormat.CONLLU, longDependency, dir);
        roundTrip(ExampleFormat.TSV, longDependency, dir);
        roundTrip(ExampleFormat.TSV_TEXT_LABEL, longDependency, dir);
        List<Example> hmmLabelsOnly = hmm.stream().map(e -> Example.tokens(e.tokens(), null, e.label())).toList();
        roundTrip(ExampleFormat.TSV, hmmLabelsOnly, dir);
        List<Example> hmmTagsOnly = hmm.stream().map(e -> Example.tokens(e.tokens(), e.tags(), null)).toList();
        roundTrip(ExampleFormat.CONLL, hmmTagsOnly, dir);
    }

    private static void roundTrip(ExampleFormat format, List<Example> examples, Path dir) throws IOException {
        Path file = dir.resolve("data." + format.cliName());
        format.write(examples, file);
        List<Example> back = format.read(file);
        assertEquals(examples.size(), back.size());
        for (int i = 0; i < examples.size(); i++) {
            assertEquals(examples.get(i), back.get(i), format + " example " + i);
        }
        assertArrayEquals(examples.toArray(), back.toArray());
    }
}
