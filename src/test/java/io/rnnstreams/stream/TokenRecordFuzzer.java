package io.rnnstreams.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates tokens-topic records for fuzzing: valid ones (tokens, end markers, resets, generation
 * requests, in any field order and spacing) interleaved with generated and mutated bad ones
 * (random bytes, truncated, bit-flipped and deeply nested JSON, wrong types, huge strings and
 * arrays, NaN and Infinity, invalid UTF-8, duplicate fields, trailing garbage, other encodings),
 * under keys that are mostly from a small pool (so sequences build up) and sometimes null,
 * empty, huge or not UTF-8. Deterministic for a seed.
 */
final class TokenRecordFuzzer {
    /** One record: key and value as the producer sends them, either possibly null. */
    record Input(byte[] key, byte[] value) {}

    private static final String[] WORDS = {"the", "cat", "sat", "on", "mat", "a", "dog", "ran", "zebra", "The",
        "Hello", "world", "42", "x", "naïve", "東京", "emoji😀", "tab\there", "quote\"d", "back\\slash", "nul\u0000"};
    private static final String[] FIELDS = {"token", "end", "reset", "generate", "temperature", "top_k", "seed",
        "id", "x"};

    private final SplittableRandom rng;
    private final java.util.Map<Integer, String> numberArrays = new java.util.HashMap<>();
    private final int keyPool;
    private final int maxInputBytes;
    private final int maxTokenChars;
    private final int maxGenerate;

    TokenRecordFuzzer(SplittableRandom rng, int keyPool, ServingSettings limits) {
        this.rng = rng;
        this.keyPool = keyPool;
        this.maxInputBytes = limits.maxInputBytes();
        this.maxTokenChars = limits.maxTokenChars();
        this.maxGenerate = limits.maxGenerate();
    }

    Input next() {
        return new Input(key(), value());
    }

    private byte[] key() {
        int r = rng.nextInt(1000);
        if (r < 955) {
            return utf8("k" + rng.nextInt(keyPool));
        }
        if (r < 965) {
            return null;
        }
        if (r < 975) {
            return new byte[0];
        }
        if (r < 985) {
            return utf8("huge-" + "k".repeat(1000 + rng.nextInt(20_000)));
        }
        return randomBytes(1 + rng.nextInt(40));
    }

    private byte[] value() {
        int r = rng.nextInt(100);
        if (r < 55) {
            return utf8(valid());
        }
        if (r < 60) {
            return null;
        }
        return switch (r % 14) {
            case 0 -> randomBytes(rng.nextInt(200));
            case 1 -> truncate(utf8(valid()));
            case 2 -> flipBytes(utf8(valid()));
            case 3 -> utf8(deeplyNested());
            case 4 -> utf8(wrongType());
            case 5 -> utf8(huge());
            case 6 -> utf8(nonFinite());
            case 7 -> invalidUtf8(valid());
            case 8 -> utf8(duplicated());
            case 9 -> utf8(valid() + pick(" x", "}", " {}", "\u0000", ",", "[]"));
            case 10 -> utf8(pick("[1,2]", "\"token\"", "42", "true", "null", "", "   ", "{", "}", "{\"token\"}",
                    "{\"token\":}", "{,}", "{\"token\":\"a\",}", "\uFEFF{\"token\":\"a\"}", "{'token':'a'}",
                    "{token:\"a\"}", "{\"token\":\"a\"/*c*/}", "{\"end\":true}{\"end\":true}"));
            case 11 -> otherEncoding(valid());
            case 12 -> utf8(surrogates());
            default -> utf8(unknownFieldsOnly());
        };
    }

