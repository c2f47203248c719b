package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelFileTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void roundTripIsBitExact(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(cell, 2), 21);
        m.putMetadata("version", "7");
        m.putMetadata("note", "ünïcode \"quoted\"");
        byte[] bytes = ModelFile.write(m);
        Model back = ModelFile.read(bytes);
        assertEquals(m.config(), back.config());
        assertEquals(m.vocabulary().tokens(), back.vocabulary().tokens());
        assertEquals(m.metadata(), back.metadata());
        for (Param p : m.params()) {
            double[] a = p.values();
            double[] b = back.param(p.name()).values();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits((float) a[i]), Float.floatToRawIntBits((float) b[i]), p.name());
            }
        }
        assertArrayEquals(bytes, ModelFile.write(back), "re-writing a read model gives the same bytes");
        assertEquals(0, (bytes.length - 8) % 4, "data is 4-byte aligned");
        assertEquals(7, new InferenceModel(back).version());
    }

    @Test
    void vectorModelRoundTrip() {
        Model m = TinyBatches.randomModel(TinyBatches.vectorConfig(CellType.LSTM, 1), 22);
        Model back = ModelFile.read(ModelFile.write(m));
        assertEquals(m.config(), back.config());
        assertEquals(null, back.vocabulary());
    }

    @Test
    void fileRoundTripAndMissingFile(@TempDir Path dir) throws Exception {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 23);
        Path file = dir.resolve("m.safetensors");
        ModelFile.write(m, file);
        assertEquals(m.config(), ModelFile.read(file).config());
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> ModelFile.read(dir.resolve("nope.safetensors")));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] good = ModelFile.write(TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 24));
        for (int cut = 0; cut < good.length; cut += Math.max(1, good.length / 97)) {
            byte[] bad = java.util.Arrays.copyOf(good, cut);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(bad), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a safetensors file"),
                    "cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void corruptFilesNameTheProblem() {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 25);
        assertMessage(new byte[] {1, 2, 3}, "shorter than the 8-byte header length");
        assertMessage("PK\u0003\u0004 this is a zip, not a model".getBytes(StandardCharsets.ISO_8859_1), "header length");
        assertMessage(file("not json at all", new byte[0]), "not valid JSON");
        assertMessage(file("[1,2]", new byte[0]), "not a JSON object");
        assertMessage(file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}", new byte[2]), "only F32 and F16");
        assertMessage(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "needs 6 bytes of F16");
        assertMessage(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "needs 12 bytes");
        assertMessage(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "overlap");
        assertMessage(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]), "bytes after the last tensor");
        assertMessage(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "Duplicate");
        assertMessage(file("{\"__metadata__\":{\"format\":\"something-else\"}}", new byte[0]), "not an rnn-streams model");

        SafeTensors.Contents good = SafeTensors.read(ModelFile.write(m));
        assertMessage(rewrite(good, "hidden", "five", null), "metadata hidden is not an integer");
        assertMessage(rewrite(good, "cell", "transformer", null), "unknown cell 'transformer'");
        assertMessage(rewrite(good, "layers", "0", null), "layers must be 1..16");
        assertMessage(rewrite(good, "vocabulary", "[\"a\"]", null), "invalid vocabulary");
        assertMessage(rewrite(good, null, null, t -> t.name().equals("tag.bias") ? null : t), "missing tensor tag.bias");
        assertMessage(rewrite(good, null, null, t -> t.name().equals("tag.bias")
                ? new SafeTensors.Tensor("tag.bias", new int[] {4}, new float[4]) : t), "tensor tag.bias has shape [4]");
        assertMessage(rewrite(good, null, null, t -> t.name().equals("tag.bias")
                ? new SafeTensors.Tensor("extra.bias", t.shape(), t.data()) : t), "unexpected tensor extra.bias");
        assertMessage(rewrite(good, null, null, t -> {
            if (t.name().equals("trunk.weight_hh_l0")) {
                float[] d = t.data().clone();
                d[5] = Float.NaN;
                return new SafeTensors.Tensor(t.name(), t.shape(), d);
            }
            return t;
        }), "non-finite value (NaN) at index 5");
    }

    @Test
    void ensembleRoundTripKeepsEveryMemberAndItsOwnMetadata() {
        Model a = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 31);
        Model b = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 32);
        a.putMetadata("trained", "seed 31");
        Ensemble e = Ensemble.averaging(List.of(a, b)).withMetadata("version", "9");
        byte[] bytes = ModelFile.write(e);
        SafeTensors.Contents raw = SafeTensors.read(bytes);
        assertEquals(ModelFile.ENSEMBLE_FORMAT, raw.metadata().get("format"));
        assertTrue(raw.tensors().stream().anyMatch(t -> t.name().equals("members.1.trunk.weight_hh_l0")),
                "PyTorch ModuleList names");
        Ensemble back = ModelFile.readEnsemble(bytes);
        assertEquals(e.metadata(), back.metadata());
        assertEquals(2, back.members().size());
        for (int k = 0; k < 2; k++) {
            Model want = e.members().get(k);
            Model got = back.members().get(k);
            assertEquals(want.config(), got.config());
            assertEquals(want.metadata(), got.metadata());
            for (Param p : want.params()) {
                assertArrayEquals(MatVec.toFloat(p.values(), p.size()), MatVec.toFloat(got.param(p.name()).values(), p.size()));
            }
        }
        assertArrayEquals(bytes, ModelFile.write(back));
        assertEquals(9, new InferenceModel(back).version());
        ModelFormatException single = assertThrows(ModelFormatException.class, () -> ModelFile.read(bytes));
        assertTrue(single.getMessage().contains("an ensemble of 2 models, where a single model is needed"),
                single.getMessage());
    }

    @Test
    void float16WeightsHalveTheFileAndRoundEachValueToNearest() {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.LSTM, 2), 35);
        byte[] full = ModelFile.write(m);
        m.putMetadata(ModelFile.WEIGHTS, ModelFile.FLOAT16);
        byte[] half = ModelFile.write(m);
        long dataFull = full.length - 8 - java.nio.ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long dataHalf = half.length - 8 - java.nio.ByteBuffer.wrap(half).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(dataFull, 2 * dataHalf, "two bytes per value instead of four");
        Model back = ModelFile.read(half);
        assertEquals(ModelFile.FLOAT16, back.metadata().get(ModelFile.WEIGHTS));
        for (Param p : m.params()) {
            for (int i = 0; i < p.size(); i++) {
                float want = Float16.toFloat(Float16.fromFloat((float) p.values()[i]));
                assertEquals(want, (float) back.param(p.name()).values()[i], 0f, p.name() + "[" + i + "]");
            }
        }
        assertArrayEquals(half, ModelFile.write(back), "re-written as float16 because its metadata says so");

        m.param("tag.bias").values()[0] = 1e6;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.write(m));
        assertTrue(e.getMessage().contains("tensor tag.bias holds 1000000.0 at index 0, out of float16's range"),
                e.getMessage());
        m.putMetadata(ModelFile.WEIGHTS, "int8");
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.write(m));
        assertTrue(e.getMessage().contains("weights must be float32 or float16, got 'int8'"), e.getMessage());
    }

    @Test
    void corruptEnsemblesNameTheProblem() {
        Model a = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 33);
        Model b = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 34);
        SafeTensors.Contents good = SafeTensors.read(ModelFile.write(Ensemble.averaging(List.of(a, b))));
        assertEnsembleMessage(rewrite(good, "members", "3", null), "member 2: not an rnn-streams model");
        assertEnsembleMessage(rewrite(good, "members", "17", null), "metadata members must be 1..16");
        assertEnsembleMessage(rewrite(good, "members", "1", null), "unexpected tensor members.1.");
        assertEnsembleMessage(rewrite(good, "members.1.hidden", "5", null), "member 1: tensor ");
        assertEnsembleMessage(rewrite(good, null, null, t -> t.name().equals("members.0.tag.bias") ? null : t),
                "member 0: missing tensor tag.bias");
        assertEnsembleMessage(rewrite(good, "members.1.delay", "1", null),
                "invalid ensemble: member 1 has delay 1, not the delay 0 of member 0's");
    }

    private static void assertEnsembleMessage(byte[] bytes, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.readEnsemble(bytes));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    private static byte[] rewrite(SafeTensors.Contents c, String key, String value,
            java.util.function.UnaryOperator<SafeTensors.Tensor> tensorEdit) {
        Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
        if (key != null) {
            meta.put(key, value);
        }
        List<SafeTensors.Tensor> tensors = c.tensors().stream()
                .map(t -> tensorEdit == null ? t : tensorEdit.apply(t))
                .filter(java.util.Objects::nonNull).toList();
        return SafeTensors.write(meta, tensors);
    }

    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    private static void assertMessage(byte[] bytes, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(bytes));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }
}
