package dev.photopipe.sink.consume;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;

/**
 * A partition that holds records and finished none of them for a while (Piwigo down, a photo
 * stuck in retries). Immutable value.
 *
 * @param pending records of the partition taken in and not yet done
 * @param since   how long it has finished none
 */
public record Stall(TopicPartition partition, int pending, Duration since) {
    /** One line for readiness checks and logs. */
    public String describe() {
        return partition + " holds " + pending + " request(s) and finished none for " + since.toSeconds() + " s";
    }
}
