-- Every Stripe event type: per-endpoint Stripe API key for events without an email, mailing lists, and
-- contacts that may be deleted (their trigger events stay, without the link).

ALTER TABLE trigger_event ALTER COLUMN contact_id DROP NOT NULL;

-- restricted (read-only) key of the Stripe account, used only to find a customer's email by id
ALTER TABLE webhook_endpoint ADD COLUMN stripe_api_key VARCHAR(500);

CREATE TABLE mailing_list (
    id           VARCHAR(64)   PRIMARY KEY,
    name         VARCHAR(200)  NOT NULL,
    description  VARCHAR(1000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE contact_mailing_list (
    contact_id       BIGINT      NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    mailing_list_id  VARCHAR(64) NOT NULL REFERENCES mailing_list (id) ON DELETE CASCADE,
    subscribed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (contact_id, mailing_list_id)
);
CREATE INDEX contact_mailing_list_list ON contact_mailing_list (mailing_list_id);
