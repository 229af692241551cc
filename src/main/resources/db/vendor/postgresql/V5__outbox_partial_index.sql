-- The relay claims unpublished trigger events in seq order. An index of only those rows (PostgreSQL's
-- partial index; H2 has none and keeps V1's index) stays small however many events were published, and the
-- claim reads it in order: no scan and sort of every published row's entry, which cost ~100 ms a poll on a
-- table of 100k rows that had not been vacuumed yet.
CREATE INDEX trigger_event_outbox ON trigger_event (seq) WHERE published_at IS NULL;
DROP INDEX trigger_event_unpublished;
