#!/usr/bin/env bash
# Sends one webhook to a running service the way the platform would: signed like Stripe or Clerk sign, or with
# the secret header a Supabase Database Webhook sends. Prints the reply and its HTTP status; exits 1 unless 2xx.
#
#   scripts/send-event.sh <platform> <endpoint-url> <secret> <event-type | file.json> [email]
#
#   stripe    Stripe-Signature: t=<now>,v1=<hex HMAC-SHA256 of "<now>.<body>" keyed with the whsec_ secret>
#             types: invoice.paid, invoice.payment_failed, customer.created, customer.updated
#   clerk     svix-id (a fresh msg_ id), svix-timestamp, svix-signature: v1,<base64 HMAC-SHA256 of
#             "<id>.<timestamp>.<body>" keyed with the base64-decoded part of the whsec_ secret>
#             types: user.created, user.updated, user.deleted, waitlistEntry.created
#   supabase  X-Webhook-Secret: <the value the endpoint issued> (Supabase signs nothing)
#             types: auth.users.INSERT, auth.users.UPDATE, auth.users.DELETE
#
# A type builds a realistic event of that type for the email (default jane.doe@example.com) with a fresh event
# id; the platform's user or customer id is derived from the email, so a later update or deletion for the same
# email is about the same person. A .json file is sent byte for byte instead.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 4 ] || usage
platform=$1
url=$2
secret=$3
what=$4
email=${5:-jane.doe@example.com}

# the email goes into JSON as it is: refuse what would need escaping rather than send a broken body
case "$email" in
  *[\"\\[:cntrl:][:space:]]* | '') echo "send-event: email must not be empty or contain quotes, backslashes or spaces: $email" >&2; exit 2 ;;
esac

body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
now=$(date +%s)
now_ms=$(date +%s%3N)
now_iso=$(date -u +%Y-%m-%dT%H:%M:%S.%6N+00:00)
random_id() { openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
# a stable id per email, so created/updated/deleted for one email are about the same customer or user
email_hash=$(printf '%s' "$email" | sha1sum | cut -c1-40)

unknown_type() {
  echo "send-event: unknown $platform event type or file: $what (types: $1)" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------------- Stripe
stripe_event() {
  local event_id customer_id
  event_id="evt_test_$(random_id 16)"
  customer_id="cus_test_${email_hash:0:14}"
  case "$what" in
    invoice.paid|invoice.payment_failed)
      local paid amount_paid
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
    *) unknown_type "invoice.paid, invoice.payment_failed, customer.created, customer.updated" ;;
  esac
}

send_stripe() {
  local signature
  signature=$({ printf '%s.' "$now"; cat "$body_file"; } | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)
  post -H 'Content-Type: application/json; charset=utf-8' -H "Stripe-Signature: t=$now,v1=$signature"
}

# ----------------------------------------------------------------------------------------------------- Clerk
# shaped like Clerk's own examples (clerk-docs and clerk/openapi-specs); "timestamp" is in milliseconds
clerk_event() {
  local user_id="user_test_${email_hash:0:18}" email_id="idn_test_${email_hash:18:18}"
  case "$what" in
    user.created|user.updated)
      cat > "$body_file" <<JSON
{
  "data": {
    "birthday": "",
    "created_at": $now_ms,
    "email_addresses": [
      {
        "email_address": "$email",
        "id": "$email_id",
        "linked_to": [],
        "object": "email_address",
        "verification": {
          "status": "verified",
          "strategy": "email_code"
        }
      }
    ],
    "external_accounts": [],
    "external_id": null,
    "first_name": "Jane",
    "gender": "",
    "id": "$user_id",
    "image_url": "https://img.clerk.com/test",
    "last_name": "Doe",
    "last_sign_in_at": $now_ms,
    "object": "user",
    "password_enabled": true,
    "phone_numbers": [],
    "primary_email_address_id": "$email_id",
    "primary_phone_number_id": null,
    "primary_web3_wallet_id": null,
    "private_metadata": {},
    "profile_image_url": "https://www.gravatar.com/avatar?d=mp",
    "public_metadata": {},
    "two_factor_enabled": false,
    "unsafe_metadata": {},
    "updated_at": $now_ms,
    "username": null,
    "web3_wallets": []
  },
  "instance_id": "ins_test",
  "object": "event",
  "timestamp": $now_ms,
  "type": "$what"
}
JSON
      ;;
    user.deleted)
      cat > "$body_file" <<JSON
{
  "data": {
    "deleted": true,
    "id": "$user_id",
    "object": "user"
  },
  "instance_id": "ins_test",
  "object": "event",
  "timestamp": $now_ms,
  "type": "user.deleted"
}
JSON
      ;;
    waitlistEntry.created)
      cat > "$body_file" <<JSON
{
  "data": {
    "created_at": $now_ms,
    "email_address": "$email",
    "id": "wle_test_${email_hash:0:18}",
    "invitation": null,
    "is_locked": false,
    "object": "waitlistEntry",
    "status": "pending",
    "updated_at": $now_ms
  },
  "instance_id": "ins_test",
  "object": "event",
  "timestamp": $now_ms,
  "type": "waitlistEntry.created"
}
JSON
      ;;
    *) unknown_type "user.created, user.updated, user.deleted, waitlistEntry.created" ;;
  esac
}

