package dev.photopipe.sink.piwigo;

import java.util.ArrayList;
import java.util.List;

/** Ordered request parameters; a name may repeat ({@code image_id[]}). Not thread-safe. */
final class Params {
    final List<String[]> pairs = new ArrayList<>();

    static Params of(String name, Object value) {
        return new Params().add(name, value);
    }

    Params add(String name, Object value) {
        if (value != null) {
            pairs.add(new String[] {name, String.valueOf(value)});
        }
        return this;
    }

    Params addAll(Params other) {
        pairs.addAll(other.pairs);
        return this;
    }
}
