package io.orderflow.coreapi.stock;

/**
 * What the supplier last reported at one position, what is available to promise there, and the sequence of the position's last event the read model reflects: a
 * reader that saw event N of the position knows the read model has caught up with it once lastSequence ≥ N.
 */
public record PositionAvailability(int reported, int available, long lastSequence) {

    public boolean reflects(long sequence) {
        return lastSequence >= sequence;
    }
}
