package io.rnnstreams.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM on the test classpath, with its stdout and stderr in one log file: a `serve`
 * process that a test can kill without a clean close (SIGKILL), or a probe that needs a heap and
 * resident set of its own.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java <jvmArgs> -cp <test classpath> <mainClass> <args>}. */
    public static ChildJvm start(Path log, List<String> jvmArgs, String mainClass, List<String> args,
            Map<String, String> environment, Path workingDirectory) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return start(log, command, environment, workingDirectory);
    }

    /** Starts any command, for wrappers around the JVM such as a sandbox. */
    public static ChildJvm start(Path log, List<String> command, Map<String, String> environment,
            Path workingDirectory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        return new ChildJvm(builder.start(), log);
    }

    /**
     * {@code serve} with {@code --set key=value} for each setting. The JIT stops at its first tier
     * and the collector is serial: on a shared 2-core machine a test process should start quickly
     * and leave the cores to the rest, not reach peak speed.
     */
    public static ChildJvm serve(Path log, Map<String, String> settings, Map<String, String> environment)
            throws IOException {
        return start(log, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                "io.rnnstreams.cli.Main", serveArguments(settings), environment, null);
    }

    public static List<String> serveArguments(Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("serve"));
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Waits until the output contains {@code text}; fails if the process exits first or time runs out. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the process exited (" + process.exitValue() + ") before printing '" + text
                        + "':\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + tail());
    }

    /** Waits for the process to end by itself; its exit code, or an assertion failure on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no clean close, no last commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the output, for failure messages. */
    public String tail() {
        String[] lines = output().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
