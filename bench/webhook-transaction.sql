-- pgbench script: the transaction the service commits for one processed webhook (sql/*.sql, in the order
-- of routes/contact-sync.yaml), with a new event id each time and contacts drawn from a pool of 20,000
-- emails, so most events update an existing contact as real traffic does. bench/run.sh runs it at
-- saturation to measure the database's own limit on this machine.
\set n random(1, 2000000000)
\set c random(1, 20000)
BEGIN;
INSERT INTO processed_event (endpoint_id, event_id, processed_at)
VALUES ('we_pgbench_000000000000000', 'evt_pgbench_' || :n, CURRENT_TIMESTAMP)
ON CONFLICT DO NOTHING;
SELECT contact.id, contact.email_key FROM contact_identity JOIN contact ON contact.id = contact_identity.contact_id
WHERE contact_identity.provider = 'stripe' AND contact_identity.external_id = 'cus_pgbench' || :c;
INSERT INTO contact (email, email_key, first_name, last_name, source, user_group, last_event_at, created_at, updated_at)
VALUES ('pgbench' || :c || '@example.com', 'pgbench' || :c || '@example.com', 'Jane', 'Doe', 'Stripe webhook',
        'customers', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
ON CONFLICT DO NOTHING;
UPDATE contact
SET first_name = COALESCE('Jane', first_name), last_name = COALESCE('Doe', last_name),
    last_event_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
WHERE email_key = 'pgbench' || :c || '@example.com'
  AND (last_event_at IS NULL OR last_event_at <= CURRENT_TIMESTAMP)
  AND (first_name IS DISTINCT FROM COALESCE('Jane', first_name) OR last_name IS DISTINCT FROM COALESCE('Doe', last_name));
UPDATE contact SET last_event_at = CURRENT_TIMESTAMP
WHERE email_key = 'pgbench' || :c || '@example.com' AND (last_event_at IS NULL OR last_event_at < CURRENT_TIMESTAMP);
SELECT id AS contact_id FROM contact WHERE email_key = 'pgbench' || :c || '@example.com' \gset
INSERT INTO contact_identity (provider, external_id, contact_id, created_at)
VALUES ('stripe', 'cus_pgbench' || :c, :contact_id, CURRENT_TIMESTAMP)
ON CONFLICT DO NOTHING;
INSERT INTO trigger_event (id, event_name, contact_id, email, endpoint_id, provider, source_event_id,
                           source_event_type, record, occurred_at, created_at)
VALUES (gen_random_uuid()::text, 'successfulPayment', :contact_id, 'pgbench' || :c || '@example.com',
        'we_pgbench_000000000000000', 'stripe', 'evt_pgbench_' || :n, 'invoice.paid',
        '{"id":"00000000-0000-0000-0000-000000000000","eventName":"successfulPayment","email":"pgbench@example.com","contactId":1,"eventProperties":{"invoiceId":"in_1RFFohKXBGcbgpbZk9MxzDMc","amountPaid":2900,"amountDue":2900,"currency":"usd","hostedInvoiceUrl":"https://invoice.stripe.com/i/acct_test/test_1","invoicePdf":"https://pay.stripe.com/invoice/acct_test/test_1/pdf","customerId":"cus_pgbench"},"source":{"provider":"stripe","endpointId":"we_pgbench_000000000000000","eventId":"evt_pgbench","eventType":"invoice.paid"},"occurredAt":"2026-01-01T00:00:00Z"}',
        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
INSERT INTO webhook_delivery (endpoint_id, provider, event_id, event_type, event_occurred_at, outcome, http_status,
                              message, email, contact_id, trigger_event, received_at, latency_ms, payload, replay_of)
VALUES ('we_pgbench_000000000000000', 'stripe', 'evt_pgbench_' || :n, 'invoice.paid', CURRENT_TIMESTAMP, 'processed', 200,
        'Contact pgbench@example.com updated. Trigger event successfulPayment recorded.',
        'pgbench' || :c || '@example.com', :contact_id, 'successfulPayment', CURRENT_TIMESTAMP, 5,
        '{"id":"evt_bench","object":"event","type":"invoice.paid","data":{"object":{"field_000":"xxxxxxxxxxxxxxxxxxxx","field_001":"xxxxxxxxxxxxxxxxxxxx","field_002":"xxxxxxxxxxxxxxxxxxxx","field_003":"xxxxxxxxxxxxxxxxxxxx","field_004":"xxxxxxxxxxxxxxxxxxxx","field_005":"xxxxxxxxxxxxxxxxxxxx","field_006":"xxxxxxxxxxxxxxxxxxxx","field_007":"xxxxxxxxxxxxxxxxxxxx","field_008":"xxxxxxxxxxxxxxxxxxxx","field_009":"xxxxxxxxxxxxxxxxxxxx","field_010":"xxxxxxxxxxxxxxxxxxxx","field_011":"xxxxxxxxxxxxxxxxxxxx","field_012":"xxxxxxxxxxxxxxxxxxxx","field_013":"xxxxxxxxxxxxxxxxxxxx","field_014":"xxxxxxxxxxxxxxxxxxxx","field_015":"xxxxxxxxxxxxxxxxxxxx","field_016":"xxxxxxxxxxxxxxxxxxxx","field_017":"xxxxxxxxxxxxxxxxxxxx","field_018":"xxxxxxxxxxxxxxxxxxxx","field_019":"xxxxxxxxxxxxxxxxxxxx","field_020":"xxxxxxxxxxxxxxxxxxxx","field_021":"xxxxxxxxxxxxxxxxxxxx","field_022":"xxxxxxxxxxxxxxxxxxxx","field_023":"xxxxxxxxxxxxxxxxxxxx","field_024":"xxxxxxxxxxxxxxxxxxxx","field_025":"xxxxxxxxxxxxxxxxxxxx","field_026":"xxxxxxxxxxxxxxxxxxxx","field_027":"xxxxxxxxxxxxxxxxxxxx","field_028":"xxxxxxxxxxxxxxxxxxxx","field_029":"xxxxxxxxxxxxxxxxxxxx","field_030":"xxxxxxxxxxxxxxxxxxxx","field_031":"xxxxxxxxxxxxxxxxxxxx","field_032":"xxxxxxxxxxxxxxxxxxxx","field_033":"xxxxxxxxxxxxxxxxxxxx","field_034":"xxxxxxxxxxxxxxxxxxxx","field_035":"xxxxxxxxxxxxxxxxxxxx","field_036":"xxxxxxxxxxxxxxxxxxxx","field_037":"xxxxxxxxxxxxxxxxxxxx","field_038":"xxxxxxxxxxxxxxxxxxxx","field_039":"xxxxxxxxxxxxxxxxxxxx","field_040":"xxxxxxxxxxxxxxxxxxxx","field_041":"xxxxxxxxxxxxxxxxxxxx","field_042":"xxxxxxxxxxxxxxxxxxxx","field_043":"xxxxxxxxxxxxxxxxxxxx","field_044":"xxxxxxxxxxxxxxxxxxxx","field_045":"xxxxxxxxxxxxxxxxxxxx","field_046":"xxxxxxxxxxxxxxxxxxxx","field_047":"xxxxxxxxxxxxxxxxxxxx","field_048":"xxxxxxxxxxxxxxxxxxxx","field_049":"xxxxxxxxxxxxxxxxxxxx","field_050":"xxxxxxxxxxxxxxxxxxxx","field_051":"xxxxxxxxxxxxxxxxxxxx","field_052":"xxxxxxxxxxxxxxxxxxxx","field_053":"xxxxxxxxxxxxxxxxxxxx","field_054":"xxxxxxxxxxxxxxxxxxxx","field_055":"xxxxxxxxxxxxxxxxxxxx","field_056":"xxxxxxxxxxxxxxxxxxxx","field_057":"xxxxxxxxxxxxxxxxxxxx","field_058":"xxxxxxxxxxxxxxxxxxxx","field_059":"xxxxxxxxxxxxxxxxxxxx","field_060":"xxxxxxxxxxxxxxxxxxxx","field_061":"xxxxxxxxxxxxxxxxxxxx","field_062":"xxxxxxxxxxxxxxxxxxxx","field_063":"xxxxxxxxxxxxxxxxxxxx","field_064":"xxxxxxxxxxxxxxxxxxxx","field_065":"xxxxxxxxxxxxxxxxxxxx","field_066":"xxxxxxxxxxxxxxxxxxxx","field_067":"xxxxxxxxxxxxxxxxxxxx","field_068":"xxxxxxxxxxxxxxxxxxxx","field_069":"xxxxxxxxxxxxxxxxxxxx","field_070":"xxxxxxxxxxxxxxxxxxxx","field_071":"xxxxxxxxxxxxxxxxxxxx","field_072":"xxxxxxxxxxxxxxxxxxxx","field_073":"xxxxxxxxxxxxxxxxxxxx","field_074":"xxxxxxxxxxxxxxxxxxxx","field_075":"xxxxxxxxxxxxxxxxxxxx","field_076":"xxxxxxxxxxxxxxxxxxxx","field_077":"xxxxxxxxxxxxxxxxxxxx","field_078":"xxxxxxxxxxxxxxxxxxxx","field_079":"xxxxxxxxxxxxxxxxxxxx","field_080":"xxxxxxxxxxxxxxxxxxxx","field_081":"xxxxxxxxxxxxxxxxxxxx","field_082":"xxxxxxxxxxxxxxxxxxxx","field_083":"xxxxxxxxxxxxxxxxxxxx","field_084":"xxxxxxxxxxxxxxxxxxxx","field_085":"xxxxxxxxxxxxxxxxxxxx","field_086":"xxxxxxxxxxxxxxxxxxxx","field_087":"xxxxxxxxxxxxxxxxxxxx","field_088":"xxxxxxxxxxxxxxxxxxxx","field_089":"xxxxxxxxxxxxxxxxxxxx","field_090":"xxxxxxxxxxxxxxxxxxxx","field_091":"xxxxxxxxxxxxxxxxxxxx","field_092":"xxxxxxxxxxxxxxxxxxxx","field_093":"xxxxxxxxxxxxxxxxxxxx","field_094":"xxxxxxxxxxxxxxxxxxxx","field_095":"xxxxxxxxxxxxxxxxxxxx","field_096":"xxxxxxxxxxxxxxxxxxxx","field_097":"xxxxxxxxxxxxxxxxxxxx","field_098":"xxxxxxxxxxxxxxxxxxxx","field_099":"xxxxxxxxxxxxxxxxxxxx","field_100":"xxxxxxxxxxxxxxxxxxxx","field_101":"xxxxxxxxxxxxxxxxxxxx","field_102":"xxxxxxxxxxxxxxxxxxxx","field_103":"xxxxxxxxxxxxxxxxxxxx","field_104":"xxxxxxxxxxxxxxxxxxxx","field_105":"xxxxxxxxxxxxxxxxxxxx","field_106":"xxxxxxxxxxxxxxxxxxxx","field_107":"xxxxxxxxxxxxxxxxxxxx","field_108":"xxxxxxxxxxxxxxxxxxxx","field_109":"xxxxxxxxxxxxxxxxxxxx"}}}', NULL);
COMMIT;
