package io.orderflow.coreapi.stock;

/**
 * Available to promise at one position, and the sequence of the position's last event the read model reflects: a
 * reader that saw event N of the position knows the read model has caught up with it once lastSequence ≥ N.
 */
public record PositionAvailability(int available, long lastSequence) {

    public boolean reflects(long sequence) {
        return lastSequence >= sequence;
    }
}
