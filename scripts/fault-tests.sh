#!/usr/bin/env bash
# shellcheck disable=SC2034  # per-fault results (F1_VERDICT, F1_DETAILS, ...) are read indirectly by report()
#
# scripts/fault-tests.sh - process-level fault tests of the webhook service: the packaged jar, the machine's
# real PostgreSQL (127.0.0.1:5432, user postgres, trust auth) and a real Kafka broker (scripts/kafka.sh),
# under open-loop webhook load (scripts/faults/LoadClient.java) of the three platforms, each sent as it sends:
# 8/10 Stripe (Stripe-Signature), 1/10 Clerk user.created (svix-* headers), 1/10 Supabase auth.users.INSERT
# (X-Webhook-Secret). Bursts (f7, f8) and f9 send Stripe events only.
#
# Usage:  scripts/fault-tests.sh            (from any directory; about 4-5 minutes on 2 cores)
#
# Faults, in the order they run (one service instance "A" unless said otherwise):
#   baseline  no fault: warms the JVMs up and gives the latency to compare with
#   f1-pg-down      PostgreSQL stopped (-m fast) 10 s into a 30 s run, started ~5 s later
#   f2-lock         LOCK TABLE contact IN ACCESS EXCLUSIVE MODE held ~10 s under load
#   f3-kafka-down   broker stopped ~15 s under load (kafka.sh pause / resume)
#   f7-same-event   one event delivered 1,000 times, 50 at once
#   f8-same-email   200 distinct events for one new email, 50 at once (503s re-sent like Stripe would)
#   f9-out-of-order an older customer.updated after a newer one
#   f10-slow-bodies 220 connections that send a webhook POST head and then one body byte a second (to the
#                   endpoint and to an unknown id, replaced when the server closes one) for 28 s, while signed
#                   webhooks arrive at 2/s: each must be 200 within 1 s, readiness and the admin API must
#                   answer within 1 s, and the server must close every slow connection within its deadline
#   f11-slow-other-bodies the same with the admin API without credentials, Hawtio's login and an unknown page:
#                   at most 20 request threads busy with them, webhooks, readiness and the admin API prompt
#   f4-kill9        the service killed with SIGKILL under load, then started again
#   f5-two-instances a second instance "B" on the same database and Kafka, load split across both
#   f6-sigterm      B stopped with SIGTERM under load (graceful shutdown)
#   logs            no signing secret, admin token, signature value or raw body in the service logs
# Then every acknowledged (2xx) event id is looked up in PostgreSQL (processed_event, contact, trigger_event,
# webhook_delivery) and, when it has a trigger event, on the Kafka topic (a Clerk event's id is its svix-id, a
# Supabase event's "sha256:" + the SHA-256 of its body, as the service keys them); one table row per fault:
#   fault | time | sent | acknowledged (2xx) | persisted | published | lost | verdict/notes
# and the script exits 1 if any check failed (lost must be 0 everywhere).
#
# Environment (all optional):
#   FAULTS_DB          database, dropped and created at the start (default webhooks_faults)
#   FAULTS_RATE        requests per second of the open-loop runs (default 50)
#   FAULTS_KAFKA_PORT  broker port (default 19092; the next free 19192, 19292, ... when it is taken)
#   FAULTS_ONLY        run only these faults, e.g. "f1 f3" (baseline, checks and the log check always run;
#                      f6 stops the second instance that f5 starts, so f6 runs f5 too)
#   FAULTS_APP_JAVA_OPTS  JVM options of the service (default "-Xmx512m -XX:+ExitOnOutOfMemoryError")
#
# Output: target/faults/run/ (service logs app-*.log, load results *.tsv, Kafka dump, harness.log,
# results.txt with the table). On exit, also on failure or Ctrl-C: the service instances and the broker are
# stopped and PostgreSQL is left running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/faults"
RUN="$OUT/run"
CLASSES="$OUT/classes"
# the load client signs with stripe-java (Stripe's own scheme)
source "$ROOT/scripts/stripe-classpath.sh"
STRIPE_CP="$(stripe_classpath "$ROOT")"
JAR="$ROOT/target/incoming-webhooks-0.1.0-SNAPSHOT.jar"
KAFKA_SH="$ROOT/scripts/kafka.sh"
KAFKA_LIBS="$ROOT/target/kafka-dist/libs"
FIXTURES="$ROOT/src/test/resources/stripe"

DB="${FAULTS_DB:-webhooks_faults}"
RATE="${FAULTS_RATE:-50}"
ONLY="${FAULTS_ONLY:-}"
APP_JAVA_OPTS="${FAULTS_APP_JAVA_OPTS:--Xmx512m -XX:+ExitOnOutOfMemoryError}"
CLIENT_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m"
PG_HOST=127.0.0.1
PG_PORT=5432
PG_VERSION="$(ls /etc/postgresql | sort -V | tail -n 1)"
TOPIC=loops.events

# per run: the admin token, the endpoints' secrets and a marker put in every raw body (log check)
RUN_ID="$(date +%s)$$"
ADMIN_TOKEN="faults-admin-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
SECRET="whsec_faults$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
# Clerk shows whsec_ and the base64 of 24 random bytes; a Supabase endpoint's header value is declared here
# (the service would issue one, but the harness needs to know it)
CLERK_SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"
SUPABASE_SECRET="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
MARKER="RAWBODY-MARKER-$RUN_ID"

