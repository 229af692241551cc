#!/usr/bin/env bash
# Sends one event to a running service, signed the way Stripe signs (HMAC-SHA256 of "<t>.<body>" with the
# endpoint's whsec_ secret, in a Stripe-Signature header).
#
#   scripts/send-stripe-event.sh <endpoint-url> <whsec_secret> [event-type | file.json] [email]
#
# event-type: invoice.paid (default), invoice.payment_failed, customer.created or customer.updated; a
# realistic event with a fresh id is generated. A .json file is sent byte for byte instead.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
url=$1
secret=$2
what=${3:-invoice.paid}
email=${4:-jane.doe@example.com}

body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
now=$(date +%s)
event_id="evt_test_$(date +%s%N | tail -c 17)"
customer_id="cus_test_$(printf '%s' "$email" | sha1sum | cut -c1-14)"

case "$what" in
  *.json)
    cp "$what" "$body_file" ;;
  invoice.paid|invoice.payment_failed)
    paid=$([ "$what" = invoice.paid ] && echo true || echo false)
    amount_paid=$([ "$what" = invoice.paid ] && echo 2900 || echo 0)
    cat > "$body_file" <<JSON
{
  "id": "$event_id",
  "object": "event",
  "api_version": "2024-06-20",
  "created": $now,
  "data": {
    "object": {
      "id": "in_test_${now}",
      "object": "invoice",
      "amount_due": 2900,
      "amount_paid": $amount_paid,
      "amount_remaining": $((2900 - amount_paid)),
      "billing_reason": "subscription_cycle",
      "currency": "usd",
      "customer": "$customer_id",
      "customer_email": "$email",
      "customer_name": "Jane Doe",
      "hosted_invoice_url": "https://invoice.stripe.com/i/acct_test/test_${now}",
      "invoice_pdf": "https://pay.stripe.com/invoice/acct_test/test_${now}/pdf",
      "livemode": false,
      "number": "A1B2C3D4-0001",
      "paid": $paid,
      "status": "$([ "$paid" = true ] && echo paid || echo open)"
    }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {"id": null, "idempotency_key": null},
  "type": "$what"
}
JSON
    ;;
  customer.created|customer.updated)
    cat > "$body_file" <<JSON
{
  "id": "$event_id",
  "object": "event",
  "api_version": "2024-06-20",
  "created": $now,
  "data": {
    "object": {
      "id": "$customer_id",
      "object": "customer",
      "created": $now,
      "currency": null,
      "description": null,
      "email": "$email",
      "livemode": false,
      "metadata": {},
      "name": "Jane Doe"
    }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {"id": "req_test", "idempotency_key": null},
  "type": "$what"
}
JSON
    ;;
  *)
    echo "unknown event type or file: $what" >&2
    exit 2 ;;
esac

signature=$({ printf '%s.' "$now"; cat "$body_file"; } | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)
curl -sS -X POST "$url" \
  -H 'Content-Type: application/json; charset=utf-8' \
  -H "Stripe-Signature: t=$now,v1=$signature" \
  --data-binary @"$body_file" \
  -w '\nHTTP %{http_code}\n'
