package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code train} command's user errors; the trainer itself is tested in io.rnnstreams.train. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aMissingOrCorruptInitModelIsAOneLineErrorBeforeKafkaIsContacted() throws Exception {
        Path missing = dir.resolve("missing.safetensors");
        assertEquals(2, run("train", "--init", missing.toString(), "--set", "kafka.bootstrap.servers=127.0.0.1:1"));
        assertEquals("error: " + missing + ": no such file", err.toString().strip());

        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {1, 2, 3});
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--set", "train.init.model=" + corrupt,
                "--set", "kafka.bootstrap.servers=127.0.0.1:1"));
        assertTrue(err.toString().startsWith("error: " + corrupt + ": "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line, no stack trace");
    }

    @Test
    void anInvalidSettingIsReportedWithItsOrigin() {
        assertEquals(2, run("train", "--set", "train.tbptt=40,20"));
        assertTrue(err.toString().startsWith("error: train.tbptt=40,20 (--set): "), err.toString());
    }
}
