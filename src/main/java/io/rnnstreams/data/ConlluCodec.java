package io.rnnstreams.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CoNLL-U (Universal Dependencies): tokens are the FORM column, tags the UPOS column.
 *
 * <p>Reading: comment lines ({@code #}), multiword-token ranges ({@code 1-2}) and empty nodes
 * ({@code 1.1}) are skipped, so an example holds the syntactic words (integer IDs), which must run
 * 1, 2, 3 ... within a sentence. Sentences end at a blank line or at the end of the file. A word
 * line must have exactly 10 tab-separated columns. A sentence whose UPOS column is {@code _}
 * throughout has no tags (a language-model example); {@code _} for some words only is an error.
 *
 * <p>Project extension: a comment {@code # label = VALUE} before a sentence gives it a sequence
 * label (UD itself has no sentence labels; other comments such as {@code # text} are ignored).
 * Writing produces {@code # sent_id}, {@code # label} (when present) and {@code # text} comments,
 * then one line per token with {@code _} in the columns we do not model.
 */
final class ConlluCodec implements ExampleFileCodec {
    private static final Pattern LABEL_COMMENT = Pattern.compile("#\\s*label\\s*=(.*)");
    private static final String NO_VALUE = "_";

    @Override
    public List<Example> read(Path path) throws IOException {
        List<Example> examples = new ArrayList<>();
        try (LineReader lines = new LineReader(path)) {
            Sentence sentence = new Sentence();
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isEmpty()) {
                    sentence.finish(lines, examples);
                    continue;
                }
                sentence.begin(lines.lineNumber());
                if (line.startsWith("#")) {
                    sentence.comment(line, lines);
                } else {
                    sentence.wordLine(line, lines);
                }
            }
            sentence.finish(lines, examples);
        }
        return examples;
    }

    /** The sentence being read. */
    private static final class Sentence {
        private final List<String> forms = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private String label;
        private long firstLine;
        private boolean hasTokenLines;
        private long untaggedLine;
        private long taggedLine;

        void begin(long line) {
            if (firstLine == 0) {
                firstLine = line;
            }
        }

        void comment(String line, LineReader lines) throws DataFormatException {
            Matcher m = LABEL_COMMENT.matcher(line);
            if (!m.matches()) {
                return;
            }
            String value = m.group(1).strip();
            if (value.isEmpty()) {
                throw lines.error("empty label comment");
            }
            if (label != null) {
                throw lines.error("second label comment for one sentence");
            }
            label = value;
        }

        void wordLine(String line, LineReader lines) throws DataFormatException {
            String[] cols = line.split("\t", -1);
            if (cols.length != 10) {
                throw lines.error("expected 10 tab-separated columns, found " + cols.length);
            }
            hasTokenLines = true;
            String id = cols[0];
            if (id.indexOf('-') >= 0) {
                checkId(id, "-", lines);
                return;
            }
            if (id.indexOf('.') >= 0) {
                checkId(id, ".", lines);
                return;
            }
            int expected = forms.size() + 1;
            if (!isNumber(id) || !id.equals(Integer.toString(expected))) {
                throw lines.error("word ID '" + clip(id) + "' where " + expected + " was expected");
            }
            String form = cols[1];
            String upos = cols[3];
            if (form.isEmpty()) {
                throw lines.error("empty FORM");
            }
            if (upos.isEmpty()) {
                throw lines.error("empty UPOS");
            }
            if (upos.equals(NO_VALUE)) {
                untaggedLine = untaggedLine == 0 ? lines.lineNumber() : untaggedLine;
            } else {
                taggedLine = taggedLine == 0 ? lines.lineNumber() : taggedLine;
            }
            if (untaggedLine != 0 && taggedLine != 0) {
                throw lines.error("UPOS '_' for some words of a sentence but not all");
            }
            forms.add(form);
            tags.add(upos);
        }

        void finish(LineReader lines, List<Example> out) throws DataFormatException {
            if (hasTokenLines && forms.isEmpty()) {
                throw lines.error(firstLine, "sentence has no words (integer IDs)");
            }
            if (!forms.isEmpty()) {
                out.add(Example.tokens(forms.toArray(new String[0]),
                        taggedLine != 0 ? tags.toArray(new String[0]) : null, label));
            }
            forms.clear();
            tags.clear();
            label = null;
            firstLine = 0;
            hasTokenLines = false;
            untaggedLine = 0;
            taggedLine = 0;
        }

        private static void checkId(String id, String separator, LineReader lines)
                throws DataFormatException {
            int at = id.indexOf(separator);
            if (!isNumber(id.substring(0, at)) || !isNumber(id.substring(at + 1))) {
                throw lines.error("malformed ID '" + clip(id) + "'");
            }
        }

        private static boolean isNumber(String s) {
            if (s.isEmpty() || s.length() > 9) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private static String clip(String s) {
            return s.length() <= 20 ? s : s.substring(0, 20) + "...";
        }
    }

    @Override
    public String whyNotWritable(Example example) {
        if (!example.hasTokens()) {
            return "conllu cannot hold dense vectors";
        }
        for (String token : example.tokens()) {
            if (!ExampleFileCodec.isCell(token)) {
                return "conllu cannot hold the token '" + token
                        + "' (empty, or a tab or line break)";
            }
        }
        if (example.tags() != null) {
            for (String tag : example.tags()) {
                if (!ExampleFileCodec.isCell(tag) || tag.equals(NO_VALUE)) {
                    return "conllu cannot hold the tag '" + tag + "'";
                }
            }
        }
        String label = example.label();
        if (label != null && (!ExampleFileCodec.isCell(label) || !label.equals(label.strip()))) {
            return "conllu cannot hold the label '" + label + "' (empty, padded, or a line break)";
        }
        return null;
    }

    @Override
    public void write(Example e, long number, Writer w) throws IOException {
        w.write("# sent_id = " + number + "\n");
        if (e.label() != null) {
            w.write("# label = " + e.label() + "\n");
        }
        w.write("# text = " + String.join(" ", e.tokens()) + "\n");
        String[] tokens = e.tokens();
        for (int i = 0; i < tokens.length; i++) {
            String upos = e.tags() != null ? e.tags()[i] : NO_VALUE;
            w.write((i + 1) + "\t" + tokens[i] + "\t_\t" + upos + "\t_\t_\t_\t_\t_\t_\n");
        }
        w.write("\n");
    }
}
