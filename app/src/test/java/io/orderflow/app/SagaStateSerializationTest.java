package io.orderflow.app;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.infra.axon.AxonConfiguration;
import io.orderflow.saga.fulfillment.OrderFulfillmentSaga;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Saga state is stored with the same serializer as everything else; none of it may be lost on the way. */
class SagaStateSerializationTest {

    final org.axonframework.serialization.Serializer serializer = AxonConfiguration.jackson();
    final AllocatedLine line = new AllocatedLine("L1", new Sku("SKU-1"), 2, "A-1", null, 2,
            StockPositionId.of(new SupplierId("acme"), "berlin", "A-1"), 3);

    /**
     * A saga stored before its allocations were kept in one map had a map or set per fact, keyed by allocation id,
     * and "allocation/line" for each line given back: such a saga, built here with the same serializer, still loads.
     */
    @Test
    void aSagaStoredWithItsOldShapeLoadsWithEveryAllocationsProgress() {
        var old = new LinkedHashMap<String, Object>();
        old.put("orderId", new OrderId("o-1"));
        old.put("acceptanceSlas", Map.of("o-1-1", Duration.ofSeconds(5), "o-1-2", Duration.ofMinutes(30)));
        old.put("acceptanceDeadlines", Map.of("o-1-1", "deadline-1"));
        old.put("accepted", Set.of("o-1-2"));
        old.put("acceptedAt", Map.of("o-1-2", Instant.parse("2026-12-01T10:15:30Z")));
        old.put("allocationLines", Map.of("o-1-1", List.of(line), "o-1-2", List.of(line)));
        old.put("released", Set.of("o-1-2/L1"));
        old.put("holdDeadline", "hold-1");
        old.put("heldSince", Instant.parse("2026-12-01T09:00:00Z"));
        var stored = serializer.serialize(old, byte[].class);

        OrderFulfillmentSaga loaded = serializer.deserialize(new SimpleSerializedObject<>(stored.getData(),
                byte[].class, OrderFulfillmentSaga.class.getName(), null));

        var state = json(loaded);
        assertThat(state.path("orderId").path("value").asString()).isEqualTo("o-1");
        assertThat(state.path("holdDeadline").asString()).isEqualTo("hold-1");
        var waiting = state.path("allocations").path("o-1-1");
        assertThat(waiting.path("acceptanceDeadline").asString()).isEqualTo("deadline-1");
        assertThat(waiting.path("accepted").asBoolean()).isFalse();
        assertThat(waiting.path("lines")).hasSize(1);
        assertThat(waiting.path("released")).isEmpty();
        var accepted = state.path("allocations").path("o-1-2");
        assertThat(accepted.path("accepted").asBoolean()).isTrue();
        assertThat(accepted.path("acceptedAt").isMissingNode()).isFalse();
        assertThat(accepted.path("released").get(0).asString()).isEqualTo("L1");
        assertThat(state.has("acceptanceSlas") || state.has("released") || state.has("allocationLines")).isFalse();
        assertThat(roundTrip(loaded)).usingRecursiveComparison().isEqualTo(loaded);
        assertThat(json(roundTrip(loaded)).path("allocations").path("o-1-1").path("acceptanceSla"))
                .isEqualTo(waiting.path("acceptanceSla"));
    }

    @Test
    void fulfillmentSagaStateSurvivesTheSagaStore() {
        var stored = serializer.serialize(Map.of("orderId", new OrderId("o-1"),
                "allocationLines", Map.of("o-1-1", List.of(line)), "acceptanceDeadlines", Map.of("o-1-1", "d-1")),
                byte[].class);
        OrderFulfillmentSaga saga = serializer.deserialize(new SimpleSerializedObject<>(stored.getData(),
                byte[].class, OrderFulfillmentSaga.class.getName(), null));

        assertThat(roundTrip(saga)).usingRecursiveComparison().isEqualTo(saga);
        assertThat(json(roundTrip(saga)).path("allocations").path("o-1-1").path("lines").get(0).path("lineId")
                .asString()).isEqualTo("L1");
    }

    private OrderFulfillmentSaga roundTrip(OrderFulfillmentSaga saga) {
        var stored = serializer.serialize(saga, byte[].class);
        return serializer.deserialize(new SimpleSerializedObject<>(stored.getData(), byte[].class, stored.getType()));
    }

    private JsonNode json(OrderFulfillmentSaga saga) {
        var stored = serializer.serialize(saga, byte[].class);
        return JsonMapper.builder().build().readTree(new String(stored.getData(), StandardCharsets.UTF_8));
    }
}
