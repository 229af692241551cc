#!/usr/bin/env bash
# The benchmark: the packaged service against this machine's PostgreSQL and a real Kafka broker
# (scripts/kafka.sh), driven by webhooks of Stripe, Clerk and Supabase (70/20/10), each signed as its platform
# signs, compared with what the database itself can do. The load comes from bench/LoadGenerator.java: an open
# loop that sends each request at its scheduled time and counts latency from then, so queueing before the send
# is in the figure (no coordinated omission); the latency from the actual send is printed beside it.
#
#   bench/run.sh            full run, about 10 minutes
#   BENCH_QUICK=1 bench/run.sh   shorter runs, about 5 minutes
#   BENCH_DATA=large bench/run.sh   then a second section on a large database (bench/large-data.sh): about
#                           8-10 more minutes, 6 of them the load (BENCH_QUICK=1 too: 11 minutes in all as measured)
#
# Prints: start-up time, open-loop runs at fixed rates (throughput, p50/p95/p99/max, statuses, per platform), CPU
# and PostgreSQL statements per webhook at 500/s, a saturation run, pgbench on the same transaction and the
# service's share of it, outbox publish lag at 500/s, the outbox drain rate after a Kafka outage, the service's
# peak RSS, and a table of every figure beside its target (issue 13), met or missed. With BENCH_DATA=large it
# then loads 1M contacts (with identities), 5M webhook log rows with payloads (1M past the retention) and 2M
# published trigger events into the same database and prints, beside their targets: saturation and the 500/s p99
# against the empty database's, the 500/s p99 while retention prunes the 1M old rows, the admin API's look-ups by
# email and identity and the webhook log's first page, and the plans behind them (target/bench/large-plans.txt).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT=${BENCH_PORT:-18090}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19192}
DB=webhooks_bench
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
TOKEN="bench-admin-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
SECRET="whsec_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# Clerk's (Svix's) secrets are whsec_ and the base64 of the key
CLERK_SECRET="whsec_$(head -c 24 /dev/urandom | base64)"
# a key for this run's fresh database, so the service makes no data/secret.key in the checkout
ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)"
JAR="$ROOT/target/incoming-webhooks-0.1.0-SNAPSHOT.jar"
OUT="$ROOT/target/bench"
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms256m -Xmx384m -XX:MaxMetaspaceSize=192m -XX:+UseG1GC}
if [ -n "${BENCH_QUICK:-}" ]; then LONG=20; SHORT=10; else LONG=60; SHORT=30; fi
case "${BENCH_DATA:-}" in
  ""|empty) LARGE= ;;
  large) LARGE=1 ;;
  *) echo "bench: BENCH_DATA is large or unset, not ${BENCH_DATA}"; exit 2 ;;
esac
# the large-data section prunes during a run of its choosing: the retention route polls every second (at once on
# the empty database) and is suspended as soon as the service is ready, until that run resumes it
RETENTION_OPTS=
[ -z "$LARGE" ] || RETENTION_OPTS="-Dloops.retention.initial-delay-ms=1000 -Dloops.retention.run-every-ms=1000"
mkdir -p "$OUT"
APP_PID=