    /** A record the contract accepts (given a token model with a next head), as JSON text. */
    String valid() {
        List<String> fields = new ArrayList<>();
        int kind = rng.nextInt(100);
        if (kind < 75) {
            fields.add(field("token", jsonString(token())));
            if (rng.nextInt(8) == 0) {
                fields.add(field("end", "true"));
            } else if (rng.nextInt(20) == 0) {
                fields.add(field("end", "false"));
            }
            if (rng.nextInt(40) == 0) {
                fields.add(field("reset", "true"));
            }
        } else if (kind < 83) {
            fields.add(field("end", "true"));
        } else if (kind < 88) {
            fields.add(field("reset", "true"));
            if (rng.nextInt(4) == 0) {
                fields.add(field("end", "true"));
            }
        } else {
            fields.add(field("generate", Integer.toString(1 + rng.nextInt(Math.min(maxGenerate, 6)))));
            if (rng.nextBoolean()) {
                fields.add(field("temperature", pick("0", "0.5", "1.0", "2", "1e-3", "-0.0")));
            }
            if (rng.nextBoolean()) {
                fields.add(field("top_k", Integer.toString(rng.nextInt(5))));
            }
            if (rng.nextBoolean()) {
                fields.add(field("seed", Long.toString(rng.nextLong())));
            }
            if (rng.nextInt(3) == 0) {
                fields.add(field("token", jsonString(token())));
            }
            if (rng.nextInt(6) == 0) {
                fields.add(field("end", "true"));
            }
        }
        if (rng.nextInt(3) == 0) {
            fields.add(field("id", rng.nextBoolean() ? jsonString("id-" + rng.nextInt(1_000_000))
                    : Long.toString(rng.nextLong())));
        }
        if (rng.nextInt(10) == 0) {
            fields.add(field("extra" + rng.nextInt(3), pick("1", "null", "\"text\"", "[1,[2,{\"a\":3}]]",
                    "{\"nested\":{\"deeper\":[true,false]}}", "-1.5e-7")));
        }
        shuffle(fields);
        return object(fields);
    }

    private String token() {
        int r = rng.nextInt(100);
        if (r < 80) {
            return WORDS[rng.nextInt(WORDS.length)];
        }
        if (r < 90) {
            return randomText(1 + rng.nextInt(20));
        }
        // At the limit: exactly max characters (UTF-16 units), still valid.
        return "L".repeat(maxTokenChars);
    }

