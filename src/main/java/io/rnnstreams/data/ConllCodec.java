package io.rnnstreams.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two-column CoNLL ({@code token<TAB>tag} per line, a blank line between sequences), the Broad
 * Twitter Corpus layout. Every non-blank line has exactly two columns and a non-empty tag; a last
 * sequence without a trailing blank line still counts. No sequence label: the format has no place
 * for one.
 *
 * <p>An empty token is kept as an empty string, not rejected: the published BTC dev file has three
 * such lines (two of them whole tweets), and dropping them would shift tags against tokens and
 * change the corpus's documented counts (1,001 tweets, 15,027 tokens).
 */
final class ConllCodec implements ExampleFileCodec {

    @Override
    public List<Example> read(Path path) throws IOException {
        List<Example> examples = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        try (LineReader lines = new LineReader(path)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isEmpty()) {
                    flush(tokens, tags, examples);
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
                    throw lines.error("expected token<TAB>tag, found "
                            + line.split("\t", -1).length + " columns");
                }
                if (tab == line.length() - 1) {
                    throw lines.error("empty tag");
                }
                tokens.add(line.substring(0, tab));
                tags.add(line.substring(tab + 1));
            }
        }
        flush(tokens, tags, examples);
        return examples;
    }

    private static void flush(List<String> tokens, List<String> tags, List<Example> out) {
        if (!tokens.isEmpty()) {
            out.add(Example.tokens(
                    tokens.toArray(new String[0]), tags.toArray(new String[0]), null));
            tokens.clear();
            tags.clear();
        }
    }

    @Override
    public String whyNotWritable(Example example) {
        if (!example.hasTokens()) {
            return "conll cannot hold dense vectors";
        }
        if (example.tags() == null) {
            return "conll needs per-token tags";
        }
        if (example.label() != null) {
            return "conll cannot hold a sequence label";
        }
        for (int i = 0; i < example.length(); i++) {
            String token = example.tokens()[i];
            if ((!token.isEmpty() && !ExampleFileCodec.isCell(token))
                    || !ExampleFileCodec.isCell(example.tags()[i])) {
                return "conll cannot hold the token/tag '" + token + "'/'" + example.tags()[i]
                        + "' (a tab or line break, or an empty tag)";
            }
        }
        return null;
    }

    @Override
    public void write(Example e, long number, Writer w) throws IOException {
        for (int i = 0; i < e.length(); i++) {
            w.write(e.tokens()[i] + "\t" + e.tags()[i] + "\n");
        }
        w.write("\n");
    }
}
