-- Customer e-mails already sent: a redelivered integration event finds its key here and sends nothing.
CREATE TABLE sent_notification (
    notification_key text PRIMARY KEY,
    order_id         text NOT NULL,
    kind             text NOT NULL,
    event_id         text NOT NULL,
    sent_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sent_notification_order ON sent_notification (order_id);
