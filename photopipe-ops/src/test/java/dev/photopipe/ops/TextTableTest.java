package dev.photopipe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsTextLeftAndNumbersRight() {
        String table = new TextTable("batch", "captured", "rate").row("LOT-4711", 1200, 3.5).row("A", 7, null).render();

        assertThat(table).isEqualTo("""
                batch     captured  rate
                --------  --------  ----
                LOT-4711      1200   3.5
                A                7     -
                """);
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new TextTable("a", "b").row("only one"))
                .hasMessageContaining("Row has 1 cells, the table 2 columns [a, b]");
    }
}
