package dev.photopipe.schemas.serde;

import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.CORRUPT_PAYLOAD;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.INVALID_RECORD;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.REGISTRY_NOT_CONFIGURED;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.REGISTRY_REJECTED;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.REGISTRY_UNAVAILABLE;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.SCHEMA_MISMATCH;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.SCHEMA_NOT_REGISTERED;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.UNKNOWN_FINGERPRINT;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.UNKNOWN_MAGIC_BYTE;
import static dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason.UNKNOWN_SCHEMA_ID;

import dev.photopipe.schemas.catalog.SchemaHistory;
import dev.photopipe.schemas.registry.IncompatibleSchemaException;
import dev.photopipe.schemas.registry.RegistryUnavailableException;
import dev.photopipe.schemas.registry.SchemaNotFoundException;
import dev.photopipe.schemas.registry.SchemaRegistryClient;
import dev.photopipe.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Both wire formats for one side (key or value) of one serde. Writes the Confluent wire format
 * when a registry is configured, Avro single-object encoding otherwise; reads both, told apart by
 * their first bytes. Thread-safe: every cache is concurrent and Avro's encoders, decoders, datum
 * readers and writers are thread-safe.
 */
final class AvroCodec implements AutoCloseable {
    static final byte CONFLUENT_MAGIC = 0x00;
    static final byte SINGLE_OBJECT_MARKER_0 = (byte) 0xC3;
    static final byte SINGLE_OBJECT_MARKER_1 = 0x01;
    static final int CONFLUENT_HEADER = 5;
    static final int SINGLE_OBJECT_HEADER = 10;

    private final boolean isKey;
    private final Class<? extends SpecificRecord> type;
    private final SchemaHistory history;
    private final SchemaRegistryClient registry;
    private final boolean autoRegister;

    private final ConcurrentMap<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    private final ConcurrentMap<Class<? extends SpecificRecord>, BinaryMessageDecoder<SpecificRecord>> decoders = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, SpecificDatumWriter<SpecificRecord>> writers = new ConcurrentHashMap<>();
    private final ConcurrentMap<ReaderKey, SpecificDatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();

    private record ReaderKey(int schemaId, Class<?> type) {
    }

    /**
     * @param type     the record class read and written, or null to follow the writer's schema
     * @param registry a registry client (owned: closed with this codec), or null for single-object encoding
     */
    AvroCodec(boolean isKey, Class<? extends SpecificRecord> type, SchemaHistory history,
              SchemaRegistryClient registry, boolean autoRegister) {
        this.isKey = isKey;
        this.type = type;
        this.history = history;
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    /** A codec from Kafka client configs; {@code type} wins over {@code specific.avro.*.type}. */
    @SuppressWarnings("unchecked")
    static AvroCodec configure(Map<String, ?> configs, boolean isKey, Class<? extends SpecificRecord> type) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        Class<?> configured = type != null ? type : config.recordType(isKey);
        if (configured != null && !SpecificRecord.class.isAssignableFrom(configured)) {
            throw new IllegalArgumentException(configured.getName() + " (" + (isKey ? AvroSerdeConfig.KEY_TYPE
                    : AvroSerdeConfig.VALUE_TYPE) + ") is not a generated Avro SpecificRecord class");
        }
        SchemaRegistryClient registry = config.usesRegistry()
                ? SchemaRegistryClient.create(config.registrySettings()) : null;
        return new AvroCodec(isKey, (Class<? extends SpecificRecord>) configured, SchemaHistory.builtIn(), registry,
                config.autoRegisterSchemas());
    }

    // ---------------------------------------------------------------- writing

    byte[] encode(String topic, SpecificRecord datum) {
        if (datum == null) {
            return null;
        }
        try {
            return registry == null ? encodeSingleObject(topic, datum) : encodeConfluent(topic, datum);
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new PhotopipeSerdeException(INVALID_RECORD, topic, "cannot write " + datum.getSchema().getFullName()
                    + ": " + e.getMessage() + ". Fill every required field before sending.", e);
        }
    }

