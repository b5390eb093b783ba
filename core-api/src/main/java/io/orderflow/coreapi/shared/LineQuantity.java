package io.orderflow.coreapi.shared;

public record LineQuantity(String lineId, int quantity) {
}
