package io.rnnstreams.cli;

import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.OpsHttpServer;
import io.rnnstreams.ops.PrometheusMetrics;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.ops.Topics;
import io.rnnstreams.ops.TrainerMetrics;
import io.rnnstreams.train.SideTrainer;
import io.rnnstreams.train.TrainerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: the side trainer, until SIGTERM / Ctrl-C. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the side trainer: reads the training-examples topic in windows (train.window.examples records "
                    + "or train.window.seconds, whichever first), trains train.epochs passes per window, scores "
                    + "each candidate on a held-out share and publishes it to the models topic unless it regresses, "
                    + "in one Kafka transaction with the consumed offsets. Rejected examples go to the training DLQ.",
            "It resumes from the newest model on the models topic; without one it starts from --init (or "
                    + "train.init.model), else it creates a model of the model.* shape from the first window. "
                    + "Prints one progress line per window; serves /metrics, /healthz and /readyz over HTTP.",
            "Configuration keys: docs/configuration.md; example: config/train.properties; how it works: "
                    + "docs/trainer.md."
        })
public final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--init", paramLabel = "MODEL",
            description = "Model file to start from when the models topic has none (overrides train.init.model).")
    Path init;

    @Override
    public Integer call() {
        RnnStreamsConfig c = config.load();
        TrainerSettings settings = TrainerSettings.from(c);
        if (init != null) {
            settings = settings.withInitModel(init);
        }
        if (settings.initModel() != null) {
            ModelFile.read(settings.initModel());
        }
        LOG.info("effective configuration:\n{}", c.dump());
        if (c.get(ConfigKeys.TOPICS_CREATE)) {
            int partitions = c.get(ConfigKeys.TOPICS_PARTITIONS);
            try (Admin admin = Admin.create(c.kafkaProperties())) {
                Topics.ensure(admin, List.of(
                        Topics.Spec.data(settings.trainingTopic(), partitions),
                        Topics.Spec.data(settings.dlqTopic(), partitions),
                        Topics.Spec.models(settings.modelsTopic(), settings.maxModelBytes())),
                        c.get(ConfigKeys.TOPICS_REPLICATION_FACTOR).shortValue());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrometheusMetrics metrics = new PrometheusMetrics(c.get(ConfigKeys.APPLICATION_ID), instanceName());
        SideTrainer trainer = new SideTrainer(settings, c.kafka(), metrics, new TrainerMetrics(metrics.registry()),
                report -> {
                    out.println(report.progressLine());
                    out.flush();
                });
        OpsHttpServer http = startHttp(c, metrics, trainer);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (http != null) {
                http.shuttingDown();
            }
            trainer.close();
        }, "train-shutdown"));
        try {
            trainer.run();
        } catch (SideTrainer.TrainerException e) {
            throw new UserError(e.getMessage(), e);
        } finally {
            if (http != null) {
                http.close();
            }
            metrics.close();
        }
        return 0;
    }

    private static OpsHttpServer startHttp(RnnStreamsConfig c, PrometheusMetrics metrics, SideTrainer trainer) {
        int port = c.get(ConfigKeys.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        try {
            OpsHttpServer http = OpsHttpServer.start(c.get(ConfigKeys.HTTP_BIND_ADDRESS), port, metrics,
                    trainer::notReadyReason, (key, forwarded) -> Optional.empty());
            LOG.info("HTTP on port {}: /metrics /healthz /readyz", http.port());
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HTTP server on port " + port, e);
        }
    }

    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        return host != null ? host : "local";
    }
}