FAILED=0
declare -A APP_PID=() APP_PORT=() APP_STARTS=()
BG_PIDS=()          # load clients, samplers, lock sessions: killed on exit
KPORT=""
ENDPOINT_ID=""          # Stripe
CLERK_ENDPOINT_ID=""
SUPABASE_ENDPOINT_ID=""
ROWS=()             # result table rows, '|' separated
DETAILS=()          # one line of measurements per row, printed under the table

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
say()    { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$RUN/harness.log" >&2; }
die()    { say "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }
want()   { [[ -z "$ONLY" ]] || [[ " $ONLY " == *" $1 "* ]]; }
q()      { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$DB" -X -v ON_ERROR_STOP=1 -qAt -F $'\t' "$@"; }
qpg()    { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -X -v ON_ERROR_STOP=1 -qAt "$@"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # <start>: first port from <start> on that nobody listens on and we did not hand out
  local p="$1"
  while port_open "$p" || [[ " ${APP_PORT[*]:-} " == *" $p "* ]]; do p=$((p + 1)); done
  echo "$p"
}

pg_up()    { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; }
# (8>&-: the run lock must not be inherited by PostgreSQL, the broker or the service)
pg_stop()  { pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main stop -m fast 8>&-; }
pg_start() {
  pg_up || pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start 8>&- || true
  local i
  for i in $(seq 1 60); do pg_up && return 0; sleep 0.5; done
  return 1
}

proc_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# cleanup: always leave PostgreSQL running, the broker and our service instances stopped
# ---------------------------------------------------------------------------------------------
cleanup() {
  local rc=$? name pid i
  trap - EXIT INT TERM
  set +e
  for pid in "${BG_PIDS[@]:-}"; do proc_alive "$pid" && kill "$pid" 2>/dev/null; done
  # PostgreSQL first: other people's tests share it, so its down window stays short
  if ! pg_up; then
    echo "fault-tests: starting PostgreSQL again" >&2
    pg_start
  fi
  for name in "${!APP_PID[@]}"; do
    pid="${APP_PID[$name]}"
    if proc_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null
      for i in $(seq 1 100); do proc_alive "$pid" || break; sleep 0.2; done
      proc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
    fi
  done
  if [[ -n "$KPORT" ]]; then "$KAFKA_SH" stop "$KPORT" >/dev/null 2>&1 8>&-; fi
  pg_up || pg_start
  rm -f "$OUT/pids"
  exit "$rc"
}
# one run at a time per clone (fd 8 is closed for every process that may outlive the script)
mkdir -p "$OUT"
exec 8>"$OUT/run.lock"
flock -n 8 || { echo "fault-tests: another run holds $OUT/run.lock" >&2; exit 1; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# processes a previous, killed run may have left behind (only ours: pid recorded and cmdline matches)
kill_leftovers() {
  local pid
  [[ -f "$OUT/pids" ]] || return 0
  while read -r pid; do
    if proc_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -e "$JAR" -e 'LoadClient' -e 'SlowClient'; then
      echo "fault-tests: stopping leftover process $pid of a previous run" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done <"$OUT/pids"
  rm -f "$OUT/pids"
}

# ---------------------------------------------------------------------------------------------
# the service
# ---------------------------------------------------------------------------------------------
start_app() { # <name> <port>: starts an instance in the background (its own log per start)
  local name="$1" port="$2" n log
  n=$(( ${APP_STARTS[$name]:-0} + 1 )); APP_STARTS[$name]=$n
  log="$RUN/app-$name-$n.log"
  # shellcheck disable=SC2086
  (cd "$RUN" && exec env \
      SPRING_DATASOURCE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" \
      SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
      LOOPS_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KPORT" \
      LOOPS_ADMIN_TOKEN="$ADMIN_TOKEN" \
      LOOPS_OUTBOX_POLL_DELAY_MS=250 \
      SERVER_PORT="$port" \
      java $APP_JAVA_OPTS -jar "$JAR") >"$log" 2>&1 </dev/null 8>&- &
  APP_PID[$name]=$!
  APP_PORT[$name]=$port
  echo "${APP_PID[$name]}" >>"$OUT/pids"
  say "service $name starting: pid ${APP_PID[$name]}, port $port, log ${log#"$ROOT"/}"
}

http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }
readiness() { curl -s -m 5 "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null || true; }

wait_ready() { # <name> [timeout s]
  local name="$1" timeout="${2:-180}" t0=$SECONDS
  while (( SECONDS - t0 < timeout )); do
    proc_alive "${APP_PID[$name]}" || die "service $name (pid ${APP_PID[$name]}) died while starting; see $RUN/app-$name-*.log"
    [[ "$(http_code "http://127.0.0.1:${APP_PORT[$name]}/actuator/health/readiness")" == 200 ]] && {
      say "service $name ready ($(( SECONDS - t0 ))s)"; return 0; }
    sleep 0.5
  done
  die "service $name not ready after ${timeout}s"
}

stop_app() { # <name>: SIGTERM, waits for the exit; sets STOP_RC (not in $(...): wait needs this shell)
  local pid="${APP_PID[$1]}"
  STOP_RC=0
  proc_alive "$pid" || return 0
  kill -TERM "$pid"
  wait "$pid" || STOP_RC=$?
}

url_of() { echo "http://127.0.0.1:${APP_PORT[$1]}/webhooks/stripe/$ENDPOINT_ID"; }

# ---------------------------------------------------------------------------------------------
# load and sampling
# ---------------------------------------------------------------------------------------------
load_bg() { # <fault> <mode> [args...]: runs LoadClient in the background, sets LOAD_PID
  local fault="$1" mode="$2" ready="$RUN/$1.started" i; shift 2
  rm -f "$ready"
  # shellcheck disable=SC2086
  java $CLIENT_JAVA_OPTS -cp "$CLASSES:$STRIPE_CP" LoadClient "$mode" --fault "$fault" --secret "$SECRET" \
    --clerk-endpoint "$CLERK_ENDPOINT_ID" --clerk-secret "$CLERK_SECRET" \
    --supabase-endpoint "$SUPABASE_ENDPOINT_ID" --supabase-secret "$SUPABASE_SECRET" \
    --fixtures "$FIXTURES" --marker "$MARKER" --out "$RUN/$fault.tsv" --ready-file "$ready" "$@" \
    2>>"$RUN/harness.log" 8>&- &
  LOAD_PID=$!
  BG_PIDS+=("$LOAD_PID")
  echo "$LOAD_PID" >>"$OUT/pids"
  # the fault schedule counts from the first request, not from the JVM launch
  for i in $(seq 1 300); do
    [[ -s "$ready" ]] && return 0
    proc_alive "$LOAD_PID" || break
    sleep 0.1
  done
  [[ -s "$ready" ]] || die "load client of $fault did not start; see $RUN/harness.log"
}

load_wait() { # <fault>: waits for LOAD_PID, loads its results into faults.req
  local fault="$1" rc=0
  wait "$LOAD_PID" || rc=$?
  [[ $rc -eq 0 && -f "$RUN/$fault.tsv" ]] || die "load client of $fault failed (exit $rc); see $RUN/harness.log"
  tail -n 1 "$RUN/harness.log" | grep -q "LoadClient $fault" && tail -n 1 "$RUN/harness.log" >&2
  pg_up || pg_start
  q -c "\\copy faults.req FROM '$RUN/$fault.tsv'"
}

load_run() { load_bg "$@"; load_wait "$1"; } # <fault> <mode> [args...]: in the foreground

proc_sampler() { # <pid> <file>: every 0.5 s: epoch ms, threads, task-* threads, http-nio threads, RSS kB
  local pid="$1" file="$2"
  (
    while kill -0 "$pid" 2>/dev/null; do
      local th rss task nio
      th=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
      rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
      task=$(cat /proc/"$pid"/task/*/comm 2>/dev/null | grep -c '^task-' || true)
      nio=$(cat /proc/"$pid"/task/*/comm 2>/dev/null | grep -c '^http-nio' || true)
      echo "$(date +%s%3N) $th $task $nio $rss"
      sleep 0.5
    done
  ) >"$file" &
  SAMPLER_PID=$!
  BG_PIDS+=("$SAMPLER_PID")
}

outbox_sampler() { # <file>: every 1 s: epoch ms, unpublished trigger events
  (
    while :; do
      echo "$(date +%s%3N) $(q -c "SELECT count(*) FROM trigger_event WHERE published_at IS NULL" 2>/dev/null || echo -1)"
      sleep 1
    done
  ) >"$1" &
  OUTBOX_PID=$!
  BG_PIDS+=("$OUTBOX_PID")
}

http_sampler() { # <file> <url> [curl options...]: every 0.5 s: epoch ms, HTTP status (000: none within 5 s), seconds
  local file="$1" url="$2"; shift 2
  (
    while :; do
      echo "$(date +%s%3N) $(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' "$@" "$url" 2>/dev/null || true)"
      sleep 0.5
    done
  ) >"$file" &
  HTTP_SAMPLER_PID=$!
  BG_PIDS+=("$HTTP_SAMPLER_PID")
}

# an http_sampler file: sets SAMPLES_N, SAMPLES_OK (200 within 1 s) and SAMPLES_TEXT (not in $(...): it sets variables)
http_samples() { # <file>
  local slowest
  read -r SAMPLES_N SAMPLES_OK slowest < <(awk '{n++; if ($2 == 200 && $3 <= 1.0) ok++; if ($3 > m) m = $3}
    END {printf "%d %d %.2f\n", n, ok, m}' "$1")
  SAMPLES_TEXT="$SAMPLES_N samples, $SAMPLES_OK answered 200 within 1 s, slowest $slowest s"
}

unpublished() { q -c "SELECT count(*) FROM trigger_event WHERE published_at IS NULL"; }

wait_outbox_empty() { # [timeout s]: prints the seconds it took, or "timeout(<n> left)"
  local timeout="${1:-90}" t0=$SECONDS n
  while (( SECONDS - t0 < timeout )); do
    n=$(unpublished 2>/dev/null || echo -1)
    [[ "$n" == 0 ]] && { echo "$(( SECONDS - t0 ))"; return 0; }
    sleep 0.5
  done
  echo "timeout($(unpublished 2>/dev/null || echo '?') left)"
  return 1
}

# percentile of lat_ms over a WHERE clause of faults.req
lat_pct() { # <pct 0..1> <where>
  q -c "SELECT coalesce(round(percentile_cont($1) WITHIN GROUP (ORDER BY lat_ms)::numeric, 0)::text, '-') FROM faults.req WHERE $2"
}

# what the service logged for the 500 answers of a fault: "<count> <exception class of the ERROR line>", ...
# (Stripe and Clerk events only: a Supabase event's id, a digest of its body, does not name the fault)
failure_causes() { # <fault>: "<n> x <exception> (root: <innermost Caused by>)", ...
  cat "$RUN"/app-*.log | awk -v f="Webhook evt_$1_" -v g="Webhook msg_$1_" '
    function flush() { if (top != "") c[top (root != "" ? " (root: " root ")" : "")]++; top = ""; root = ""; grab = 0 }
    /^[0-9]{4}-[0-9]{2}-[0-9]{2}T/ { flush() }
    grab && top == "" && /^[a-z][A-Za-z0-9_.$]*(Exception|Error)/ { split($0, a, ":"); top = a[1]; next }
    grab && /^Caused by: / { sub(/^Caused by: /, ""); split($0, a, ":"); root = a[1] ": " substr(a[2], 2, 60) }
    index($0, " ERROR ") && (index($0, f) || index($0, g)) && index($0, "failed on endpoint") { grab = 1 }
    END { flush(); for (k in c) printf "%s%d x %s", (n++ ? ", " : ""), c[k], k }'
}

# answers to the requests of <fault> sent in [from, to): "N sent: 2xx n (p50 .. ms, max .. ms), 503 n (...), ..."
window_summary() { # <fault> <from ms> <to ms>
  local w="fault = '$1' AND send_ms >= $2 AND send_ms < $3"
  q -c "SELECT (SELECT count(*) FROM faults.req WHERE $w) || ' sent' || coalesce(': ' || (
          SELECT string_agg(k || ' ' || n || ' (p50 ' || p50 || ' ms, max ' || mx || ' ms)', ', ' ORDER BY k)
          FROM (SELECT CASE WHEN status = 0 THEN 'client error' WHEN status BETWEEN 200 AND 299 THEN '2xx' ELSE status::text END k,
                       count(*) n, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lat_ms)) p50, round(max(lat_ms)) mx
                FROM faults.req WHERE $w GROUP BY 1) s), '')"
}

# outbox relay failures logged by the service instances since <ms>, by cause, e.g.
# "3 x TransactionTimedOutException, 1 x TimeoutException" (a failed batch is rolled back and sent again)
relay_warnings() { # <since ms> [until ms]
  local since until
  since=$(date -u -d "@$(( $1 / 1000 ))" +%Y-%m-%dT%H:%M:%S)
  until=$(date -u -d "@$(( ${2:-9999999999999} / 1000 + 1 ))" +%Y-%m-%dT%H:%M:%S 2>/dev/null || echo 9999)
  cat "$RUN"/app-*.log | awk -v s="$since" -v u="$until" '
    $1 >= s && $1 < u && /Trigger events wait in the outbox/ {
      c = "other"
      if (match($0, /Caused by: \[[A-Za-z0-9_.]+/)) { c = substr($0, RSTART + 12, RLENGTH - 12) }
      else if (match($0, /publishing failed \([A-Za-z0-9_.]+/)) { c = substr($0, RSTART + 19, RLENGTH - 19) }
      n = split(c, parts, "."); k[parts[n]]++ }
    END { for (x in k) printf "%s%d x %s", (m++ ? ", " : ""), k[x], x; if (!m) printf "none" }'
}

row()   { ROWS+=("$*"); }                  # fault|time|sent|acked|persisted|published|lost|verdict
fail()  { FAILED=1; }

# ---------------------------------------------------------------------------------------------
# setup
# ---------------------------------------------------------------------------------------------
setup() {
  mkdir -p "$OUT"
  kill_leftovers
  rm -rf "$RUN"; mkdir -p "$RUN" "$CLASSES"
  say "fault tests: repo $ROOT, database $DB, rate $RATE/s, output ${RUN#"$ROOT"/}"

  pg_up || { say "PostgreSQL is down; starting it"; pg_start || die "PostgreSQL does not start"; }

  if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/src/main" "$ROOT/routes" "$ROOT/pom.xml" -type f -newer "$JAR" -print -quit)" ]]; then
    say "building the jar (./mvnw -q -B -ntp package -DskipTests)"
    (cd "$ROOT" && ./mvnw -q -B -ntp package -DskipTests) || die "build failed"
    touch "$JAR"
  fi

  KPORT="${FAULTS_KAFKA_PORT:-19092}"
  "$KAFKA_SH" stop "$KPORT" >/dev/null 2>&1 8>&- || true   # a broker of ours left by a killed run
  if [[ -z "${FAULTS_KAFKA_PORT:-}" ]]; then
    while port_open "$KPORT" || port_open $((KPORT + 1)); do KPORT=$((KPORT + 100)); done
  fi
  say "starting Kafka on 127.0.0.1:$KPORT (scripts/kafka.sh)"
  "$KAFKA_SH" start "$KPORT" >"$RUN/kafka-start.log" 2>&1 8>&- &
  local kafka_start=$!

  PGOPTIONS='--client-min-messages=warning' qpg -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" \
    || die "could not create database $DB"

  wait "$kafka_start" || { cat "$RUN/kafka-start.log" >&2; die "Kafka did not start"; }
  if [[ ! -f "$CLASSES/.built" ]] || [[ -n "$(find "$ROOT/scripts/faults" "$ROOT/scripts/load" -name '*.java' -newer "$CLASSES/.built" -print -quit)" ]]; then
    javac -nowarn -d "$CLASSES" -cp "$KAFKA_LIBS/*:$STRIPE_CP" "$ROOT"/scripts/faults/*.java "$ROOT"/scripts/load/*.java || die "javac failed"
    touch "$CLASSES/.built"
  fi

  start_app A "$(free_port 18480)"
  wait_ready A
  ENDPOINT_ID=$(create_endpoint Stripe "{\"name\":\"faults\",\"signingSecret\":\"$SECRET\",\"events\":{\"invoice.paid\":{\"triggerEvent\":\"successfulPayment\"},\"customer.created\":{\"triggerEvent\":\"newStripeCustomer\"},\"customer.updated\":{}}}")
  CLERK_ENDPOINT_ID=$(create_endpoint Clerk "{\"provider\":\"clerk\",\"name\":\"faults clerk\",\"signingSecret\":\"$CLERK_SECRET\",\"events\":{\"user.created\":{\"triggerEvent\":\"newClerkUser\"},\"user.updated\":{}}}")
  SUPABASE_ENDPOINT_ID=$(create_endpoint Supabase "{\"provider\":\"supabase\",\"name\":\"faults supabase\",\"signingSecret\":\"$SUPABASE_SECRET\",\"events\":{\"auth.users.INSERT\":{\"triggerEvent\":\"newSupabaseUser\"},\"auth.users.UPDATE\":{}}}")

  q -c "CREATE SCHEMA faults" \
    -c "CREATE TABLE faults.req (fault text, seq int, event_id text, type text, email text, trig boolean,
          url_idx int, attempt int, send_ms bigint, lat_ms double precision, status int, outcome text,
          retry_after text, error text, platform text)" \
    -c "CREATE TABLE faults.kafka (part int, off bigint, key text, id text, event_id text)"
  # what each acknowledged event became: in the database (processed_event, webhook_delivery processed, contact,
  # trigger_event when its type has one) and on Kafka (its trigger event's record)
  q -c "CREATE VIEW faults.acked AS
          SELECT fault, event_id, bool_or(trig) trig, min(email) email, min(platform) platform FROM faults.req
          WHERE status BETWEEN 200 AND 299 GROUP BY fault, event_id" \
    -c "CREATE VIEW faults.chk AS
          WITH pe AS (SELECT DISTINCT event_id FROM processed_event),
          wd AS (SELECT DISTINCT event_id FROM webhook_delivery WHERE outcome = 'processed'),
          ct AS (SELECT email_key FROM contact),
          te AS (SELECT source_event_id, count(*) n, min(id) id FROM trigger_event GROUP BY source_event_id),
          kf AS (SELECT id, count(*) n FROM faults.kafka GROUP BY id)
          SELECT a.fault, a.event_id, a.platform, a.trig,
                 (pe.event_id IS NOT NULL AND wd.event_id IS NOT NULL AND ct.email_key IS NOT NULL
                  AND (NOT a.trig OR te.n IS NOT NULL)) AS in_db,
                 (NOT a.trig OR kf.id IS NOT NULL) AS on_kafka
          FROM faults.acked a
          LEFT JOIN pe ON pe.event_id = a.event_id
          LEFT JOIN wd ON wd.event_id = a.event_id
          LEFT JOIN ct ON ct.email_key = lower(a.email)
          LEFT JOIN te ON te.source_event_id = a.event_id
          LEFT JOIN kf ON kf.id = te.id"
}

create_endpoint() { # <platform label> <JSON of POST /api/endpoints>: prints the new endpoint's id
  local id
  id=$(curl -sf -m 10 -X POST "http://127.0.0.1:${APP_PORT[A]}/api/endpoints" \
      -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d "$2" \
    | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  [[ -n "$id" ]] || die "could not create the $1 endpoint through the admin API"
  say "$1 endpoint $id created"
  echo "$id"
}

# ---------------------------------------------------------------------------------------------
# faults
# ---------------------------------------------------------------------------------------------
baseline() {
  local t0=$SECONDS t_begin; t_begin=$(now_ms)
  say "baseline: ${RATE}/s for 12 s, no fault (warms up service and client)"
  load_run baseline rate --urls "$(url_of A)" --rate "$RATE" --duration 12
  local last="fault='baseline' AND seq > $(( RATE * 6 ))"
  BASE_P50=$(lat_pct 0.5 "$last"); BASE_P99=$(lat_pct 0.99 "$last")
  local non2xx; non2xx=$(q -c "SELECT count(*) FROM faults.req WHERE fault='baseline' AND status NOT BETWEEN 200 AND 299")
  BASELINE_VERDICT=PASS; BASELINE_FAILS=""
  [[ $non2xx == 0 ]] || { BASELINE_VERDICT=FAIL; BASELINE_FAILS="$non2xx answers were not 2xx"; }
  BASELINE_DETAILS="latency (last 6 s) p50 ${BASE_P50} ms, p99 ${BASE_P99} ms; relay failures while it ran: $(relay_warnings "$t_begin")"
  BASELINE_TIME=$(( SECONDS - t0 ))
}

f1_pg_down() {
  local t0=$SECONDS f=f1-pg-down
  say "$f: ${RATE}/s for 30 s; PostgreSQL stopped at 10 s for ~5 s"
  load_bg $f rate --urls "$(url_of A)" --rate "$RATE" --duration 30
  sleep 10
  local t_stop0 t_down t_start0 t_up ready_down ready_after t_ready_back=""
  t_stop0=$(now_ms); pg_stop; t_down=$(now_ms)
  say "$f: PostgreSQL stopped ($(( t_down - t_stop0 )) ms)"
  sleep 2
  ready_down=$(readiness "${APP_PORT[A]}")
  local left=$(( 5000 - ($(now_ms) - t_down) )); (( left > 0 )) && sleep "$(( left / 1000 )).$(printf '%03d' $(( left % 1000 )))"
  t_start0=$(now_ms); pg_start || die "PostgreSQL did not start again"; t_up=$(now_ms)
  say "$f: PostgreSQL started again after $(( (t_start0 - t_down) / 1000 )) s down ($(( t_up - t_start0 )) ms to start)"
  load_wait $f
  local i
  for i in $(seq 1 40); do
    ready_after=$(readiness "${APP_PORT[A]}")
    [[ "$ready_after" == *'"UP"'* ]] && { t_ready_back=$(now_ms); break; }
    sleep 0.5
  done
  local drain; drain=$(wait_outbox_empty 60) || true
  F1=(); IFS=$'\t' read -r -a F1 < <(q -c "
    SELECT count(*) FILTER (WHERE status = 503),
           coalesce(round(max(lat_ms) FILTER (WHERE status = 503))::text, '-'),
           count(*) FILTER (WHERE status = 503 AND retry_after IS NULL),
           count(*) FILTER (WHERE status BETWEEN 200 AND 299 AND send_ms >= $t_down AND send_ms + lat_ms <= $t_start0),
           count(*) FILTER (WHERE status NOT IN (0, 503) AND status NOT BETWEEN 200 AND 299),
           count(*) FILTER (WHERE status = 0),
           count(*) FILTER (WHERE send_ms >= $t_up + 5000 AND status NOT BETWEEN 200 AND 299),
           count(*) FILTER (WHERE send_ms >= $t_up + 5000),
           coalesce((min(send_ms + lat_ms) FILTER (WHERE status BETWEEN 200 AND 299 AND send_ms >= $t_up) - $t_up)::bigint::text, 'never'),
           count(*) FILTER (WHERE send_ms >= $t_down AND send_ms < $t_start0),
           count(*) FILTER (WHERE send_ms >= $t_down AND send_ms < $t_start0 AND lat_ms > 2500)
    FROM faults.req WHERE fault = '$f'")
  # "Webhook null ..." = failed before the event was read, i.e. in the endpoint look-up (EndpointDirectory)
  local lookup_fail; lookup_fail=$(cat "$RUN"/app-A-*.log | awk -v s="$(date -u -d "@$(( t_down / 1000 ))" +%Y-%m-%dT%H:%M:%S)" \
      -v u="$(date -u -d "@$(( t_up / 1000 + 1 ))" +%Y-%m-%dT%H:%M:%S)" '$1 >= s && $1 < u && /Webhook null not processed/' | wc -l)
  local n503=${F1[0]} max503=${F1[1]} noretry=${F1[2]} ok_down=${F1[3]} other5xx=${F1[4]} errs=${F1[5]}
  local bad_after=${F1[6]} n_after=${F1[7]} first_ok=${F1[8]} n_down=${F1[9]} late=${F1[10]}
  local v=PASS notes=""
  (( n503 > 0 )) || { v=FAIL; notes+="no 503 at all; "; }
  [[ "$max503" == - ]] || (( ${max503%.*} <= 2500 )) || { v=FAIL; notes+="503 answers took up to $max503 ms (> 2.5 s); "; }
  (( late == 0 )) || { v=FAIL; notes+="$late of $n_down requests sent while down waited > 2.5 s for an answer; "; }
  (( noretry == 0 )) || { v=FAIL; notes+="$noretry 503 without Retry-After; "; }
  (( ok_down == 0 )) || { v=FAIL; notes+="$ok_down 2xx while down; "; }
  (( other5xx == 0 )) || { v=FAIL; notes+="$other5xx answers neither 2xx nor 503 (codes $(q -c "SELECT string_agg(DISTINCT status::text, ',') FROM faults.req WHERE fault = '$f' AND status NOT IN (0, 503) AND status NOT BETWEEN 200 AND 299"); service log: $(failure_causes $f)); "; }
  (( errs == 0 )) || { v=FAIL; notes+="$errs client errors/timeouts; "; }
  [[ "$ready_down" == *'"DOWN"'* ]] || { v=FAIL; notes+="readiness while down: '${ready_down:-no answer}'; "; }
  [[ -n "$t_ready_back" ]] || { v=FAIL; notes+="readiness not UP again; "; }
  (( bad_after == 0 )) || { v=FAIL; notes+="$bad_after/$n_after non-2xx 5+ s after restart; "; }
  [[ "$drain" =~ ^[0-9]+$ ]] || { v=FAIL; notes+="outbox not drained: $drain; "; }
  F1_VERDICT=$v
  F1_FAILS="${notes%; }"; F1_DETAILS="down $(( (t_start0 - t_down) / 1000 )) s, requests sent while down: $(window_summary $f "$t_down" "$t_start0"); service log until PostgreSQL was back: $lookup_fail x 'Webhook null not processed, database unavailable' (failed in the endpoint look-up, before the event id was read); whole run: 503 $n503 (all with Retry-After: $([[ $noretry == 0 ]] && echo yes || echo no)), max 503 latency ${max503} ms, 2xx answered while down $ok_down; readiness while down DOWN=$([[ "$ready_down" == *'"DOWN"'* ]] && echo yes || echo no), UP again $( [[ -n $t_ready_back ]] && echo "$(( (t_ready_back - t_up) / 1000 )) s" || echo never) after restart; first 2xx ${first_ok} ms after restart; requests 5+ s after restart: $n_after, all 2xx: $([[ $bad_after == 0 ]] && echo yes || echo no)"
  F1_TIME=$(( SECONDS - t0 ))
}

f2_lock() {
  local t0=$SECONDS f=f2-lock pid="${APP_PID[A]}"
  say "$f: ${RATE}/s for 25 s; ACCESS EXCLUSIVE lock on contact held 10 s from 5 s"
  proc_sampler "$pid" "$RUN/$f-proc.txt"; local sampler=$SAMPLER_PID
  load_bg $f rate --urls "$(url_of A)" --rate "$RATE" --duration 25
  sleep 5
  local t_lock t_unlock t_ask
  t_ask=$(now_ms)
  # prints the time the lock was granted and the time just before COMMIT
  q -c "BEGIN" -c "LOCK TABLE contact IN ACCESS EXCLUSIVE MODE" \
    -c "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint" -c "SELECT pg_sleep(10)" \
    -c "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint" -c "COMMIT" >"$RUN/$f-lock.txt" 8>&- &
  local lock_pid=$!; BG_PIDS+=("$lock_pid")
  wait "$lock_pid" || die "$f: the lock session failed"
  t_lock=$(grep -E '^[0-9]+$' "$RUN/$f-lock.txt" | head -n 1)
  t_unlock=$(grep -E '^[0-9]+$' "$RUN/$f-lock.txt" | tail -n 1)
  [[ -n "$t_lock" && -n "$t_unlock" ]] || die "$f: no lock times in $RUN/$f-lock.txt"
  say "$f: lock granted $(( t_lock - t_ask )) ms after asking, held $(( t_unlock - t_lock )) ms"
  load_wait $f
  sleep 3
  kill "$sampler" 2>/dev/null || true
  local drain; drain=$(wait_outbox_empty 60) || true
  # threads / task threads / RSS: before = last sample before the lock, during = max while locked (+5 s),
  # after = last sample
  local before during after
  before=$(awk -v t="$t_lock" '$1 < t {l=$2" "$3" "$4" "$5} END {print l}' "$RUN/$f-proc.txt")
  during=$(awk -v a="$t_lock" -v b="$(( t_unlock + 5000 ))" '$1 >= a && $1 <= b {for(i=2;i<=5;i++) if($i>m[i]) m[i]=$i} END {print m[2]" "m[3]" "m[4]" "m[5]}' "$RUN/$f-proc.txt")
  after=$(tail -n 1 "$RUN/$f-proc.txt" | cut -d' ' -f2-)
  local -a B D A; read -r -a B <<<"$before"; read -r -a D <<<"$during"; read -r -a A <<<"$after"
  F2=(); IFS=$'\t' read -r -a F2 < <(q -c "
    SELECT count(*),
           count(*) FILTER (WHERE status BETWEEN 200 AND 299),
           count(*) FILTER (WHERE status = 503),
           count(*) FILTER (WHERE status = 503 AND coalesce(outcome, '') <> 'unavailable'),
           coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lat_ms) FILTER (WHERE status = 503))::text, '-'),
           coalesce(round(max(lat_ms) FILTER (WHERE status = 503))::text, '-'),
           count(*) FILTER (WHERE status = 0),
           count(*) FILTER (WHERE status NOT IN (0, 503) AND status NOT BETWEEN 200 AND 299),
           count(*) FILTER (WHERE status = 503 AND retry_after IS NULL),
           count(*) FILTER (WHERE lat_ms > 7500)
    FROM faults.req WHERE fault = '$f' AND send_ms >= $t_lock AND send_ms < $t_unlock")
  local n=${F2[0]} ok=${F2[1]} n503=${F2[2]} odd503=${F2[3]} p50=${F2[4]} max503=${F2[5]} errs=${F2[6]} noretry=${F2[8]} late=${F2[9]}
  local all_errs all_other
  IFS=$'\t' read -r all_errs all_other < <(q -c "SELECT count(*) FILTER (WHERE status = 0), count(*) FILTER (WHERE status NOT IN (0, 503) AND status NOT BETWEEN 200 AND 299) FROM faults.req WHERE fault = '$f'")
  local v=PASS notes=""
  (( n503 > 0 )) || { v=FAIL; notes+="no 503 during the lock; "; }
  (( noretry == 0 )) || { v=FAIL; notes+="$noretry 503 without Retry-After; "; }
  (( late == 0 )) || { v=FAIL; notes+="$late of $n requests sent while locked waited > 7.5 s (5 s transaction timeout + 2 s pool wait) for an answer; "; }
  (( all_other == 0 )) || { v=FAIL; notes+="$all_other answers neither 2xx nor 503 (codes $(q -c "SELECT string_agg(DISTINCT status::text, ',') FROM faults.req WHERE fault = '$f' AND status NOT IN (0, 503) AND status NOT BETWEEN 200 AND 299"); service log: $(failure_causes $f)); "; }
  (( all_errs == 0 )) || { v=FAIL; notes+="$all_errs client errors/timeouts; "; }
  (( D[0] <= B[0] + 250 )) || { v=FAIL; notes+="threads unbounded; "; }
  (( A[0] <= B[0] + 50 )) || { v=FAIL; notes+="threads not back down; "; }
  (( D[3] <= B[3] + 300 * 1024 )) || { v=FAIL; notes+="RSS grew > 300 MB; "; }
  [[ "$drain" =~ ^[0-9]+$ ]] || { v=FAIL; notes+="outbox not drained: $drain; "; }
  F2_VERDICT=$v
  F2_FAILS="${notes%; }"; F2_DETAILS="locked $(( (t_unlock - t_lock) / 1000 )) s, requests sent while locked: $(window_summary $f "$t_lock" "$t_unlock"); 503 bodies not {\"error\":\"unavailable\"}: $odd503; threads/task-*/http-nio/RSS before ${B[0]}/${B[1]}/${B[2]}/$(( B[3] / 1024 ))MB, during max ${D[0]}/${D[1]}/${D[2]}/$(( D[3] / 1024 ))MB, after ${A[0]}/${A[1]}/${A[2]}/$(( A[3] / 1024 ))MB"
  F2_TIME=$(( SECONDS - t0 ))
}

f3_kafka_down() {
  local t0=$SECONDS f=f3-kafka-down
  say "$f: ${RATE}/s for 35 s; broker stopped at 5 s for ~15 s"
  outbox_sampler "$RUN/$f-outbox.txt"; local sampler=$OUTBOX_PID
  load_bg $f rate --urls "$(url_of A)" --rate "$RATE" --duration 35
  sleep 5
  local t_k0 t_kdown t_kup0 t_kup
  t_k0=$(now_ms); "$KAFKA_SH" pause "$KPORT" >>"$RUN/harness.log" 2>&1 8>&- || die "kafka.sh pause failed"; t_kdown=$(now_ms)
  local t_kdown_ms=$(( t_kdown - t_k0 ))
  say "$f: broker stopped ($t_kdown_ms ms)"
  local left=$(( 15000 - ($(now_ms) - t_kdown) )); (( left > 0 )) && sleep "$(( left / 1000 )).$(printf '%03d' $(( left % 1000 )))"
  t_kup0=$(now_ms); "$KAFKA_SH" resume "$KPORT" >>"$RUN/harness.log" 2>&1 8>&- || die "kafka.sh resume failed"; t_kup=$(now_ms)
  say "$f: broker back after $(( (t_kup0 - t_kdown) / 1000 )) s down ($(( t_kup - t_kup0 )) ms to resume)"
  load_wait $f
  local drain; drain=$(wait_outbox_empty 120) || true
  local t_drained; t_drained=$(now_ms)
  kill "$sampler" 2>/dev/null || true
  local peak; peak=$(awk '$2 > m {m = $2} END {print m + 0}' "$RUN/$f-outbox.txt")
  F3=(); IFS=$'\t' read -r -a F3 < <(q -c "
    SELECT count(*), count(*) FILTER (WHERE status BETWEEN 200 AND 299),
           coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lat_ms))::text, '-'),
           coalesce(round(percentile_cont(0.99) WITHIN GROUP (ORDER BY lat_ms))::text, '-'),
           coalesce(round(max(lat_ms))::text, '-')
    FROM faults.req WHERE fault = '$f' AND send_ms >= $t_k0 AND send_ms < $t_kup")
  local n=${F3[0]} ok=${F3[1]} p50=${F3[2]} p99=${F3[3]} mx=${F3[4]}
  local pre_p99; pre_p99=$(lat_pct 0.99 "fault = '$f' AND send_ms < $t_k0")
  local whole; whole=$(q -c "SELECT count(*) FILTER (WHERE status NOT BETWEEN 200 AND 299) FROM faults.req WHERE fault = '$f'")
  local v=PASS notes=""
  (( ok == n )) || { v=FAIL; notes+="$(( n - ok )) non-2xx during the outage; "; }
  (( whole == 0 )) || { v=FAIL; notes+="$whole non-2xx in the run; "; }
  (( peak > 0 )) || { v=FAIL; notes+="outbox did not grow; "; }
  [[ "$drain" =~ ^[0-9]+$ ]] || { v=FAIL; notes+="outbox not drained: $drain; "; }
  F3_VERDICT=$v
  F3_FAILS="${notes%; }"; F3_DETAILS="outage $(( (t_kup - t_k0) / 1000 )) s (stop ${t_kdown_ms:-?} ms, down $(( (t_kup0 - t_kdown) / 1000 )) s, resume $(( (t_kup - t_kup0) / 1000 )) s): $n sent, 2xx $ok, latency p50 ${p50} ms, p99 ${p99} ms, max ${mx} ms (before the outage p99 ${pre_p99} ms, baseline p99 ${BASE_P99:-?} ms); outbox peak $peak unpublished; drained $(( (t_drained - t_kup) / 1000 )) s after the broker was back; relay failures during the outage: $(relay_warnings "$t_k0" "$t_kup"), after it: $(relay_warnings "$t_kup")"
  F3_TIME=$(( SECONDS - t0 ))
}

f4_kill9() {
  local t0=$SECONDS f=f4-kill9
  say "$f: ${RATE}/s for 30 s; service killed (SIGKILL) at 8 s and started again"
  load_bg $f rate --urls "$(url_of A)" --rate "$RATE" --duration 30
  sleep 8
  local t_kill t_back pid="${APP_PID[A]}"
  t_kill=$(now_ms); kill -KILL "$pid"; { wait "$pid"; } 2>/dev/null || true
  say "$f: service A (pid $pid) killed; starting it again"
  start_app A "${APP_PORT[A]}"
  wait_ready A
  t_back=$(now_ms)
  load_wait $f
  local drain; drain=$(wait_outbox_empty 90) || true
  F4=(); IFS=$'\t' read -r -a F4 < <(q -c "
    WITH r AS (SELECT * FROM faults.req WHERE fault = '$f'),
         acked AS (SELECT DISTINCT event_id FROM r WHERE status BETWEEN 200 AND 299)
    SELECT (SELECT count(*) FROM r WHERE status = 0),
           (SELECT count(*) FROM processed_event p WHERE p.event_id LIKE 'evt\\_$f\\_%' AND p.event_id NOT IN (SELECT event_id FROM acked)),
           (SELECT count(*) FROM r WHERE send_ms >= $t_back AND status NOT BETWEEN 200 AND 299),
           (SELECT count(*) FROM r WHERE status NOT IN (0) AND status NOT BETWEEN 200 AND 299),
           (SELECT coalesce(string_agg(n || ' x ' || status, ', '), '-') FROM (SELECT status, count(*) n FROM r
              WHERE status <> 0 AND status NOT BETWEEN 200 AND 299 GROUP BY status) c)")
  local errs=${F4[0]} bad_after=${F4[2]} non2xx=${F4[3]} codes=${F4[4]}
  local v=PASS notes=""
  [[ "$drain" =~ ^[0-9]+$ ]] || { v=FAIL; notes+="outbox not drained (relay did not resume): $drain; "; }
  (( bad_after == 0 )) || { v=FAIL; notes+="$bad_after non-2xx after the restart; "; }
  F4_VERDICT=$v
  F4_FAILS="${notes%; }"; F4_DETAILS="down $(( (t_back - t_kill) / 1000 )) s (restart included): $errs requests refused/reset, $non2xx HTTP non-2xx ($codes, all before readiness was UP again: $([[ $bad_after == 0 ]] && echo yes || echo no)); outbox drained ${drain} s after the load"
  F4_TIME=$(( SECONDS - t0 ))
}

f5_two_instances() {
  local t0=$SECONDS f=f5-two-instances t_begin; t_begin=$(now_ms)
  say "$f: second instance B; ${RATE}/s for 20 s split across A and B"
  start_app B "$(free_port $(( APP_PORT[A] + 1 )))"
  wait_ready B
  load_run $f rate --urls "$(url_of A),$(url_of B)" --rate "$RATE" --duration 20
  local drain; drain=$(wait_outbox_empty 90) || true
  local stuck; stuck=$(unpublished)
  local split; split=$(q -c "SELECT string_agg(n::text, '/' ORDER BY url_idx) FROM (SELECT url_idx, count(*) FILTER (WHERE status BETWEEN 200 AND 299) n FROM faults.req WHERE fault = '$f' GROUP BY url_idx) s")
  local non2xx; non2xx=$(q -c "SELECT count(*) FROM faults.req WHERE fault = '$f' AND status NOT BETWEEN 200 AND 299")
  local v=PASS notes=""
  [[ "$drain" =~ ^[0-9]+$ && "$stuck" == 0 ]] || { v=FAIL; notes+="outbox not drained: $drain; "; }
  (( non2xx == 0 )) || { v=FAIL; notes+="$non2xx non-2xx; "; }
  F5_VERDICT=$v
  F5_FAILS="${notes%; }"; F5_DETAILS="2xx via A/B $split; unpublished after the run $stuck (drained ${drain} s after the load); relay failures of A and B (batch rolled back, sent again): $(relay_warnings "$t_begin")"
  F5_TIME=$(( SECONDS - t0 ))
}

f6_sigterm() {
  local t0=$SECONDS f=f6-sigterm rate=$RATE
  say "$f: ${rate}/s for 10 s to B; SIGTERM to B at 5 s"
  load_bg $f rate --urls "$(url_of B)" --rate "$rate" --duration 10
  sleep 5
  local t_term t_exit rc pid="${APP_PID[B]}"
  t_term=$(now_ms)
  stop_app B; rc=$STOP_RC
  t_exit=$(now_ms)
  say "$f: B exited with $rc after $(( t_exit - t_term )) ms"
  load_wait $f
  local drain; drain=$(wait_outbox_empty 60) || true
  F6=(); IFS=$'\t' read -r -a F6 < <(q -c "
    SELECT count(*) FILTER (WHERE send_ms < $t_term),
           count(*) FILTER (WHERE send_ms < $t_term AND status BETWEEN 200 AND 299),
           count(*) FILTER (WHERE send_ms < $t_term AND send_ms + lat_ms > $t_term),
           count(*) FILTER (WHERE send_ms < $t_term AND send_ms + lat_ms > $t_term AND status BETWEEN 200 AND 299),
           coalesce(string_agg(DISTINCT CASE WHEN send_ms < $t_term AND status NOT BETWEEN 200 AND 299 THEN status || ' ' || coalesce(outcome, error, '') END, '; '), '-'),
           count(*) FILTER (WHERE send_ms >= $t_term),
           count(*) FILTER (WHERE send_ms >= $t_term AND status BETWEEN 200 AND 299),
           count(*) FILTER (WHERE send_ms >= $t_term AND status = 0),
           count(*) FILTER (WHERE send_ms >= $t_term AND status <> 0 AND status NOT BETWEEN 200 AND 299),
           coalesce(string_agg(DISTINCT CASE WHEN send_ms >= $t_term AND status = 0 THEN regexp_replace(error, ':.*', '') END, ', '), '-'),
           coalesce((max($t_term - send_ms) FILTER (WHERE send_ms < $t_term AND status NOT BETWEEN 200 AND 299))::text, '-'),
           coalesce((min($t_term - send_ms) FILTER (WHERE send_ms < $t_term AND status NOT BETWEEN 200 AND 299))::text, '-'),
           coalesce((max(send_ms + lat_ms - $t_term) FILTER (WHERE send_ms < $t_term AND status NOT BETWEEN 200 AND 299))::bigint::text, '-')
    FROM faults.req WHERE fault = '$f'")
  local pre=${F6[0]} pre_ok=${F6[1]} inflight=${F6[2]} inflight_ok=${F6[3]} pre_bad=${F6[4]}
  local post=${F6[5]} post_ok=${F6[6]} post_refused=${F6[7]} post_http=${F6[8]} post_err=${F6[9]}
  local bad_first=${F6[10]} bad_last=${F6[11]} bad_end=${F6[12]}
  local log="$RUN/app-B-${APP_STARTS[B]}.log"
  # when the JVM began and ended the graceful shutdown, relative to SIGTERM
  local t_commence t_complete
  t_commence=$(grep -m1 'Commencing graceful shutdown' "$log" | cut -d' ' -f1) || true
  t_complete=$(grep -m1 'Graceful shutdown complete' "$log" | cut -d' ' -f1) || true
  [[ -z "$t_commence" ]] || t_commence=$(( $(date -d "$t_commence" +%s%3N) - t_term ))
  [[ -z "$t_complete" ]] || t_complete=$(( $(date -d "$t_complete" +%s%3N) - t_term ))
  local graceful=no; grep -q 'Graceful shutdown complete' "$log" && graceful=yes
  local errors_after; errors_after=$(sed -n '/Commencing graceful shutdown/,$p' "$log" | grep -c -E ' (ERROR|WARN) |Exception' || true)
  local v=PASS notes="" exit_s=$(( (t_exit - t_term) / 1000 ))
  (( pre_ok == pre )) || { v=FAIL; notes+="$(( pre - pre_ok )) requests sent before SIGTERM failed ($pre_bad; sent ${bad_last}..${bad_first} ms before SIGTERM, failed by +${bad_end} ms); "; }
  (( exit_s <= 30 )) || { v=FAIL; notes+="exit took ${exit_s} s (> 30 s shutdown phase timeout); "; }
  [[ "$rc" == 143 || "$rc" == 0 ]] || { v=FAIL; notes+="exit code $rc; "; }
  [[ $graceful == yes ]] || { v=FAIL; notes+="no 'Graceful shutdown complete' in the log; "; }
  (( errors_after == 0 )) || { v=FAIL; notes+="$errors_after WARN/ERROR lines during shutdown; "; }
  [[ "$drain" =~ ^[0-9]+$ ]] || { v=FAIL; notes+="outbox not drained: $drain; "; }
  F6_VERDICT=$v
  F6_FAILS="${notes%; }"; F6_DETAILS="before SIGTERM: $pre sent, $pre_ok 2xx ($inflight in flight at SIGTERM, $inflight_ok of them 2xx); after: $post sent, $post_ok 2xx, $post_refused refused/reset ($post_err), $post_http HTTP non-2xx (not counted as failures); exit code $rc after $(( t_exit - t_term )) ms (log: graceful shutdown began +${t_commence:-?} ms, complete +${t_complete:-?} ms), graceful shutdown complete: $graceful, WARN/ERROR during shutdown: $errors_after"
  F6_TIME=$(( SECONDS - t0 ))
}

f7_same_event() {
  local t0=$SECONDS f=f7-same-event id=evt_f7_same_event_0001
  say "$f: the same event 1000 times, 50 at once"
  load_run $f burst --urls "$(url_of A)" --count 1000 --concurrency 50 --same-event $id
  local email="$f-same-event@faults.example"
  F7=(); IFS=$'\t' read -r -a F7 < <(q -c "
    SELECT (SELECT count(*) FROM faults.req WHERE fault = '$f'),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND status = 200),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND outcome = 'processed'),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND outcome = 'duplicate'),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND status >= 500),
           (SELECT coalesce(string_agg(DISTINCT status::text, ','), '-') FROM faults.req WHERE fault = '$f'),
           (SELECT count(*) FROM processed_event WHERE event_id = '$id'),
           (SELECT count(*) FROM contact WHERE email_key = '$email'),
           (SELECT count(*) FROM trigger_event WHERE source_event_id = '$id'),
           (SELECT count(*) FROM webhook_delivery WHERE event_id = '$id' AND outcome = 'processed'),
           (SELECT count(*) FROM webhook_delivery WHERE event_id = '$id' AND outcome = 'duplicate'),
           (SELECT coalesce(round(max(lat_ms))::text, '-') FROM faults.req WHERE fault = '$f')")
  local n=${F7[0]} ok=${F7[1]} proc=${F7[2]} dup=${F7[3]} e5=${F7[4]} codes=${F7[5]} pe=${F7[6]} ct=${F7[7]} te=${F7[8]} wdp=${F7[9]} wdd=${F7[10]} mx=${F7[11]}
  local v=PASS notes=""
  (( ok == n && n == 1000 )) || { v=FAIL; notes+="not every answer 200 (status codes: $codes); "; }
  (( proc == 1 )) || { v=FAIL; notes+="$proc processed answers; "; }
  (( e5 == 0 )) || { v=FAIL; notes+="$e5 5xx; "; }
  (( pe == 1 && ct == 1 && te == 1 )) || { v=FAIL; notes+="rows: dedupe $pe, contact $ct, trigger $te; "; }
  F7_VERDICT=$v
  F7_FAILS="${notes%; }"; F7_DETAILS="answers: $ok x 200 ($proc processed, $dup duplicate), 5xx $e5, max latency ${mx} ms; rows: processed_event $pe, contact $ct, trigger_event $te, webhook_delivery processed $wdp + duplicate $wdd"
  F7_TIME=$(( SECONDS - t0 ))
}

