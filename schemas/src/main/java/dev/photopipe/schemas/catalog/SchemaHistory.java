package dev.photopipe.schemas.catalog;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.ExifSummary;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryNotice;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every released version of every photopipe schema, as committed under
 * {@code src/main/resources/avro-history/<Name>/v<N>.avsc} (v1 first, no gaps).
 *
 * <p>Why: without a registry, records carry only a fingerprint of their writer's schema. A reader
 * can decode them after any number of upgrades only if it still knows that exact schema, so every
 * version ever written ships inside this module. The same files are the baseline of the build's
 * BACKWARD compatibility check ({@link SchemaEvolution}).
 *
 * <p>Immutable and thread-safe once built.
 */
public final class SchemaHistory {
    /** Classpath folder of the history files. */
    public static final String RESOURCE_ROOT = "avro-history";
    /** Where the history files live in the source tree, for messages that say which file to add. */
    public static final String SOURCE_ROOT = "schemas/src/main/resources/" + RESOURCE_ROOT;

    /** Every generated record type that is written to Kafka on its own or nested. */
    public static final List<Class<? extends SpecificRecord>> RECORD_TYPES = List.of(
            ExifSummary.class, PhotoCaptured.class, UploadRequest.class, UploadOutcome.class,
            Camera.class, RoutingRule.class, ExpiryChange.class, ExpiryNotice.class, ExpiryAudit.class);

    private static final class BuiltIn {
        // Lazy holder: parsed once per JVM, on first use.
        static final SchemaHistory INSTANCE = load(SchemaHistory.class.getClassLoader(), RECORD_TYPES);
    }

    /** One committed version of one schema. */
    public record Version(String name, int version, Schema schema, long fingerprint) {
        /** {@code PhotoCaptured v2}: how messages name a version. */
        @Override
        public String toString() {
            return name + " v" + version;
        }
    }

    private final Map<String, List<Version>> byName;
    private final Map<Long, Version> byFingerprint;
    private final Map<String, Class<? extends SpecificRecord>> types;

    private SchemaHistory(Map<String, List<Version>> byName, Map<String, Class<? extends SpecificRecord>> types) {
        this.byName = byName;
        this.types = types;
        Map<Long, Version> fingerprints = new LinkedHashMap<>();
        // A doc-only change gives a version with the fingerprint of its predecessor: keep the first.
        byName.values().forEach(versions -> versions.forEach(v -> fingerprints.putIfAbsent(v.fingerprint(), v)));
        this.byFingerprint = Collections.unmodifiableMap(fingerprints);
    }

    /** The history built into this module (cached). */
    public static SchemaHistory builtIn() {
        return BuiltIn.INSTANCE;
    }

    /**
     * Reads {@code avro-history/<simple class name>/v1.avsc, v2.avsc, ...} for each type until the
     * first missing version.
     */
    public static SchemaHistory load(ClassLoader loader, List<Class<? extends SpecificRecord>> recordTypes) {
        Map<String, List<Version>> byName = new LinkedHashMap<>();
        Map<String, Class<? extends SpecificRecord>> types = new LinkedHashMap<>();
        for (Class<? extends SpecificRecord> type : recordTypes) {
            String name = type.getSimpleName();
            types.put(name, type);
            List<Version> versions = new ArrayList<>();
            for (int n = 1; ; n++) {
                String resource = resourcePath(name, n);
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        break;
                    }
                    // A fresh parser per file: each file is self-contained (named types inlined).
                    Schema schema = new Schema.Parser().parse(in);
                    versions.add(new Version(name, n, schema, SchemaNormalization.parsingFingerprint64(schema)));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read schema history file " + resource, e);
                }
            }
            byName.put(name, List.copyOf(versions));
        }
        return new SchemaHistory(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(types));
    }

    /**
     * A history from schemas in hand, oldest first per type; for tests and tools that hold versions
     * outside the classpath.
     */
    public static SchemaHistory of(Map<Class<? extends SpecificRecord>, List<Schema>> versionsByType) {
        Map<String, List<Version>> byName = new LinkedHashMap<>();
        Map<String, Class<? extends SpecificRecord>> types = new LinkedHashMap<>();
        versionsByType.forEach((type, schemas) -> {
            String name = type.getSimpleName();
            types.put(name, type);
            List<Version> versions = new ArrayList<>();
            for (Schema schema : schemas) {
                versions.add(new Version(name, versions.size() + 1, schema, SchemaNormalization.parsingFingerprint64(schema)));
            }
            byName.put(name, List.copyOf(versions));
        });
        return new SchemaHistory(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(types));
    }

    /** Classpath resource of one version, e.g. {@code avro-history/PhotoCaptured/v1.avsc}. */
    public static String resourcePath(String name, int version) {
        return RESOURCE_ROOT + "/" + name + "/v" + version + ".avsc";
    }

    /** Source file of one version, relative to the repository root. */
    public static String sourcePath(String name, int version) {
        return SOURCE_ROOT + "/" + name + "/v" + version + ".avsc";
    }

    /** The record types this history covers, by simple name. */
    public Map<String, Class<? extends SpecificRecord>> recordTypes() {
        return types;
    }

    /** Versions of {@code name}, oldest first; empty if none is committed. */
    public List<Version> versions(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The version whose parsing-canonical-form fingerprint (CRC-64-AVRO) is {@code fingerprint}. */
    public Optional<Version> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** The generated class's current schema (with its Java properties such as avro.java.string). */
    public static Schema currentSchema(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
