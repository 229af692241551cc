# The bench's second section, "as the data grows" (issue 13), sourced by bench/run.sh when BENCH_DATA=large,
# after the empty-database section and its table: it uses run.sh's functions (load, figure, row,
# wait_for_empty_outbox) and figures (SERVICE_TPS, P99_500), and the service it started, still warm.
#
# It loads bench/preload-large.sql into the same database (1M contacts with a Stripe identity each, 5M webhook
# log rows with real payloads of which 1M are past the retention, 2M published trigger events), runs VACUUM
# ANALYZE, then: the 500/s and saturation runs again, the admin API's look-ups (50 requests each with curl after
# a warm-up), their plans (EXPLAIN ANALYZE into $OUT/large-plans.txt, summarised), and a 500/s run while the
# retention route prunes the 1M old rows. The service was started with the retention route polling every second
# and suspended at once (through Jolokia, as an operator would in Hawtio); resuming it starts the pruning.

LARGE_CONTACTS=1000000 LARGE_DELIVERIES=5000000 LARGE_OLD=1000000 LARGE_EVENTS=2000000
say ""
say "== as the data grows (BENCH_DATA=large): ${LARGE_CONTACTS} contacts with an identity each, ${LARGE_DELIVERIES} webhook log rows with payloads (${LARGE_OLD} past the retention), ${LARGE_EVENTS} published trigger events"
df -h "$ROOT" | awk 'NR == 2 { print "disk before the load: " $4 " free" }'
id_of() { printf '%s' "$1" | grep -o '"id":"[^"]*"' | head -1 | sed 's/"id":"\(.*\)"/\1/'; }
T="$ROOT/bench/templates"
PRELOAD_START=$(date +%s)
"${PSQL[@]}" -d "$DB" -v contacts=$LARGE_CONTACTS -v deliveries=$LARGE_DELIVERIES -v old=$LARGE_OLD -v events=$LARGE_EVENTS \
  -v stripe="$(id_of "$STRIPE")" -v clerk="$(id_of "$CLERK")" -v supabase="$(id_of "$SUPABASE")" \
  -v tpl0="$(cat "$T/stripe/invoice.paid.json")" -v tpl1="$(cat "$T/stripe/invoice.paid.json")" \
  -v tpl2="$(cat "$T/stripe/invoice.payment_failed.json")" -v tpl3="$(cat "$T/stripe/customer.created.json")" \
  -v tpl4="$(cat "$T/stripe/customer.updated.json")" -v tpl5="$(cat "$T/stripe/checkout.session.completed.json")" \
  -v tpl6="$(cat "$T/stripe/invoice.paid.json")" -v tpl7="$(cat "$T/clerk/user.created.json")" \
  -v tpl8="$(cat "$T/clerk/user.updated.json")" -v tpl9="$(cat "$T/supabase/auth.users.INSERT.json")" \
  -f bench/preload-large.sql > "$OUT/large-preload.log"
LOADED_AT=$(date +%s)
"${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE"
say "loaded in $((LOADED_AT - PRELOAD_START)) s, VACUUM ANALYZE $(( $(date +%s) - LOADED_AT )) s (statement times in $OUT/large-preload.log); sizes with indexes and TOAST:"
"${PSQL[@]}" -d "$DB" -At -F ' ' -c "SELECT relname, reltuples::bigint, pg_size_pretty(pg_total_relation_size(oid))
  FROM pg_class WHERE relname IN ('contact', 'contact_identity', 'webhook_delivery', 'trigger_event') ORDER BY relname" \
  | awk '{ printf "  %-18s %10s rows %10s\n", $1, $2, $3 $4 }'

say "-- the same runs on the large database"
load "warm-up, large (not counted)" "$SHORT" 0 > /dev/null
wait_for_empty_outbox 600
load "500/s ${LONG}s, large" "$LONG" 500
P99_500_LARGE=$(figure p99); NON2XX_500_LARGE=$(figure non2xx)
wait_for_empty_outbox 600
load "saturation, large" "$SHORT" 0
SERVICE_TPS_LARGE=$(figure okPerSecond)
wait_for_empty_outbox 600

