package io.rnnstreams.nn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Model} as a safetensors file: tensors under their PyTorch state_dict names, the
 * architecture and vocabulary in {@code __metadata__} (string values; lists as JSON arrays),
 * followed by the model's provenance metadata. Loading checks the format tag, every architecture
 * field, that exactly the expected tensors are present with their exact shapes, and that every
 * value is finite. See docs/model-format.md.
 */
public final class ModelFile {
    public static final String FORMAT = "rnn-streams.model/1";

    public static final String FORMAT_KEY = "format";
    public static final String VERSION = "version";
    static final String CELL = "cell";
    static final String LAYERS = "layers";
    static final String HIDDEN = "hidden";
    static final String INPUT_WIDTH = "input_width";
    static final String EMBED = "embed";
    static final String UNKNOWN_BUCKETS = "unknown_buckets";
    static final String FEATURE_BUCKETS = "feature_buckets";
    static final String FEATURES = "features";
    static final String TAG_CLASSES = "tag_classes";
    static final String LABEL_CLASSES = "label_classes";
    static final String NEXT_HEAD = "next_head";
    static final String DELAY = "delay";
    static final String VOCABULARY = "vocabulary";
    private static final Set<String> ARCHITECTURE_KEYS = Set.of(FORMAT_KEY, CELL, LAYERS, HIDDEN, INPUT_WIDTH,
            EMBED, UNKNOWN_BUCKETS, FEATURE_BUCKETS, FEATURES, TAG_CLASSES, LABEL_CLASSES, NEXT_HEAD, DELAY,
            VOCABULARY);
    private static final JsonFactory JSON = new JsonFactory();

    private ModelFile() {}

    public static byte[] write(Model model) {
        ModelConfig c = model.config();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        meta.put(CELL, c.cell().id());
        meta.put(LAYERS, Integer.toString(c.layers()));
        meta.put(HIDDEN, Integer.toString(c.hidden()));
        meta.put(INPUT_WIDTH, Integer.toString(c.inputWidth()));
        meta.put(EMBED, Integer.toString(c.embed()));
        meta.put(UNKNOWN_BUCKETS, Integer.toString(c.unknownBuckets()));
        meta.put(FEATURE_BUCKETS, Integer.toString(c.featureBuckets()));
        meta.put(FEATURES, TokenFeature.format(c.features()));
        meta.put(TAG_CLASSES, jsonArray(c.tagClasses()));
        meta.put(LABEL_CLASSES, jsonArray(c.labelClasses()));
        meta.put(NEXT_HEAD, Boolean.toString(c.nextHead()));
        meta.put(DELAY, Integer.toString(c.delay()));
        if (model.vocabulary() != null) {
            meta.put(VOCABULARY, jsonArray(model.vocabulary().tokens()));
        }
        for (Map.Entry<String, String> e : model.metadata().entrySet()) {
            if (!ARCHITECTURE_KEYS.contains(e.getKey())) {
                meta.put(e.getKey(), e.getValue());
            }
        }
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (Param p : model.params()) {
            tensors.add(new SafeTensors.Tensor(p.name(), p.shape(), MatVec.toFloat(p.values(), p.size())));
        }
        return SafeTensors.write(meta, tensors);
    }

    public static void write(Model model, Path path) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, write(model));
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads and validates a model file; errors name the file. */
    public static Model read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(path + ": no such file");
        } catch (IOException e) {
            throw new ModelFormatException(path + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            return read(bytes);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    public static Model read(byte[] bytes) {
        SafeTensors.Contents contents = SafeTensors.read(bytes);
        Map<String, String> meta = contents.metadata();
        String format = meta.get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
            throw new ModelFormatException("not an rnn-streams model: metadata format is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "'");
        }
        ModelConfig config;
        try {
            config = new ModelConfig(
                    CellType.parse(required(meta, CELL)),
                    integer(meta, LAYERS), integer(meta, HIDDEN), integer(meta, INPUT_WIDTH),
                    integer(meta, EMBED), integer(meta, UNKNOWN_BUCKETS), integer(meta, FEATURE_BUCKETS),
                    TokenFeature.parseSet(required(meta, FEATURES)),
                    stringArray(meta, TAG_CLASSES), stringArray(meta, LABEL_CLASSES),
                    bool(meta, NEXT_HEAD), integer(meta, DELAY));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("invalid architecture in metadata: " + e.getMessage(), e);
        }
        Vocabulary vocabulary = null;
        if (config.tokenInput()) {
            try {
                vocabulary = Vocabulary.fromTokens(stringArray(meta, VOCABULARY));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid vocabulary in metadata: " + e.getMessage(), e);
            }
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!ARCHITECTURE_KEYS.contains(e.getKey())) {
                provenance.put(e.getKey(), e.getValue());
            }
        }
        if (provenance.containsKey(VERSION)) {
            integerLong(provenance, VERSION);
        }
        Model model = Model.empty(config, vocabulary, provenance);
        Set<String> seen = new HashSet<>();
        for (SafeTensors.Tensor t : contents.tensors()) {
            if (!model.hasParam(t.name())) {
                throw new ModelFormatException("unexpected tensor " + t.name() + " for this architecture");
            }
            Param p = model.param(t.name());
            if (!java.util.Arrays.equals(p.shape(), t.shape())) {
                throw new ModelFormatException("tensor " + t.name() + " has shape " + java.util.Arrays.toString(t.shape())
                        + ", the architecture needs " + java.util.Arrays.toString(p.shape()));
            }
            float[] data = t.data();
            double[] v = p.values();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    throw new ModelFormatException("tensor " + t.name() + " holds a non-finite value (" + data[i]
                            + ") at index " + i);
                }
                v[i] = data[i];
            }
            seen.add(t.name());
        }
        for (Param p : model.params()) {
            if (!seen.contains(p.name())) {
                throw new ModelFormatException("missing tensor " + p.name());
            }
        }
        return model;
    }

    private static String required(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new ModelFormatException("metadata " + key + " is missing");
        }
        return v;
    }

    private static int integer(Map<String, String> meta, String key) {
        long v = integerLong(meta, key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ModelFormatException("metadata " + key + " is out of range: " + v);
        }
        return (int) v;
    }

    private static long integerLong(Map<String, String> meta, String key) {
        String v = required(meta, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ModelFormatException("metadata " + key + " is not an integer: '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> meta, String key) {
        String v = required(meta, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ModelFormatException("metadata " + key + " is not true or false: '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** A list of strings as a JSON array, the encoding of list-valued metadata. */
    public static String jsonArray(List<String> values) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (String s : values) {
                g.writeString(s);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static List<String> stringArray(Map<String, String> meta, String key) {
        String v = required(meta, key);
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(v)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new ModelFormatException("metadata " + key + " is not a JSON array of strings");
            }
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            }
            if (p.currentToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw new ModelFormatException("metadata " + key + " is not a JSON array of strings");
            }
        } catch (IOException e) {
            throw new ModelFormatException("metadata " + key + " is not a JSON array of strings");
        }
        return out;
    }
}
