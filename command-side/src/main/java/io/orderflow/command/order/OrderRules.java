package io.orderflow.command.order;

import io.orderflow.coreapi.order.OrderLine;

import java.util.HashSet;
import java.util.List;

final class OrderRules {

    private OrderRules() {
    }

    static void requireValidLines(List<OrderLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new OrderRuleViolation("an order needs at least one line");
        }
        var ids = new HashSet<String>();
        for (OrderLine line : lines) {
            if (!ids.add(line.lineId())) {
                throw new OrderRuleViolation("line id " + line.lineId() + " appears twice");
            }
            if (line.quantity() <= 0) {
                throw new OrderRuleViolation("line " + line.lineId() + " needs a positive quantity");
            }
        }
    }
}