say "-- the admin API's look-ups at this size (curl, one at a time, service otherwise idle; 10 warm-up requests, then 50)"
# timed <name> <url path and query, with %d for a person>: p50 / p95 / max in ms of 50 requests, each for another person
API_ROWS=()
timed() {
  local name=$1 path=$2 i times=() code
  for i in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:$PORT$(printf "$path" $(( (i * 7919) % LARGE_CONTACTS + 1 )))")
    [ "${code%% *}" = 200 ] || { say "bench: $name answered ${code%% *}"; exit 1; }
    [ "$i" -gt 10 ] && times+=("${code#* }")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END {
    printf "%s %.1f %.1f %.1f\n", name, t[int(NR * 0.5 + 0.5)], t[int(NR * 0.95 + 0.5)], t[NR] }'
}
read -r _ EMAIL_P50 EMAIL_P95 EMAIL_MAX < <(timed email "/api/contacts?email=Person%d@large.example.com")
read -r _ IDENTITY_P50 IDENTITY_P95 IDENTITY_MAX < <(timed identity "/api/contacts?identity=stripe:cus_large%d")
read -r _ LOG_P50 LOG_P95 LOG_MAX < <(timed log "/api/deliveries?x=%d")
say "GET /api/contacts?email=               p50 ${EMAIL_P50} ms, p95 ${EMAIL_P95} ms, max ${EMAIL_MAX} ms"
say "GET /api/contacts?identity=stripe:...  p50 ${IDENTITY_P50} ms, p95 ${IDENTITY_P95} ms, max ${IDENTITY_MAX} ms"
say "GET /api/deliveries (first page of 50) p50 ${LOG_P50} ms, p95 ${LOG_P95} ms, max ${LOG_MAX} ms"

# the plans of the statements behind them (as the service sends them, with literals), and of a pruning batch
PLANS="$OUT/large-plans.txt"
explain() {
  printf -- '-- %s\n%s\n' "$1" "$2" >> "$PLANS"
  "${PSQL[@]}" -d "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) $2" >> "$PLANS"
}
CONTACT_COLUMNS="SELECT contact.id, email, first_name, last_name, source, user_group, subscribed, contact.created_at, updated_at FROM contact"
: > "$PLANS"
explain "GET /api/contacts?email=" "$CONTACT_COLUMNS WHERE email_key = 'person4242@large.example.com'"
explain "GET /api/contacts?identity=" "$CONTACT_COLUMNS JOIN contact_identity ON contact_identity.contact_id = contact.id
  WHERE contact_identity.provider = 'stripe' AND contact_identity.external_id = 'cus_large4242'"
explain "the identities of the contacts found" "SELECT contact_id, provider, external_id FROM contact_identity
  WHERE contact_id IN ($("${PSQL[@]}" -d "$DB" -Atc "SELECT id FROM contact WHERE email_key = 'person4242@large.example.com'"))
  ORDER BY provider, created_at, external_id"
explain "GET /api/deliveries" "SELECT id, endpoint_id, provider, event_id, event_type, outcome, http_status, message, email,
  contact_id, trigger_event, received_at, latency_ms, replay_of, CASE WHEN payload IS NULL THEN FALSE ELSE TRUE END AS has_payload
  FROM webhook_delivery WHERE 1 = 1 ORDER BY id DESC LIMIT 50 OFFSET 0"
