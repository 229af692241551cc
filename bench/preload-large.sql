-- bench/run.sh with BENCH_DATA=large: the bench database as years of webhooks leave it, loaded after the
-- empty-database runs into the same database (nothing is dropped): :contacts contacts, each with a Stripe
-- identity; :deliveries webhook log rows with real payloads (bench/templates, 70% Stripe, 20% Clerk, 10%
-- Supabase), the first :old of them older than the retention (30 days) for the pruning run; and :events
-- published trigger events. Each table is one INSERT ... SELECT FROM generate_series; ids correlate with time as
-- they do in a real log (the newest rows have the highest ids). psql variables: contacts, deliveries, old,
-- events, stripe, clerk, supabase (endpoint ids) and the ten payload templates tpl0 .. tpl9.
\set ON_ERROR_STOP 1
\timing on

-- the templates, one per tenth of the rows: 7 Stripe, 2 Clerk, 1 Supabase
CREATE TEMP TABLE bench_template (slot INT PRIMARY KEY, provider TEXT, endpoint_id TEXT, event_type TEXT,
                                  trigger_name TEXT, body TEXT);
INSERT INTO bench_template VALUES
  (0, 'stripe', :'stripe', 'invoice.paid', 'successfulPayment', :'tpl0'),
  (1, 'stripe', :'stripe', 'invoice.paid', 'successfulPayment', :'tpl1'),
  (2, 'stripe', :'stripe', 'invoice.payment_failed', 'failedPayment', :'tpl2'),
  (3, 'stripe', :'stripe', 'customer.created', 'newStripeCustomer', :'tpl3'),
  (4, 'stripe', :'stripe', 'customer.updated', NULL, :'tpl4'),
  (5, 'stripe', :'stripe', 'checkout.session.completed', 'checkoutCompleted', :'tpl5'),
  (6, 'stripe', :'stripe', 'invoice.paid', 'successfulPayment', :'tpl6'),
  (7, 'clerk', :'clerk', 'user.created', 'newClerkUser', :'tpl7'),
  (8, 'clerk', :'clerk', 'user.updated', NULL, :'tpl8'),
  (9, 'supabase', :'supabase', 'auth.users.INSERT', 'newSupabaseUser', :'tpl9');
-- each template as a format() string: one pass per row instead of a replace() per placeholder (4x faster)
UPDATE bench_template SET body = replace(replace(replace(replace(replace(replace(replace(replace(body, '%', '%%'),
  '__EVENT_ID__', '%1$s'), '__EMAIL__', '%2$s'), '__CUSTOMER__', '%3$s'), '__USER__', '%4$s'), '__NAME__', '%5$s'),
  '__FIRST__', '%6$s'), '__LAST__', '%7$s');

-- contacts get ids above those the empty-database runs made; the identity sequence goes past them
SELECT COALESCE(MAX(id), 0) + 1000 AS contact_base FROM contact \gset
INSERT INTO contact (id, email, email_key, first_name, last_name, source, user_group, subscribed, last_event_at,
                     created_at, updated_at)
SELECT :contact_base + p, 'Person' || p || '@large.example.com', 'person' || p || '@large.example.com', 'Person',
       p::text, 'Stripe webhook', 'customers', p % 20 <> 0,
       now() - interval '400 days' + p * interval '30 seconds', now() - interval '400 days' + p * interval '30 seconds',
       now() - interval '400 days' + p * interval '30 seconds'
FROM generate_series(1, :contacts) p;
SELECT setval(pg_get_serial_sequence('contact', 'id'), :contact_base + :contacts);

INSERT INTO contact_identity (provider, external_id, contact_id, created_at)
SELECT 'stripe', 'cus_large' || p, :contact_base + p, now() - interval '400 days' + p * interval '30 seconds'
FROM generate_series(1, :contacts) p;

-- payloads compressed with lz4 rather than pglz: as small, and the load is CPU-bound on compression
SET default_toast_compression = lz4;

-- the webhook log: row g of :deliveries is person g % :contacts; the first :old rows are 31 to 90 days old, the
-- rest spread over the last 29 days up to an hour ago
SELECT COALESCE(MAX(id), 0) + 1000 AS delivery_base FROM webhook_delivery \gset
INSERT INTO webhook_delivery (id, endpoint_id, provider, event_id, event_type, event_occurred_at, outcome, http_status,
                              message, email, contact_id, trigger_event, received_at, latency_ms, payload, replay_of)
SELECT :delivery_base + g, t.endpoint_id, t.provider, e.event_id, t.event_type, e.at, 'processed', 200,
       'Contact person' || e.p || '@large.example.com updated.'
         || COALESCE(' Trigger event ' || t.trigger_name || ' recorded.', ''),
       'person' || e.p || '@large.example.com', :contact_base + e.p, t.trigger_name, e.at, 3 + g % 17,
       format(t.body, e.event_id, 'person' || e.p || '@large.example.com', 'cus_large' || e.p, 'user_large' || e.p,
              'Person ' || e.p, 'Person', e.p::text),
       NULL
FROM generate_series(1, :deliveries) g
CROSS JOIN LATERAL (SELECT 1 + g % :contacts AS p,
                           CASE WHEN g % 10 IN (7, 8) THEN 'msg' ELSE 'evt' END || '_large_' || g AS event_id,
                           CASE WHEN g <= :old
                                THEN now() - interval '90 days' + g * (interval '59 days' / :old)
                                ELSE now() - interval '29 days' + (g - :old) * ((interval '29 days' - interval '1 hour') / (:deliveries - :old))
                           END AS at) e
JOIN bench_template t ON t.slot = g % 10;
SELECT setval(pg_get_serial_sequence('webhook_delivery', 'id'), :delivery_base + :deliveries);

-- trigger events, all published (as the outbox leaves them), over the last 400 days
INSERT INTO trigger_event (id, event_name, contact_id, email, endpoint_id, provider, source_event_id,
                           source_event_type, record, occurred_at, created_at, published_at)
SELECT e.id, t.trigger_name, :contact_base + e.p, 'person' || e.p || '@large.example.com',
       t.endpoint_id, t.provider, 'evt_large_te_' || g, t.event_type,
       '{"id":"' || e.id || '","eventName":"' || t.trigger_name || '","email":"person' || e.p
         || '@large.example.com","contactId":' || (:contact_base + e.p) || ',"eventProperties":{"invoiceId":"in_large'
         || g || '","amountPaid":2900,"amountDue":2900,"currency":"usd","hostedInvoiceUrl":"https://invoice.stripe.com/i/acct_large/'
         || g || '","customerId":"cus_large' || e.p || '"},"source":{"provider":"' || t.provider || '","endpointId":"'
         || t.endpoint_id || '","eventId":"evt_large_te_' || g || '","eventType":"' || t.event_type || '"},"occurredAt":"'
         || to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '"}',
       e.at, e.at, e.at + interval '40 milliseconds'
FROM generate_series(1, :events) g
CROSS JOIN LATERAL (SELECT 1 + (g::bigint * 7919) % :contacts AS p, gen_random_uuid()::text AS id,
                           now() - interval '400 days' + g * (interval '400 days' - interval '1 hour') / :events AS at) e
-- the two slots without a trigger event (customer.updated, user.updated) count as their neighbours
JOIN bench_template t ON t.slot = CASE g % 10 WHEN 4 THEN 0 WHEN 8 THEN 7 ELSE g % 10 END;
