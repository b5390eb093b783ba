package io.orderflow.saga.fulfillment;

import io.orderflow.coreapi.order.AllocatedLine;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How far one allocation of the order has come, as the saga keeps it (stored with the saga, field by field):
 * selected with its lines and acceptance SLA, waiting for acceptance until a deadline, accepted, and which of its
 * lines' stock has been given back.
 */
final class AllocationProgress {

    /** The supplier's acceptance SLA, null for an allocation the saga saw no selection of. */
    Duration acceptanceSla;
    /** Its lines: what acceptance commits and failure or cancellation release. */
    List<AllocatedLine> lines = List.of();
    /** The scheduled acceptance deadline while waiting for the supplier, else null. */
    String acceptanceDeadline;
    boolean accepted;
    /** When the supplier accepted: its lines' stock is committed as of then. */
    Instant acceptedAt;
    /** Line ids whose stock was given back, so that none is given back twice. */
    final Set<String> released = new HashSet<>();

    void selected(Duration sla, List<AllocatedLine> allocated) {
        acceptanceSla = sla;
        lines = List.copyOf(allocated);
    }

    /**
     * The lines that hold a reservation, in position order, the order routing reserves in: positions stay locked
     * until the transaction ends, and a stable order means two transactions never wait for each other's.
     */
    Stream<AllocatedLine> reservedLines() {
        return lines.stream().filter(line -> line.position() != null)
                .sorted(Comparator.comparing(line -> line.position().value()));
    }
}
