-- Retention deletes old rows by age; these indexes keep those deletes from scanning whole tables.
CREATE INDEX webhook_delivery_received ON webhook_delivery (received_at);
CREATE INDEX processed_event_processed ON processed_event (processed_at);
