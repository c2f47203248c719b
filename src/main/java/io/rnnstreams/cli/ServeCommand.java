package io.rnnstreams.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: the serving topology against any Kafka cluster, until SIGTERM / Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the serving topology: reads the tokens topic, keeps each key's RNN state, writes tags, "
                    + "labels, generated continuations and dead letters, and hot-swaps models from the models "
                    + "topic. Serves /metrics, /healthz, /readyz and /sequences/{key} over HTTP.",
            "Until the first model is published, processing is paused and tokens wait in Kafka.",
            "Exits with one error line (code 2) when Kafka refuses the credentials or the ACLs.",
            "Configuration keys: docs/configuration.md; example: config/serve.properties."
        })
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        ServingProcess process = ServingProcess.start(config.load());
        CompletableFuture<Throwable> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.close();
            stopped.complete(null);
        }, "serve-shutdown"));
        Throwable failure = stopped.applyToEither(process.app().failure(), f -> f).join();
        if (failure != null) {
            process.close();
            throw ServingProcess.failed(failure);
        }
        return 0;
    }
}
