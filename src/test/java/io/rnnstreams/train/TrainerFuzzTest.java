package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.data.InvalidExampleException;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * 100,000 generated and mutated training records (random bytes, truncated and nested JSON, wrong
 * types, huge arrays and 200,000-character tokens, NaN, invalid UTF-8, nulls, empty and
 * 10,000-byte keys, unknown classes, vectors for a token model) go through a running trainer. It
 * stays up, and every record ends up exactly once either in a published model's examples or as
 * one dead letter with the right reason and its original bytes. The seed is random per run and printed; rerun one with -Drnnstreams.fuzz.seed=N.
 */
class TrainerFuzzTest {
    private static final int WINDOW = 1_000;
    /** The first window is clean, so the model's classes are the real ones. */
    private static final int CLEAN = WINDOW;
    private static final int RECORDS = 100_000;
    private static final String[] TAGS = {"DET", "ADJ", "NOUN", "VERB", "ADV", "PUNCT"};
    private static final String[] TEMPLATES = {
        "{\"tokens\":[[\"a\"]],\"tags\":[\"DET\"]}",
        "{\"tokens\":\"the dog\",\"label\":\"north\"}",
        "{\"tokens\":[1,2],\"label\":\"north\"}",
        "{\"tokens\":[\"a\"],\"label\":5}",
        "{\"tokens\":[\"a\"],\"tags\":{\"DET\":1}}",
        "{\"x\":[[NaN]],\"label\":\"north\"}",
        "{\"x\":[[1e39,0]],\"label\":\"north\"}",
        "{\"x\":[[0.5,1.5],[2,3]],\"label\":\"north\"}",
        "{\"x\":[[0.5,1.5],[2]],\"label\":\"north\"}",
        "{\"tokens\":null,\"label\":\"north\"}",
        "{\"tokens\":[\"the\",\"dog\"],\"label\":null}",
        "{\"tokens\":[\"the\",\"dog\"]}",
        "{\"tokens\":[],\"label\":\"north\"}",
        "{\"tokens\":[\"the\"],\"tags\":[\"DET\",\"NOUN\"]}",
        "{\"tokens\":[\"the\"],\"label\":\"north\",\"label\":\"south\"}",
        "{\"tokens\":[\"the\"],\"lable\":\"north\"}",
        "{\"tokens\":[\"the\"],\"label\":\"\"}",
        "{}", "[]", "null", "\"text\"", "42", "",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "{\"tokens\":[\"the\"],\"label\":\"north\"} trailing",
    };

