-- The allocated lines (as routing decided them: supplier SKU, supplier units per line), kept with the link the
-- dispatcher commits before it calls the supplier, so that a supplier's report can always be read in our terms.
-- They were read from the routing_decision read model only, which may lag a fast report (and does, for seconds,
-- while another node takes over a dead node's segments). Rows written before this column have it null.
ALTER TABLE supplier_order_link ADD COLUMN lines jsonb;
