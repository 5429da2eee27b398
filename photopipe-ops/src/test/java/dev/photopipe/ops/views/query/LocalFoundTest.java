package dev.photopipe.ops.views.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ops.views.model.Capture;
import dev.photopipe.ops.views.model.Journey;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalFoundTest {

    @Test
    void mergesInstancesOldestFirstAndCutsAtTheLimit() {
        LocalFound one = new LocalFound(List.of(photo("a", 10), photo("c", 30)), false);
        LocalFound other = new LocalFound(List.of(photo("b", 20), photo("d", 40)), false);

        LocalFound merged = one.plus(other, 3);

        assertThat(merged.journeys()).extracting(Journey::key).containsExactly("a", "b", "c");
        assertThat(merged.limitHit()).isTrue();
    }

    private static Journey photo(String id, long time) {
        return Journey.empty(id).withCapture(new Capture(time, time, id + ".jpg", "file:///" + id, "cam", null, null,
                null, "LOT", "image/jpeg", 1, "md5"));
    }
}
