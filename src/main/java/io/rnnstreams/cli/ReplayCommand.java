package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.data.Example;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.train.ClassificationCounts;
import io.rnnstreams.train.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay}: a data set into the tokens topic like a live pipeline, and the stream scored. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Produce a data set into the tokens topic the way a live pipeline does: one record per token "
                    + "({\"token\":..}) or event ({\"x\":[..]}), keyed per sequence (PREFIX-000000, PREFIX-000001, "
                    + "...), \"end\":true on the last one, --open sequences in flight at once with their records "
                    + "interleaved.",
            "With --gold it also reads the tags and labels topics (read_committed) until every token and "
                    + "sequence is answered or --timeout passes without an answer, and prints ONE JSON object: "
                    + "\"replay\" (what was sent and received) and, per scored task, \"tag\" / \"label\" with "
                    + "the same scores as eval (accuracy, per-class P/R/F1, confusion, entity F1 for BIO tags; "
                    + "classes in name order). Exit code 1 when answers are missing.",
            "Sequences the stream would reject (an empty token, a token over token.max.chars, a record over "
                    + "input.max.bytes) are not sent and are counted under \"skipped\"."},
        footer = {
            "",
            "Examples:",
            "  replay --config config/serve.properties --data en_ewt-ud-dev.conllu --gold",
            "  replay --data sms.tsv --format tsv --rate 200/s --keys sms --gold label",
            "  replay --synthetic sensor --n 300 --gold"})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    DataOptions data;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to produce to (default: topics.tokens).")
    String topic;

    @Option(names = "--rate", paramLabel = "N[/s]", description = "Records per second (default: as fast as possible).")
    String rate;

    @Option(names = "--keys", paramLabel = "PREFIX",
            description = "Key prefix; sequence i gets PREFIX-%%06d (default: replay-<time>, fresh per run, so no "
                    + "earlier sequence's state or output mixes in).")
    String keys;

    @Option(names = "--open", paramLabel = "N", defaultValue = "16",
            description = "Sequences in flight at once, their records interleaved; 1 sends them one after the other "
                    + "(default: ${DEFAULT-VALUE}).")
    int open;

    @Option(names = "--gold", arity = "0..1", paramLabel = "TASKS", fallbackValue = "",
            description = "Score the stream's answers against the data: tag, label or tag,label (default: whatever "
                    + "the data has).")
    String gold;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "With --gold: give up when no answer arrived for this long after the last record was sent "
                    + "(default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2",
            description = "Seed of --synthetic data and of the interleaving (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (open < 1) {
            throw new UserError("--open must be >= 1");
        }
        double recordsPerSecond = parseRate(rate);
        Duration idleTimeout = DurationOption.parse("--timeout", timeout);
        RnnStreamsConfig c = config.load();
        List<Example> all = data.load(seed);
        String tokensTopic = topic != null ? topic : c.get(ConfigKeys.TOPICS_TOKENS);
        String prefix = keys != null ? keys : "replay-" + Long.toString(System.currentTimeMillis(), 36);
        ReplaySet set = ReplaySet.of(all, prefix, c.get(ConfigKeys.TOKEN_MAX_CHARS), c.get(ConfigKeys.INPUT_MAX_BYTES));
        if (set.examples().isEmpty()) {
            throw new UserError("nothing to send: every sequence was skipped " + set.skipped());
        }
        Set<Task> tasks = goldTasks(set.examples());
        requireTopic(c, tokensTopic);
        ReplayProducer producer = new ReplayProducer(c.kafkaProperties(), tokensTopic, set.keys(), set.examples(), open,
                recordsPerSecond, seed);
        StreamAnswers answers = tasks.isEmpty() ? null : new StreamAnswers(c.kafkaProperties(),
                tasks.contains(Task.TAG) ? c.get(ConfigKeys.TOPICS_TAGS) : null,
                tasks.contains(Task.LABEL) ? c.get(ConfigKeys.TOPICS_LABELS) : null, set.keys(), set.examples());
        try {
            if (answers != null) {
                answers.open(Duration.ofSeconds(30));
            }
            Run run = run(producer, answers, set, idleTimeout, err);
            ObjectMapper json = new ObjectMapper();
            ObjectNode o = json.createObjectNode();
            ObjectNode r = o.putObject("replay");
            r.put("topic", tokensTopic);
            r.put("keys", prefix);
            r.put("sequences", set.examples().size());
            r.put("records", producer.sent());
            if (!set.skipped().isEmpty()) {
                ObjectNode s = r.putObject("skipped");
                set.skipped().forEach(s::put);
            }
            r.put("send_seconds", run.sendSeconds());
            r.put("records_per_second", run.sendSeconds() > 0 ? producer.sent() / run.sendSeconds() : 0);
            if (answers != null) {
                describeAnswers(r, answers, run);
                for (Task t : tasks) {
                    o.set(t.id(), score(t, set.examples(), answers).report().toJson(json));
                }
            }
            spec.commandLine().getOut().println(json.writeValueAsString(o));
            spec.commandLine().getOut().flush();
            if (answers != null && !answers.complete()) {
                err.printf("replay: answers missing after %s without one: %d of %d tags, %d of %d labels arrived%n",
                        timeout, answers.tagsReceived(), answers.tagsExpected(), answers.labelsReceived(),
                        answers.labelsExpected());
                err.flush();
                return 1;
            }
            return 0;
        } finally {
            if (answers != null) {
                answers.close();
            }
        }
    }

    private record Run(double sendSeconds, double answerSeconds) {}

    /** Sends everything while reading answers; then reads on until complete or idle for the timeout. */
    private Run run(ReplayProducer producer, StreamAnswers answers, ReplaySet set, Duration idleTimeout,
            PrintWriter err) throws InterruptedException {
        long records = set.records();
        ProgressBar bar = new ProgressBar(err);
        Thread thread = new Thread(producer, "replay-producer");
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        long sentAt = 0;
        long lastAnswer = start;
        while (true) {
            if (producer.failure() != null) {
                bar.clear();
                throw new UserError("producing to the tokens topic failed: " + producer.failure().getMessage(),
                        producer.failure());
            }
            if (producer.done() && sentAt == 0) {
                sentAt = System.nanoTime();
            }
            if (answers == null) {
                if (sentAt != 0) {
                    break;
                }
                thread.join(200);
            } else {
                if (answers.poll(Duration.ofMillis(200)) > 0) {
                    lastAnswer = System.nanoTime();
                }
                boolean idle = sentAt != 0 && System.nanoTime() - Math.max(sentAt, lastAnswer) > idleTimeout.toNanos();
                if (sentAt != 0 && (answers.complete() || idle)) {
                    break;
                }
            }
            bar.update(producer.sent(), records, progress(producer, records, answers));
        }
        bar.clear();
        double sendSeconds = (sentAt - start) / 1e9;
        double answerSeconds = (lastAnswer - start) / 1e9;
        err.printf(Locale.ROOT, "replay: %d sequences, %d records in %.1f s (%.0f records/s)%s%n",
                set.examples().size(), producer.sent(), sendSeconds, sendSeconds > 0 ? producer.sent() / sendSeconds : 0,
                answers == null ? "" : String.format(Locale.ROOT, "; answers after %.1f s: %s", answerSeconds,
                        answered(answers)));
        err.flush();
        return new Run(sendSeconds, answerSeconds);
    }

    private static String progress(ReplayProducer producer, long records, StreamAnswers answers) {
        String sent = String.format(Locale.ROOT, "sent %d/%d", producer.sent(), records);
        return answers == null ? sent : sent + ", answers: " + answered(answers);
    }

    private static String answered(StreamAnswers a) {
        List<String> parts = new ArrayList<>();
        if (a.tagsExpected() > 0) {
            parts.add(a.tagsReceived() + "/" + a.tagsExpected() + " tags");
        }
        if (a.labelsExpected() > 0) {
            parts.add(a.labelsReceived() + "/" + a.labelsExpected() + " labels");
        }
        return String.join(", ", parts);
    }

    private static void describeAnswers(ObjectNode r, StreamAnswers a, Run run) {
        if (a.tagsExpected() > 0) {
            r.put("tags_expected", a.tagsExpected());
            r.put("tags_received", a.tagsReceived());
        }
        if (a.labelsExpected() > 0) {
            r.put("labels_expected", a.labelsExpected());
            r.put("labels_received", a.labelsReceived());
        }
        r.put("answer_seconds", run.answerSeconds());
        var models = r.putArray("models");
        a.models().forEach(models::add);
        if (a.duplicates() > 0) {
            r.put("duplicates", a.duplicates());
        }
        if (a.malformed() > 0) {
            r.put("malformed", a.malformed());
        }
    }

    /** The stream's answers scored like eval; classes are every gold or predicted name, sorted. */
    static ClassificationCounts score(Task task, List<Example> examples, StreamAnswers answers) {
        Set<String> classes = new TreeSet<>();
        for (int s = 0; s < examples.size(); s++) {
            Example e = examples.get(s);
            if (task == Task.TAG) {
                addAll(classes, e.tags());
                addAll(classes, answers.tags(s));
            } else {
                if (e.label() != null) {
                    classes.add(e.label());
                }
                if (answers.label(s) != null) {
                    classes.add(answers.label(s));
                }
            }
        }
        ClassificationCounts counts = new ClassificationCounts(task, new ArrayList<>(classes));
        for (int s = 0; s < examples.size(); s++) {
            Example e = examples.get(s);
            if (task == Task.TAG && e.tags() != null) {
                counts.addTags(e.tags(), answers.tags(s));
            } else if (task == Task.LABEL && e.label() != null) {
                counts.addLabel(e.length(), e.label(), answers.label(s));
            }
        }
        return counts;
    }

    private static void addAll(Set<String> set, String[] names) {
        if (names == null) {
            return;
        }
        for (String n : names) {
            if (n != null) {
                set.add(n);
            }
        }
    }

    private Set<Task> goldTasks(List<Example> examples) {
        Set<Task> tasks = new LinkedHashSet<>();
        if (gold == null) {
            return tasks;
        }
        boolean hasTags = examples.stream().anyMatch(e -> e.tags() != null);
        boolean hasLabels = examples.stream().anyMatch(e -> e.label() != null);
        if (gold.isBlank()) {
            if (hasTags) {
                tasks.add(Task.TAG);
            }
            if (hasLabels) {
                tasks.add(Task.LABEL);
            }
            if (tasks.isEmpty()) {
                throw new UserError("--gold: the data has neither tags nor labels to score against");
            }
            return tasks;
        }
        for (String part : gold.split(",")) {
            Task t;
            try {
                t = Task.parse(part);
            } catch (IllegalArgumentException e) {
                throw new UserError("--gold: " + e.getMessage());
            }
            if (t == Task.NEXT) {
                throw new UserError("--gold scores tag or label");
            }
            if (t == Task.TAG ? !hasTags : !hasLabels) {
                throw new UserError("--gold " + t.id() + ": the data has no " + (t == Task.TAG ? "tags" : "labels"));
            }
            tasks.add(t);
        }
        return tasks;
    }

    private static void requireTopic(RnnStreamsConfig c, String topic) throws InterruptedException {
        try (Admin admin = Admin.create(c.kafkaProperties())) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UserError("topic '" + topic + "' does not exist (serving creates it at start-up)");
            }
            throw new UserError("cannot reach the cluster: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new UserError("cannot reach the cluster: no answer within 30 s");
        }
    }

    static double parseRate(String rate) {
        if (rate == null) {
            return 0;
        }
        String number = rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
        double r;
        try {
            r = Double.parseDouble(number.trim());
        } catch (NumberFormatException e) {
            r = Double.NaN;
        }
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new UserError("--rate must be a positive number of records per second, e.g. 500 or 500/s; got '"
                    + rate + "'");
        }
        return r;
    }
}
