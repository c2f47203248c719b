package io.rnnstreams.nn;

/**
 * Maps a token string to the embedding rows it reads: its word row (vocabulary id, or an
 * unknown-token bucket after the vocabulary) and its feature rows. Allocation-free.
 */
public final class TokenEncoder {
    private final Vocabulary vocabulary;
    private final int unknownBuckets;
    private final int featureBuckets;
    private final TokenFeature[] features;
    private final int featuresPerToken;

    public TokenEncoder(ModelConfig config, Vocabulary vocabulary) {
        if (!config.tokenInput()) {
            throw new IllegalArgumentException("the model takes dense vectors, not tokens");
        }
        this.vocabulary = vocabulary;
        this.unknownBuckets = config.unknownBuckets();
        this.featureBuckets = config.featureBuckets();
        this.features = java.util.Arrays.stream(TokenFeature.values())
                .filter(config.features()::contains)
                .toArray(TokenFeature[]::new);
        this.featuresPerToken = config.featuresPerToken();
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Number of embedding rows: vocabulary plus unknown buckets. */
    public int embeddingRows() {
        return vocabulary.size() + unknownBuckets;
    }

    public int featuresPerToken() {
        return featuresPerToken;
    }

    /** The token's row in the word embedding. */
    public int wordId(String token) {
        int id = vocabulary.id(token);
        return id >= 0 ? id : unknownId(token);
    }

    /** The row the token would read if it were not in the vocabulary: its unknown-token bucket. */
    public int unknownId(String token) {
        return vocabulary.size() + TokenHash.bucket(TokenHash.hash(token), unknownBuckets);
    }

    /** The next-token head's class for this token: its vocabulary id, or {@link Vocabulary#UNK}. */
    public int vocabularyId(String token) {
        int id = vocabulary.id(token);
        return id >= 0 ? id : Vocabulary.UNK;
    }

    /** Writes {@link #featuresPerToken()} feature rows of {@code token} into out[offset..]. */
    public void featureIds(String token, int[] out, int offset) {
        int o = offset;
        for (TokenFeature f : features) {
            f.hashes(token, out, o);
            for (int k = 0; k < f.count(); k++) {
                out[o + k] = TokenHash.bucket(out[o + k], featureBuckets);
            }
            o += f.count();
        }
    }
}
