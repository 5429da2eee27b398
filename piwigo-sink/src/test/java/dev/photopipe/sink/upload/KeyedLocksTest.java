package dev.photopipe.sink.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedLocksTest {
    @Test
    void forgetsAKeyOnceNobodyHoldsIt() {
        KeyedLocks locks = new KeyedLocks();

        int inside = locks.withLock("a", () -> locks.withLock("b", locks::size));

        assertThat(inside).isEqualTo(2);
        assertThat(locks.size()).isZero();
    }

    @Test
    void isReentrantForTheSameKey() {
        KeyedLocks locks = new KeyedLocks();

        String result = locks.withLock("a", () -> locks.withLock("a", () -> "nested"));

        assertThat(result).isEqualTo("nested");
        assertThat(locks.size()).isZero();
    }
}
