-- Packages scripted through the control API: an order may ship in several, each with its own tracking.
create table shipment_package (
  order_id        text not null references supplier_order (id),
  package_id      text not null,
  lines           jsonb not null,
  tracking_number text not null,
  fulfilled_at    timestamptz not null,
  shipped_at      timestamptz not null,
  primary key (order_id, package_id)
);
