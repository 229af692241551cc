-- The webhook log keeps the verified payload of a delivery (until retention deletes the row), so a support
-- person can read it and replay it; a replay is logged as a delivery of its own, pointing at the original.
ALTER TABLE webhook_delivery ADD COLUMN payload VARCHAR(1048576);
ALTER TABLE webhook_delivery ADD COLUMN replay_of BIGINT;
CREATE INDEX webhook_delivery_event ON webhook_delivery (endpoint_id, event_id);
CREATE INDEX webhook_delivery_email ON webhook_delivery (email);
