#!/usr/bin/env bash
# Real-browser checks of the service with headless Chromium, against one service, one after the other:
#   1. Hawtio (scripts/browser-checks/hawtio-check.mjs): logs in through Hawtio's login form, opens the Camel routes
#      view, which must list stripe-webhook, and the route diagram; a wrong password must not get past the login
#      page, an anonymous Jolokia read must get 401, and Jolokia's access policy must refuse none of its calls.
#   2. the console (scripts/browser-checks/console-check.mjs): walks the path of a new user through /console (log
#      in, delete the first start's endpoint to see the empty list, create a Stripe endpoint, copy its URL, set its
#      secret, send a test event, find the contact, the trigger event and the delivery, replay it, create Clerk and
#      Supabase endpoints, see the list refresh itself, log out), failing on any wrong page, console error, CSP
#      violation, page error, failed request or HTTP status >= 400 it did not ask for.
# Each check has its own exit status; the script fails when either fails.
#
#   scripts/browser-checks.sh               build the jar if missing or stale, start the service on a free port
#                                           with a generated admin token (H2 in memory, Kafka off), check, stop it
#   LOOPS_ADMIN_TOKEN=... scripts/browser-checks.sh http://host:port
#                                           check a service that is already running, at its LOOPS_PUBLIC_URL
#                                           (Jolokia answers only pages of that origin); the console walk adds
#                                           endpoints, contacts and deliveries to it (it deletes only its own
#                                           Clerk endpoint), and checks the empty list only where there is one
#
# Needs Debian's chromium (apt-get install -y chromium), Node 20+ and npm; installs playwright-core into
# scripts/browser-checks/node_modules from the committed package-lock.json when it is missing (no browser
# download). Exit codes: 0 both passed, 1 a check failed, 2 missing tool, bad usage or the service did not start.
#
# Writes: target/browser-checks/pages/*.png, a screenshot of every console page (1280x800, and the endpoints
# list at 390x844; CONSOLE_SHOTS_DIR=docs/console refreshes the README's pictures);
# target/browser-checks/hawtio/: camel-routes.png, stripe-webhook-diagram.png,
# login-rejected.png; on a failure target/browser-checks/{hawtio,console}/failure-<step>.png; and
# target/browser-checks/service.log when this script started the service.
# Environment: BROWSER_CHECKS_START_TIMEOUT (seconds to wait for the service, default 240), CHROMIUM_PATH,
# CONSOLE_SHOTS_DIR (default target/browser-checks/pages), HAWTIO_ROUTE, HAWTIO_TIMEOUT_MS, CONSOLE_TIMEOUT_MS (see the two .mjs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK_DIR="$ROOT/scripts/browser-checks"
OUT="$ROOT/target/browser-checks"
SHOTS="${CONSOLE_SHOTS_DIR:-$ROOT/target/browser-checks/pages}"
JAR="$ROOT/target/incoming-webhooks-0.1.0-SNAPSHOT.jar"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
START_TIMEOUT="${BROWSER_CHECKS_START_TIMEOUT:-240}"
began=$(date +%s)

