package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeldOutSplitTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void holdsOutAboutThePercentByKeyAndAlwaysTheSameRecords() {
        HeldOutSplit split = new HeldOutSplit(10);
        int held = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean h = split.isHeldOut(b("key-" + i), b("{}"));
            assertEquals(h, new HeldOutSplit(10).isHeldOut(b("key-" + i), b("other value")),
                    "the key decides, not the value");
            held += h ? 1 : 0;
        }
        assertTrue(held > 1_800 && held < 2_200, "about 10% held out: " + held);
    }

    @Test
    void withoutAKeyTheValueDecides() {
        HeldOutSplit split = new HeldOutSplit(50);
        int held = 0;
        for (int i = 0; i < 1_000; i++) {
            byte[] value = b("{\"tokens\":[\"w" + i + "\"]}");
            assertEquals(split.isHeldOut(null, value), split.isHeldOut(new byte[0], value), "an empty key is no key");
            held += split.isHeldOut(null, value) ? 1 : 0;
        }
        assertTrue(held > 400 && held < 600, "about half held out: " + held);
        assertFalse(split.isHeldOut(null, null), "a record with neither is never held out");
        assertFalse(new HeldOutSplit(0).isHeldOut(b("k"), b("v")));
    }
}