f8_same_email() {
  local t0=$SECONDS f=f8-same-email email=f8-same-email@faults.example
  say "$f: 200 distinct events for one new email, 50 at once (503 re-sent after 1 s, up to 10 times)"
  load_run $f burst --urls "$(url_of A)" --count 200 --concurrency 50 --same-email $email --retry-503 10 --retry-delay-ms 1000
  F8=(); IFS=$'\t' read -r -a F8 < <(q -c "
    SELECT (SELECT count(*) FROM faults.req WHERE fault = '$f'),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND status >= 500 AND status <> 503),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND status = 503),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND status = 503 AND retry_after IS NULL),
           (SELECT count(*) FROM faults.req WHERE fault = '$f' AND status = 0),
           (SELECT count(DISTINCT event_id) FROM faults.req WHERE fault = '$f' AND status = 200 AND outcome = 'processed'),
           (SELECT count(*) FROM contact WHERE email_key = '$email'),
           (SELECT count(*) FROM trigger_event WHERE email = '$email'),
           (SELECT coalesce(string_agg(DISTINCT status::text, ','), '-') FROM faults.req WHERE fault = '$f')")
  local n=${F8[0]} e500=${F8[1]} n503=${F8[2]} noretry=${F8[3]} errs=${F8[4]} processed=${F8[5]} ct=${F8[6]} te=${F8[7]} codes=${F8[8]}
  local uv; uv=$(cat "$RUN"/app-A-*.log | grep -c -i -E 'duplicate key|unique constraint|23505|DuplicateKey' || true)
  local v=PASS notes=""
  (( ct == 1 )) || { v=FAIL; notes+="$ct contacts for the email; "; }
  (( e500 == 0 )) || { v=FAIL; notes+="$e500 5xx other than 503; "; }
  (( noretry == 0 )) || { v=FAIL; notes+="$noretry 503 without Retry-After; "; }
  (( uv == 0 )) || { v=FAIL; notes+="$uv unique-violation lines in the service log; "; }
  (( processed == 200 )) || { v=FAIL; notes+="only $processed of 200 processed after retries; "; }
  (( errs == 0 )) || { v=FAIL; notes+="$errs client errors; "; }
  F8_VERDICT=$v
  F8_FAILS="${notes%; }"; F8_DETAILS="$n attempts (status codes $codes): 503 $n503 (re-sent), other 5xx $e500; processed $processed/200; contacts $ct; trigger events $te; unique-violation log lines $uv"
  F8_TIME=$(( SECONDS - t0 ))
}

