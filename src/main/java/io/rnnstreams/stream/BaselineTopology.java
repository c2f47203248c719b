package io.rnnstreams.stream;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The yardstick of {@code bench}: the serving topology's plumbing without its work. It reads the
 * same tokens topic, keeps a state of the same size per key in the same store (same type,
 * caching and changelog as {@link ServingTopology}) and writes one output record per input, but
 * parses nothing and computes nothing. Its throughput is what Kafka Streams itself allows on the
 * machine; the serving topology's share of it is the cost of the model.
 *
 * <pre>
 *   tokens --> [baseline] --> tags
 *                  |
 *           sequence-store (changelogged)
 * </pre>
 */
public final class BaselineTopology {
    static final String PROCESSOR = "baseline";

    private BaselineTopology() {}

    /**
     * @param stateBytes  bytes stored per key (see {@link #stateBytes})
     * @param outputBytes bytes of each output value
     */
    public static Topology build(ServingSettings settings, int stateBytes, int outputBytes) {
        ByteArraySerializer bytes = new ByteArraySerializer();
        Topology topology = new Topology();
        topology.addSource(ServingTopology.SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        settings.tokensTopic())
                .addProcessor(PROCESSOR, () -> new BaselineProcessor(ServingTopology.SEQUENCE_STORE, stateBytes,
                        outputBytes), ServingTopology.SOURCE)
                .addStateStore(ServingTopology.sequenceStore(settings), PROCESSOR)
                .addSink(ServingTopology.TAGS, settings.tagsTopic(), bytes, bytes, PROCESSOR);
        return topology;
    }

    /**
     * Bytes the serving topology stores per key for a model of {@code stateValues} floats (no
     * look-ahead entries pending): {@link io.rnnstreams.nn.InferenceModel#stateSize()}.
     */
    public static int stateBytes(int stateValues, boolean compact) {
        return SequenceStateCodec.size(stateValues, compact);
    }
}
