#!/usr/bin/env bash
# scripts/hostile-probe.sh [jar] - tries what an attacker on the network would try against the packaged service,
# and prints one line per probe with what the service did. Run it against an older jar to see the difference:
#
#   scripts/hostile-probe.sh                                   # target/incoming-webhooks-0.1.0-SNAPSHOT.jar
#   scripts/hostile-probe.sh /path/to/older/incoming-webhooks.jar
#
# The jar runs on a free port with its embedded defaults (H2 file in a temporary directory, Kafka off), with a
# generated admin token; it is stopped at the end. Needs curl and openssl. About a minute.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${1:-$ROOT/target/incoming-webhooks-0.1.0-SNAPSHOT.jar}"
[ -f "$JAR" ] || { echo "no jar at $JAR (build it with ./mvnw -q package -DskipTests)" >&2; exit 2; }
WORK="$(mktemp -d)"
PORT=$(( 20000 + RANDOM % 20000 ))
BASE="http://127.0.0.1:$PORT"
TOKEN="probe-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
SECRET="whsec_probe$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
FIXTURE="$ROOT/src/test/resources/stripe/invoice.paid.json"

(cd "$WORK" && exec env SERVER_PORT="$PORT" LOOPS_ADMIN_TOKEN="$TOKEN" LOOPS_PUBLIC_URL="$BASE" \
   LOOPS_KAFKA_BOOTSTRAP_SERVERS= java -Xmx384m -jar "$JAR") >"$WORK/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/actuator/health" && break; sleep 0.5; done
curl -sf -o /dev/null "$BASE/actuator/health" || { tail -20 "$WORK/service.log"; exit 2; }

api() { curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
sign() { # <timestamp> <file>: the v1 signature Stripe would send
  { printf '%s.' "$1"; cat "$2"; } | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1
}
post_event() { # <file> <Stripe-Signature>: prints the status and the reply
  curl -s -o "$WORK/reply" -w '%{http_code}' -H 'Content-Type: application/json' -H "Stripe-Signature: $2" \
    --data-binary "@$1" "$BASE/webhooks/stripe/$EP"; printf ' %s' "$(head -c 140 "$WORK/reply")"
}
log_lines() { wc -l <"$WORK/service.log"; }
row() { printf '%-34s %s\n' "$1" "$2"; }

EP=$(api -X POST "$BASE/api/endpoints" -d "{\"name\":\"probe\",\"signingSecret\":\"$SECRET\",\"stripeApiKey\":\"rk_test_probe0123456789abcdef\"}" \
  | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[ -n "$EP" ] || { echo "could not create an endpoint" >&2; exit 2; }
echo "service $JAR on $BASE, endpoint ${EP:0:8}…"

# 1. replay: a request signed three days ago, sent with a fresh t in front of its own
now=$(date +%s); old=$(( now - 3 * 86400 ))
row "1 replay with two t=" "$(post_event "$FIXTURE" "x=1, t=$now,t=$old,v1=$(sign "$old" "$FIXTURE")")"

# 3. Jolokia: the Camel context's requestStringBody runs SQL; a foreign origin
ctx=$(curl -s -u "admin:$TOKEN" -H "Origin: $BASE" "$BASE/actuator/jolokia/search/org.apache.camel:type=context,*" \
  | grep -o 'org.apache.camel:context=[^,]*,type=context,name=\\"[^\\]*\\"' | head -1)
reply=$(curl -s -u "admin:$TOKEN" -H "Origin: $BASE" -H 'Content-Type: application/json' "$BASE/actuator/jolokia" \
  -d "{\"type\":\"exec\",\"mbean\":\"$ctx\",\"operation\":\"requestStringBody\",\"arguments\":[\"sql:SELECT signing_secret FROM webhook_endpoint\",\"x\"]}")
case "$reply" in *"$SECRET"*) row "3 Jolokia exec sql:SELECT secret" "returned the signing secret" ;;
  *) row "3 Jolokia exec sql:SELECT secret" "refused: $(echo "$reply" | grep -o '"error":"[^"]\{0,60\}' | head -1)" ;; esac
acao=$(curl -s -o /dev/null -D - -u "admin:$TOKEN" -H "Origin: http://evil.example" \
  "$BASE/actuator/jolokia/read/java.lang:type=Memory" | grep -i '^access-control-allow-origin' | tr -d '\r' || true)
row "3 Jolokia, Origin: evil.example" "${acao:-no Access-Control-Allow-Origin}"

# 6. odd paths, anonymous
for path in '/actuator//jolokia/x' '/actuator/jolokia;x=1/x' '/actuator/./jolokia/x' '/actuator/%6aolokia/x'; do
  before=$(log_lines)
  code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$BASE$path")
  row "6 GET $path" "$code, $(( $(log_lines) - before )) log lines"
done
# 6. 300 forged requests to the known endpoint: rows in its webhook log
for i in $(seq 1 300); do post_event "$FIXTURE" "t=$now,v1=$(printf '%064d' 0)" >/dev/null; done
rows=$(api "$BASE/api/deliveries?endpointId=$EP&status=rejected&limit=500" | grep -o '"status": *"rejected"' | wc -l || true)
row "6 300 forgeries: webhook log rows" "$rows"

# 7. validly signed values no column holds
cid=$(printf 'x%.0s' $(seq 1 300))
sed "s/\"customer\": \"cus_[A-Za-z0-9]*\"/\"customer\": \"cus_$cid\"/" "$FIXTURE" | sed 's/evt_1QxInvoicePaidMissouri01/evt_probe_long_customer/' >"$WORK/long-id.json"
row "7 signed, 300-char customer id" "$(post_event "$WORK/long-id.json" "t=$now,v1=$(sign "$now" "$WORK/long-id.json")")"
sed 's/"customer_name": "Missouri"/"customer_name": "Miss\\u0000ouri"/' "$FIXTURE" | sed 's/evt_1QxInvoicePaidMissouri01/evt_probe_nul/' >"$WORK/nul.json"
row "7 signed, NUL in the name" "$(post_event "$WORK/nul.json" "t=$now,v1=$(sign "$now" "$WORK/nul.json")")"

# 5. guessing the admin token: 100 wrong Bearer tokens as fast as curl goes (last: it locks this address out)
start=$(date +%s%N)
codes=$(for i in $(seq 1 100); do curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer wrong-$i" "$BASE/api/endpoints"; done | sort | uniq -c | awk '{printf "%s x %s, ", $1, $2}')
row "5 100 wrong admin tokens" "${codes%, } in $(( ($(date +%s%N) - start) / 1000000 )) ms"

# also: /actuator/info for anyone
row "/actuator/info, anonymous" "$(curl -s -o "$WORK/reply" -w '%{http_code}' "$BASE/actuator/info") $(head -c 80 "$WORK/reply")"

# 4. secrets on disk, after the service stopped
kill $PID; wait $PID 2>/dev/null || true
n=$(cat "$WORK"/data/*.mv.db | strings | grep -c -F -e "$SECRET" -e rk_test_probe || true)
row "4 plain secrets in data/*.mv.db" "$n$( [ -f "$WORK/data/secret.key" ] && echo ", key file $(stat -c %A "$WORK/data/secret.key") data/secret.key")"
