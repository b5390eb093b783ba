package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIdTest {

    @Test
    void everyOrderIdIsWellFormed() {
        assertThat(OrderId.isWellFormed(OrderId.of(new RetailerId("r"), "ext-1").value())).isTrue();
        assertThat(OrderId.isWellFormed(OrderId.of(new RetailerId("r"), "\u00e9\u00e9 / 42").value())).isTrue();
    }

    @Test
    void whatNoOrderCanBeNamedIsNotWellFormed() {
        assertThat(OrderId.isWellFormed("berlin-gear")).isFalse();
        assertThat(OrderId.isWellFormed("berlin-gear/berlin/BG-TS-BLK-M")).isFalse();
        assertThat(OrderId.isWellFormed("2F1C6F7E-0000-3000-8000-000000000001")).isFalse();
        assertThat(OrderId.isWellFormed("2f1c6f7e-0000-3000-8000-000000000001 ")).isFalse();
        assertThat(OrderId.isWellFormed("")).isFalse();
        assertThat(OrderId.isWellFormed(null)).isFalse();
    }
}
