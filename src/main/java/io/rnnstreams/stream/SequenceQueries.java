package io.rnnstreams.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.StepWorkspace;
import io.rnnstreams.ops.PathSegment;
import io.rnnstreams.ops.SequenceLookup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries for {@code GET /sequences/{key}}: the key's position, model version and
 * running label prediction, answered from the local store when this instance owns the key, or
 * by forwarding once to the owner named by Kafka Streams' metadata ({@code application.server}).
 * An instance without {@code application.server} runs alone and answers from its own store.
 */
public final class SequenceQueries implements SequenceLookup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final ModelRegistry registry;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param self this instance's application.server, or null when it runs alone */
    public SequenceQueries(KafkaStreams streams, ModelRegistry registry, HostInfo self) {
        this.streams = streams;
        this.registry = registry;
        this.self = self;
    }

    /**
     * The JSON answer, empty when the key has no sequence.
     *
     * @throws SequenceLookup.Unavailable when the owner cannot be asked right now
     */
    @Override
    public Optional<String> lookup(String key, boolean forwarded) {
        Bytes k = Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
        StoreQueryParameters<ReadOnlyKeyValueStore<Bytes, byte[]>> local = StoreQueryParameters
                .fromNameAndType(ServingTopology.SEQUENCE_STORE, QueryableStoreTypes.keyValueStore());
        if (self == null) {
            // Alone: every partition is here. Kafka Streams keeps no key metadata without
            // application.server (queryMetadataForKey answers NOT_AVAILABLE), so ask the store.
            return read(key, k, local);
        }
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(ServingTopology.SEQUENCE_STORE, k, Serdes.Bytes().serializer());
        } catch (IllegalStateException e) {
            throw new SequenceLookup.Unavailable("streams not running");
        }
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new SequenceLookup.Unavailable("no instance owns the key right now (rebalancing)");
        }
        HostInfo owner = md.activeHost();
        if (!owner.equals(self) && !owner.equals(HostInfo.unavailable())) {
            if (forwarded) {
                throw new SequenceLookup.Unavailable("the key moved to " + owner.host() + ":" + owner.port());
            }
            return forward(owner, key);
        }
        return read(key, k, local.withPartition(md.partition()));
    }

    /** The key's document from this instance's store, empty when it has no sequence. */
    private Optional<String> read(String key, Bytes k, StoreQueryParameters<ReadOnlyKeyValueStore<Bytes, byte[]>> where) {
        byte[] value;
        try {
            value = streams.store(where).get(k);
        } catch (InvalidStateStoreException e) {
            throw new SequenceLookup.Unavailable("state store not queryable: " + e.getMessage());
        }
        return value == null ? Optional.empty() : Optional.of(describe(key, value));
    }

    private String describe(String key, byte[] value) {
        SequenceState s = new SequenceState();
        SequenceStateCodec.decode(value, s);
        ObjectNode o = JSON.createObjectNode();
        o.put("key", key);
        o.put("position", s.position);
        o.put("model", s.modelVersion);
        o.put("last_seen", Instant.ofEpochMilli(s.lastSeenMs).toString());
        o.put("pending_tags", s.pendingCount);
        InferenceModel model = registry.current();
        if (model != null && model.config().hasLabelHead() && s.compatibleWith(model)
                && s.valueCount == model.stateSize()) {
            ModelConfig c = model.config();
            StepWorkspace ws = model.workspace(null);
            float[] p = model.labelProbabilities(s.values, ws);
            int best = Predictor.argmax(p);
            o.put("label", c.labelClasses().get(best));
            o.put("p", p[best]);
            ObjectNode all = o.putObject("label_p");
            for (int i = 0; i < p.length; i++) {
                all.put(c.labelClasses().get(i), p[i]);
            }
            o.put("label_model", model.version());
        }
        return o.toString();
    }

    private Optional<String> forward(HostInfo owner, String key) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/sequences/"
                + PathSegment.encode(key));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3))
                
                .header(SequenceLookup.FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return Optional.of(r.body());
            }
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            throw new SequenceLookup.Unavailable("owner " + owner.host() + ":" + owner.port() + " answered " + r.statusCode());
        } catch (java.io.IOException e) {
            throw new SequenceLookup.Unavailable("owner " + owner.host() + ":" + owner.port() + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SequenceLookup.Unavailable("interrupted");
        }
    }

}