f9_out_of_order() {
  local t0=$SECONDS f=f9-out-of-order email=f9-out-of-order@faults.example now; now=$(date +%s)
  say "$f: customer.created, then customer.updated (newer), then customer.updated (older)"
  load_run $f send --urls "$(url_of A)" \
    --event "customer.created|evt_f9_1_created|$email|Created Person|$(( now - 300 ))|cus_f9_ooo" \
    --event "customer.updated|evt_f9_2_newer|$email|Newer Name|$(( now - 60 ))|cus_f9_ooo" \
    --event "customer.updated|evt_f9_3_older|$email|Older Name|$(( now - 120 ))|cus_f9_ooo"
  local answers names
  answers=$(q -c "SELECT string_agg(status || ' ' || coalesce(outcome, error, ''), ', ' ORDER BY seq) FROM faults.req WHERE fault = '$f'")
  names=$(q -c "SELECT coalesce(first_name, 'NULL') || ' ' || coalesce(last_name, 'NULL') || ' (last_event_at ' || coalesce(to_char(last_event_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), 'NULL') || ')' FROM contact WHERE email_key = '$email'")
  local v=PASS notes=""
  [[ "$names" == "Newer Name "* ]] || { v=FAIL; notes+="the older event overwrote the contact; "; }
  [[ "$answers" == "200 processed, 200 processed, 200 processed" ]] || { v=FAIL; notes+="unexpected answers; "; }
  F9_VERDICT=$v
  F9_FAILS="${notes%; }"; F9_DETAILS="answers: $answers; contact name after the older update: $names (expected Newer Name)"
  F9_TIME=$(( SECONDS - t0 ))
}

