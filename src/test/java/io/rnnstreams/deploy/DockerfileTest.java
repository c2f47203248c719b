package io.rnnstreams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.deploy.ParsedDockerfile.Instruction;
import io.rnnstreams.deploy.ParsedDockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile cannot be built here (no Docker engine), so its rules are checked by reading it:
 * pinned bases, a non-root runtime, the README's build command, state and tmp on volumes.
 */
class DockerfileTest {

    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path README = Path.of("README.md");

    /** A tag with a full x.y.z version, or an immutable digest. */
    private static final Pattern PINNED = Pattern.compile("[^:@/]+(/[^:@/]+)*(:[^:@]*\\d+\\.\\d+\\.\\d+[^:@]*|@sha256:[0-9a-f]{64})");
    private static final Pattern SECRET_WORD =
            Pattern.compile("(?i)password|passwd|secret|jaas|credential|token|api[_-]?key");
    private static final Pattern BUILD_FLAG = Pattern.compile("^(--\\S+\\s+)+");

    private static ParsedDockerfile dockerfile;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = ParsedDockerfile.read(DOCKERFILE);
    }

    static boolean isPinned(String image) {
        return PINNED.matcher(image).matches() && !image.endsWith(":latest");
    }

    @Test
    void pinningRuleAcceptsOnlyFullVersionsOrDigests() {
        assertTrue(isPinned("eclipse-temurin:17.0.17_10-jre-noble"));
        assertTrue(isPinned("maven:3.9.11-eclipse-temurin-17"));
        assertTrue(isPinned("docker.io/library/eclipse-temurin@sha256:" + "a".repeat(64)));
        assertFalse(isPinned("eclipse-temurin:17-jre"));
        assertFalse(isPinned("eclipse-temurin"));
        assertFalse(isPinned("eclipse-temurin:latest"));
    }

    @Test
    void baseImagesArePinned() {
        for (Stage stage : dockerfile.stages()) {
            if (!dockerfile.isStageAlias(stage.image())) {
                assertTrue(isPinned(stage.image()), "base image not pinned to a full version: " + stage.image());
            }
        }
        assertTrue(dockerfile.stages().size() >= 2, "expected a build stage and a runtime stage");
    }

    @Test
    void buildStageRunsTheReadmeBuildCommand() throws IOException {
        List<String> mavenRuns = dockerfile.stages().subList(0, dockerfile.stages().size() - 1).stream()
                .flatMap(s -> s.all("RUN").stream())
                .map(run -> BUILD_FLAG.matcher(run.arguments()).replaceFirst(""))
                .filter(command -> command.startsWith("mvn "))
                .toList();
        assertEquals(List.of(readmeBuildCommand()), mavenRuns,
                "the Dockerfile must build with exactly the README's build command");
    }

    @Test
    void runtimeRunsAsAFixedNonRootUser() {
        List<Instruction> users = dockerfile.finalStage().all("USER");
        assertFalse(users.isEmpty(), "the runtime stage has no USER: it would run as root");
        String user = users.get(users.size() - 1).arguments().split(":")[0];
        assertTrue(user.matches("[1-9]\\d*"),
                "USER must be a numeric non-zero uid (so Kubernetes' runAsNonRoot can verify it): " + user);
    }

    @Test
    void exposesTheHttpPortWithAHealthcheck() {
        assertTrue(dockerfile.finalStage().all("EXPOSE").stream()
                .anyMatch(e -> Set.of(e.arguments().split("\\s+")).stream().anyMatch(p -> p.matches("8080(/tcp)?"))),
                "EXPOSE 8080 missing");
        List<Instruction> healthchecks = dockerfile.finalStage().all("HEALTHCHECK");
        assertEquals(1, healthchecks.size(), "expected one HEALTHCHECK");
        assertTrue(healthchecks.get(0).arguments().contains(":8080/healthz"), "HEALTHCHECK must probe /healthz");
    }

    @Test
    void noSecretsBakedIntoTheImage() {
        for (Stage stage : dockerfile.stages()) {
            for (Instruction i : stage.instructions()) {
                if (i.keyword().equals("ENV") || i.keyword().equals("ARG")) {
                    assertFalse(SECRET_WORD.matcher(i.arguments()).find(),
                            DOCKERFILE + ":" + i.line() + ": secrets come from the environment at run time: " + i.arguments());
                }
                if (i.keyword().equals("COPY") || i.keyword().equals("ADD")) {
                    assertFalse(i.arguments().matches("(?i).*\\.(jks|p12|pem|key)\\b.*"),
                            DOCKERFILE + ":" + i.line() + ": key material copied into the image: " + i.arguments());
                }
            }
        }
    }

    @Test
    void runtimeGetsOnlyTheJarAndTheConfig() {
        Set<String> copies = dockerfile.finalStage().all("COPY").stream()
                .map(Instruction::arguments).collect(Collectors.toSet());
        assertEquals(Set.of("--from=build /build/target/rnn-streams.jar /app/rnn-streams.jar", "config/ /app/config/"),
                copies);
        assertTrue(dockerfile.finalStage().all("ADD").isEmpty(), "ADD in the runtime stage");
    }

    @Test
    void stateAndTmpAreVolumesAndTheJvmUsesThem() {
        Stage runtime = dockerfile.finalStage();
        Set<String> volumes = runtime.all("VOLUME").stream()
                .flatMap(v -> jsonArray(v.arguments()).stream()).collect(Collectors.toSet());
        assertEquals(Set.of("/var/lib/rnn-streams", "/tmp"), volumes);
        assertTrue(runtime.all("ENV").stream().anyMatch(e -> e.arguments().equals("RNN_STREAMS_STATE_DIR=/var/lib/rnn-streams")),
                "state.dir must point at the state volume");

        List<Instruction> entrypoints = runtime.all("ENTRYPOINT");
        assertEquals(1, entrypoints.size());
        List<String> entrypoint = jsonArray(entrypoints.get(0).arguments());
        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", "/app/rnn-streams.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertTrue(entrypoint.contains("-Djava.io.tmpdir=/tmp"), "RocksDB's JNI library is extracted to java.io.tmpdir");
        assertTrue(entrypoint.stream().anyMatch(a -> a.matches("-XX:MaxRAMPercentage=([1-6]\\d|70)(\\.0)?")),
                "heap must be a share of the container memory that leaves room for RocksDB: " + entrypoint);
        String max = entrypoint.stream().filter(a -> a.startsWith("-XX:MaxRAMPercentage=")).findFirst().orElseThrow();
        assertTrue(entrypoint.contains(max.replace("Max", "Initial")) && entrypoint.contains("-XX:+AlwaysPreTouch"),
                "the heap is committed and touched at start, never grown under load: " + entrypoint);

        List<String> cmd = jsonArray(runtime.all("CMD").get(0).arguments());
        assertEquals(List.of("serve", "--config", "/app/config/serve.properties"), cmd);
    }

    /** The command in the README's "Build" section (the first {@code mvn} line of its code block). */
    private static String readmeBuildCommand() throws IOException {
        boolean inBuildSection = false;
        boolean inCodeBlock = false;
        for (String line : Files.readAllLines(README)) {
            if (line.strip().startsWith("```")) {
                inCodeBlock = !inCodeBlock;
            } else if (!inCodeBlock && line.startsWith("#")) {
                inBuildSection = line.replaceFirst("^#+", "").strip().equals("Build");
            } else if (inBuildSection && line.strip().startsWith("mvn ")) {
                return line.strip();
            }
        }
        throw new AssertionError(README + " has no mvn command under a \"Build\" heading");
    }

    private static List<String> jsonArray(String text) {
        try {
            return new ObjectMapper().readValue(text, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new AssertionError("not a JSON array (exec form): " + text, e);
        }
    }
}
