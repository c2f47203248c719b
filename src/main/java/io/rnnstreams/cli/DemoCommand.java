package io.rnnstreams.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: everything in one process, no setup. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the whole product in one process with no setup: starts an in-process Kafka broker, trains a "
                    + "small GRU on generated sentences, publishes it, starts the serving topology, streams fresh "
                    + "sentences token by token and prints their tags and labels as they arrive, plus one generated "
                    + "continuation; then a summary scored against the generator's truth.",
            "Optional --config (e.g. config/demo.properties) and --set override serving settings; the broker "
                    + "address and state directory are the demo's own."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--sequences", paramLabel = "N", defaultValue = "300",
            description = "Sentences to stream (default: ${DEFAULT-VALUE}).")
    int sequences;

    @Option(names = "--show", paramLabel = "N", defaultValue = "12",
            description = "Sentences printed in full; the rest as progress lines (default: ${DEFAULT-VALUE}).")
    int show;

    @Option(names = "--train", paramLabel = "N", defaultValue = "3000",
            description = "Generated sentences to train on (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "4", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--verbose", description = "Show the INFO logs of rnn-streams and Kafka.")
    boolean verbose;

    @Option(names = "--keep-running",
            description = "Leave the broker and serving up after the summary and print the addresses to use from "
                    + "another terminal; Ctrl-C stops.")
    boolean keepRunning;

    private static void setLevel(String logger, ch.qos.logback.classic.Level level) {
        if (org.slf4j.LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(level);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (sequences < 1 || train < 10 || epochs < 1) {
            throw new UserError("--sequences >= 1, --train >= 10 and --epochs >= 1");
        }
        if (!verbose) {
            // The demo's own lines tell the story; the services' logs would bury them.
            setLevel("io.rnnstreams", ch.qos.logback.classic.Level.WARN);
            setLevel("org.apache.kafka", ch.qos.logback.classic.Level.ERROR);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoPipeline demo = new DemoPipeline(out, err);
        try {
            demo.start(config, train, epochs);
            DemoPipeline.Summary summary = demo.stream(sequences, show);
            if (summary.labels() < sequences) {
                err.printf("only %d of %d sentences came back labelled%n", summary.labels(), sequences);
                return 1;
            }
            if (keepRunning) {
                out.printf("%nStill running. From another terminal:%n  bootstrap.servers=%s%n", demo.bootstrapServers());
                if (demo.serving().httpPort() > 0) {
                    out.printf("  curl http://127.0.0.1:%d/metrics%n", demo.serving().httpPort());
                }
                out.println("Press Ctrl-C to stop.");
                out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    demo.close();
                    stop.countDown();
                }, "demo-shutdown"));
                stop.await();
                return 0;
            }
            return 0;
        } finally {
            if (!keepRunning) {
                demo.close();
            }
        }
    }
}
