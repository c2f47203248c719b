package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OutputMessages out = new OutputMessages();
    private final InferenceModel model = model();

    private static InferenceModel model() {
        Model m = TestModels.tokenModel(CellType.GRU, 4, 0, 1, 1);
        m.putMetadata(ModelFile.VERSION, "12");
        return new InferenceModel(m);
    }

    @Test
    void tagHasTheDocumentedFieldsInOrder() throws Exception {
        String json = new String(out.tag(model, 3, "world", 1, 0.97f, "7", true), StandardCharsets.UTF_8);
        assertEquals("{\"i\":3,\"token\":\"world\",\"tag\":\"NOUN\",\"p\":0.97,\"model\":12,\"id\":7}", json);
        JsonNode withStringId = JSON.readTree(out.tag(model, 0, null, 0, 0.5f, "a\"b", false));
        assertEquals("a\"b", withStringId.get("id").asText());
        assertTrue(withStringId.get("token") == null, "vector input has no token field");
    }

    @Test
    void labelAndGeneratedHaveTheDocumentedFields() throws Exception {
        assertEquals("{\"label\":\"spam\",\"p\":0.99,\"tokens\":42,\"reason\":\"end\",\"model\":12}",
                new String(out.label(model, 1, 0.99f, 42, "end", null, false), StandardCharsets.UTF_8));
        JsonNode g = JSON.readTree(out.generated(List.of("the", "cat"), new float[] {0.4f, 1.5e-7f}, 12, "x", false));
        assertEquals("the", g.get("tokens").get(0).asText());
        assertEquals(1.5e-7f, g.get("p").get(1).floatValue());
        assertEquals("x", g.get("id").asText());
    }

    @Test
    void tokensAreEscapedAndUtf8() throws Exception {
        String[] tokens = {"\"quoted\"", "back\\slash", "tab\tnew\nline\u0001", "naïve", "日本", "\uD83D\uDE00",
            "lone\uD800surrogate", "/slash"};
        for (String t : tokens) {
            JsonNode n = JSON.readTree(out.tag(model, 0, t, 0, 0.5f, null, false));
            assertEquals(t, n.get("token").asText(), t);
        }
    }

    @Test
    void floatsReadBackAsTheSameFloat() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        JsonBytes json = new JsonBytes();
        for (int i = 0; i < 50_000; i++) {
            float f = switch (i % 4) {
                case 0 -> (float) r.nextDouble();
                case 1 -> Float.intBitsToFloat(r.nextInt());
                case 2 -> (float) (r.nextDouble() * 1e7) * (r.nextBoolean() ? 1 : -1);
                default -> (float) Math.pow(10, r.nextInt(-3, 7)) * (1 + r.nextInt(1000) / 1000f);
            };
            if (!Float.isFinite(f)) {
                continue;
            }
            json.reset();
            json.number(f);
            String text = new String(json.toByteArray(), StandardCharsets.US_ASCII);
            assertEquals(f, Float.parseFloat(text), text);
            assertEquals(f, JSON.readTree(text).floatValue(), text);
        }
    }

    @Test
    void plainFloatsAreShortAndLookLikeJavas() {
        JsonBytes json = new JsonBytes();
        float[] values = {0f, 1f, 0.5f, 0.97f, 100f, 0.001f, 0.1f + 0.2f, 1234567f, 0.33333334f};
        String[] expected = {"0.0", "1.0", "0.5", "0.97", "100.0", "0.001", "0.3", "1234567.0", "0.33333334"};
        for (int i = 0; i < values.length; i++) {
            json.reset();
            json.number(values[i]);
            assertEquals(expected[i], new String(json.toByteArray(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aTagAllocatesOnlyItsValue() {
        int n = 100_000;
        byte[] first = out.tag(model, 123, "cat", 2, 0.2671234f, null, false);
        for (int i = 0; i < n; i++) {
            out.tag(model, 123, "cat", i & 3, 0.2671234f, null, false);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            out.tag(model, 123, "cat", 2, 0.2671234f, null, false);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long perValue = (16 + first.length + 7) / 8 * 8;
        assertTrue(allocated <= n * perValue + 1024,
                "tags allocated " + allocated + " bytes, " + perValue + " per value expected");
    }
}