# 220 connections that send a POST head to <paths> in turn, then one body byte a second (replaced when the
# server closes one), for 28 s, while signed webhooks arrive at 2/s from 3 s; readiness and the admin API are
# sampled. Sets <KEY>_VERDICT, _FAILS, _DETAILS, _TIME.
slow_bodies() { # <KEY> <fault name> <paths, comma-separated> <what they are> <closed within s, or "-"> <max busy threads, or "-">
  local key="$1" f="$2" paths="$3" what="$4" close_within="$5" max_busy="$6"
  local t0=$SECONDS pid="${APP_PID[A]}" port="${APP_PORT[A]}" conns=220
  say "$f: $conns slow-body connections (a POST head, then one byte a second; $what) for 28 s, signed webhooks at 2/s from 3 s"
  proc_sampler "$pid" "$RUN/$f-proc.txt"; local sampler=$SAMPLER_PID
  rm -f "$RUN/$f-slow.started"
  # shellcheck disable=SC2086
  java $CLIENT_JAVA_OPTS -cp "$CLASSES" SlowClient --host 127.0.0.1 --port "$port" \
    --paths "$paths" --connections "$conns" --duration-s 28 \
    --content-length 1000 --out "$RUN/$f-slow.tsv" --ready-file "$RUN/$f-slow.started" 2>>"$RUN/harness.log" 8>&- &
  local slow_pid=$!; BG_PIDS+=("$slow_pid"); echo "$slow_pid" >>"$OUT/pids"
  local i; for i in $(seq 1 100); do [[ -s "$RUN/$f-slow.started" ]] && break; sleep 0.1; done
  sleep 3
  http_sampler "$RUN/$f-readiness.txt" "http://127.0.0.1:$port/actuator/health/readiness"; local ready_sampler=$HTTP_SAMPLER_PID
  http_sampler "$RUN/$f-admin.txt" "http://127.0.0.1:$port/api/endpoints" -H "Authorization: Bearer $ADMIN_TOKEN"
  local admin_sampler=$HTTP_SAMPLER_PID
  load_bg $f rate --urls "$(url_of A)" --rate 2 --duration 25 --timeout-s 30
  # Tomcat's request threads halfway through: how many there are, and how many wait in a blocking socket read
  sleep 12
  jcmd "$pid" Thread.print >"$RUN/$f-threads.txt" 2>&1 8>&- || true
  load_wait $f
  wait "$slow_pid" || die "$f: the slow client failed; see $RUN/harness.log"
  tail -n 1 "$RUN/harness.log" | grep -q '^SlowClient' && tail -n 1 "$RUN/harness.log" >&2
  kill "$ready_sampler" "$admin_sampler" "$sampler" 2>/dev/null || true
  local ready_summary admin_summary ready_ok ready_n admin_ok admin_n
  http_samples "$RUN/$f-readiness.txt"; ready_n=$SAMPLES_N; ready_ok=$SAMPLES_OK; ready_summary=$SAMPLES_TEXT
  http_samples "$RUN/$f-admin.txt"; admin_n=$SAMPLES_N; admin_ok=$SAMPLES_OK; admin_summary=$SAMPLES_TEXT
  # slow connections: opened, closed by the server (by answer), still open at the end, longest the server kept one
  local conn_total by_server answers open_end longest overdue
  read -r conn_total by_server open_end longest overdue < <(awk -v d="$(( ${close_within/-/1000} * 1000 ))" '
    {n++; if ($5 == "server") s++; if ($5 == "client") e++; if ($8 > m) m = $8; if ($8 > d && $5 != "error") o++}
    END {printf "%d %d %d %.1f %d\n", n, s, e, m / 1000, o}' "$RUN/$f-slow.tsv")
  answers=$(awk '$5 == "server" {c[$6 == 0 ? "no answer" : $6]++} END {for (k in c) printf "%s%s x %s", (n++ ? ", " : ""), c[k], k}' "$RUN/$f-slow.tsv")
  # per request thread: idle (waiting for work in Tomcat's TaskQueue) or in a blocking socket read
  local exec_threads idle in_read busy
  read -r exec_threads idle in_read < <(awk '
    /^"/ {exec = ($0 ~ /^"http-nio-[0-9]+-exec-/); if (exec) n++; seen_idle = 0; seen_read = 0}
    exec && !seen_idle && /TaskQueue\.(poll|take)/ {i++; seen_idle = 1}
    exec && !seen_read && /NioSocketWrapper\.(fillReadBuffer|read)/ {r++; seen_read = 1}
    END {print n + 0, i + 0, r + 0}' "$RUN/$f-threads.txt")
  busy=$(( exec_threads - idle ))
  local max_nio max_threads
  read -r max_threads max_nio < <(awk '{if ($2 > t) t = $2; if ($4 > h) h = $4} END {print t + 0, h + 0}' "$RUN/$f-proc.txt")
  local R=(); IFS=$'\t' read -r -a R < <(q -c "
    SELECT count(*), count(*) FILTER (WHERE status = 200), count(*) FILTER (WHERE status = 200 AND lat_ms <= 1000),
           coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lat_ms))::text, '-'),
           coalesce(round(max(lat_ms))::text, '-'),
           coalesce(string_agg(DISTINCT status::text, ','), '-')
    FROM faults.req WHERE fault = '$f'")
  local n=${R[0]} ok=${R[1]} fast=${R[2]} p50=${R[3]} mx=${R[4]} codes=${R[5]}
  local v=PASS notes=""
  (( n > 0 && fast == n )) || { v=FAIL; notes+="$(( n - fast )) of $n signed webhooks not 200 within 1 s (codes $codes, max ${mx} ms); "; }
  (( ready_n > 0 && ready_ok == ready_n )) || { v=FAIL; notes+="readiness: $(( ready_n - ready_ok )) of $ready_n samples not 200 within 1 s; "; }
  (( admin_n > 0 && admin_ok == admin_n )) || { v=FAIL; notes+="admin API: $(( admin_n - admin_ok )) of $admin_n samples not 200 within 1 s; "; }
  (( by_server > 0 )) || { v=FAIL; notes+="the server closed none of the slow connections; "; }
  [[ "$close_within" == - ]] || (( overdue == 0 )) || { v=FAIL; notes+="$overdue slow connections kept open longer than $close_within s; "; }
  [[ "$max_busy" == - ]] || (( busy <= max_busy )) || { v=FAIL; notes+="$busy request threads busy (> $max_busy); "; }
  printf -v "${key}_VERDICT" '%s' "$v"
  printf -v "${key}_FAILS" '%s' "${notes%; }"
  printf -v "${key}_DETAILS" '%s' "signed webhooks: $n sent, $ok x 200, $fast within 1 s, p50 ${p50} ms, max ${mx} ms; readiness: $ready_summary; admin API: $admin_summary; slow connections: $conn_total opened, $by_server closed by the server (${answers:-none}), $open_end still open at the end, longest kept open ${longest} s; request threads at 15 s: $exec_threads, busy $busy, $in_read of them in a blocking socket read; max threads $max_threads, max http-nio threads $max_nio"
  printf -v "${key}_TIME" '%s' "$(( SECONDS - t0 ))"
}

