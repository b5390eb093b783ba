package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.shared.Sku;

/**
 * SKUs named in a reason: the first few, then a count, so that a narrow catalog does not flood the explanation.
 * Keeps line indexes; the text is written once per supplier, only when there is something to say.
 */
final class SkuList {

    static final int NAMED = 3;
    private final int[] named = new int[NAMED];
    private int count;

    void add(int line, boolean firstTimeInOrder) {
        if (!firstTimeInOrder) {
            return;
        }
        if (count < NAMED) {
            named[count] = line;
        }
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    String describe(Sku[] skus) {
        var text = new StringBuilder();
        for (int k = 0; k < Math.min(count, NAMED); k++) {
            text.append(k == 0 ? "" : ", ").append(skus[named[k]].value());
        }
        if (count > NAMED) {
            text.append(" and ").append(count - NAMED).append(" more");
        }
        return text.toString();
    }
}
