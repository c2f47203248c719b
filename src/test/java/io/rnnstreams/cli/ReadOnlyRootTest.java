package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.stream.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the container promises (non-root, read-only root filesystem, writes only to the state
 * volume and /tmp), shown without Docker: `serve` runs in a private mount namespace where `/` is
 * remounted read-only and only a state directory and a temporary directory stay writable, as
 * uid/gid 10001 with no capabilities, and must still serve tokens. Needs root and util-linux's
 * unshare and setpriv to build that sandbox; skipped otherwise.
 */
class ReadOnlyRootTest {
    private static final int UID = 10001;

    @TempDir
    Path dir;

    @Test
    void serveWorksAsNonRootWithOnlyStateAndTmpWritable() throws Exception {
        Assumptions.assumeTrue(canSandbox(), "needs root, unshare and setpriv to build a read-only mount namespace");
        Path state = writable(dir.resolve("state"));
        Path tmp = writable(dir.resolve("tmp"));
        Path libs = Files.createDirectories(dir.resolve("lib"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(libs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path readOnlyWorkDir = Files.createDirectories(dir.resolve("work"));
        String topicPrefix = SharedBroker.uniqueName("ro");
        Map<String, String> set = new LinkedHashMap<>();
        set.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        set.put("application.id", topicPrefix);
        set.put("state.dir", state.toString());
        set.put("http.port", "-1");
        set.put("topics.partitions", "1");
        for (String topic : List.of("tokens", "tags", "labels", "generated", "dlq", "models")) {
            set.put("topics." + topic, topicPrefix + "-" + topic);
        }
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp, "-cp", readableClasspath(libs), Main.class.getName()));
        java.addAll(ChildJvm.serveArguments(set));
        String script = "set -e\n"
                + "mount --bind \"$1\" \"$1\"\n"
                + "mount --bind \"$2\" \"$2\"\n"
                + "mount -o remount,bind,ro /\n"
                + "shift 2\n"
                + "exec setpriv --reuid=" + UID + " --regid=" + UID + " --clear-groups --inh-caps=-all"
                + " --bounding-set=-all --no-new-privs -- \"$@\"\n";
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                script, "sandbox", state.toString(), tmp.toString()));
        command.addAll(java);
        Map<String, Object> client = SharedBroker.clientProperties();
        try (ChildJvm serve = ChildJvm.start(dir.resolve("serve.log"), command, Map.of(), readOnlyWorkDir)) {
            serve.awaitOutput("processing paused until one is published", Duration.ofSeconds(120));
            assertTrue(FirstTag.arrives(client, set, 61), "no tag from the sandboxed serve:\n" + serve.tail());
            String status = Files.readString(Path.of("/proc", Long.toString(serve.pid()), "status"));
            assertTrue(status.contains("\nUid:\t" + UID + "\t" + UID), "not running as " + UID + ":\n" + status);
            assertTrue(status.contains("\nGid:\t" + UID + "\t" + UID), "not running with gid " + UID);
            assertTrue(status.contains("\nCapEff:\t0000000000000000"), "has capabilities:\n" + status);
            // The same namespace, entered from outside: even root can write only to the two directories.
            assertEquals(0, touchInside(serve.pid(), tmp.resolve("written")), "cannot enter the sandbox");
            assertNotEquals(0, touchInside(serve.pid(), readOnlyWorkDir.resolve("written")),
                    "the sandbox's root filesystem is writable");
            assertFalse(Files.exists(readOnlyWorkDir.resolve("written")));
            assertTrue(hasFile(tmp, "librocksdbjni"), "RocksDB did not unpack its library into java.io.tmpdir");
            assertTrue(hasFile(state, "CURRENT"), "no RocksDB store in the state directory");
            assertFalse(serve.output().contains("Read-only file system"), serve.output());
            assertEquals(List.of(), filesIn(readOnlyWorkDir), "the working directory was written to");
        }
    }

    private static int touchInside(long pid, Path file) throws IOException, InterruptedException {
        return new ProcessBuilder("nsenter", "--mount=/proc/" + pid + "/ns/mnt", "touch", file.toString())
                .redirectErrorStream(true).start().waitFor();
    }

    /** Root can build the sandbox: a private mount namespace and setpriv must both work here. */
    private static boolean canSandbox() {
        try {
            Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "setpriv", "--reuid="
                    + UID, "--regid=" + UID, "--clear-groups", "true").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The test classpath as uid 10001 can read it: jars are hard-linked (no copy) into a readable
     * directory, because the local Maven repository under /root is not; class directories stay.
     */
    private static String readableClasspath(Path libs) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isDirectory(source)) {
                entries.add(entry);
                continue;
            }
            Path link = libs.resolve((i++) + "-" + source.getFileName());
            try {
                Files.createLink(link, source);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(source, link);
            }
            entries.add(link.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path writable(Path path) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
        return path;
    }

    private static boolean hasFile(Path dir, String namePart) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().contains(namePart));
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
