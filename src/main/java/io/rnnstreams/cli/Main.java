package io.rnnstreams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point: {@code java -jar rnn-streams.jar <subcommand>}. */
@Command(
        name = "rnn-streams",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Streaming RNN / LSTM / GRU sequence classification on Kafka.",
        subcommands = {
            FitCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            GenerateCommand.class,
            SynthCommand.class,
            DemoCommand.class,
            ServeCommand.class,
            TrainCommand.class,
            PublishCommand.class,
            EnsembleCommand.class,
            BrokerCommand.class,
            ReplayCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rnn-streams " + (v == null ? "dev" : v)};
        }
    }
}