send_clerk() {
  local key_base64=${secret#whsec_} key_hex msg_id signature
  # base64 -d wants padding, which Svix secrets may leave out
  while (( ${#key_base64} % 4 )); do key_base64+="="; done
  key_hex=$(printf '%s' "$key_base64" | base64 -d 2>/dev/null | od -An -v -tx1 | tr -d ' \n') || true
  if [ -z "$key_hex" ]; then
    echo "send-event: a Clerk secret is whsec_ followed by base64 (the endpoint's Signing Secret in Clerk)" >&2
    exit 2
  fi
  msg_id="msg_$(random_id 27)"
  signature=$({ printf '%s.%s.' "$msg_id" "$now"; cat "$body_file"; } \
    | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)
  post -H 'Content-Type: application/json' -H "svix-id: $msg_id" -H "svix-timestamp: $now" -H "svix-signature: v1,$signature"
}

# -------------------------------------------------------------------------------------------------- Supabase
# a Database Webhook on auth.users: {type, table, record, schema, old_record} in one line, as PostgreSQL's jsonb
# prints it (keys by length, then bytes); the user's id is a UUID derived from the email
supabase_user() { # <email_confirmed_at or null> <last_sign_in_at or null>
  local id="${email_hash:0:8}-${email_hash:8:4}-5${email_hash:13:3}-a${email_hash:17:3}-${email_hash:20:12}"
  local confirmed=$1 signed_in=$2
  printf '{"id": "%s", "aud": "authenticated", "role": "authenticated", "email": "%s", "phone": null, ' "$id" "$email"
  printf '"created_at": "%s", "deleted_at": null, "invited_at": null, "updated_at": "%s", ' "$now_iso" "$now_iso"
  printf '"instance_id": "00000000-0000-0000-0000-000000000000", "is_sso_user": false, "banned_until": null, '
  printf '"confirmed_at": %s, "email_change": "", "is_anonymous": false, "phone_change": "", ' "$confirmed"
  printf '"is_super_admin": null, "recovery_token": "", "last_sign_in_at": %s, "recovery_sent_at": null, ' "$signed_in"
  printf '"raw_app_meta_data": {"provider": "email", "providers": ["email"]}, "confirmation_token": "", '
  printf '"email_confirmed_at": %s, "encrypted_password": "", "phone_change_token": "", ' "$confirmed"
  printf '"phone_confirmed_at": null, "raw_user_meta_data": {"last_name": "Doe", "first_name": "Jane"}, '
  printf '"confirmation_sent_at": "%s", "email_change_sent_at": null, "phone_change_sent_at": null, ' "$now_iso"
  printf '"email_change_token_new": "", "reauthentication_token": "", "reauthentication_sent_at": null, '
  printf '"email_change_token_current": "", "email_change_confirm_status": 0}'
}

supabase_event() {
  local before after
  case "$what" in
    # a sign-up, the confirmation of its address, and the removal of the user
    auth.users.INSERT) before=null; after=$(supabase_user null null) ;;
    auth.users.UPDATE) before=$(supabase_user null null); after=$(supabase_user "\"$now_iso\"" "\"$now_iso\"") ;;
    auth.users.DELETE) before=$(supabase_user "\"$now_iso\"" "\"$now_iso\""); after=null ;;
    *) unknown_type "auth.users.INSERT, auth.users.UPDATE, auth.users.DELETE" ;;
  esac
  printf '{"type": "%s", "table": "users", "record": %s, "schema": "auth", "old_record": %s}' \
    "${what##*.}" "$after" "$before" > "$body_file"
}

send_supabase() {
  post -H 'Content-Type: application/json' -H "X-Webhook-Secret: $secret"
}

# ------------------------------------------------------------------------------------------------------------
post() { # <curl header options...>
  local reply status
  reply=$(curl -sS -X POST "$url" "$@" \
    --data-binary @"$body_file" -w '\nHTTP %{http_code}')
  printf '%s\n' "$reply"
  status=${reply##*HTTP }
  [[ "$status" == 2?? ]]
}

case "$platform" in
  stripe|clerk|supabase) ;;
  *) echo "send-event: unknown platform: $platform (stripe, clerk or supabase)" >&2; exit 2 ;;
esac
case "$what" in
  *.json) cp "$what" "$body_file" ;;
  *) "${platform}_event" ;;
esac
"send_$platform"
