-- Every platform a route file: the schema names no platform.
--
-- A contact may be known to several platforms (a Stripe customer, a Clerk user, a Supabase user): each of those
-- ids is an identity, unique per platform and id. Today's stripe_customer_id values move here. Where several
-- contacts held the same customer id, the oldest keeps it: it is the one every look-up by customer id found.
CREATE TABLE contact_identity (
    provider     VARCHAR(32)  NOT NULL,
    external_id  VARCHAR(255) NOT NULL,
    contact_id   BIGINT       NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT contact_identity_unique PRIMARY KEY (provider, external_id)
);
CREATE INDEX contact_identity_contact ON contact_identity (contact_id);

INSERT INTO contact_identity (provider, external_id, contact_id, created_at)
SELECT 'stripe', first_holder.stripe_customer_id, first_holder.id, first_holder.created_at
FROM contact first_holder
WHERE first_holder.stripe_customer_id IS NOT NULL
  AND first_holder.id = (SELECT MIN(other.id) FROM contact other WHERE other.stripe_customer_id = first_holder.stripe_customer_id);

DROP INDEX contact_stripe_customer;
ALTER TABLE contact DROP COLUMN stripe_customer_id;

-- The platform API key of an endpoint (a restricted Stripe key today; a Clerk secret key, a Supabase service-role
-- key), used only to find a person the event names without an email.
ALTER TABLE webhook_endpoint RENAME COLUMN stripe_api_key TO api_key;

-- A replayed delivery goes through the catalog of its platform again; the envelope read when it arrived (its id,
-- type and time) is kept with it, since some platforms carry the id in a header or nowhere.
ALTER TABLE webhook_delivery ADD COLUMN event_occurred_at TIMESTAMP WITH TIME ZONE;
