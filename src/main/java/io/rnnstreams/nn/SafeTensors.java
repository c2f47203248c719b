package io.rnnstreams.nn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors container (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length, a JSON header mapping tensor names to dtype, shape and byte
 * offsets (plus an optional string-to-string "__metadata__"), then the raw little-endian data.
 * F32 and F16 tensors are read and written (both as float values in memory). Reading
 * validates the whole layout: every tensor's byte range matches its shape, ranges are contiguous
 * without overlap or gap and cover the data exactly. jackson-core's streaming parser reads the
 * header (nn uses no other JSON).
 */
public final class SafeTensors {
    /** The reference implementation's limit; it also bounds what a corrupt length can ask for. */
    public static final int MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_HEADER_BYTES).maxNestingDepth(8).build())
            .build();

    private SafeTensors() {}

    /** How tensor values are stored: IEEE float32, or binary16 at half the bytes. */
    public enum Dtype {
        F32(4),
        F16(2);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        /** The dtype of a header's name, or null for one this reader does not support. */
        static Dtype named(String name) {
            for (Dtype d : values()) {
                if (d.name().equals(name)) {
                    return d;
                }
            }
            return null;
        }
    }

    /** One named tensor; {@code data} is row-major with product(shape) values. */
    public record Tensor(String name, int[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape)
                        + " needs " + n + " values, got " + data.length);
            }
        }
    }

    /** A whole file: metadata and tensors in data order. */
    public record Contents(Map<String, String> metadata, List<Tensor> tensors) {}

    public static byte[] write(Map<String, String> metadata, List<Tensor> tensors) {
        return write(metadata, tensors, Dtype.F32);
    }

    /** @throws IllegalArgumentException if a finite value is out of float16's range (F16) */
    public static byte[] write(Map<String, String> metadata, List<Tensor> tensors, Dtype dtype) {
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        long offset = 0;
        try (JsonGenerator g = JSON.createGenerator(headerBytes)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            for (Tensor t : tensors) {
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", dtype.name());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                offset += (long) dtype.bytes * t.data().length;
                g.writeNumber(offset);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a safetensors header", e);
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference does.
        int headerLength = headerBytes.size();
        int padded = (headerLength + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model too large for one file: " + total + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(headerBytes.toByteArray());
        for (int i = headerLength; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors) {
            if (dtype == Dtype.F32) {
                out.asFloatBuffer().put(t.data());
                out.position(out.position() + 4 * t.data().length);
            } else {
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) {
                    short h = Float16.fromFloat(data[i]);
                    boolean halfInfinite = (h & 0x7FFF) == 0x7C00;
                    if (halfInfinite && Float.isFinite(data[i])) {
                        throw new IllegalArgumentException("tensor " + t.name() + " holds " + data[i] + " at index " + i
                                + ", out of float16's range");
                    }
                    out.putShort(h);
                }
            }
        }
        return out.array();
    }

    /** Parses and validates a whole file; any defect is a {@link ModelFormatException}. */
    public static Contents read(byte[] file) {
        if (file.length < 8) {
            throw new ModelFormatException("not a safetensors file: " + file.length + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFormatException("not a safetensors file: header length " + Long.toUnsignedString(headerLength)
                    + " is outside 2.." + MAX_HEADER_BYTES);
        }
        if (headerLength > file.length - 8L) {
            throw new ModelFormatException("truncated safetensors file: header of " + headerLength
                    + " bytes but only " + (file.length - 8) + " bytes follow");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = file.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Raw> raws = parseHeader(file, (int) headerLength, metadata);
        raws.sort(Comparator.comparingLong(r -> r.begin));
        long expected = 0;
        for (Raw r : raws) {
            if (r.begin != expected) {
                throw new ModelFormatException("tensor " + r.name + " starts at byte " + r.begin + " but the previous one ends at "
                        + expected + (r.begin < expected ? " (overlap)" : " (gap)"));
            }
            expected = r.end;
        }
        if (expected > dataLength) {
            throw new ModelFormatException("truncated safetensors file: tensors need " + expected + " data bytes, the file has "
                    + dataLength);
        }
        if (expected < dataLength) {
            throw new ModelFormatException("safetensors file has " + (dataLength - expected) + " bytes after the last tensor");
        }
        List<Tensor> tensors = new ArrayList<>(raws.size());
        for (Raw r : raws) {
            float[] data = new float[(int) ((r.end - r.begin) / r.dtype.bytes)];
            ByteBuffer slice = ByteBuffer.wrap(file, dataStart + (int) r.begin, (int) (r.end - r.begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (r.dtype == Dtype.F32) {
                slice.asFloatBuffer().get(data);
            } else {
                for (int i = 0; i < data.length; i++) {
                    data[i] = Float16.toFloat(slice.getShort());
                }
            }
            tensors.add(new Tensor(r.name, r.shape, data));
        }
        return new Contents(metadata, tensors);
    }

    private record Raw(String name, Dtype dtype, int[] shape, long begin, long end) {}

    private static List<Raw> parseHeader(byte[] file, int length, Map<String, String> metadata) {
        List<Raw> raws = new ArrayList<>();
        try (JsonParser p = JSON.createParser(file, 8, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ModelFormatException("not a safetensors file: the header is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new ModelFormatException("header entry " + name + " is not an object");
                }
                if (METADATA.equals(name)) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_STRING) {
                            throw new ModelFormatException("metadata value of " + key + " is not a string");
                        }
                        metadata.put(key, p.getText());
                    }
                } else {
                    raws.add(parseTensor(p, name));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || trailingContent(p)) {
                throw new ModelFormatException("safetensors header has content after its JSON object");
            }
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ModelFormatException("not a safetensors file: the header is not valid JSON (" + why + ")", e);
        }
        return raws;
    }

    private static boolean trailingContent(JsonParser p) throws IOException {
        // The reference pads with spaces; anything else after the object is corruption.
        return p.nextToken() != null;
    }

    private static Raw parseTensor(JsonParser p, String name) throws IOException {
        String dtype = null;
        int[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        throw new ModelFormatException("tensor " + name + ": dtype is not a string");
                    }
                    dtype = p.getText();
                }
                case "shape" -> shape = Arrays.stream(longArray(p, name, "shape")).mapToInt(d -> {
                    if (d > Integer.MAX_VALUE) {
                        throw new ModelFormatException("tensor " + name + ": dimension " + d + " is too large");
                    }
                    return (int) d;
                }).toArray();
                case "data_offsets" -> offsets = longArray(p, name, "data_offsets");
                default -> throw new ModelFormatException("tensor " + name + ": unknown field " + field);
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new ModelFormatException("tensor " + name + ": needs dtype, shape and data_offsets");
        }
        Dtype type = Dtype.named(dtype);
        if (type == null) {
            throw new ModelFormatException("tensor " + name + " has dtype " + dtype + "; only F32 and F16 are supported");
        }
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new ModelFormatException("tensor " + name + ": data_offsets must be [begin, end] with begin <= end");
        }
        long elements = 1;
        for (int d : shape) {
            elements *= d;
            if (elements > Integer.MAX_VALUE / type.bytes) {
                throw new ModelFormatException("tensor " + name + " is too large");
            }
        }
        if (offsets[1] - offsets[0] != elements * type.bytes) {
            throw new ModelFormatException("tensor " + name + ": shape " + Arrays.toString(shape) + " needs "
                    + elements * type.bytes + " bytes of " + dtype + " but data_offsets span " + (offsets[1] - offsets[0]));
        }
        return new Raw(name, type, shape, offsets[0], offsets[1]);
    }

    private static long[] longArray(JsonParser p, String tensor, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new ModelFormatException("tensor " + tensor + ": " + field + " is not an array");
        }
        List<Long> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new ModelFormatException("tensor " + tensor + ": " + field + " must hold non-negative integers");
            }
            long v = p.getLongValue();
            if (v < 0) {
                throw new ModelFormatException("tensor " + tensor + ": " + field + " must hold non-negative integers");
            }
            values.add(v);
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
