package dev.photopipe.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Configured serdes in one call. */
public final class AvroSerdes {
    private AvroSerdes() {
    }

    /** A value serde of {@code type}, configured with {@code configs} (see {@link AvroSerdeConfig}). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forClass(Class<T> type, Map<String, ?> configs) {
        return forClass(type, configs, false);
    }

    /** A key ({@code isKey}) or value serde of {@code type}, configured with {@code configs}. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forClass(Class<T> type, Map<String, ?> configs,
                                                                        boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(configs, isKey);
        return serde;
    }
}
