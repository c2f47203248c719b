package io.rnnstreams.cli;

import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.ops.ConfigKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ensemble}: one model file that averages several trained models' distributions. */
@Command(
        name = "ensemble",
        mixinStandardHelpOptions = true,
        description = {
            "Writes one model file from several trained models; serving, eval and predict run every member "
                    + "and average their distributions at each head (a tag, a label, the next token).",
            "The members must share cell, layers, hidden size, input, heads with their classes, and delay "
                    + "(train them with the same options and different --seed); their vocabularies and "
                    + "features may differ. Each token costs every member's step, and the file is their sizes "
                    + "added up, which must stay under models.max.bytes to be published."
        })
public final class EnsembleCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ensemble file to write.")
    Path out;

    @Option(names = "--float16", description = "Store the weights as float16: half the bytes (three 40 MB models "
            + "fit the default models.max.bytes), answers change in about the fourth significant digit.")
    boolean float16;

    @Parameters(arity = "2..*", paramLabel = "MODEL", description = "Two or more single-model .safetensors files.")
    List<Path> models;

    @Override
    public Integer call() throws Exception {
        List<Model> members = new ArrayList<>();
        for (Path p : models) {
            members.add(ModelFile.read(p));
        }
        Ensemble ensemble;
        try {
            ensemble = Ensemble.averaging(members);
        } catch (IllegalArgumentException e) {
            throw new UserError("cannot average these models: " + e.getMessage() + " (" + models + ")");
        }
        if (float16) {
            ensemble = ensemble.withMetadata(ModelFile.WEIGHTS, ModelFile.FLOAT16);
        }
        ModelFile.write(ensemble, out);
        long bytes = Files.size(out);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %s: an ensemble of %d %s %dx%d models, %s weights, %,d bytes%n", out, members.size(),
                ensemble.config().cell().id(), ensemble.config().layers(), ensemble.config().hidden(),
                float16 ? "float16" : "float32", bytes);
        long limit = Long.parseLong(ConfigKeys.MODELS_MAX_BYTES.defaultText());
        if (bytes > limit) {
            o.printf("note: over the default models.max.bytes (%,d): publish with --set models.max.bytes=N%s%n", limit,
                    float16 ? "" : " or write it with --float16");
        }
        return 0;
    }
}