# webhook bodies are read as they arrive, within loops.webhooks.body-read-timeout (10 s; Tomcat looks once a
# second): every slow connection is closed within 13 s, an unknown id's at once after its 404
f10_slow_bodies() {
  local unknown; unknown="we_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  slow_bodies F10 f10-slow-bodies "/webhooks/stripe/$ENDPOINT_ID,/webhooks/stripe/$unknown" "endpoint and unknown id" 13 -
}

# the admin API without credentials (401), Hawtio's login (which reads its body on a request thread) and an
# unknown page (404): at most loops.max-concurrent-request-bodies (16) threads are busy with them
f11_slow_other_bodies() {
  slow_bodies F11 f11-slow-other-bodies "/api/endpoints,/actuator/hawtio/auth/login,/no-such-page" \
    "admin API without credentials, Hawtio login, unknown page" - 20
}

check_logs() {
  local logs=("$RUN"/app-*.log) hits=0 detail="" n pat
  local secret_part="${SECRET#whsec_}" clerk_part="${CLERK_SECRET#whsec_}"
  for pat in "$SECRET" "$secret_part" "$CLERK_SECRET" "$clerk_part" "$SUPABASE_SECRET" "$ADMIN_TOKEN" "$MARKER" \
      '"object": "event"' '"pending_webhooks"' '"api_version"' '"encrypted_password"' '"raw_user_meta_data"' \
      'Stripe-Signature' 'stripe-signature'; do
    n=$(cat "${logs[@]}" | grep -c -F -- "$pat" || true)
    if (( n > 0 )); then hits=$(( hits + n )); detail+="'${pat:0:24}': $n; "; fi
  done
  for pat in 'v1=[0-9a-f]{64}' 't=[0-9]{10},v1=' 'v1,[A-Za-z0-9+/]{43}='; do
    n=$(cat "${logs[@]}" | grep -c -E -- "$pat" || true)
    if (( n > 0 )); then hits=$(( hits + n )); detail+="/$pat/: $n; "; fi
  done
  local lines; lines=$(cat "${logs[@]}" | wc -l)
  local v=PASS
  (( hits == 0 )) || { v="FAIL: secrets or request content in the service logs: $detail"; fail; }
  row "logs|-|-|-|-|-|-|$v"
  DETAILS+=("logs: ${#logs[@]} service logs, $lines lines searched for the Stripe and Clerk signing secrets (with and without whsec_), the Supabase secret header value, the admin token, 'Stripe-Signature'/'stripe-signature', t=<10 digits>,v1= and v1=<64 hex> (Stripe signature values), v1,<base64 of 32 bytes> (Svix signature values), the raw-body marker put in every event's metadata, and body fields (\"object\": \"event\", \"api_version\", \"pending_webhooks\", \"encrypted_password\", \"raw_user_meta_data\"): ${detail:-none found}")
}

