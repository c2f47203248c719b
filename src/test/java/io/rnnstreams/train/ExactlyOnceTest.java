package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import java.io.File;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code train} process is killed (SIGKILL) while it trains its second window, with part of the
 * third already produced; a new trainer takes over. Publishing and committing offsets in one
 * transaction means the published history accounts for every example exactly once: the last
 * model has seen exactly as many examples as were produced, in whole windows.
 */
class ExactlyOnceTest {
    private static final int WINDOW = 200;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void killedMidWindowThenRestartedCountsEveryExampleOnce() throws Exception {
        List<Example> examples = new HmmTask().generate(3 * WINDOW, 5);
        try (TrainerHarness h = new TrainerHarness(3)) {
            Path log = dir.resolve("train.log");
            int port = freePort();
            Process child = startTrainProcess(h, log, port);
            try {
                HttpResponse<String> notReady = awaitHttp(port, "/readyz", log, r -> r.body().contains("no model"));
                assertEquals(503, notReady.statusCode());
                assertEquals("not ready: no model yet", notReady.body().strip(), "assigned, but nothing to train yet");
                h.produce(examples.subList(0, WINDOW), 0);
                awaitLine(log, "-> published version 1", child);
                assertEquals("ready", awaitHttp(port, "/readyz", log, r -> true).body().strip());
                String metrics = awaitHttp(port, "/metrics", log, r -> true).body();
                assertTrue(metrics.contains("rnn_trainer_models_published_total{"), "the trainer's meters are served");
                assertTrue(metrics.contains("rnn_trainer_gradient_norm{") && metrics.contains("distance=\"50\""),
                        "with the gradient norms");
                h.produce(examples.subList(WINDOW, 2 * WINDOW + WINDOW / 2), WINDOW);
                awaitLine(log, "window 2: training on", child);
            } finally {
                child.destroyForcibly().waitFor();
            }
            boolean secondPublished = Files.readString(log).contains("-> published version 2");
            System.out.println("train process killed " + (secondPublished ? "after" : "before") + " publishing window 2");
            h.produce(examples.subList(2 * WINDOW + WINDOW / 2, 3 * WINDOW), 2 * WINDOW + WINDOW / 2);

            h.start(h.settings(WINDOW, 2, 0.005, 1.0, TrainerHarness.shape(CellType.GRU, 16, Task.TAG, Task.LABEL)));
            h.awaitReport(r -> r.outcome() == WindowReport.Outcome.PUBLISHED && r.window() == 3, WAIT);

            List<Model> published = h.publishedModels();
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < published.size(); i++) {
                Model m = published.get(i);
                assertEquals(i + 1, ModelProvenance.number(m, ModelFile.VERSION, -1), "versions 1, 2, 3 in order");
                seen.add(ModelProvenance.number(m, ModelProvenance.EXAMPLES_SEEN, -1));
            }
            assertEquals(List.of((long) WINDOW, 2L * WINDOW, 3L * WINDOW), seen,
                    "examples seen per published version: whole windows, none lost, none twice");
            assertEquals(examples.size(), seen.get(seen.size() - 1), "the last model has seen every example once");
            assertTrue(TrainerHarness.readAll(h.dlqTopic).isEmpty(), "nothing rejected");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The first answer of the child's HTTP server that is {@code wanted}. */
    private static HttpResponse<String> awaitHttp(int port, String path, Path log,
            Predicate<HttpResponse<String>> wanted) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (wanted.test(r)) {
                    return r;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the train process did not serve " + path + ":\n" + Files.readString(log));
    }

    private Process startTrainProcess(TrainerHarness h, Path log, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.rnnstreams.cli.Main", "train",
                "--set", "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers(),
                "--set", "application.id=" + h.applicationId,
                "--set", "topics.create=false",
                "--set", "topics.training=" + h.trainingTopic,
                "--set", "topics.training.dlq=" + h.dlqTopic,
                "--set", "topics.models=" + h.modelsTopic,
                "--set", "http.port=" + port,
                "--set", "http.bind.address=127.0.0.1",
                "--set", "train.window.examples=" + WINDOW,
                "--set", "train.window.seconds=600",
                "--set", "train.epochs=2",
                "--set", "train.learning.rate=0.005",
                "--set", "train.regression.tolerance=1",
                "--set", "model.task=tag,label",
                "--set", "model.hidden=16",
                "--set", "model.embed=16");
        File out = log.toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    }

    private static void awaitLine(Path log, String text, Process child) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!child.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the train process did not print '" + text + "':\n"
                + (Files.exists(log) ? Files.readString(log) : "(no output)"));
    }
}
