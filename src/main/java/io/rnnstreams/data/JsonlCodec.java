package io.rnnstreams.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link ExampleJson} object per line; blank lines are skipped. Records get the same checks
 * as the {@code training-examples} topic, with the default {@link ExampleJson.Limits}, so a file
 * that reads here can be replayed to a topic with default limits unchanged.
 */
final class JsonlCodec implements ExampleFileCodec {
    private final ExampleJson json = new ExampleJson();

    @Override
    public List<Example> read(Path path) throws IOException {
        List<Example> examples = new ArrayList<>();
        try (LineReader lines = new LineReader(path)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    examples.add(json.parse(line.getBytes(StandardCharsets.UTF_8)));
                } catch (InvalidExampleException e) {
                    throw lines.error(e.getMessage());
                }
            }
        }
        return examples;
    }

    @Override
    public String whyNotWritable(Example example) {
        try {
            json.parse(json.toJson(example));
            return null;
        } catch (IllegalArgumentException | InvalidExampleException e) {
            return "jsonl cannot hold this example: " + e.getMessage();
        }
    }

    @Override
    public void write(Example e, long number, Writer w) throws IOException {
        w.write(new String(json.toJson(e), StandardCharsets.UTF_8));
        w.write('\n');
    }
}