# ---------------------------------------------------------------------------------------------
# Kafka and the database: what every fault's acknowledged events became
# ---------------------------------------------------------------------------------------------
kafka_dump() {
  java -Xmx256m -Dlog4j.configuration="file:$ROOT/scripts/kafka/tools-log4j.properties" \
    -cp "$KAFKA_LIBS/*:$CLASSES" KafkaDump "127.0.0.1:$KPORT" "$TOPIC" "$RUN/kafka.tsv" 2>>"$RUN/harness.log" \
    || die "could not read topic $TOPIC"
  q -c "\\copy faults.kafka FROM '$RUN/kafka.tsv'"
  say "Kafka: $(wc -l <"$RUN/kafka.tsv") records on $TOPIC"
}

# one line per fault: sent ids, attempts, acked ids, persisted, trig acked, trig acked on kafka, lost db,
# lost kafka, lost, trigger rows of the fault, of them on kafka, kafka records of them, committed not acked
fault_counts() {
  q -c "
    WITH r AS (SELECT * FROM faults.req),
    acked AS (SELECT * FROM faults.acked),
    pe AS (SELECT DISTINCT event_id FROM processed_event),
    kf AS (SELECT id, count(*) n FROM faults.kafka GROUP BY id),
    chk AS (SELECT * FROM faults.chk),
    sent AS (SELECT fault, count(DISTINCT event_id) ids, count(*) attempts FROM r GROUP BY fault),
    ftrig AS (SELECT s.fault, count(t.id) rows_, count(k.id) on_kafka, coalesce(sum(k.n), 0) records
              FROM (SELECT DISTINCT fault, event_id FROM r) s
              JOIN trigger_event t ON t.source_event_id = s.event_id
              LEFT JOIN kf k ON k.id = t.id GROUP BY s.fault),
    committed AS (SELECT s.fault, count(*) FILTER (WHERE a.event_id IS NULL) not_acked
                  FROM (SELECT DISTINCT fault, event_id FROM r) s JOIN pe ON pe.event_id = s.event_id
                  LEFT JOIN acked a ON a.fault = s.fault AND a.event_id = s.event_id GROUP BY s.fault)
    SELECT s.fault, s.ids, s.attempts,
           count(c.fault), count(*) FILTER (WHERE c.in_db),
           count(*) FILTER (WHERE c.trig), count(*) FILTER (WHERE c.trig AND c.on_kafka),
           count(*) FILTER (WHERE NOT c.in_db), count(*) FILTER (WHERE NOT c.on_kafka),
           count(*) FILTER (WHERE NOT c.in_db OR NOT c.on_kafka),
           coalesce(max(ft.rows_), 0), coalesce(max(ft.on_kafka), 0), coalesce(max(ft.records), 0),
           coalesce(max(cm.not_acked), 0)
    FROM sent s LEFT JOIN chk c ON c.fault = s.fault
    LEFT JOIN ftrig ft ON ft.fault = s.fault LEFT JOIN committed cm ON cm.fault = s.fault
    GROUP BY s.fault, s.ids, s.attempts"
}

