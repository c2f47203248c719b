package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathSegmentTest {
    @Test
    void decodesOnceAndKeepsPlusSigns() {
        assertEquals("user/42 x+y%", PathSegment.decode("user%2F42%20x+y%25"));
        assertEquals("%2F", PathSegment.decode("%252F"));
        assertEquals("café €", PathSegment.decode("caf%C3%A9%20%e2%82%ac"));
        assertEquals("café", PathSegment.decode("café"));
        assertEquals("", PathSegment.decode(""));
    }

    @Test
    void rejectsMalformedEscapesAndNonUtf8() {
        for (String bad : List.of("%", "%2", "a%zz", "%C3%28", "%C3", "%FF", "%ED%A0%80")) {
            assertThrows(IllegalArgumentException.class, () -> PathSegment.decode(bad), bad);
        }
    }

    @Test
    void encodingRoundTripsAndNeverLeavesASlash() {
        for (String s : List.of("plain-key_1.2~", "a/b", "../metrics", "x y+z%", "café €", "ü\u0000")) {
            String encoded = PathSegment.encode(s);
            assertEquals(-1, encoded.indexOf('/'), encoded);
            assertEquals(s, PathSegment.decode(encoded));
        }
        assertEquals("a%2Fb%20c%2B", PathSegment.encode("a/b c+"));
    }
}