# a pruning batch, in a transaction rolled back: the plan the route's DELETE gets (sql/prune-webhook-log.sql)
PRUNE_SQL="$(grep -v '^--' src/main/resources/sql/prune-webhook-log.sql | sed "s/:#\${variable.cutoff}/now() - interval '30 days'/")"
printf -- '-- a pruning batch (rolled back)\n%s\n' "$PRUNE_SQL" >> "$PLANS"
"${PSQL[@]}" -d "$DB" -c "BEGIN" -c "EXPLAIN (ANALYZE, BUFFERS) $PRUNE_SQL" -c "ROLLBACK" >> "$PLANS"
say "plans (EXPLAIN ANALYZE in $PLANS):"
awk '/^-- / { name = substr($0, 4); next }
     /Index|Seq Scan|Bitmap|Sort|Limit|Delete on/ && !(name in first) { sub(/^[ ->]*/, ""); sub(/  \(cost.*/, ""); first[name] = $0 }
     /Index Scan|Index Only Scan|Seq Scan|Bitmap Index/ { sub(/^[ ->]*/, ""); sub(/  \(cost.*/, ""); scans[name] = scans[name] (scans[name] ? "; " : "") $0 }
     /Execution Time/ { printf "  %-38s %s [%s]\n", name, scans[name] ? scans[name] : first[name], $3 " ms" }' "$PLANS"

say "-- retention: 500/s while the retention route prunes the ${LARGE_OLD} rows past the webhook log's retention"
old_rows() { "${PSQL[@]}" -d "$DB" -Atc "SELECT COUNT(*) FROM webhook_delivery WHERE received_at < now() - interval '30 days'"; }
OLD_BEFORE=$(old_rows)
retention_route resume
PRUNE_START=$(date +%s%N)
load "500/s ${LONG}s while pruning" "$LONG" 500
P99_PRUNE=$(figure p99); NON2XX_PRUNE=$(figure non2xx)
OLD_AFTER_RUN=$(old_rows)
waited=0
until [ "$(old_rows)" = 0 ] || [ "$waited" -ge 600 ]; do sleep 1; waited=$((waited + 1)); done
PRUNE_MS=$(( ($(date +%s%N) - PRUNE_START) / 1000000 ))
OLD_LEFT=$(old_rows)
say "pruned $((OLD_BEFORE - OLD_AFTER_RUN)) of ${OLD_BEFORE} old rows during the ${LONG} s run; all $((OLD_BEFORE - OLD_LEFT)) in ${PRUNE_MS} ms ($(( (OLD_BEFORE - OLD_LEFT) * 1000 / (PRUNE_MS > 0 ? PRUNE_MS : 1) )) rows/s, batches of 1,000)"
wait_for_empty_outbox 600

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f", (b > 0 ? 100 * (a - b) / b : 0) }'; }
say ""
say "== summary, as the data grows (same run; empty-database figures from the table above)"
printf '%-44s %-26s %-26s %s\n' "figure" "measured" "target" ""
row "saturation, large / empty" "${SERVICE_TPS_LARGE}/s / ${SERVICE_TPS}/s ($(pct "$SERVICE_TPS_LARGE" "$SERVICE_TPS")%)" \
  "within 10% of empty" "x >= 0.9 * y" "$SERVICE_TPS_LARGE" "$SERVICE_TPS"
row "500/s p99, large / empty" "${P99_500_LARGE} / ${P99_500} ms ($(pct "$P99_500_LARGE" "$P99_500")%)" \
  "within 20% of empty" "x <= 1.2 * y" "$P99_500_LARGE" "$P99_500"
row "500/s p99 while pruning / large" "${P99_PRUNE} / ${P99_500_LARGE} ms ($(pct "$P99_PRUNE" "$P99_500_LARGE")%)" \
  "at most +20%" "x <= 1.2 * y" "$P99_PRUNE" "$P99_500_LARGE"
row "500/s non-2xx: large, while pruning" "${NON2XX_500_LARGE}, ${NON2XX_PRUNE}" "0, 0" "x == 0 && y == 0" \
  "$NON2XX_500_LARGE" "$NON2XX_PRUNE"
row "GET /api/contacts?email=, p95 (max)" "${EMAIL_P95} ms (${EMAIL_MAX} ms)" "<= 20 ms" "x <= 20" "$EMAIL_P95"
row "GET /api/contacts?identity=, p95 (max)" "${IDENTITY_P95} ms (${IDENTITY_MAX} ms)" "<= 20 ms" "x <= 20" "$IDENTITY_P95"
row "GET /api/deliveries page 1, p95 (max)" "${LOG_P95} ms (${LOG_MAX} ms)" "<= 20 ms" "x <= 20" "$LOG_P95"