# one line per fault: "<platform> <sent> sent, <acked> acknowledged, <persisted> persisted, <published>/<with a
# trigger event> published, <lost> lost", per platform, e.g. "clerk 60 sent, 60 acknowledged, ..."
platform_counts() {
  q -c "
    WITH sent AS (SELECT fault, platform, count(DISTINCT event_id) ids FROM faults.req GROUP BY fault, platform),
    c AS (SELECT fault, platform, count(*) acked, count(*) FILTER (WHERE in_db) indb, count(*) FILTER (WHERE trig) trig,
                 count(*) FILTER (WHERE trig AND on_kafka) pub, count(*) FILTER (WHERE NOT in_db OR NOT on_kafka) lost
          FROM faults.chk GROUP BY fault, platform)
    SELECT s.fault, string_agg(s.platform || ' ' || s.ids || ' sent, ' || coalesce(c.acked, 0) || ' acknowledged, '
             || coalesce(c.indb, 0) || ' persisted, ' || coalesce(c.pub, 0) || '/' || coalesce(c.trig, 0)
             || ' published, ' || coalesce(c.lost, 0) || ' lost', '; ' ORDER BY s.platform)
    FROM sent s LEFT JOIN c ON c.fault = s.fault AND c.platform = s.platform GROUP BY s.fault"
}

report() {
  local fault ids attempts acked indb trig trigk lostdb lostk lost trows tk trecs notacked
  declare -A C=()
  while IFS=$'\t' read -r fault ids attempts acked indb trig trigk lostdb lostk lost trows tk trecs notacked; do
    C[$fault]="$ids|$attempts|$acked|$indb|$trig|$trigk|$lostdb|$lostk|$lost|$trows|$tk|$trecs|$notacked"
  done < <(fault_counts)
  local split
  declare -A P=()
  while IFS=$'\t' read -r fault split; do P[$fault]="$split"; done < <(platform_counts)

  local key name time verdict fails details
  for key in baseline f1 f2 f3 f4 f5 f6 f7 f8 f9 f10 f11; do
    case $key in
      baseline) name=baseline ;;
      f1) name=f1-pg-down ;; f2) name=f2-lock ;; f3) name=f3-kafka-down ;; f4) name=f4-kill9 ;;
      f5) name=f5-two-instances ;; f6) name=f6-sigterm ;; f7) name=f7-same-event ;;
      f8) name=f8-same-email ;; f9) name=f9-out-of-order ;; f10) name=f10-slow-bodies ;;
      f11) name=f11-slow-other-bodies ;;
    esac
    local vv="${key^^}_VERDICT" ff="${key^^}_FAILS" dd="${key^^}_DETAILS" tt="${key^^}_TIME"
    [[ -n "${!vv:-}" ]] || continue
    verdict="${!vv}"; fails="${!ff}"; details="${!dd}"; time="${!tt}s"
    IFS='|' read -r ids attempts acked indb trig trigk lostdb lostk lost trows tk trecs notacked <<<"${C[$name]:-0|0|0|0|0|0|0|0|0|0|0|0|0}"
    local sent="$ids"; [[ "$attempts" == "$ids" ]] || sent="$ids ids/$attempts req"
    local extra=""
    (( lost == 0 )) || { verdict=FAIL; extra+="LOST $lost acknowledged events: $lostdb missing in the database, $lostk missing on Kafka; "; }
    (( tk == trows )) || { verdict=FAIL; extra+="$(( trows - tk )) of $trows trigger events never published; "; }
    (( acked > 0 )) || { verdict=FAIL; extra+="nothing acknowledged; "; }
    fails="$extra$fails"; fails="${fails%; }"
    [[ $verdict == PASS ]] || fail
    ROWS+=("$name|$time|$sent|$acked|$indb|$trigk/$trig|$lost|$verdict${fails:+: $fails}")
    DETAILS+=("$name: $details; by platform: ${P[$name]:-none}; Kafka records of its trigger events $trecs for $tk events (duplicates $(( trecs - tk )))$( (( notacked == 0 )) || echo "; committed but never acknowledged $notacked")")
  done

  # the relay over the whole run: at-least-once, so duplicates are allowed, missing records are not
  local recs distinct maxc
  IFS=$'\t' read -r recs distinct maxc < <(q -c "SELECT count(*), count(DISTINCT id), coalesce(max(n), 0) FROM (SELECT id, count(*) OVER (PARTITION BY id) n FROM faults.kafka) k")
  local never; never=$(q -c "SELECT count(*) FROM trigger_event t WHERE NOT EXISTS (SELECT 1 FROM faults.kafka k WHERE k.id = t.id)")
  local rv=PASS
  (( never == 0 )) || { rv="FAIL: $never trigger events never published"; fail; }
  (( never > 0 || recs <= distinct + distinct / 20 )) || rv="WARN: $(( recs - distinct )) duplicate records ($(( (recs - distinct) * 100 / (distinct > 0 ? distinct : 1) ))%), one record up to $maxc times"
  ROWS+=("outbox relay (whole run)|-|-|-|-|$distinct/$(q -c "SELECT count(*) FROM trigger_event")|$never|$rv")
  DETAILS+=("outbox relay (whole run): $recs records on $TOPIC for $distinct trigger events (duplicates $(( recs - distinct )), max copies of one record $maxc); relay failures logged by all instances, each rolls its batch back and sends it again: $(relay_warnings 0)")
}

print_table() {
  {
    echo
    echo "fault | time | sent | acknowledged (2xx) | persisted | published | lost | verdict/notes"
    echo "----- | ---- | ---- | ------------------ | --------- | --------- | ---- | -------------"
    local r
    for r in "${ROWS[@]}"; do echo "${r//|/ | }"; done
    echo
    echo "details:"
    for r in "${DETAILS[@]}"; do echo "  $r"; done
    echo
    echo "persisted = acknowledged ids with processed_event + webhook_delivery (processed) + contact (+ trigger_event"
    echo "when the type has one); published = acknowledged ids with a trigger event whose record is on $TOPIC /"
    echo "acknowledged ids with a trigger event; lost = acknowledged ids missing from either. Ids: Stripe's event id,"
    echo "Clerk's svix-id, Supabase's sha256:<hex of the body>; the details split each row by platform."
    echo "total time $(( SECONDS - T_START ))s; details: ${RUN#"$ROOT"/}/ (app-*.log, *.tsv, harness.log)"
    if (( FAILED )); then echo "RESULT: FAILED"; else echo "RESULT: all fault checks passed"; fi
  } | tee "$RUN/results.txt"
}

# ---------------------------------------------------------------------------------------------
main() {
  T_START=$SECONDS
  setup
  baseline
  want f1 && f1_pg_down
  want f2 && f2_lock
  want f3 && f3_kafka_down
  want f7 && f7_same_event
  want f8 && f8_same_email
  want f9 && f9_out_of_order
  want f10 && f10_slow_bodies
  want f11 && f11_slow_other_bodies
  want f4 && f4_kill9
  if want f5 || want f6; then f5_two_instances; fi
  want f6 && f6_sigterm
  say "waiting for the outbox to drain, then reading the topic"
  local drain; drain=$(wait_outbox_empty 90) || say "outbox not drained at the end: $drain"
  kafka_dump
  stop_app A; say "service A stopped (exit $STOP_RC)"
  report
  check_logs
  print_table
  (( FAILED == 0 ))
}

main "$@"
