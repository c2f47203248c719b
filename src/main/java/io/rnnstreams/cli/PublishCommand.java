package io.rnnstreams.cli;

import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.ops.ConfigKeys;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.ops.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: puts a model file on the models topic, where serving instances pick it up. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Validates a model (or ensemble) file and produces it to the compacted models topic, keyed by the model name. "
                    + "Serving instances swap to it if its version is newer than the one they serve.",
            "--model-version sets the version written into the model's metadata (default: the file's own, or "
                    + "the current time in milliseconds if it has none)."
        })
public final class PublishCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The .safetensors model file.")
    Path modelFile;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name, the record key (default: model.name).")
    String name;

    @Option(names = "--model-version", paramLabel = "N", description = "Version to publish under (written into the model metadata).")
    Long version;

    @Override
    public Integer call() throws Exception {
        RnnStreamsConfig c = config.load();
        Ensemble model = ModelFile.readEnsemble(modelFile);
        if (version != null) {
            model = model.withMetadata(ModelFile.VERSION, Long.toString(version));
        } else if (!model.metadata().containsKey(ModelFile.VERSION)) {
            model = model.withMetadata(ModelFile.VERSION, Long.toString(System.currentTimeMillis()));
        }
        byte[] bytes = ModelFile.write(model);
        long maxBytes = c.get(ConfigKeys.MODELS_MAX_BYTES);
        if (bytes.length > maxBytes) {
            throw new UserError(modelFile + " is " + bytes.length + " bytes, over models.max.bytes=" + maxBytes);
        }
        String topic = c.get(ConfigKeys.TOPICS_MODELS);
        String key = name != null ? name : c.get(ConfigKeys.MODEL_NAME);
        RecordMetadata md = publish(c, topic, key, bytes);
        spec.commandLine().getOut().printf("published %s version %s (%d bytes) to %s-%d@%d%n", key,
                model.metadata().get(ModelFile.VERSION), bytes.length, topic, md.partition(), md.offset());
        return 0;
    }

    /** Produces one model record (creating the models topic if configured to) and waits for the ack. */
    static RecordMetadata publish(RnnStreamsConfig c, String topic, String key, byte[] bytes) throws Exception {
        long maxBytes = c.get(ConfigKeys.MODELS_MAX_BYTES);
        if (c.get(ConfigKeys.TOPICS_CREATE)) {
            try (Admin admin = Admin.create(c.kafkaProperties())) {
                Topics.ensure(admin, List.of(Topics.Spec.models(topic, maxBytes)),
                        c.get(ConfigKeys.TOPICS_REPLICATION_FACTOR).shortValue());
            }
        }
        Properties p = c.kafkaProperties();
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Long.toString(maxBytes + (1 << 20)));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(2 * maxBytes + (1 << 20)));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, bytes)).get(60, TimeUnit.SECONDS);
        }
    }
}
