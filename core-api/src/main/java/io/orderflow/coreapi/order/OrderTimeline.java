package io.orderflow.coreapi.order;

import java.time.Instant;
import java.util.List;

public record OrderTimeline(List<Entry> entries) {

    public record Entry(Instant at, String type, String text) {
    }
}
