package io.orderflow.coreapi.stock;

/** What a level report or a delta answers: applied, older than what the position already knows, or seen before. */
public enum StockUpdateOutcome {
    APPLIED, STALE, DUPLICATE
}
