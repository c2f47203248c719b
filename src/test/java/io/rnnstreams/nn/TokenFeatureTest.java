package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The feature strings of docs/model-format.md, hashed by an independent FNV-1a over UTF-8. */
class TokenFeatureTest {
    private static final int BUCKETS = 65536;

    private static int fnv1a(String s) {
        int h = 0x811C9DC5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x01000193;
        }
        return h;
    }

    private static int[] hashes(TokenFeature feature, String token) {
        int[] out = new int[feature.count()];
        feature.hashes(token, out, 0);
        return out;
    }

    @Test
    void suffix5HashesTheLastFourAndFiveCodePointsLowerCased() {
        assertArrayEquals(new int[] {fnv1a("s4:ness"), fnv1a("s5:iness")}, hashes(TokenFeature.SUFFIX5, "Happiness"));
        // A supplementary code point counts as one, and a short token is its own suffix.
        assertArrayEquals(new int[] {fnv1a("s4:b😀cd"), fnv1a("s5:ab😀cd")}, hashes(TokenFeature.SUFFIX5, "AB😀CD"));
        assertArrayEquals(new int[] {fnv1a("s4:the"), fnv1a("s5:the")}, hashes(TokenFeature.SUFFIX5, "The"));
    }

    @Test
    void theOtherFeaturesHashAsTheFormatSays() {
        assertArrayEquals(new int[] {fnv1a("s1:s"), fnv1a("s2:ss"), fnv1a("s3:ess")},
                hashes(TokenFeature.SUFFIX, "Happiness"));
        assertArrayEquals(new int[] {fnv1a("p1:h"), fnv1a("p2:ha"), fnv1a("p3:hap")},
                hashes(TokenFeature.PREFIX, "Happiness"));
        assertArrayEquals(new int[] {fnv1a("l:happiness")}, hashes(TokenFeature.LOWER, "Happiness"));
        assertArrayEquals(new int[] {fnv1a("h:Xx")}, hashes(TokenFeature.SHAPE, "Happiness"));
    }

    @Test
    void aModelWithoutSuffix5ReadsTheSameRowsAsBefore() {
        Set<TokenFeature> defaults = TokenFeature.parseSet("lower,suffix,prefix,shape");
        int[] rows = featureRows(defaults, "Walked");
        int[] expected = new int[8];
        String[] strings = {"l:walked", "s1:d", "s2:ed", "s3:ked", "p1:w", "p2:wa", "p3:wal", "h:Xx"};
        for (int i = 0; i < strings.length; i++) {
            expected[i] = Integer.remainderUnsigned(fnv1a(strings[i]), BUCKETS);
        }
        assertArrayEquals(expected, rows);

        int[] withSuffix5 = featureRows(TokenFeature.parseSet("suffix5,lower,suffix,prefix,shape"), "Walked");
        assertEquals(10, withSuffix5.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], withSuffix5[i], "the existing features keep their slots");
        }
        assertEquals(Integer.remainderUnsigned(fnv1a("s4:lked"), BUCKETS), withSuffix5[8]);
        assertEquals(Integer.remainderUnsigned(fnv1a("s5:alked"), BUCKETS), withSuffix5[9]);
        assertEquals("lower,suffix,prefix,shape,suffix5", TokenFeature.format(EnumSet.allOf(TokenFeature.class)));
    }

    @Test
    void unknownFeatureNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenFeature.parseSet("lower,suffix4"));
        assertEquals("unknown token feature 'suffix4' (expected lower, suffix, prefix, shape, suffix5)", e.getMessage());
    }

    private static int[] featureRows(Set<TokenFeature> features, String token) {
        ModelConfig config = ModelConfig.builder().hidden(4).embed(3).unknownBuckets(3)
                .features(features, BUCKETS).tagClasses(List.of("A", "B")).build();
        TokenEncoder encoder = new TokenEncoder(config, Vocabulary.of(List.of("the")));
        int[] out = new int[encoder.featuresPerToken()];
        encoder.featureIds(token, out, 0);
        return out;
    }
}
