package io.orderflow.coreapi.order;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record BackorderOrderLinesCommand(@TargetAggregateIdentifier OrderId orderId, List<String> lineIds, String reason) {
}
