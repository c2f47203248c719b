package io.rnnstreams.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One labelled text per line, label and raw text separated by a tab; the text is split with the
 * {@link Tokenizer}. Two layouts:
 * <ul>
 *   <li>{@code label<TAB>text}, split on the first tab (SMS Spam Collection: texts contain tabs
 *       only in theory, quotes often);
 *   <li>{@code text<TAB>label}, split on the last tab (Sentiment Labelled Sentences).
 * </ul>
 * No CSV quoting: a {@code "} is part of the text. Blank lines are skipped; the label is stripped
 * of surrounding white space and must not be empty; the text must hold at least one token.
 *
 * <p>Writing joins the tokens with single spaces, so an example is writable only when the
 * tokenizer gives the same tokens back from that text.
 */
final class LabelledTextCodec implements ExampleFileCodec {
    private final boolean labelFirst;
    private final String name;
    private final Tokenizer tokenizer = new Tokenizer();

    LabelledTextCodec(boolean labelFirst, String name) {
        this.labelFirst = labelFirst;
        this.name = name;
    }

    @Override
    public List<Example> read(Path path) throws IOException {
        List<Example> examples = new ArrayList<>();
        try (LineReader lines = new LineReader(path)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                int tab = labelFirst ? line.indexOf('\t') : line.lastIndexOf('\t');
                if (tab < 0) {
                    throw lines.error("no tab: expected " + layout());
                }
                String before = line.substring(0, tab);
                String after = line.substring(tab + 1);
                String label = (labelFirst ? before : after).strip();
                String text = labelFirst ? after : before;
                if (label.isEmpty()) {
                    throw lines.error("empty label");
                }
                String[] tokens = tokenizer.tokenize(text);
                if (tokens.length == 0) {
                    throw lines.error("empty text");
                }
                examples.add(Example.tokens(tokens, null, label));
            }
        }
        return examples;
    }

    private String layout() {
        return labelFirst ? "label<TAB>text" : "text<TAB>label";
    }

    @Override
    public String whyNotWritable(Example example) {
        if (!example.hasTokens()) {
            return name + " cannot hold dense vectors";
        }
        if (example.tags() != null) {
            return name + " cannot hold per-token tags";
        }
        String label = example.label();
        if (label == null) {
            return name + " needs a label on every example";
        }
        if (!ExampleFileCodec.isCell(label) || !label.equals(label.strip())) {
            return name + " cannot hold the label '" + label
                    + "' (empty, padded, tab or line break)";
        }
        String text = String.join(" ", example.tokens());
        if (!Arrays.equals(tokenizer.tokenize(text), example.tokens())) {
            return name + " cannot hold these tokens: the text '" + text
                    + "' does not tokenize back into them";
        }
        return null;
    }

    @Override
    public void write(Example e, long number, Writer w) throws IOException {
        String text = String.join(" ", e.tokens());
        w.write(labelFirst ? e.label() + "\t" + text + "\n" : text + "\t" + e.label() + "\n");
    }
}
