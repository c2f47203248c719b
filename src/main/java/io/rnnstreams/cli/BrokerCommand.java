package io.rnnstreams.cli;

import io.rnnstreams.embedded.BrokerStartException;
import io.rnnstreams.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code broker}: a local single-node Kafka broker for trying things with any Kafka client. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft, no ZooKeeper) on 127.0.0.1 until Ctrl-C.",
            "Transactions and consumer groups work; topics are not created automatically unless "
                    + "--auto-create-topics is given. See docs/embedded-broker.md."
        })
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port for clients on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "Data directory, kept on exit so the next run finds the same topics, records "
                    + "and offsets (created if missing). Default: a temporary directory deleted on exit.")
    Path dir;

    @Option(names = "--auto-create-topics",
            description = "Create a topic (1 partition) when a client first uses it.")
    boolean autoCreateTopics;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be between 0 and 65535, got " + port);
        }
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(port);
        if (dir != null) {
            builder.dataDirectory(dir);
        }
        if (autoCreateTopics) {
            builder.property("auto.create.topics.enable", "true");
        }
        EmbeddedKafkaBroker broker = builder.build();
        try {
            broker.start();
        } catch (BrokerStartException e) {
            broker.close();
            throw new UserError(e.getMessage(), e);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            err.println("Broker stopped.");
            err.flush();
            stopped.countDown();
        }, "broker-shutdown"));

        out.println("bootstrap.servers=" + broker.bootstrapServers());
        out.flush();
        err.println("Broker running, data in " + broker.dataDirectory()
                + (dir == null ? " (deleted on exit)" : "") + ". Press Ctrl-C to stop it.");
        err.flush();
        stopped.await();
        return 0;
    }
}
