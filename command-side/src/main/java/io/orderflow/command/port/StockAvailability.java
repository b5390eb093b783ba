package io.orderflow.command.port;

import io.orderflow.coreapi.shared.StockPositionId;

import java.util.Collection;
import java.util.Map;

/**
 * Port: available to promise per stock position, from the stock read model (so it may lag the aggregates by a
 * moment; reservation is what guards against overselling). A position never reported is absent from the answer.
 * Implemented in infra.
 */
public interface StockAvailability {

    Map<StockPositionId, Integer> availableToPromise(Collection<StockPositionId> positions);
}
