package io.rnnstreams.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON values of the output topics (DESIGN.md), written with Jackson's streaming generator into
 * a reused buffer. One instance per processor.
 */
final class OutputMessages {
    private static final JsonFactory JSON = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    /** {"i":3,"token":"world","tag":"NOUN","p":0.97,"model":12,"id":..} (token omitted for vectors). */
    byte[] tag(int position, String token, String tag, float p, long model, String id, boolean idNumeric) {
        try (JsonGenerator g = start()) {
            g.writeNumberField("i", position);
            if (token != null) {
                g.writeStringField("token", token);
            }
            g.writeStringField("tag", tag);
            g.writeNumberField("p", p);
            g.writeNumberField("model", model);
            writeId(g, id, idNumeric);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** {"label":"spam","p":0.99,"tokens":42,"reason":"end","model":12,"id":..}. */
    byte[] label(String label, float p, int tokens, String reason, long model, String id, boolean idNumeric) {
        try (JsonGenerator g = start()) {
            g.writeStringField("label", label);
            g.writeNumberField("p", p);
            g.writeNumberField("tokens", tokens);
            g.writeStringField("reason", reason);
            g.writeNumberField("model", model);
            writeId(g, id, idNumeric);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** {"tokens":["the","cat"],"p":[0.4,0.2],"model":12,"id":..}. */
    byte[] generated(List<String> tokens, float[] p, long model, String id, boolean idNumeric) {
        try (JsonGenerator g = start()) {
            g.writeArrayFieldStart("tokens");
            for (String t : tokens) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("p");
            for (float v : p) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeNumberField("model", model);
            writeId(g, id, idNumeric);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private JsonGenerator start() throws IOException {
        buffer.reset();
        JsonGenerator g = JSON.createGenerator(buffer);
        g.writeStartObject();
        return g;
    }

    private static void writeId(JsonGenerator g, String id, boolean numeric) throws IOException {
        if (id == null) {
            return;
        }
        g.writeFieldName("id");
        if (numeric) {
            g.writeNumber(id);
        } else {
            g.writeString(id);
        }
    }
}
