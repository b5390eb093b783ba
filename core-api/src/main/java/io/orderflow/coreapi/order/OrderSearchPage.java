package io.orderflow.coreapi.order;

import java.util.List;

/** A page of order views with each one's position, in the order asked; next is null on the last page. */
public record OrderSearchPage(List<OrderView> items, SearchOrdersQuery.Position next) {
}
