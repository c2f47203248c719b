package io.rnnstreams.stream;

import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.ModelFormatException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model this instance serves. The models-topic processor offers every record; a valid one
 * with a higher version replaces the current model atomically, and stream threads read the
 * reference once per record, so a swap happens between records. Invalid records are rejected
 * with a log line and a metric, and the previous model stays.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final String modelName;
    private final long maxBytes;
    private final ServingObserver observer;
    private final AtomicReference<InferenceModel> current = new AtomicReference<>();
    private final List<Consumer<InferenceModel>> listeners = new CopyOnWriteArrayList<>();

    public ModelRegistry(String modelName, long maxBytes, ServingObserver observer) {
        this.modelName = modelName;
        this.maxBytes = maxBytes;
        this.observer = observer;
    }

    /** The current model, or null before the first valid one. */
    public InferenceModel current() {
        return current.get();
    }

    public String modelName() {
        return modelName;
    }

    /** Called (on the offering thread) after every accepted model. */
    public void onModel(Consumer<InferenceModel> listener) {
        listeners.add(listener);
    }

    /** Offers one models-topic record; returns whether it became the current model. */
    public boolean offer(String key, byte[] value) {
        if (!modelName.equals(key)) {
            return false;
        }
        if (value == null) {
            LOG.warn("ignoring a tombstone for model '{}': the current model stays", key);
            return false;
        }
        if (value.length > maxBytes) {
            reject("too large", value.length + " bytes is over the limit of " + maxBytes);
            return false;
        }
        InferenceModel model;
        try {
            model = new InferenceModel(ModelFile.readEnsemble(value));
        } catch (ModelFormatException e) {
            reject("invalid", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            reject("invalid", e.toString());
            return false;
        }
        InferenceModel previous = current.get();
        if (previous != null && model.version() <= previous.version()) {
            reject("not newer", "version " + model.version() + " is not newer than " + previous.version());
            return false;
        }
        current.set(model);
        observer.modelLoaded(model.version());
        if (previous != null) {
            observer.modelSwapped();
        }
        LOG.info("serving model '{}' version {} ({}{} {}x{}, heads: {}{}{})", modelName, model.version(),
                model.members() == 1 ? "" : "ensemble of " + model.members() + " x ",
                model.config().cell().id(), model.config().layers(), model.config().hidden(),
                model.config().hasTagHead() ? "tag " : "", model.config().hasLabelHead() ? "label " : "",
                model.config().nextHead() ? "next" : "");
        for (Consumer<InferenceModel> l : listeners) {
            l.accept(model);
        }
        return true;
    }

    private void reject(String reason, String detail) {
        observer.modelRejected(reason);
        LOG.error("rejected a record for model '{}' ({}): {}; still serving version {}", modelName, reason, detail,
                current.get() == null ? "none" : Long.toString(current.get().version()));
    }
}
