package io.rnnstreams.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read the way the builder reads it: comment lines dropped, backslash continuations
 * joined, instructions grouped into build stages by FROM.
 */
final class ParsedDockerfile {

    record Instruction(String keyword, String arguments, int line) {}

    record Stage(String image, String alias, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    private final List<Stage> stages;

    private ParsedDockerfile(List<Stage> stages) {
        this.stages = stages;
    }

    static ParsedDockerfile read(Path file) throws IOException {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction instruction : instructions(Files.readAllLines(file), file)) {
            if (instruction.keyword().equals("FROM")) {
                current = new ArrayList<>();
                stages.add(fromStage(instruction, current, file));
            } else if (current == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalArgumentException(file + ":" + instruction.line() + ": " + instruction.keyword()
                            + " before the first FROM");
                }
            } else {
                current.add(instruction);
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(file + ": no FROM instruction");
        }
        return new ParsedDockerfile(stages);
    }

    List<Stage> stages() {
        return stages;
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    boolean isStageAlias(String image) {
        return stages.stream().anyMatch(s -> image.equalsIgnoreCase(s.alias()));
    }

    private static List<Instruction> instructions(List<String> lines, Path file) {
        List<Instruction> result = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            // The builder skips comment and empty lines, also inside a continued instruction.
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            if (pending.length() == 0) {
                start = i + 1;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1).strip() : line).append(' ');
            if (!continued) {
                result.add(instruction(pending.toString().strip(), start, file));
                pending.setLength(0);
            }
        }
        if (pending.length() > 0) {
            throw new IllegalArgumentException(file + ":" + start + ": the last instruction ends with a continuation");
        }
        return result;
    }

    private static Instruction instruction(String text, int line, Path file) {
        String[] parts = text.split("\\s+", 2);
        if (parts.length < 2) {
            throw new IllegalArgumentException(file + ":" + line + ": instruction without arguments: " + text);
        }
        return new Instruction(parts[0].toUpperCase(Locale.ROOT), parts[1], line);
    }

    private static Stage fromStage(Instruction from, List<Instruction> body, Path file) {
        List<String> words = new ArrayList<>(List.of(from.arguments().split("\\s+")));
        words.removeIf(w -> w.startsWith("--"));
        if (words.size() == 1) {
            return new Stage(words.get(0), null, body);
        }
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            return new Stage(words.get(0), words.get(2), body);
        }
        throw new IllegalArgumentException(file + ":" + from.line() + ": cannot read FROM " + from.arguments());
    }
}
