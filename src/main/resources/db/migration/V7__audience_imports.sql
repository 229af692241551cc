-- Where a webhook log row came from: webhook (the platform posted it; also NULL, rows before this migration),
-- replay, import, reconciliation.
ALTER TABLE webhook_delivery ADD COLUMN origin VARCHAR(16);

-- Imports of a platform's existing users into the audience (POST /api/endpoints/{id}/imports). Each user is
-- applied in its own transaction, which also moves the import's position past it and counts it: a restart
-- resumes after the last user applied, and none is applied or counted twice.
CREATE TABLE audience_import (
    id                  VARCHAR(40)  PRIMARY KEY,
    endpoint_id         VARCHAR(64)  NOT NULL,
    provider            VARCHAR(32)  NOT NULL,
    state               VARCHAR(16)  NOT NULL,
    -- the endpoint while the import runs (NULL once it ends): one running import per endpoint
    running_endpoint_id VARCHAR(64)  UNIQUE,
    trigger_events      BOOLEAN      NOT NULL,
    -- the platform's cursor: the last user applied (Stripe: the customer id to start after)
    position            VARCHAR(255),
    pages_read          INTEGER      NOT NULL DEFAULT 0,
    created             INTEGER      NOT NULL DEFAULT 0,
    updated             INTEGER      NOT NULL DEFAULT 0,
    unchanged           INTEGER      NOT NULL DEFAULT 0,
    skipped_no_email    INTEGER      NOT NULL DEFAULT 0,
    skipped_other       INTEGER      NOT NULL DEFAULT 0,
    errors              INTEGER      NOT NULL DEFAULT 0,
    last_problem        VARCHAR(1000),
    error               VARCHAR(1000),
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at         TIMESTAMP WITH TIME ZONE,
    -- the instance running it holds it until then, renewing it each page; a crashed instance's import is taken
    -- over once it passes
    lease_until         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX audience_import_endpoint ON audience_import (endpoint_id, started_at);
