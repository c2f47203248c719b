package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypeTest {
    @Test
    void durationsTakeAUnitAndArePositive() {
        ValueType<Duration> d = ValueType.duration();
        assertEquals(Duration.ofMillis(250), d.parse("250ms"));
        assertEquals(Duration.ofSeconds(30), d.parse("30s"));
        assertEquals(Duration.ofMinutes(5), d.parse("5m"));
        assertEquals(Duration.ofHours(1), d.parse("1h"));
        for (String bad : List.of("30", "0s", "5 m", "1.5s", "-1s", "5M", "1d", "s",
                "99999999999999999999h")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> d.parse(bad), bad);
            assertEquals("expected a duration > 0 such as 250ms, 30s, 5m or 1h", e.getMessage());
        }
    }

    @Test
    void integersRespectTheirRange() {
        ValueType<Integer> port = ValueType.integer(-1, 65535);
        assertEquals(-1, port.parse("-1"));
        assertEquals(65535, port.parse("65535"));
        assertEquals("expected an integer from -1 to 65535",
                assertThrows(IllegalArgumentException.class, () -> port.parse("65536"))
                        .getMessage());
        for (String bad : List.of("1.0", "0x10", "1e3", "", "8080 ", "99999999999999999999")) {
            assertThrows(IllegalArgumentException.class, () -> port.parse(bad), bad);
        }
        assertEquals("an integer >= 1", ValueType.integer(1, Integer.MAX_VALUE).description());
        assertEquals(Long.MIN_VALUE,
                ValueType.longInteger(Long.MIN_VALUE, Long.MAX_VALUE).parse("-9223372036854775808"));
    }

    @Test
    void decimalsAreFiniteAndPlainlyWritten() {
        ValueType<Double> rate = ValueType.decimalAbove(0);
        assertEquals(0.002, rate.parse("0.002"));
        assertEquals(0.001, rate.parse("1e-3"));
        assertEquals(5.0, rate.parse("5"));
        assertEquals(0.5, rate.parse(".5"));
        for (String bad : List.of("0", "-1", "NaN", "Infinity", "1e999", "5d", "0x1p3", "1,5")) {
            assertThrows(IllegalArgumentException.class, () -> rate.parse(bad), bad);
        }
        ValueType<Double> share = ValueType.decimal(0, 1);
        assertEquals(1.0, share.parse("1"));
        assertThrows(IllegalArgumentException.class, () -> share.parse("1.01"));
        assertEquals("a number from 0 to 1", share.description());
    }

    @Test
    void booleansAreTrueOrFalse() {
        assertEquals(true, ValueType.bool().parse("TRUE"));
        assertEquals(false, ValueType.bool().parse("false"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.bool().parse("yes"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.bool().parse("1"));
    }

    @Test
    void wordsFromAFixedSetAreNormalisedToLowerCase() {
        ValueType<String> cell = ValueType.oneOf("rnn", "lstm", "gru");
        assertEquals("gru", cell.parse("GRU"));
        assertEquals("expected one of: rnn, lstm, gru",
                assertThrows(IllegalArgumentException.class, () -> cell.parse("transformer"))
                        .getMessage());

        ValueType<List<String>> tasks = ValueType.subsetOf("tag", "label", "next");
        assertEquals(List.of("label", "tag"), tasks.parse("label, TAG"));
        assertThrows(IllegalArgumentException.class, () -> tasks.parse("tag,tag"));
        assertThrows(IllegalArgumentException.class, () -> tasks.parse("tag,"));
        assertThrows(IllegalArgumentException.class, () -> tasks.parse("tag,sentiment"));
    }

    @Test
    void pairsAreTwoPositiveIntegers() {
        ValueType<IntPair> pair = ValueType.positivePair();
        assertEquals(new IntPair(20, 50), pair.parse("20, 50"));
        assertEquals("20,50", pair.parse("20,50").toString());
        for (String bad : List.of("20", "20,50,1", "0,5", "5,-1", "a,b", "20;50", "3000000000,1")) {
            assertThrows(IllegalArgumentException.class, () -> pair.parse(bad), bad);
        }
    }

    @Test
    void kafkaNamesUseTheCharactersKafkaAllows() {
        ValueType<String> name = ValueType.kafkaName();
        assertEquals("tokens-dlq_v1.2", name.parse("tokens-dlq_v1.2"));
        for (String bad : List.of("my topic", "tokens/x", "..", ".", "t".repeat(250), "tökens")) {
            assertThrows(IllegalArgumentException.class, () -> name.parse(bad), bad);
        }
    }
}
