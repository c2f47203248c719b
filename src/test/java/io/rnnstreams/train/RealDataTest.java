package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleFormat;
import io.rnnstreams.data.LengthBatches;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.TokenFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Learning on real text from ../shared/data (skipped with a message when it is absent): a GRU
 * tagger on UD English-EWT, an entity tagger on the Broad Twitter Corpus and a spam classifier on
 * the SMS Spam Collection.
 */
class RealDataTest {
    private static final Path DATA = Path.of(System.getProperty("rnnstreams.shared.data", "../shared/data"));

    @Test
    void gruTaggerOnEnglishEwtReaches90PercentUpos() throws Exception {
        Path train = DATA.resolve("ud-english-ewt/en_ewt-ud-train.conllu");
        Path dev = DATA.resolve("ud-english-ewt/en_ewt-ud-dev.conllu");
        assumeTrue(Files.exists(train) && Files.exists(dev), "UD English-EWT not found under " + DATA + "; skipped");
        List<Example> trainSet = ExampleFormat.CONLLU.read(train);
        List<Example> devSet = ExampleFormat.CONLLU.read(dev);
        long start = System.nanoTime();
        Model model = gruH64TwoEpochs(trainSet, Task.TAG);
        double accuracy = Evaluation.evaluate(new InferenceModel(model), devSet, Task.TAG).accuracy();
        System.out.printf("EWT UPOS dev accuracy %.4f (GRU H=64, 2 epochs, %.0f s)%n", accuracy,
                (System.nanoTime() - start) / 1e9);
        assertTrue(accuracy >= 0.90, "UPOS accuracy " + accuracy);
    }

    @Test
    void spamClassifierOnHeldOutSmsReaches97Percent() throws Exception {
        Path file = DATA.resolve("sms-spam/sms-train.tsv");
        assumeTrue(Files.exists(file), "SMS Spam Collection not found under " + DATA + "; skipped");
        List<Example> all = new ArrayList<>(ExampleFormat.TSV.read(file));
        LengthBatches.shuffle(all, new SplittableRandom(7));
        List<Example> heldOut = all.subList(0, all.size() / 5);
        List<Example> train = all.subList(all.size() / 5, all.size());
        long start = System.nanoTime();
        Model model = gruH64TwoEpochs(train, Task.LABEL);
        EvaluationReport r = Evaluation.evaluate(new InferenceModel(model), heldOut, Task.LABEL);
        System.out.printf("SMS spam held-out accuracy %.4f, spam F1 %.4f (GRU H=64, 2 epochs, %.0f s)%n", r.accuracy(),
                r.f1("spam"), (System.nanoTime() - start) / 1e9);
        assertTrue(r.accuracy() >= 0.97, "accuracy " + r.accuracy());
    }

    @Test
    void gruEntityTaggerOnBroadTwitterCorpusReachesF1Of055() throws Exception {
        Path train = DATA.resolve("broad-twitter-corpus/btc.train");
        Path dev = DATA.resolve("broad-twitter-corpus/btc.dev");
        assumeTrue(Files.exists(train) && Files.exists(dev), "Broad Twitter Corpus not found under " + DATA + "; skipped");
        List<Example> trainSet = ExampleFormat.CONLL.read(train);
        long start = System.nanoTime();
        Model model = gruH64TwoEpochs(trainSet, Task.TAG);
        EvaluationReport r = Evaluation.evaluate(new InferenceModel(model), ExampleFormat.CONLL.read(dev), Task.TAG);
        System.out.printf("BTC dev entity P %.4f R %.4f F1 %.4f (GRU H=64, 2 epochs, %.0f s)%n", r.entities().precision(),
                r.entities().recall(), r.entities().f1(), (System.nanoTime() - start) / 1e9);
        assertEquals(1730, r.entities().gold(), "entity spans in BTC dev");
        assertTrue(r.entities().f1() >= 0.55, "entity F1 " + r.entities().f1());
    }

    /** The small model all three tests train: GRU H=64 with word features, 2 epochs of Adam. */
    private static Model gruH64TwoEpochs(List<Example> train, Task task) {
        ModelConfig.Builder b = ModelConfig.builder().cell(CellType.GRU).hidden(64).embed(64).unknownBuckets(256)
                .features(EnumSet.allOf(TokenFeature.class), 16384);
        ModelConfig config = task == Task.TAG ? b.tagClasses(VocabularyBuilder.tagClasses(train)).build()
                : b.labelClasses(VocabularyBuilder.labelClasses(train)).build();
        Model model = Model.create(config, VocabularyBuilder.tokens(train, 2, 50000), new SplittableRandom(1));
        Fit.run(model, train, null, task, new TrainingSettings(2, 32, 0.005, "adam", 0, 0, 5, 0, "cosine", 1, 0, 0), null);
        return model;
    }
}
