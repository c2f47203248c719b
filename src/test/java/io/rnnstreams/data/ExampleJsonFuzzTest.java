package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds mutated records to {@link ExampleJson#parse}: whatever the bytes, the outcome is an
 * Example or an InvalidExampleException, never another exception, and an accepted record
 * re-serializes to an equal example.
 */
class ExampleJsonFuzzTest {
    private static final String[] SEEDS = {
        "{\"tokens\":[\"the\",\"dog\"],\"tags\":[\"DET\",\"NOUN\"]}",
        "{\"tokens\":[\"Free\",\"entry\",\"\\u00e9\",\"\\n\"],\"label\":\"spam\"}",
        "{\"tokens\":[\"lm\"]}",
        "{\"x\":[[0.1,2.0,-3e-5],[1,2,3]],\"tags\":[\"normal\",\"anomaly\"],\"label\":\"faulty\"}",
        "{\"x\":[[1e38,-0.0]],\"label\":null,\"tags\":null}",
        "{\"tokens\":[\"caf\u00e9\",\"\uD83D\uDE02\"],\"label\":\"\u00fc\"}",
    };
    private static final String[] SNIPPETS = {
        "NaN", "Infinity", "-Infinity", "1e999", "null", "true", "[", "]", "{", "}", "\"", "\\",
        "\\u", "\\ud800", ",", ":", "\"x\"", "\"tokens\"", "\"tags\"", "[[", "]]", "9999999999999999999999",
        "\u0000", "\u00e9", "\uD83D\uDE02", "0x1F", "-", ".", "e", "1.5e-50", "\"\"", "[[[[[[[[[[",
    };

    @Test
    void neverThrowsAnythingButInvalidExample() {
        ExampleJson json = new ExampleJson(new ExampleJson.Limits(50, 32, 8));
        SplittableRandom random = new SplittableRandom(20261130L);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = mutate(SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8), random);
            try {
                Example e = json.parse(input);
                accepted++;
                assertEquals(e, json.parse(json.toJson(e)), () -> "re-serialized differently: " + show(input));
            } catch (InvalidExampleException expected) {
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("parse threw " + e + " for " + show(input), e);
            }
        }
        System.out.printf("ExampleJson fuzz: %d records accepted, %d rejected%n", accepted, rejected);
        assertTrue(accepted > 500 && rejected > 5_000, "accepted " + accepted + ", rejected " + rejected);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed;
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            switch (random.nextInt(8)) {
                case 0 -> b = flipBit(b, random);
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> b = splice(b, at, Math.min(b.length, at + 1 + random.nextInt(4)), new byte[0]);
                case 3 -> b = splice(b, at, at, new byte[] {(byte) random.nextInt(256)});
                case 4 -> b = splice(b, at, Math.min(b.length, at + random.nextInt(3)),
                        SNIPPETS[random.nextInt(SNIPPETS.length)].getBytes(StandardCharsets.UTF_8));
                case 5 -> {
                    int from = b.length == 0 ? 0 : random.nextInt(b.length);
                    int to = Math.min(b.length, from + random.nextInt(12));
                    b = splice(b, at, at, Arrays.copyOfRange(b, from, to));
                }
                case 6 -> {
                    byte[] noise = new byte[random.nextInt(6)];
                    random.nextBytes(noise);
                    b = splice(b, at, at, noise);
                }
                default -> {
                    // valid records stay in the mix so that accepted ones are checked too
                }
            }
        }
        return b;
    }

    private static byte[] flipBit(byte[] b, SplittableRandom random) {
        if (b.length == 0) {
            return b;
        }
        byte[] c = b.clone();
        int at = random.nextInt(c.length);
        c[at] ^= (byte) (1 << random.nextInt(8));
        return c;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] c = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(insert, 0, c, from, insert.length);
        System.arraycopy(b, to, c, from + insert.length, b.length - to);
        return c;
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1) + " " + Arrays.toString(b);
    }
}
