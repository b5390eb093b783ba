package io.orderflow.app;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.StockPositionId;
import io.orderflow.infra.axon.AxonConfiguration;
import io.orderflow.saga.fulfillment.OrderFulfillmentSaga;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** Saga state is stored with the same serializer as everything else; none of it may be lost on the way. */
class SagaStateSerializationTest {

    @Test
    @SuppressWarnings("unchecked")
    void fulfillmentSagaStateSurvivesTheSagaStore() {
        var serializer = AxonConfiguration.jackson();
        var saga = new OrderFulfillmentSaga();
        ReflectionTestUtils.setField(saga, "orderId", new OrderId("o-1"));
        ((Map<String, Duration>) ReflectionTestUtils.getField(saga, "acceptanceSlas")).put("o-1-1", Duration.ofSeconds(5));
        ((Map<String, String>) ReflectionTestUtils.getField(saga, "acceptanceDeadlines")).put("o-1-1", "deadline-1");
        ((Set<String>) ReflectionTestUtils.getField(saga, "accepted")).add("o-1-2");
        ((Map<String, List<AllocatedLine>>) ReflectionTestUtils.getField(saga, "allocationLines")).put("o-1-1",
                List.of(new AllocatedLine("L1", new Sku("SKU-1"), 2, "A-1", null, 2,
                        StockPositionId.of(new SupplierId("acme"), "berlin", "A-1"), 3)));

        var stored = serializer.serialize(saga, byte[].class);
        OrderFulfillmentSaga loaded = serializer.deserialize(new SimpleSerializedObject<>(stored.getData(), byte[].class,
                stored.getType()));

        assertThat(loaded).usingRecursiveComparison().isEqualTo(saga);
    }
}
