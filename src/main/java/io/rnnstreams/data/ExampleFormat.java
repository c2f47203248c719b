package io.rnnstreams.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data file formats, by the names the command line uses. All are UTF-8 text split on
 * {@code '\n'} only (a trailing {@code '\r'} is dropped; U+0085 and other characters some tools
 * treat as line breaks are not); a malformed file is a {@link DataFormatException} naming the line.
 *
 * <table>
 *   <caption>what each format holds</caption>
 *   <tr><th>name</th><th>layout</th><th>tokens</th><th>vectors</th><th>tags</th><th>label</th></tr>
 *   <tr><td>conllu</td><td>CoNLL-U, FORM and UPOS; {@code # label = X} comment</td>
 *       <td>yes</td><td>no</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>conll</td><td>{@code token<TAB>tag}, blank line between sequences</td>
 *       <td>yes</td><td>no</td><td>required</td><td>no</td></tr>
 *   <tr><td>tsv</td><td>{@code label<TAB>raw text}, first tab</td>
 *       <td>tokenized</td><td>no</td><td>no</td><td>required</td></tr>
 *   <tr><td>tsv-text-label</td><td>{@code raw text<TAB>label}, last tab</td>
 *       <td>tokenized</td><td>no</td><td>no</td><td>required</td></tr>
 *   <tr><td>jsonl</td><td>one {@link ExampleJson} object per line</td>
 *       <td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * </table>
 *
 * <p>{@link #write} refuses an example the format cannot hold so that it reads back equal,
 * instead of silently dropping part of it, and then leaves the target file untouched.
 */
public enum ExampleFormat {
    CONLLU("conllu", new ConlluCodec()),
    CONLL("conll", new ConllCodec()),
    TSV("tsv", new LabelledTextCodec(true, "tsv")),
    TSV_TEXT_LABEL("tsv-text-label", new LabelledTextCodec(false, "tsv-text-label")),
    JSONL("jsonl", new JsonlCodec());

    private final String cliName;
    private final ExampleFileCodec codec;

    ExampleFormat(String cliName, ExampleFileCodec codec) {
        this.cliName = cliName;
        this.codec = codec;
    }

    /** The name used on the command line, e.g. {@code tsv-text-label}. */
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** The format with this command-line name. */
    public static ExampleFormat named(String name) {
        for (ExampleFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        String known = Arrays.stream(values()).map(ExampleFormat::cliName)
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown format '" + name + "' (expected one of: " + known + ")");
    }

    /**
     * The format a file name's extension implies: {@code .conllu}, {@code .conll}, {@code .tsv},
     * {@code .jsonl} or {@code .ndjson}; empty for any other (a {@code .txt} file could be
     * anything).
     */
    public static Optional<ExampleFormat> forFileName(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".conllu")) {
            return Optional.of(CONLLU);
        } else if (name.endsWith(".conll")) {
            return Optional.of(CONLL);
        } else if (name.endsWith(".tsv")) {
            return Optional.of(TSV);
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }

    public List<Example> read(Path file) throws IOException {
        return codec.read(file);
    }

    /** Why this format cannot hold the example so that it reads back equal; empty when it can. */
    public Optional<String> whyNotWritable(Example example) {
        return Optional.ofNullable(codec.whyNotWritable(example));
    }

    /**
     * Writes the examples, replacing the file. The file appears complete or not at all: it is
     * written next to the target under a temporary name and moved into place at the end.
     *
     * @throws IllegalArgumentException naming the first example the format cannot hold; the
     *     target file is then left as it was
     */
    public void write(List<Example> examples, Path file) throws IOException {
        write(examples.iterator(), file);
    }

    /**
     * Writes examples as they come, so that a data set larger than memory can be written. Same
     * guarantees as {@link #write(List, Path)}.
     *
     * @return how many examples were written
     */
    public long write(Iterator<Example> examples, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        long count = 0;
        try {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(
                    Files.newOutputStream(temporary), StandardCharsets.UTF_8), 1 << 16)) {
                while (examples.hasNext()) {
                    Example example = examples.next();
                    count++;
                    String why = codec.whyNotWritable(example);
                    if (why != null) {
                        throw new IllegalArgumentException("example " + count + ": " + why);
                    }
                    codec.write(example, count, out);
                }
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return count;
    }
}
