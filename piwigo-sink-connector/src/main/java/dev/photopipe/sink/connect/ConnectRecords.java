package dev.photopipe.sink.connect;

import dev.photopipe.sink.consume.SinkRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;

/**
 * Turns the records Connect hands to {@code put()} into the core's {@link SinkRecord}s: the bytes
 * they were in Kafka (with {@link ConnectorSettings#BYTE_ARRAY_CONVERTER}, Connect does not touch
 * them), headers as bytes, the Connect record kept as the origin for dead letters. Stateless.
 */
final class ConnectRecords {
    private ConnectRecords() {
    }

    /**
     * @throws ConnectException the key or value is not bytes: a converter other than
     *     ByteArrayConverter decoded it (a configuration error, not the record's)
     */
    static SinkRecord toCore(org.apache.kafka.connect.sink.SinkRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), headerBytes(header));
        }
        return new SinkRecord(record.topic(), record.kafkaPartition(), record.kafkaOffset(),
                bytes(record.key(), "key.converter"), bytes(record.value(), "value.converter"), headers, record);
    }

    private static byte[] bytes(Object data, String converter) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof String text && converter.equals("key.converter")) {
            return text.getBytes(StandardCharsets.UTF_8); // a photo id key read by StringConverter
        }
        throw new ConnectException("piwigo-sink got a " + data.getClass().getSimpleName() + " where it needs the "
                + "record's bytes: set " + converter + "=" + ConnectorSettings.BYTE_ARRAY_CONVERTER
                + " in the connector's configuration");
    }

    /** Bytes as they came (ByteArrayConverter); a value another header converter parsed, as its text. */
    private static byte[] headerBytes(Header header) {
        Object value = header.value();
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return Values.convertToString(header.schema(), value).getBytes(StandardCharsets.UTF_8);
    }
}
