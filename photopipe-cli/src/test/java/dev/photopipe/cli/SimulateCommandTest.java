package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SimulateCommandTest {
    private final SimulateCommand.RateConverter rate = new SimulateCommand.RateConverter();
    private final SimulateCommand.DurationConverter duration = new SimulateCommand.DurationConverter();

    @Test
    void readsRatesPerSecondMinuteOrHour() {
        assertThat(rate.convert("50/s")).isEqualTo(50.0);
        assertThat(rate.convert("600/min")).isEqualTo(10.0);
        assertThat(rate.convert("7200/h")).isEqualTo(2.0);
        assertThat(rate.convert("2.5")).isEqualTo(2.5);
        assertThatThrownBy(() -> rate.convert("fast")).isInstanceOf(TypeConversionException.class).hasMessageContaining("50/s");
    }

    @Test
    void readsShortAndIsoDurations() {
        assertThat(duration.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(duration.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(duration.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(duration.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> duration.convert("a while")).isInstanceOf(TypeConversionException.class).hasMessageContaining("10m");
    }
}
