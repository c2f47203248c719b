package io.rnnstreams.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file holds: one {@link Model}, or several trained apart whose answers are averaged
 * (each head's distribution is the mean of the members' distributions). Averaging independently
 * trained taggers is the one measured way past a single causal tagger's accuracy (README
 * "Accuracy"); serving runs every member's step, so it costs the members' steps added up.
 *
 * <p>Members must agree on everything a caller of the serving step sees: cell, layers and H
 * (the state layout), input kind and width, heads and their classes in the same order, and the
 * delay; with a next-token head also the vocabulary. Their encoders (vocabulary, embedding
 * width, features) may differ.
 *
 * @param metadata the ensemble's own provenance (version, how it was assembled); for a single
 *                 model it is what the file stores as the model's metadata
 */
public record Ensemble(List<Model> members, Map<String, String> metadata) {
    public static final int MAX_MEMBERS = 16;

    public Ensemble {
        members = List.copyOf(members);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (members.isEmpty() || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("an ensemble needs 1.." + MAX_MEMBERS + " members, got " + members.size());
        }
        ModelConfig first = members.get(0).config();
        for (int k = 1; k < members.size(); k++) {
            String difference = difference(first, members.get(0).vocabulary(), members.get(k));
            if (difference != null) {
                throw new IllegalArgumentException("member " + k + " " + difference + " member 0's");
            }
        }
    }

    /** A single model as an ensemble of one, keeping its metadata. */
    public static Ensemble of(Model model) {
        return new Ensemble(List.of(model), model.metadata());
    }

    /** Members trained apart, with fresh ensemble metadata naming how many. */
    public static Ensemble averaging(List<Model> members) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ensemble", members.size() + " members, mean of their distributions");
        return new Ensemble(members, metadata);
    }

    public boolean single() {
        return members.size() == 1;
    }

    /** The members' shared architecture (member 0's config; the others agree where it matters). */
    public ModelConfig config() {
        return members.get(0).config();
    }

    /** Floats of one sequence's state: the members' states side by side. */
    public int stateSize() {
        return members.size() * config().stateSize();
    }

    /** A copy whose metadata has {@code key} set to {@code value}. */
    public Ensemble withMetadata(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(key, value);
        return new Ensemble(members, m);
    }

    private static String difference(ModelConfig a, Vocabulary vocabulary, Model member) {
        ModelConfig b = member.config();
        if (a.cell() != b.cell() || a.layers() != b.layers() || a.hidden() != b.hidden()) {
            return "is " + b.cell().id() + " " + b.layers() + "x" + b.hidden() + ", not the " + a.cell().id() + " "
                    + a.layers() + "x" + a.hidden() + " of";
        }
        if (a.tokenInput() != b.tokenInput() || a.inputWidth() != b.inputWidth()) {
            return "reads " + input(b) + ", not the " + input(a) + " of";
        }
        if (!a.tagClasses().equals(b.tagClasses())) {
            return "has tag classes " + b.tagClasses() + ", not the " + a.tagClasses() + " of";
        }
        if (!a.labelClasses().equals(b.labelClasses())) {
            return "has label classes " + b.labelClasses() + ", not the " + a.labelClasses() + " of";
        }
        if (a.nextHead() != b.nextHead()) {
            return (b.nextHead() ? "has" : "lacks") + " a next-token head, unlike";
        }
        if (a.nextHead() && !vocabulary.tokens().equals(member.vocabulary().tokens())) {
            return "has a next-token head over another vocabulary than";
        }
        if (a.delay() != b.delay()) {
            return "has delay " + b.delay() + ", not the delay " + a.delay() + " of";
        }
        return null;
    }

    private static String input(ModelConfig c) {
        return c.tokenInput() ? "tokens" : "vectors of width " + c.inputWidth();
    }
}
