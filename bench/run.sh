#!/usr/bin/env bash
# The benchmark: the packaged service against this machine's PostgreSQL and a real Kafka broker
# (scripts/kafka.sh), driven by signed Stripe events, compared with what the database itself can do.
# The load comes from wrk (Debian's package) replaying events that bench/SignedEvents.java signs with
# stripe-java just before each run (bench/signed-events.lua); wrk costs little CPU, which matters when the
# sender, the service and PostgreSQL share two cores.
#
#   bench/run.sh            full run, about 7 minutes
#   BENCH_QUICK=1 bench/run.sh   shorter runs, about 4 minutes
#
# Prints: start-up time, open-loop runs at fixed rates (throughput, p50/p95/p99/max, statuses), a saturation
# run, pgbench on the same transaction and the service's share of it, outbox publish lag at 500/s, the
# outbox drain rate after a Kafka outage, and the service's peak RSS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT=${BENCH_PORT:-18090}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19192}
DB=webhooks_bench
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
TOKEN="bench-admin-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
SECRET="whsec_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# a key for this run's fresh database, so the service makes no data/secret.key in the checkout
ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)"
JAR="$ROOT/target/incoming-webhooks-0.1.0-SNAPSHOT.jar"
OUT="$ROOT/target/bench"
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms256m -Xmx384m -XX:MaxMetaspaceSize=192m -XX:+UseG1GC}
if [ -n "${BENCH_QUICK:-}" ]; then LONG=20; SHORT=10; else LONG=60; SHORT=30; fi
mkdir -p "$OUT"
APP_PID=

say() { printf '%s\n' "$*"; }
cleanup() {
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

command -v wrk > /dev/null || { echo "bench: wrk is needed (apt-get install wrk)"; exit 2; }
command -v pgbench > /dev/null || { echo "bench: pgbench is needed (apt-get install postgresql-client)"; exit 2; }
# the event signer: stripe-java, Stripe's own signature generator
source scripts/stripe-classpath.sh
GEN_CP="$(stripe_classpath "$ROOT")"
mkdir -p "$OUT/classes"
javac -nowarn -d "$OUT/classes" -cp "$GEN_CP" bench/SignedEvents.java

# load <label> <seconds> <rate, 0 = as fast as it goes>: signs enough new events, then replays them with wrk;
# paced runs send on a fixed schedule over one connection per 5 events a second
RUN_NUMBER=0
load() {
  local label=$1 seconds=$2 rate=$3 connections=32
  RUN_NUMBER=$((RUN_NUMBER + 1))
  local count=$(( rate > 0 ? rate * seconds * 11 / 10 + 100 : 1500 * seconds ))
  [ "$rate" -gt 0 ] && connections=$(( rate / 5 ))
  java -Xmx256m -cp "$OUT/classes:$GEN_CP" SignedEvents bench/templates "$SECRET" "$count" 5000 \
    "$(date +%s)r$RUN_NUMBER" "$OUT/events.bin"
  EVENTS_FILE="$OUT/events.bin" BENCH_RATE=$rate BENCH_LABEL="$label" WRK_THREADS=2 \
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s bench/signed-events.lua "$URL" | tail -n 1
}

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
service_env java -XX:SharedArchiveFile="$OUT/app/app.jsa" $JAVA_OPTS -jar "$APP_JAR" > "$OUT/service.log" 2>&1 &
APP_PID=$!
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$OUT/service.log"; exit 1; }
  sleep 0.1
done
STARTUP_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
say "ready after ${STARTUP_MS} ms ($(grep -o 'Started WebhooksApplication in [0-9.]* seconds' "$OUT/service.log"))"

EP=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/endpoints" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d "{\"name\":\"bench\",\"signingSecret\":\"$SECRET\",\"userGroup\":\"customers\",
  \"events\":{\"invoice.paid\":{\"triggerEvent\":\"successfulPayment\"},\"invoice.payment_failed\":{\"triggerEvent\":\"failedPayment\"},
  \"customer.created\":{\"triggerEvent\":\"newStripeCustomer\"},\"customer.updated\":{},
  \"checkout.session.completed\":{\"triggerEvent\":\"checkoutCompleted\"}}}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
URL="http://127.0.0.1:$PORT/webhooks/stripe/$EP"

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

say "== warm-up, so the JIT has compiled the hot paths (not counted)"
load warm-up 30 0 > /dev/null
wait_for_empty_outbox 300

say "== fixed rates (wrk latency: from each request's send to its answer)"
load "250/s ${SHORT}s" "$SHORT" 250
wait_for_empty_outbox 300
LAG_FROM=$("${PSQL[@]}" -d "$DB" -Atc "SELECT COALESCE(MAX(seq), 0) FROM trigger_event")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
postgres_ticks() { ps -u postgres -o times= | awk '{s += $1 * 100} END {print s}'; }
SVC0=$(cpu_ticks "$APP_PID"); PG0=$(postgres_ticks)
RUN500=$(load "500/s ${LONG}s" "$LONG" 500)
SVC1=$(cpu_ticks "$APP_PID"); PG1=$(postgres_ticks)
say "$RUN500"
N500=$(printf '%s' "$RUN500" | sed 's/.*requests=\([0-9]*\).*/\1/')
CPU500="service $(( (SVC1 - SVC0) * 10000 / N500 )) us, PostgreSQL $(( (PG1 - PG0) * 10000 / N500 )) us (CPU time per webhook, relay included)"
say "CPU per webhook at 500/s: $CPU500"
wait_for_empty_outbox 600
LAG=$("${PSQL[@]}" -d "$DB" -Atc "SELECT ROUND(percentile_cont(0.5) WITHIN GROUP (ORDER BY x))::int || ' ms / p99 ' ||
  ROUND(percentile_cont(0.99) WITHIN GROUP (ORDER BY x))::int || ' ms over ' || COUNT(*) || ' records'
  FROM (SELECT EXTRACT(EPOCH FROM published_at - created_at) * 1000 AS x FROM trigger_event WHERE seq > $LAG_FROM) lag")
load "1000/s ${SHORT}s" "$SHORT" 1000
wait_for_empty_outbox 600

say "== saturation (32 connections, each sending as soon as it has its answer)"
SATURATION=$(load saturation "$SHORT" 0)
say "$SATURATION"
SERVICE_TPS=$(printf '%s' "$SATURATION" | sed 's/.*2xx\/s=\([0-9.]*\).*/\1/')
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
say "backlog ${BACKLOG} trigger events drained in ${DRAIN_MS} ms after the broker was back ($(( BACKLOG * 1000 / (DRAIN_MS > 0 ? DRAIN_MS : 1) )) records/s; broker restart took $(( (RESUMED - DRAIN_START) / 1000000 )) ms before that)"

PEAK_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")
say ""
say "== summary ($(nproc) cores, service and PostgreSQL on the same host)"
say "start-up to ready:        ${STARTUP_MS} ms"
say "peak RSS:                 $(( PEAK_RSS_KB / 1024 )) MiB (JVM: $JAVA_OPTS)"
say "saturation:               ${SERVICE_TPS} webhooks/s vs pgbench ${PGBENCH_TPS} transactions/s: $(awk -v s="$SERVICE_TPS" -v p="$PGBENCH_TPS" 'BEGIN { printf "%.0f%%", 100 * s / p }') of the database's limit"
say "CPU per webhook at 500/s: $CPU500"
say "outbox publish lag 500/s: p50 ${LAG}"
say "outbox drain:             $(( BACKLOG * 1000 / (DRAIN_MS > 0 ? DRAIN_MS : 1) )) records/s"
