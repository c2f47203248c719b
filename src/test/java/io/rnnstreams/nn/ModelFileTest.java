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
        assertMessage(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", new byte[2]), "only F32");
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
