package io.rnnstreams.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads a {@code .properties} file (UTF-8) keeping the line number of every entry, so that an
 * error can point at the line. {@link Properties#load} parses each logical line, so escapes and
 * continuation lines mean exactly what they mean to Java.
 */
final class PropertiesFile {
    /** One {@code key=value} entry and the line it starts on (1-based). */
    record Entry(String key, String value, int line) {}

    private PropertiesFile() {}

    static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = readLines(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (CharacterCodingException e) {
            throw new ConfigException("config file " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            int start = i;
            StringBuilder logical = new StringBuilder(lines.get(i));
            if (!isBlankOrComment(lines.get(i))) {
                while (endsWithContinuation(lines.get(i)) && i + 1 < lines.size()) {
                    i++;
                    logical.append('\n').append(lines.get(i));
                }
            }
            i++;
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IllegalArgumentException | IOException e) {
                throw new ConfigException(
                        file + " line " + (start + 1) + ": cannot parse: " + e.getMessage());
            }
            for (String key : one.stringPropertyNames()) {
                entries.add(new Entry(key, one.getProperty(key), start + 1));
            }
        }
        return entries;
    }

    private static List<String> readLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static boolean isBlankOrComment(String line) {
        String s = line.stripLeading();
        return s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == '!';
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
