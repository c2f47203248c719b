package io.rnnstreams.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
            "Configuration keys: docs/configuration.md; example: config/serve.properties."
        })
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        ServingProcess process = ServingProcess.start(config.load());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.close();
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return 0;
    }
}