    private byte[] encodeSingleObject(String topic, SpecificRecord datum) throws IOException {
        Schema schema = datum.getSchema();
        // Never write what a restarted reader could not read: the schema must be a committed version.
        if (history.byFingerprint(SchemaNormalization.parsingFingerprint64(schema)).isEmpty()) {
            String name = schema.getName();
            throw new PhotopipeSerdeException(SCHEMA_NOT_REGISTERED, topic, "the schema of " + schema.getFullName()
                    + " is not in the built-in schema history, so no reader could decode it. Snapshot it as "
                    + SchemaHistory.sourcePath(name, history.versions(name).size() + 1) + ".", null);
        }
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(datum.getClass(),
                c -> new BinaryMessageEncoder<>(SpecificData.getForClass(c), schema));
        ByteBuffer buffer = encoder.encode(datum);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private byte[] encodeConfluent(String topic, SpecificRecord datum) throws IOException {
        Schema schema = datum.getSchema();
        int id = schemaId(topic, schema);
        SpecificDatumWriter<SpecificRecord> writer = writers.computeIfAbsent(schema,
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(datum.getClass())));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(CONFLUENT_MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        String subject = subject(topic);
        try {
            return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
        } catch (SchemaNotFoundException e) {
            throw new PhotopipeSerdeException(SCHEMA_NOT_REGISTERED, topic, "the schema of " + schema.getFullName()
                    + " is not registered under subject '" + subject + "' and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                    + " is false. Register it (or enable auto-registration). " + e.getMessage(), e);
        } catch (IncompatibleSchemaException e) {
            throw new PhotopipeSerdeException(REGISTRY_REJECTED, topic, e.getMessage(), e);
        } catch (RegistryUnavailableException e) {
            throw new PhotopipeSerdeException(REGISTRY_UNAVAILABLE, topic, e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new PhotopipeSerdeException(REGISTRY_REJECTED, topic, e.getMessage(), e);
        }
    }

    /** TopicNameStrategy, as Confluent's serializers name subjects. */
    String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    // ---------------------------------------------------------------- reading

    SpecificRecord decode(String topic, byte[] bytes) {
        if (bytes == null) {
            return null; // a tombstone
        }
        if (bytes.length == 0) {
            throw new PhotopipeSerdeException(CORRUPT_PAYLOAD, topic, "the " + side() + " is empty (0 bytes) instead "
                    + "of an Avro record or null. Fix the producer; tombstones are null, not empty.", null);
        }
        if (bytes[0] == CONFLUENT_MAGIC) {
            return decodeConfluent(topic, bytes);
        }
        if (bytes.length >= 2 && bytes[0] == SINGLE_OBJECT_MARKER_0 && bytes[1] == SINGLE_OBJECT_MARKER_1) {
            return decodeSingleObject(topic, bytes);
        }
        throw new PhotopipeSerdeException(UNKNOWN_MAGIC_BYTE, topic, String.format("the %s starts with 0x%02X, "
                + "neither 0x00 (Confluent wire format) nor 0xC3 0x01 (Avro single-object encoding): it was not "
                + "written by an Avro serializer. Check the producer's serializer for this topic.", side(), bytes[0]), null);
    }

    private SpecificRecord decodeSingleObject(String topic, byte[] bytes) {
        if (bytes.length < SINGLE_OBJECT_HEADER) {
            throw truncated(topic, bytes.length, SINGLE_OBJECT_HEADER);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SchemaHistory.Version version = history.byFingerprint(fingerprint).orElseThrow(() ->
                new PhotopipeSerdeException(UNKNOWN_FINGERPRINT, topic, String.format("the %s was written with a "
                        + "schema of fingerprint %016x, which is not among the %d schema versions built into this "
                        + "photopipe. It was written by a newer or foreign producer: upgrade this service, or add the "
                        + "schema to %s.", side(), fingerprint, historySize(), SchemaHistory.SOURCE_ROOT), null));
        Class<? extends SpecificRecord> readAs = type != null ? type : history.recordTypes().get(version.name());
        if (readAs == null || !readAs.getSimpleName().equals(version.name())) {
            throw mismatch(topic, version.toString());
        }
        BinaryMessageDecoder<SpecificRecord> decoder = decoders.computeIfAbsent(readAs, this::decoderFor);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        SpecificRecord datum;
        try {
            datum = decoder.decode(in, null);
        } catch (IOException | RuntimeException e) {
            throw corrupt(topic, version.toString(), e);
        }
        if (in.available() > 0) {
            throw corrupt(topic, version.toString(), new IOException(in.available() + " trailing bytes"));
        }
        return datum;
    }

    private BinaryMessageDecoder<SpecificRecord> decoderFor(Class<? extends SpecificRecord> readAs) {
        SpecificData model = SpecificData.getForClass(readAs);
        BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, model.getSchema(readAs));
        // Every committed version: records written by any earlier release stay readable.
        history.versions(readAs.getSimpleName()).forEach(v -> decoder.addSchema(v.schema()));
        return decoder;
    }

    private SpecificRecord decodeConfluent(String topic, byte[] bytes) {
        if (bytes.length < CONFLUENT_HEADER) {
            throw truncated(topic, bytes.length, CONFLUENT_HEADER);
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        if (registry == null) {
            throw new PhotopipeSerdeException(REGISTRY_NOT_CONFIGURED, topic, "the " + side() + " is in the Confluent "
                    + "wire format (schema id " + id + ") but no schema registry is configured. Set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " to the registry the producer used.", null);
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new PhotopipeSerdeException(UNKNOWN_SCHEMA_ID, topic, "schema id " + id + " of the " + side()
                    + " is unknown to the registry at " + registry.url() + ". Point " + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                    + " at the registry the producer used (a registry's ids are its own). " + e.getMessage(), e);
        } catch (RegistryUnavailableException e) {
            throw new PhotopipeSerdeException(REGISTRY_UNAVAILABLE, topic, e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new PhotopipeSerdeException(REGISTRY_REJECTED, topic, e.getMessage(), e);
        }
        Class<? extends SpecificRecord> readAs = type != null ? type : generatedClass(writer);
        if (readAs == null) {
            throw mismatch(topic, writer.getFullName() + " (schema id " + id + ")");
        }
        SpecificDatumReader<SpecificRecord> reader = readers.computeIfAbsent(new ReaderKey(id, readAs), key -> {
            SpecificData model = SpecificData.getForClass(readAs);
            return new SpecificDatumReader<>(writer, model.getSchema(readAs), model);
        });
        String what = writer.getFullName() + " (schema id " + id + ")";
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(bytes, CONFLUENT_HEADER, bytes.length - CONFLUENT_HEADER, null);
            SpecificRecord datum = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the record");
            }
            return datum;
        } catch (org.apache.avro.AvroTypeException e) {
            throw new PhotopipeSerdeException(SCHEMA_MISMATCH, topic, "the writer's schema " + what + " cannot be "
                    + "read as " + readAs.getName() + ": " + e.getMessage() + ". Check the topic's subject in the registry.", e);
        } catch (IOException | RuntimeException e) {
            throw corrupt(topic, what, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> generatedClass(Schema writer) {
        Class<?> found = SpecificData.get().getClass(writer);
        return found != null && SpecificRecord.class.isAssignableFrom(found) ? (Class<? extends SpecificRecord>) found : null;
    }

    private PhotopipeSerdeException truncated(String topic, int length, int header) {
        return new PhotopipeSerdeException(CORRUPT_PAYLOAD, topic, "the " + side() + " is truncated: " + length
                + " bytes, shorter than its " + header + "-byte header. The record was cut or is not Avro.", null);
    }

    private PhotopipeSerdeException corrupt(String topic, String writer, Exception cause) {
        return new PhotopipeSerdeException(CORRUPT_PAYLOAD, topic, "the " + side() + " does not decode as " + writer
                + " (" + cause + "): the bytes are truncated or corrupt. Dead-letter the record and check its producer.",
                cause);
    }

    private PhotopipeSerdeException mismatch(String topic, String found) {
        return new PhotopipeSerdeException(SCHEMA_MISMATCH, topic, "the " + side() + " is a " + found
                + " but this deserializer reads " + (type == null ? "only generated photopipe classes" : type.getName())
                + ". Check which serde is configured for this topic.", null);
    }

    private int historySize() {
        return history.recordTypes().keySet().stream().map(history::versions).mapToInt(List::size).sum();
    }

    private String side() {
        return isKey ? "key" : "value";
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
