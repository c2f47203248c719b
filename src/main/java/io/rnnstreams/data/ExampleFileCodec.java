package io.rnnstreams.data;

import java.io.IOException;
import java.io.OutputStream;
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

    /** Writes examples that all passed {@link #whyNotWritable}. */
    void write(List<Example> examples, OutputStream out) throws IOException;

    /** True when the string can be one cell of a tab-separated line: non-empty, no tab or break. */
    static boolean isCell(String s) {
        return !s.isEmpty() && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
    }
}
