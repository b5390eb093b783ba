package io.orderflow.coreapi.query;

import java.util.List;

public record BackorderedOrders(List<String> orderIds) {
}