    private String deeplyNested() {
        int depth = 1 + rng.nextInt(80);
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (rng.nextBoolean()) {
                open.append('[');
                close.insert(0, ']');
            } else {
                open.append("{\"n\":");
                close.insert(0, '}');
            }
        }
        String nested = open + "1" + close;
        return rng.nextBoolean()
                ? object(List.of(field("token", "\"a\""), field("deep", nested)))
                : object(List.of(field("token", nested)));
    }

    private String wrongType() {
        String name = FIELDS[rng.nextInt(FIELDS.length)];
        String value = pick("null", "1", "-7", "1.5", "\"5\"", "true", "false", "[]", "{}", "[\"a\"]",
                "99999999999999999999999", "1e2", "\"\"", "0", "-0", "9223372036854775808", "2147483648");
        List<String> fields = new ArrayList<>(List.of(field(name, value)));
        if (!name.equals("token") && rng.nextBoolean()) {
            fields.add(field("token", "\"a\""));
        }
        shuffle(fields);
        return object(fields);
    }

    private String huge() {
        return switch (rng.nextInt(6)) {
            case 0 -> object(List.of(field("token", jsonString("T".repeat(maxTokenChars + 1 + rng.nextInt(5000))))));
            case 1 -> object(List.of(field("token", "\"a\""), field("blob",
                    jsonString("b".repeat(maxInputBytes - 100 + rng.nextInt(200))))));
            case 2 -> object(List.of(field("x", numberArray(4095 + rng.nextInt(3)))));
            case 3 -> object(List.of(field("token", "\"a\""), field("numbers", numberArray(5000))));
            case 4 -> object(List.of(field("token", "\"a\""), field("id", jsonString("i".repeat(250 + rng.nextInt(10))))));
            default -> object(List.of(field("generate", Integer.toString(maxGenerate + rng.nextInt(3) - 1)),
                    field("top_k", "1")));
        };
    }

    private String nonFinite() {
        String v = pick("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e39", "1e-400");
        return switch (rng.nextInt(3)) {
            case 0 -> object(List.of(field("x", "[" + v + "]")));
            case 1 -> object(List.of(field("generate", "2"), field("temperature", v)));
            default -> object(List.of(field("token", "\"a\""), field("extra", v)));
        };
    }

    private String duplicated() {
        String name = FIELDS[rng.nextInt(4)];
        String v = name.equals("token") ? "\"a\"" : name.equals("generate") ? "1" : "true";
        return object(List.of(field(name, v), field("token", "\"b\""), field(name, v)));
    }

    /** Strings with escaped or literal surrogates, paired and unpaired. */
    private String surrogates() {
        String s = pick("\\ud800", "\\udc00", "a\\ud83d", "\\ud83d\\ude00", "\\ude00\\ud83d", "\uD83D\uDE00",
                "\\u0000", "\\u001f", "\\u2028");
        String where = pick("token", "id", "extra");
        List<String> fields = new ArrayList<>(List.of(field(where, "\"" + s + "\"")));
        if (!where.equals("token")) {
            fields.add(field("token", "\"a\""));
        }
        return object(fields);
    }

    private String unknownFieldsOnly() {
        return object(List.of(field("tokens", "[\"a\"]"), field("TOKEN", "\"a\"")));
    }

    private byte[] invalidUtf8(String json) {
        byte[] bad = switch (rng.nextInt(6)) {
            case 0 -> new byte[] {(byte) 0xFF};
            case 1 -> new byte[] {(byte) 0xC3, (byte) 0x28};
            case 2 -> new byte[] {(byte) 0xC0, (byte) 0xAF};
            case 3 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
            case 4 -> new byte[] {(byte) 0xE2, (byte) 0x82};
            default -> new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
        };
        byte[] text = utf8(json);
        int at = rng.nextInt(text.length + 1);
        // Mostly inside a string, where the parser must decode it, else anywhere.
        int quote = json.indexOf("\":\"");
        if (quote >= 0 && rng.nextBoolean()) {
            at = quote + 3;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at);
        out.writeBytes(bad);
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }

    private byte[] otherEncoding(String json) {
        return json.getBytes(rng.nextBoolean() ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
    }

    private byte[] truncate(byte[] value) {
        return java.util.Arrays.copyOf(value, rng.nextInt(value.length));
    }

    private byte[] flipBytes(byte[] value) {
        byte[] out = value.clone();
        int flips = 1 + rng.nextInt(3);
        for (int i = 0; i < flips; i++) {
            int at = rng.nextInt(out.length);
            out[at] = rng.nextBoolean() ? (byte) (out[at] ^ (1 << rng.nextInt(8))) : (byte) rng.nextInt(256);
        }
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    private String randomText(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int r = rng.nextInt(10);
            if (r < 6) {
                s.append((char) ('a' + rng.nextInt(26)));
            } else if (r < 8) {
                s.append((char) (0x20 + rng.nextInt(0x60)));
            } else if (r < 9) {
                s.appendCodePoint(0xA0 + rng.nextInt(0x2000));
            } else {
                s.appendCodePoint(0x1F300 + rng.nextInt(0x300));
            }
        }
        return s.toString();
    }

    /** A JSON array of n small numbers, built once per length (parsing and printing them is the slow part). */
    private String numberArray(int n) {
        return numberArrays.computeIfAbsent(n, length -> {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < length; i++) {
                s.append(i == 0 ? "" : ",").append(i % 100);
            }
            return s.append(']').toString();
        });
    }

    private String field(String name, String jsonValue) {
        String colon = rng.nextInt(5) == 0 ? " : " : ":";
        return jsonString(name) + colon + jsonValue;
    }

    private String object(List<String> fields) {
        String sep = rng.nextInt(5) == 0 ? ", " : ",";
        return (rng.nextInt(10) == 0 ? " {" : "{") + String.join(sep, fields) + (rng.nextInt(10) == 0 ? "}\n" : "}");
    }

    private void shuffle(List<String> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }

    private String pick(String... options) {
        return options[rng.nextInt(options.length)];
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
