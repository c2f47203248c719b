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
    public static final String ENSEMBLE_FORMAT = "rnn-streams.ensemble/1";

    public static final String FORMAT_KEY = "format";
    public static final String VERSION = "version";
    /** Metadata naming how the file stores its weights: "float16" (F16 tensors) or, when absent, float32. */
    public static final String WEIGHTS = "weights";
    public static final String FLOAT16 = "float16";
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
    static final String MEMBERS = "members";
    private static final String MEMBER_PREFIX = "members.";
    private static final Set<String> ARCHITECTURE_KEYS = Set.of(FORMAT_KEY, CELL, LAYERS, HIDDEN, INPUT_WIDTH,
            EMBED, UNKNOWN_BUCKETS, FEATURE_BUCKETS, FEATURES, TAG_CLASSES, LABEL_CLASSES, NEXT_HEAD, DELAY,
            VOCABULARY);
    private static final JsonFactory JSON = new JsonFactory();

    private ModelFile() {}

    public static byte[] write(Model model) {
        return write(Ensemble.of(model));
    }

    /**
     * One model is written as itself, with the ensemble's metadata as its own; several under the
     * ensemble format: each member's metadata and tensors under the prefix {@code members.<k>.}
     * (PyTorch's naming of a ModuleList), the ensemble's own metadata unprefixed.
     */
    public static byte[] write(Ensemble ensemble) {
        Map<String, String> meta = new LinkedHashMap<>();
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        if (ensemble.single()) {
            putModel(ensemble.members().get(0), ensemble.metadata(), "", meta, tensors);
        } else {
            meta.put(FORMAT_KEY, ENSEMBLE_FORMAT);
            meta.put(MEMBERS, Integer.toString(ensemble.members().size()));
            for (Map.Entry<String, String> e : ensemble.metadata().entrySet()) {
                if (ensembleOwn(e.getKey())) {
                    meta.put(e.getKey(), e.getValue());
                }
            }
            for (int k = 0; k < ensemble.members().size(); k++) {
                Model m = ensemble.members().get(k);
                putModel(m, m.metadata(), memberPrefix(k), meta, tensors);
            }
        }
        return SafeTensors.write(meta, tensors, dtype(ensemble.metadata()));
    }

    private static SafeTensors.Dtype dtype(Map<String, String> metadata) {
        String weights = metadata.get(WEIGHTS);
        if (weights == null || weights.equals("float32")) {
            return SafeTensors.Dtype.F32;
        }
        if (weights.equals(FLOAT16)) {
            return SafeTensors.Dtype.F16;
        }
        throw new IllegalArgumentException("metadata " + WEIGHTS + " must be float32 or float16, got '" + weights + "'");
    }

    private static void putModel(Model model, Map<String, String> provenance, String prefix, Map<String, String> meta,
            List<SafeTensors.Tensor> tensors) {
        ModelConfig c = model.config();
        meta.put(prefix + FORMAT_KEY, FORMAT);
        meta.put(prefix + CELL, c.cell().id());
        meta.put(prefix + LAYERS, Integer.toString(c.layers()));
        meta.put(prefix + HIDDEN, Integer.toString(c.hidden()));
        meta.put(prefix + INPUT_WIDTH, Integer.toString(c.inputWidth()));
        meta.put(prefix + EMBED, Integer.toString(c.embed()));
        meta.put(prefix + UNKNOWN_BUCKETS, Integer.toString(c.unknownBuckets()));
        meta.put(prefix + FEATURE_BUCKETS, Integer.toString(c.featureBuckets()));
        meta.put(prefix + FEATURES, TokenFeature.format(c.features()));
        meta.put(prefix + TAG_CLASSES, jsonArray(c.tagClasses()));
        meta.put(prefix + LABEL_CLASSES, jsonArray(c.labelClasses()));
        meta.put(prefix + NEXT_HEAD, Boolean.toString(c.nextHead()));
        meta.put(prefix + DELAY, Integer.toString(c.delay()));
        if (model.vocabulary() != null) {
            meta.put(prefix + VOCABULARY, jsonArray(model.vocabulary().tokens()));
        }
        for (Map.Entry<String, String> e : provenance.entrySet()) {
            if (!ARCHITECTURE_KEYS.contains(e.getKey())) {
                meta.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (Param p : model.params()) {
            tensors.add(new SafeTensors.Tensor(prefix + p.name(), p.shape(), MatVec.toFloat(p.values(), p.size())));
        }
    }

    public static void write(Model model, Path path) throws IOException {
        write(Ensemble.of(model), path);
    }

    public static void write(Ensemble ensemble, Path path) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, write(ensemble));
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads and validates a single-model file; errors name the file. */
    public static Model read(Path path) {
        return read(path, ModelFile::read);
    }

    /** Reads and validates a model or ensemble file; errors name the file. */
    public static Ensemble readEnsemble(Path path) {
        return read(path, ModelFile::readEnsemble);
    }

    private static <T> T read(Path path, java.util.function.Function<byte[], T> parse) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(path + ": no such file");
        } catch (IOException e) {
            throw new ModelFormatException(path + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            return parse.apply(bytes);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /** A single model; an ensemble is refused (it can be served and evaluated, not trained further). */
    public static Model read(byte[] bytes) {
        Ensemble e = readEnsemble(bytes);
        if (!e.single()) {
            throw new ModelFormatException("an ensemble of " + e.members().size()
                    + " models, where a single model is needed: an ensemble is served and evaluated, not trained further");
        }
        return e.members().get(0);
    }

    /** A single model (as an ensemble of one) or an ensemble. */
    public static Ensemble readEnsemble(byte[] bytes) {
        SafeTensors.Contents contents = SafeTensors.read(bytes);
        Map<String, String> meta = contents.metadata();
        String format = meta.get(FORMAT_KEY);
        if (FORMAT.equals(format)) {
            return Ensemble.of(readModel(meta, contents.tensors()));
        }
        if (!ENSEMBLE_FORMAT.equals(format)) {
            throw new ModelFormatException("not an rnn-streams model: metadata format is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "' or '"
                    + ENSEMBLE_FORMAT + "'");
        }
        int count = integer(meta, MEMBERS);
        if (count < 1 || count > Ensemble.MAX_MEMBERS) {
            throw new ModelFormatException("metadata " + MEMBERS + " must be 1.." + Ensemble.MAX_MEMBERS + ", got " + count);
        }
        Map<String, String> own = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (ensembleOwn(e.getKey())) {
                own.put(e.getKey(), e.getValue());
            }
        }
        checkProvenance(own);
        List<Model> members = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (int k = 0; k < count; k++) {
            String prefix = memberPrefix(k);
            Map<String, String> memberMeta = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : meta.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    memberMeta.put(e.getKey().substring(prefix.length()), e.getValue());
                }
            }
            List<SafeTensors.Tensor> memberTensors = new ArrayList<>();
            for (SafeTensors.Tensor t : contents.tensors()) {
                if (t.name().startsWith(prefix)) {
                    memberTensors.add(new SafeTensors.Tensor(t.name().substring(prefix.length()), t.shape(), t.data()));
                    claimed.add(t.name());
                }
            }
            try {
                members.add(readModel(memberMeta, memberTensors));
            } catch (ModelFormatException e) {
                throw new ModelFormatException("member " + k + ": " + e.getMessage(), e);
            }
        }
        for (SafeTensors.Tensor t : contents.tensors()) {
            if (!claimed.contains(t.name())) {
                throw new ModelFormatException("unexpected tensor " + t.name() + " in an ensemble of " + count);
            }
        }
        try {
            return new Ensemble(members, own);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("invalid ensemble: " + e.getMessage(), e);
        }
    }

    /** The provenance keys the code reads: a version is an integer, weights a known type. */
    private static void checkProvenance(Map<String, String> provenance) {
        if (provenance.containsKey(VERSION)) {
            integerLong(provenance, VERSION);
        }
        try {
            dtype(provenance);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage());
        }
    }

    /** Whether an ensemble file's metadata key is the ensemble's provenance (not format, count or a member's). */
    private static boolean ensembleOwn(String key) {
        return !key.equals(FORMAT_KEY) && !key.equals(MEMBERS) && !key.startsWith(MEMBER_PREFIX);
    }

    private static String memberPrefix(int k) {
        return MEMBER_PREFIX + k + ".";
    }

    private static Model readModel(Map<String, String> meta, List<SafeTensors.Tensor> tensors) {
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
        checkProvenance(provenance);
        Model model = Model.empty(config, vocabulary, provenance);
        Set<String> seen = new HashSet<>();
        for (SafeTensors.Tensor t : tensors) {
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