say() { echo "[browser-checks.sh $(( $(date +%s) - began ))s] $*"; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }  # the comment above

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac
if [ $# -gt 1 ]; then
  usage >&2
  exit 2
fi

# --- tools -------------------------------------------------------------------------------------------------
if [ ! -x "$CHROMIUM" ]; then
  echo "browser-checks: no Chromium at $CHROMIUM. Install Debian's package (no browser download is needed):" >&2
  echo "    apt-get update && apt-get install -y chromium" >&2
  echo "or point CHROMIUM_PATH at another Chromium/Chrome binary." >&2
  exit 2
fi
for tool in node npm curl java; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "browser-checks: '$tool' is not on the PATH" >&2
    exit 2
  fi
done

if [ ! -d "$CHECK_DIR/node_modules/playwright-core" ] \
   || [ "$CHECK_DIR/package-lock.json" -nt "$CHECK_DIR/node_modules/.package-lock.json" ]; then
  say "installing playwright-core into scripts/browser-checks/node_modules (npm ci)"
  (cd "$CHECK_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$OUT/hawtio" "$OUT/console" "$SHOTS"
# only this run's pictures, never a stale one
rm -f "$OUT"/hawtio/*.png "$OUT"/console/*.png

# --- the service -------------------------------------------------------------------------------------------
SERVICE_PID=""
STARTED=0   # 1 when this script started the service: a fresh one, without Kafka
stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    say "stopping the service (pid $SERVICE_PID)"
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$SERVICE_PID" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
      kill -KILL "$SERVICE_PID" 2>/dev/null || true
    fi
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}
trap stop_service EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ $# -eq 1 ]; then
  BASE="${1%/}"
  TOKEN="${HAWTIO_PASSWORD:-${LOOPS_ADMIN_TOKEN:-}}"
  if [ -z "$TOKEN" ]; then
    echo "browser-checks: give the service's admin token in LOOPS_ADMIN_TOKEN to check $BASE" >&2
    exit 2
  fi
  say "checking the running service at $BASE"
else
  if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/routes" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    say "building $JAR (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -q -B -ntp package -DskipTests)
  fi
  PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  TOKEN="browser-checks-$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
  BASE="http://localhost:$PORT"
  say "starting the service on port $PORT (log: target/browser-checks/service.log)"
  # H2 in memory, Kafka off (an inherited LOOPS_KAFKA_BOOTSTRAP_SERVERS would turn it on)
  (cd "$OUT" && exec env LOOPS_ADMIN_TOKEN="$TOKEN" SERVER_PORT="$PORT" LOOPS_KAFKA_BOOTSTRAP_SERVERS= \
      SPRING_DATASOURCE_URL='jdbc:h2:mem:browserchecks;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1' \
      java -jar "$JAR") > "$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  STARTED=1
  deadline=$(( $(date +%s) + START_TIMEOUT ))
  until curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "browser-checks: the service exited while starting; the end of target/browser-checks/service.log:" >&2
      tail -n 30 "$OUT/service.log" >&2
      SERVICE_PID=""
      exit 2
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "browser-checks: the service was not ready within ${START_TIMEOUT}s; the end of target/browser-checks/service.log:" >&2
      tail -n 30 "$OUT/service.log" >&2
      exit 2
    fi
    sleep 1
  done
  say "service ready at $BASE"
fi

# --- the browser checks, each with its own exit status -----------------------------------------------------
run_check() { # name, script, environment...
  local name="$1" script="$2" rc=0 from
  shift 2
  from=$(date +%s)
  say "== $name check ($script)"
  env "$@" CHROMIUM_PATH="$CHROMIUM" node "$CHECK_DIR/$script" "$BASE" || rc=$?
  if [ "$rc" -ne 0 ] && [ -n "$SERVICE_PID" ]; then
    echo "browser-checks: the end of target/browser-checks/service.log:" >&2
    tail -n 20 "$OUT/service.log" >&2
  fi
  say "== $name check: $([ "$rc" -eq 0 ] && echo PASSED || echo "FAILED (exit $rc)") in $(( $(date +%s) - from ))s"
  return "$rc"
}

hawtio_rc=0
console_rc=0
run_check Hawtio hawtio-check.mjs HAWTIO_PASSWORD="$TOKEN" HAWTIO_OUT_DIR="$OUT/hawtio" || hawtio_rc=$?
run_check console console-check.mjs CONSOLE_TOKEN="$TOKEN" CONSOLE_OUT_DIR="$OUT/console" CONSOLE_SHOTS_DIR="$SHOTS" \
  CONSOLE_STARTED_SERVICE="$STARTED" CONSOLE_PUBLISHING="$([ "$STARTED" -eq 1 ] && echo off)" || console_rc=$?
stop_service

rc=$(( hawtio_rc > console_rc ? hawtio_rc : console_rc ))
verdict() { [ "$1" -eq 0 ] && echo passed || echo "FAILED (exit $1)"; }
say "done in $(( $(date +%s) - began ))s: Hawtio $(verdict "$hawtio_rc"), console $(verdict "$console_rc");" \
    "screenshots in target/browser-checks/hawtio/ and ${SHOTS#"$ROOT"/}/"
exit "$rc"
