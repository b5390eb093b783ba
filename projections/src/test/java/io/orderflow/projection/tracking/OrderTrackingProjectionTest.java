package io.orderflow.projection.tracking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTrackingProjectionTest {

    @Test
    void keepsOnlyTheFirstWordOfTheName() {
        assertThat(OrderTrackingProjection.firstName("Ana Example")).isEqualTo("Ana");
        assertThat(OrderTrackingProjection.firstName("  Jean-Luc   Picard de la Barre ")).isEqualTo("Jean-Luc");
        assertThat(OrderTrackingProjection.firstName("Cher")).isEqualTo("Cher");
        assertThat(OrderTrackingProjection.firstName("   ")).isNull();
        assertThat(OrderTrackingProjection.firstName(null)).isNull();
    }
}
