package io.orderflow.coreapi.order;

import java.util.List;

/** A cancellation named lines that have already shipped (a return is needed instead); nothing was changed. */
public class LinesNotCancellable extends IllegalArgumentException {

    private final List<String> lineIds;

    public LinesNotCancellable(List<String> lineIds) {
        super("line(s) " + String.join(", ", lineIds) + " have already shipped and cannot be cancelled; "
                + "a return is needed instead");
        this.lineIds = List.copyOf(lineIds);
    }

    public List<String> lineIds() {
        return lineIds;
    }
}
