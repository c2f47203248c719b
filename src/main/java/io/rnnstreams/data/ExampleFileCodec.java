package io.rnnstreams.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/** Reading and writing one file format; {@link ExampleFormat} is the public face. */
interface ExampleFileCodec {

    List<Example> read(Path path) throws IOException;

    /**
     * Why this example cannot be written so that it reads back equal (a short phrase such as
     * "conllu cannot hold dense vectors"), or null when it can.
     */
    String whyNotWritable(Example example);

    /**
     * Writes one example that passed {@link #whyNotWritable}.
     *
     * @param number the example's 1-based position in the file
     */
    void write(Example example, long number, Writer out) throws IOException;

    /** True when the string can be one cell of a tab-separated line: non-empty, no tab or break. */
    static boolean isCell(String s) {
        return !s.isEmpty() && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
    }
}