    @Test
    void everyRecordIsTrainedHeldOutOrDeadLetteredExactlyOnce() throws Exception {
        long seed = Long.getLong("rnnstreams.fuzz.seed", System.nanoTime());
        System.out.println("TrainerFuzzTest seed " + seed + " (rerun with -Drnnstreams.fuzz.seed=" + seed + ")");
        SplittableRandom rng = new SplittableRandom(seed);
        Iterator<Example> valid = new HmmTask().examples(seed);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < CLEAN; i++) {
            keys.add(("clean-" + i).getBytes(StandardCharsets.UTF_8));
            values.add(TrainerHarness.JSON.toJson(valid.next()));
        }
        for (int i = 0; i < RECORDS; i++) {
            keys.add(key(i, rng));
            values.add(value(valid, rng));
        }
        try (TrainerHarness h = new TrainerHarness(1)) {
            h.start(h.settings(WINDOW, Duration.ofMinutes(10), 1, 0.005, 1.0,
                    TrainerHarness.shape(CellType.GRU, 16, Task.TAG, Task.LABEL)));
            h.produceRecords(keys, values);

            // The windows are whole (11 x 1,000), so the last one's commit accounts for everything.
            h.awaitReport(r -> h.reports.stream().mapToInt(WindowReport::records).sum() == values.size(),
                    Duration.ofMinutes(3));
            List<ConsumerRecord<byte[], byte[]>> dlq = TrainerHarness.readAll(h.dlqTopic);
            Model last = h.lastPublishedModel();
            long seen = ModelProvenance.number(last, ModelProvenance.EXAMPLES_SEEN, 0);
            String context = " (seed " + seed + ")";
            assertEquals(values.size(), seen + dlq.size(),
                    "examples seen + dead letters = records produced" + context);
            h.checkAlive();

            ExampleAdmission admission = new ExampleAdmission(last.config());
            Map<Long, String> expected = new HashMap<>();
            for (int offset = 0; offset < values.size(); offset++) {
                String reason = reason(values.get(offset), admission);
                if (reason != null) {
                    expected.put((long) offset, reason);
                }
            }
            Map<Long, String> actual = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                long offset = Long.parseLong(header(r, "source.offset"));
                String before = actual.put(offset, header(r, "error"));
                assertEquals(null, before, "offset " + offset + " dead-lettered twice" + context);
                assertArrayEquals(values.get((int) offset), r.value(), "original bytes at " + offset + context);
                assertArrayEquals(keys.get((int) offset), r.key(), "original key at " + offset + context);
                assertEquals(h.trainingTopic, header(r, "source.topic"), context);
            }
            assertEquals(expected, actual, "each rejected record once, with its reason" + context);
            double counted = h.metrics.registry().find("rnn.trainer.examples.rejected").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            assertEquals(dlq.size(), counted, "rejections counted" + context);
            System.out.printf("TrainerFuzzTest: %d records, %d in models, %d dead letters%n", values.size(), seen,
                    dlq.size());
        }
    }

    private static String reason(byte[] value, ExampleAdmission admission) {
        try {
            return admission.rejection(TrainerHarness.JSON.parse(value));
        } catch (InvalidExampleException e) {
            return e.reason().code();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] key(int i, SplittableRandom rng) {
        return switch (rng.nextInt(10)) {
            case 0, 1, 2 -> null;
            case 3 -> new byte[0];
            case 4 -> bytes(rng, rng.nextBoolean() ? 1 + rng.nextInt(20) : 10_000);
            default -> ("fuzz-" + i).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] value(Iterator<Example> valid, SplittableRandom rng) {
        int kind = rng.nextInt(100);
        if (kind < 25) {
            return TrainerHarness.JSON.toJson(valid.next());
        }
        if (kind < 35) {
            return TrainerHarness.JSON.toJson(withStrangeTokens(valid.next(), rng));
        }
        if (kind < 42) {
            return TrainerHarness.JSON.toJson(withUnknownClasses(valid.next(), rng));
        }
        if (kind < 62) {
            return mutate(TrainerHarness.JSON.toJson(valid.next()), rng);
        }
        if (kind < 70) {
            return rng.nextInt(20) == 0 ? null : bytes(rng, rng.nextInt(200));
        }
        if (kind < 73) {
            return huge(rng);
        }
        if (kind < 76) {
            byte[] v = TrainerHarness.JSON.toJson(valid.next());
            int at = 1 + rng.nextInt(v.length - 2);
            byte[] bad = rng.nextBoolean() ? new byte[] {(byte) 0xC3, 0x28} : new byte[] {(byte) 0xFF};
            return splice(v, at, at, bad);
        }
        return TEMPLATES[rng.nextInt(TEMPLATES.length)].getBytes(StandardCharsets.UTF_8);
    }

    /** A valid example whose tokens include random Unicode strings: the vocabulary grows. */
    private static Example withStrangeTokens(Example e, SplittableRandom rng) {
        String[] tokens = e.tokens().clone();
        for (int i = 0; i < tokens.length; i++) {
            if (rng.nextInt(4) == 0) {
                StringBuilder s = new StringBuilder();
                int n = rng.nextInt(12);
                for (int k = 0; k < n; k++) {
                    int cp = 0x20 + rng.nextInt(0x2FFFF - 0x20);
                    if (cp < 0xD800 || cp > 0xDFFF) {
                        s.appendCodePoint(cp);
                    }
                }
                tokens[i] = s.toString();
            }
        }
        return Example.tokens(tokens, e.tags(), e.label());
    }

    private static Example withUnknownClasses(Example e, SplittableRandom rng) {
        String[] tags = e.tags().clone();
        tags[rng.nextInt(tags.length)] = rng.nextBoolean() ? "det" : TAGS[rng.nextInt(TAGS.length)] + "X";
        return rng.nextBoolean() ? Example.tokens(e.tokens(), tags, e.label())
                : Example.tokens(e.tokens(), e.tags(), "east");
    }

    private static byte[] huge(SplittableRandom rng) {
        StringBuilder s = new StringBuilder();
        switch (rng.nextInt(3)) {
            case 0 -> {
                s.append("{\"tokens\":[");
                for (int i = 0; i < 10_001; i++) {
                    s.append(i == 0 ? "" : ",").append("\"w\"");
                }
                s.append("],\"label\":\"north\"}");
            }
            case 1 -> {
                s.append("{\"x\":[[");
                for (int i = 0; i < 5_000; i++) {
                    s.append(i == 0 ? "" : ",").append("0.5");
                }
                s.append("]],\"label\":\"north\"}");
            }
            default -> s.append("{\"tokens\":[\"").append("y".repeat(rng.nextBoolean() ? 300 : 200_000)).append("\"],\"label\":\"north\"}");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom rng) {
        byte[] b = seed;
        int rounds = 1 + rng.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int at = rng.nextInt(b.length + 1);
            switch (rng.nextInt(5)) {
                case 0 -> {
                    if (b.length > 0) {
                        b = b.clone();
                        b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                    }
                }
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> b = splice(b, at, Math.min(b.length, at + 1 + rng.nextInt(6)), new byte[0]);
                case 3 -> b = splice(b, at, at, bytes(rng, 1 + rng.nextInt(4)));
                default -> {
                    String wrap = rng.nextBoolean() ? "[" : "{\"tokens\":";
                    b = splice(splice(b, b.length, b.length, wrap.equals("[") ? "]".getBytes() : "}".getBytes()),
                            0, 0, wrap.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private static byte[] bytes(SplittableRandom rng, int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }
}
