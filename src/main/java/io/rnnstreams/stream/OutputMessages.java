package io.rnnstreams.stream;

import io.rnnstreams.nn.InferenceModel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON values of the output topics (DESIGN.md), written straight into a reused buffer by
 * {@link JsonBytes}: per record, the one allocation is the value array handed to Kafka (which
 * keeps it until the send). Class names are encoded once per model. One instance per processor.
 */
final class OutputMessages {
    private static final byte[] I = ascii("{\"i\":");
    private static final byte[] TOKEN = ascii(",\"token\":");
    private static final byte[] TAG = ascii(",\"tag\":");
    private static final byte[] P = ascii(",\"p\":");
    private static final byte[] MODEL = ascii(",\"model\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] LABEL = ascii("{\"label\":");
    private static final byte[] TOKENS = ascii(",\"tokens\":");
    private static final byte[] REASON = ascii(",\"reason\":");
    private static final byte[] GENERATED_TOKENS = ascii("{\"tokens\":[");
    private static final byte[] GENERATED_P = ascii("],\"p\":[");

    private final JsonBytes json = new JsonBytes();
    private InferenceModel encodedFor;
    private byte[][] tagNames;
    private byte[][] labelNames;

    /** {"i":3,"token":"world","tag":"NOUN","p":0.97,"model":12,"id":..} (token omitted for vectors). */
    byte[] tag(InferenceModel model, int position, String token, int tagClass, float p, String id,
            boolean idNumeric) {
        encodeNames(model);
        json.reset();
        json.raw(I).number(position);
        if (token != null) {
            json.raw(TOKEN).string(token);
        }
        json.raw(TAG).raw(tagNames[tagClass]).raw(P).number(p).raw(MODEL).number(model.version());
        return finish(id, idNumeric);
    }

    /** {"label":"spam","p":0.99,"tokens":42,"reason":"end","model":12,"id":..}. */
    byte[] label(InferenceModel model, int labelClass, float p, int tokens, String reason, String id,
            boolean idNumeric) {
        encodeNames(model);
        json.reset();
        json.raw(LABEL).raw(labelNames[labelClass]).raw(P).number(p).raw(TOKENS).number(tokens)
                .raw(REASON).string(reason).raw(MODEL).number(model.version());
        return finish(id, idNumeric);
    }

    /** {"tokens":["the","cat"],"p":[0.4,0.2],"model":12,"id":..}. */
    byte[] generated(List<String> tokens, float[] p, long model, String id, boolean idNumeric) {
        json.reset();
        json.raw(GENERATED_TOKENS);
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                json.raw(',');
            }
            json.string(tokens.get(i));
        }
        json.raw(GENERATED_P);
        for (int i = 0; i < p.length; i++) {
            if (i > 0) {
                json.raw(',');
            }
            json.number(p[i]);
        }
        json.raw(']').raw(MODEL).number(model);
        return finish(id, idNumeric);
    }

    /** The echoed id (a number as the producer wrote it, or a string), the closing brace, the copy. */
    private byte[] finish(String id, boolean idNumeric) {
        if (id != null) {
            json.raw(ID);
            if (idNumeric) {
                json.ascii(id);
            } else {
                json.string(id);
            }
        }
        json.raw('}');
        return json.toByteArray();
    }

    private void encodeNames(InferenceModel model) {
        if (model == encodedFor) {
            return;
        }
        tagNames = encode(model.config().tagClasses());
        labelNames = encode(model.config().labelClasses());
        encodedFor = model;
    }

    private static byte[][] encode(List<String> names) {
        byte[][] out = new byte[names.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = JsonBytes.encodeString(names.get(i));
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
