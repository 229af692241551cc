#!/usr/bin/env bash
# Kept for existing users: scripts/send-event.sh stripe ... does the same (and signs Clerk and Supabase too).
#
#   scripts/send-stripe-event.sh <endpoint-url> <whsec_secret> [event-type | file.json] [email]
#
# event-type: invoice.paid (default), invoice.payment_failed, customer.created or customer.updated.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
exec "$(dirname "${BASH_SOURCE[0]}")/send-event.sh" stripe "$1" "$2" "${3:-invoice.paid}" ${4:+"$4"}
