package io.orderflow.coreapi.routing;

/** What happens to lines nobody can serve. */
public enum UnroutableAction {
    BACKORDER, HOLD
}
