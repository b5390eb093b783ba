package io.orderflow.coreapi.billing;

import java.time.YearMonth;

/** Answers a {@link BillingStatement}; deliveredOnly: the supplier bills what was delivered. */
public record FindBillingStatementQuery(String retailerId, String supplierId, YearMonth period, boolean deliveredOnly) {
}
