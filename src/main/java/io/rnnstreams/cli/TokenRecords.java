package io.rnnstreams.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rnnstreams.data.Example;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The tokens-topic values of an example's steps, as a producer writes them:
 * {@code {"token":"Hello"}} or {@code {"x":[0.1,2.0]}}, with {@code "end":true} on the last step.
 * Floats are written in their shortest exact form, so the stream reads back the same float32.
 */
final class TokenRecords {
    private static final JsonFactory JSON = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);

    byte[] value(Example e, int i, boolean end) {
        buffer.reset();
        try (JsonGenerator g = JSON.createGenerator(buffer)) {
            g.writeStartObject();
            if (e.hasTokens()) {
                g.writeStringField("token", e.tokens()[i]);
            } else {
                g.writeArrayFieldStart("x");
                for (float v : e.vectors()[i]) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
            }
            if (end) {
                g.writeBooleanField("end", true);
            }
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return buffer.toByteArray();
    }
}
