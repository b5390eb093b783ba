package io.orderflow.coreapi.query;

import java.time.Instant;
import java.util.List;

public record OrderTimeline(List<Entry> entries) {

    public record Entry(Instant at, String type, String text) {
    }
}
