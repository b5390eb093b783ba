package io.orderflow.coreapi.supplier;

import java.util.List;

public record CatalogSkus(List<String> skus) {
}