say() { printf '%s\n' "$*"; }
cleanup() {
  [ -n "${LOADGEN_PID:-}" ] && kill "$LOADGEN_PID" 2>/dev/null || true
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  scripts/kafka.sh stop "$KAFKA_PORT" > /dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

if [ ! -f "$JAR" ] || [ -n "$(find src/main routes pom.xml -newer "$JAR" -print -quit)" ]; then
  say "building the service"
  ./mvnw -q -B -ntp package -DskipTests
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
"${PSQL[@]}" -d test -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
scripts/kafka.sh start "$KAFKA_PORT" > "$OUT/kafka-start.log"

command -v pgbench > /dev/null || { echo "bench: pgbench is needed (apt-get install postgresql-client)"; exit 2; }
# the load generator: stripe-java signs Stripe's events (Stripe's own signature generator), HdrHistogram keeps
# the latencies; both are in this project's dependency tree
source scripts/stripe-classpath.sh
GEN_CP="$(stripe_classpath "$ROOT" HdrHistogram)"
mkdir -p "$OUT/classes"
javac -nowarn -d "$OUT/classes" -cp "$GEN_CP" bench/LoadGenerator.java scripts/load/WebhookSigning.java

# PostgreSQL's statements per webhook are counted with pg_stat_statements, which must be loaded at the server's
# start: where it is not, PostgreSQL is restarted once with it (for this start only; nothing is written to its
# configuration)
if ! "${PSQL[@]}" -d test -Atc "SHOW shared_preload_libraries" | grep -q pg_stat_statements; then
  say "restarting PostgreSQL with pg_stat_statements loaded, to count statements per webhook"
  pg_ctlcluster --skip-systemctl-redirect -o "-c shared_preload_libraries=pg_stat_statements" \
    "$(ls /etc/postgresql)" main restart
  until pg_isready -h 127.0.0.1 -p 5432 -q; do sleep 0.2; done
fi
"${PSQL[@]}" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

# The load generator runs once for the whole bench (the JIT compiles it in the warm-up, not in measured runs),
# as a coprocess reading runs from its standard input.
start_load_generator() {
  # on two cores the common fork-join pool has one thread, and CompletableFuture, which Java's HttpClient uses,
  # then starts a thread for every asynchronous step: two threads keep it a pool
  coproc LOADGEN { exec java -Xms512m -Xmx512m -XX:+UseSerialGC -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 \
    -cp "$OUT/classes:$GEN_CP" LoadGenerator "$OUT/load.properties" 2> "$OUT/load-generator.log"; }
}
# load <label> <seconds> <rate, 0 = closed loop at saturation>: a run of new events, each signed just before it is
# sent; prints its figures and leaves them in $OUT/last-run.properties
load() {
  printf '%s %s %s %s\n' "$2" "$3" "$OUT/last-run.properties" "$1" >&"${LOADGEN[1]}"
  local line
  while IFS= read -r line <&"${LOADGEN[0]}"; do
    [ "$line" = "-- end of run" ] && return 0
    printf '%s\n' "$line"
  done
  say "bench: the load generator stopped; see $OUT/load-generator.log"
  exit 1
}
# figure <key>: a figure of the last run
figure() { sed -n "s/^$1=//p" "$OUT/last-run.properties"; }

# the service runs as in production (see Dockerfile): the jar extracted, with a class data sharing archive made
# by a training start, which spares the JVM most of its class loading at start-up
say "== start-up"
rm -rf "$OUT/app"
java -Djarmode=tools -jar "$JAR" extract --destination "$OUT/app" > /dev/null
APP_JAR="$OUT/app/$(basename "$JAR")"
# runs the service's command in place of the calling shell: call it in a subshell or in the background, so that
# APP_PID is the JVM's own pid (CPU time and peak RSS are read from it)
service_env() {
  exec env SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD= LOOPS_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" LOOPS_ADMIN_TOKEN="$TOKEN" \
    LOOPS_ENCRYPTION_KEY="$ENCRYPTION_KEY" SERVER_PORT="$PORT" "$@"
}
(service_env java -XX:ArchiveClassesAtExit="$OUT/app/app.jsa" -Dspring.context.exit=onRefresh -jar "$APP_JAR") \
  > "$OUT/training.log" 2>&1
START_NS=$(date +%s%N)
service_env java -XX:SharedArchiveFile="$OUT/app/app.jsa" $JAVA_OPTS $RETENTION_OPTS -jar "$APP_JAR" > "$OUT/service.log" 2>&1 &
APP_PID=$!
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$OUT/service.log"; exit 1; }
  sleep 0.1
done
STARTUP_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
say "ready after ${STARTUP_MS} ms ($(grep -o 'Started WebhooksApplication in [0-9.]* seconds' "$OUT/service.log"))"
# retention_route <suspend|resume>: the retention route's scheduler, through Jolokia as Hawtio's route controls do
retention_route() {
  local answer
  answer=$(curl -s -u "admin:$TOKEN" -H "Origin: http://localhost:$PORT" -H 'Content-Type: application/json' \
    -d "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=incoming-webhooks,type=routes,name=\\\"prune-old-records\\\"\",\"operation\":\"$1()\"}" \
    "http://127.0.0.1:$PORT/actuator/jolokia")
  printf '%s' "$answer" | grep -q '"status":200' || { say "bench: the retention route did not $1: $answer"; exit 1; }
}
[ -z "$LARGE" ] || retention_route suspend

# endpoint <json>: creates an endpoint and prints the answer
endpoint() {
  curl -sf -X POST "http://127.0.0.1:$PORT/api/endpoints" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$1"
}
STRIPE=$(endpoint "{\"provider\":\"stripe\",\"name\":\"bench\",\"signingSecret\":\"$SECRET\",\"userGroup\":\"customers\",
  \"events\":{\"invoice.paid\":{\"triggerEvent\":\"successfulPayment\"},\"invoice.payment_failed\":{\"triggerEvent\":\"failedPayment\"},
  \"customer.created\":{\"triggerEvent\":\"newStripeCustomer\"},\"customer.updated\":{},
  \"checkout.session.completed\":{\"triggerEvent\":\"checkoutCompleted\"}}}")
CLERK=$(endpoint "{\"provider\":\"clerk\",\"name\":\"bench\",\"signingSecret\":\"$CLERK_SECRET\",\"userGroup\":\"users\",
  \"events\":{\"user.created\":{\"triggerEvent\":\"newClerkUser\"},\"user.updated\":{},
  \"waitlistEntry.created\":{\"triggerEvent\":\"joinedWaitlist\"}}}")
SUPABASE=$(endpoint "{\"provider\":\"supabase\",\"name\":\"bench\",\"userGroup\":\"users\",
  \"events\":{\"auth.users.INSERT\":{\"triggerEvent\":\"newSupabaseUser\"},\"auth.users.UPDATE\":{}}}")
url_of() { printf '%s' "$1" | sed 's/.*"url":"\([^"]*\)".*/\1/' | sed "s#^https\?://[^/]*#http://127.0.0.1:$PORT#"; }
# the load's config holds the endpoints' secrets: readable by this user only
(umask 077 && cat > "$OUT/load.properties" <<PROPERTIES
templates=$ROOT/bench/templates
emails=5000
mix=stripe:70,clerk:20,supabase:10
stripe.url=$(url_of "$STRIPE")
stripe.secret=$SECRET
clerk.url=$(url_of "$CLERK")
clerk.secret=$CLERK_SECRET
supabase.url=$(url_of "$SUPABASE")
supabase.header=$(printf '%s' "$SUPABASE" | sed 's/.*"secretHeader":{"name":"\([^"]*\)".*/\1/')
supabase.secret=$(printf '%s' "$SUPABASE" | sed 's/.*"secretHeader":{[^}]*"value":"\([^"]*\)".*/\1/')
PROPERTIES
)

# This machine's PostgreSQL runs with autovacuum off; a production one has it on. Between runs the bench vacuums
# what autovacuum would have, so later runs do not pay for the dead rows of earlier ones.
AUTOVACUUM=$("${PSQL[@]}" -d "$DB" -Atc "SHOW autovacuum")
[ "$AUTOVACUUM" = on ] || say "note: autovacuum is off on this PostgreSQL; the bench runs VACUUM ANALYZE between runs"
backlog() { "${PSQL[@]}" -d "$DB" -Atc "SELECT COUNT(*) FROM trigger_event WHERE published_at IS NULL"; }
wait_for_empty_outbox() {
  local limit=$1 waited=0
  until [ "$(backlog)" = 0 ] || [ "$waited" -ge "$limit" ]; do sleep 0.2; waited=$((waited + 1)); done
  [ "$AUTOVACUUM" = on ] || "${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE"
}

start_load_generator
say "== warm-up, so the JIT has compiled the hot paths of the service and of the load generator (not counted)"
load warm-up 30 0 > /dev/null
wait_for_empty_outbox 300

say "== fixed rates (open loop: latency from each request's scheduled send to its answer)"
load "250/s ${SHORT}s" "$SHORT" 250
wait_for_empty_outbox 300
LAG_FROM=$("${PSQL[@]}" -d "$DB" -Atc "SELECT COALESCE(MAX(seq), 0) FROM trigger_event")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
postgres_ticks() { ps -u postgres -o times= | awk '{s += $1 * 100} END {print s}'; }
statements() {
  "${PSQL[@]}" -d "$DB" -Atc "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$DB')"
}
commits() { "${PSQL[@]}" -d "$DB" -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"; }
"${PSQL[@]}" -d "$DB" -Atc "SELECT pg_stat_statements_reset()" > /dev/null
ST0=$(statements); TX0=$(commits); SVC0=$(cpu_ticks "$APP_PID"); PG0=$(postgres_ticks)
load "500/s ${LONG}s" "$LONG" 500
SVC1=$(cpu_ticks "$APP_PID"); PG1=$(postgres_ticks); ST1=$(statements); TX1=$(commits)
N500=$(figure requests); P99_500=$(figure p99); NON2XX_500=$(figure non2xx)
SVC_US=$(( (SVC1 - SVC0) * 10000 / N500 )); PG_US=$(( (PG1 - PG0) * 10000 / N500 ))
say "CPU per webhook at 500/s: service ${SVC_US} us, PostgreSQL ${PG_US} us (CPU time per webhook, relay included)"
# the three reads of the counters themselves are subtracted; the relay's and health checks' statements stay in
STATEMENTS_PER_WEBHOOK=$(awk -v s=$((ST1 - ST0 - 3)) -v n="$N500" 'BEGIN { printf "%.2f", s / n }')
say "PostgreSQL statements per webhook at 500/s: ${STATEMENTS_PER_WEBHOOK} (transactions: $(awk -v t=$((TX1 - TX0)) -v n="$N500" 'BEGIN { printf "%.2f", t / n }'); the 8 most called in $OUT/statements.txt)"
"${PSQL[@]}" -d "$DB" -At -F ' | ' -c "SELECT ROUND(calls::numeric / $N500, 2) AS per_webhook, LEFT(regexp_replace(query, '\s+', ' ', 'g'), 110)
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$DB') ORDER BY calls DESC LIMIT 8" \
  > "$OUT/statements.txt"
wait_for_empty_outbox 600
# the publish lag of the 500/s run's trigger events (commit to Kafka acknowledgement): p50, p99, records
read -r LAG_P50 LAG_P99 LAG_RECORDS < <("${PSQL[@]}" -d "$DB" -At -F ' ' -c "SELECT
  ROUND(percentile_cont(0.5) WITHIN GROUP (ORDER BY x))::int, ROUND(percentile_cont(0.99) WITHIN GROUP (ORDER BY x))::int,
  COUNT(*) FROM (SELECT EXTRACT(EPOCH FROM published_at - created_at) * 1000 AS x FROM trigger_event WHERE seq > $LAG_FROM) lag")
load "1000/s ${LONG}s" "$LONG" 1000
OK_1000=$(figure okPerSecond); P99_1000=$(figure p99)
wait_for_empty_outbox 600

say "== saturation (closed loop: 32 connections, each sending as soon as it has its answer)"
load saturation "$SHORT" 0
SERVICE_TPS=$(figure okPerSecond)
wait_for_empty_outbox 600

say "== pgbench: the service's transaction, straight into the same database (10 clients = the service's pool)"
"${PSQL[@]}" -d "$DB" -c "CHECKPOINT"
PGBENCH_TPS=$(pgbench -h 127.0.0.1 -U postgres -n -c 10 -j 2 -T "$SHORT" -f bench/webhook-transaction.sql "$DB" 2>&1 \
  | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
say "pgbench: ${PGBENCH_TPS} transactions/s"

say "== outbox drain after a Kafka outage"
scripts/kafka.sh pause "$KAFKA_PORT" > /dev/null
load "500/s, Kafka down" "$SHORT" 500
BACKLOG=$(backlog)
DRAIN_START=$(date +%s%N)
scripts/kafka.sh resume "$KAFKA_PORT" > /dev/null
RESUMED=$(date +%s%N)
wait_for_empty_outbox 3000
DRAIN_MS=$(( ($(date +%s%N) - RESUMED) / 1000000 ))
DRAIN_RATE=$(( BACKLOG * 1000 / (DRAIN_MS > 0 ? DRAIN_MS : 1) ))
say "backlog ${BACKLOG} trigger events drained in ${DRAIN_MS} ms after the broker was back (${DRAIN_RATE} records/s; broker restart took $(( (RESUMED - DRAIN_START) / 1000000 )) ms before that)"

PEAK_RSS_MB=$(( $(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status") / 1024 ))
SATURATION_SHARE=$(awk -v s="$SERVICE_TPS" -v p="$PGBENCH_TPS" 'BEGIN { printf "%.0f", 100 * s / p }')

# row <what> <figure> <target> <met: an awk condition over x (and y)> <x> [y]
row() {
  local verdict
  verdict=$(awk -v x="$5" -v y="${6:-0}" "BEGIN { print (($4) ? \"met\" : \"MISSED\") }")
  printf '%-44s %-26s %-26s %s\n' "$1" "$2" "$3" "$verdict"
}
say ""
say "== summary ($(nproc) cores; service, PostgreSQL, Kafka and the load generator on the same host)"
printf '%-44s %-26s %-26s %s\n' "figure" "measured" "target" ""
row "service CPU per webhook at 500/s" "$(awk -v u="$SVC_US" 'BEGIN { printf "%.2f ms", u / 1000 }')" "<= 0.7 ms" "x <= 700" "$SVC_US"
row "PostgreSQL CPU per webhook at 500/s" "$(awk -v u="$PG_US" 'BEGIN { printf "%.2f ms", u / 1000 }')" "<= 0.6 ms" "x <= 600" "$PG_US"
row "PostgreSQL statements per webhook" "$STATEMENTS_PER_WEBHOOK" "<= 2" "x <= 2" "$STATEMENTS_PER_WEBHOOK"
row "500/s for ${LONG} s: p99, non-2xx" "p99 ${P99_500} ms, ${NON2XX_500} non-2xx" "p99 <= 50 ms, 0 non-2xx" "x <= 50 && y == 0" "$P99_500" "$NON2XX_500"
row "1,000/s for ${LONG} s: 2xx/s, p99" "${OK_1000}/s, p99 ${P99_1000} ms" ">= 990/s, p99 <= 100 ms" "x >= 990 && y <= 100" "$OK_1000" "$P99_1000"
row "saturation / pgbench (${SERVICE_TPS} / ${PGBENCH_TPS})" "${SATURATION_SHARE}%" ">= 90%" "x >= 90" "$SATURATION_SHARE"
row "outbox publish lag at 500/s, p99" "${LAG_P99} ms" "<= 250 ms" "x <= 250" "$LAG_P99"
row "outbox drain after an outage" "${DRAIN_RATE} records/s" ">= 5,000/s" "x >= 5000" "$DRAIN_RATE"
row "peak RSS under load" "${PEAK_RSS_MB} MiB" "<= 400 MiB" "x <= 400" "$PEAK_RSS_MB"
row "start to ready (packaged, as the Dockerfile)" "${STARTUP_MS} ms" "<= 5,000 ms" "x <= 5000" "$STARTUP_MS"
say "outbox publish lag at 500/s: p50 ${LAG_P50} ms / p99 ${LAG_P99} ms over ${LAG_RECORDS} records; JVM: $JAVA_OPTS"

[ -z "$LARGE" ] || source bench/large-data.sh
