package io.rnnstreams.cli;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bench's input: sentences of the {@code hmm} task, one token record ({@code {"token":"w"}})
 * at a time, interleaved over K concurrent keys (each token goes to a key drawn uniformly). The
 * same seed gives the same records, so the serving topology and its baseline read the same input.
 *
 * <p>Without churn a key's sentences follow one another without end markers: K sequences that
 * never finish, so every run ends with exactly K keys in the store. With churn (the soak) a key
 * is used for one sentence only and then abandoned; the idle timeout has to expire it.
 */
final class BenchWorkload {
    private final HmmTask task = new HmmTask();
    private final int keys;
    private final boolean churn;
    private final SplittableRandom random;
    private final Iterator<Example> sentences;
    private final Map<String, byte[]> values = new HashMap<>();
    private final byte[][] keyBytes;
    private final String[][] sentence;
    private final int[] position;
    private long nextKeyId;

    BenchWorkload(int keys, boolean churn, long seed) {
        this.keys = keys;
        this.churn = churn;
        this.random = new SplittableRandom(seed);
        this.sentences = task.examples(seed + 1);
        this.keyBytes = new byte[keys][];
        this.sentence = new String[keys][];
        this.position = new int[keys];
        for (int k = 0; k < keys; k++) {
            keyBytes[k] = keyName(nextKeyId++);
        }
        for (String w : task.vocabulary()) {
            values.put(w, ("{\"token\":\"" + w + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    List<String> vocabulary() {
        return task.vocabulary();
    }

    List<String> tags() {
        return task.tags();
    }

    List<String> labels() {
        return task.labels();
    }

    /** The next token record for {@code topic} (timestamp left to the producer: the send time). */
    ProducerRecord<byte[], byte[]> next(String topic) {
        int k = random.nextInt(keys);
        if (sentence[k] == null || position[k] == sentence[k].length) {
            if (churn && sentence[k] != null) {
                keyBytes[k] = keyName(nextKeyId++);
            }
            sentence[k] = sentences.next().tokens();
            position[k] = 0;
        }
        String token = sentence[k][position[k]++];
        return new ProducerRecord<>(topic, keyBytes[k], values.get(token));
    }

    /** Keys used so far. */
    long keysUsed() {
        return nextKeyId;
    }

    private static byte[] keyName(long id) {
        return String.format("seq-%06d", id).getBytes(StandardCharsets.UTF_8);
    }
}
