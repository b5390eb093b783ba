create sequence order_number_seq;

create table supplier_order (
  id                 text primary key,
  supplier_id        text not null,
  idempotency_key    text not null,
  reference          text not null,
  order_reference    text not null,
  lines              jsonb not null,
  ship_to            jsonb not null,
  status             text not null,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  fulfillment_id     text not null,
  carrier            text not null,
  tracking_number    text not null,
  expected_ship_date date not null,
  accepted_at        timestamptz,
  rejected_at        timestamptz,
  fulfilled_at       timestamptz,
  shipped_at         timestamptz,
  delivered_at       timestamptz,
  cancelled_at       timestamptz,
  constraint supplier_order_idempotency unique (supplier_id, idempotency_key)
);

create table stock_level (
  supplier_id  text not null,
  supplier_sku text not null,
  location_id  text not null,
  available    integer not null check (available >= 0),
  updated_at   timestamptz not null,
  primary key (supplier_id, supplier_sku, location_id)
);

-- The outbox: one row per planned webhook. A row "occurs" at due_at (body fixed, order state moves on),
-- then is delivered, strictly after the previous seq of the same order was delivered.
create table webhook_delivery (
  event_id        uuid primary key,
  order_id        text not null references supplier_order (id),
  supplier_id     text not null,
  seq             integer not null,
  type            text not null,
  due_at          timestamptz not null,
  occurred_at     timestamptz,
  body            text,
  next_attempt_at timestamptz,
  lease_until     timestamptz,
  attempts        integer not null default 0,
  last_error      text,
  sent_at         timestamptz,
  cancelled       boolean not null default false,
  constraint webhook_delivery_order_seq unique (order_id, seq)
);

create index webhook_delivery_due on webhook_delivery (due_at) where occurred_at is null and not cancelled;
create index webhook_delivery_pending on webhook_delivery (next_attempt_at) where occurred_at is not null and sent_at is null;
