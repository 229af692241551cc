#!/usr/bin/env bash
# Real-browser check of Hawtio (/actuator/hawtio): headless Chromium logs in through Hawtio's login form and
# opens the Camel routes view, which must list stripe-webhook, and the route diagram; a wrong password must not
# get past the login page, an anonymous Jolokia read must get 401, and Jolokia's access policy must refuse none
# of the console's calls. Screenshots go to target/hawtio/.
#
#   scripts/hawtio-check.sh                 build the jar if missing or stale, start the service on a free port with
#                                           a generated admin token (H2 in memory, Kafka off), check, stop it
#   LOOPS_ADMIN_TOKEN=... scripts/hawtio-check.sh http://host:port
#                                           check a service that is already running, at its LOOPS_PUBLIC_URL
#                                           (Jolokia answers only pages of that origin)
#
# Needs Debian's chromium (apt-get install -y chromium), Node 20+ and npm; installs playwright-core into
# scripts/hawtio-check/node_modules from the committed package-lock.json when it is missing (no browser
# download). Exit codes: 0 passed, 1 a check failed, 2 missing tool, bad usage or the service did not start.
#
# Writes to target/hawtio/: camel-routes.png, stripe-webhook-diagram.png, login-rejected.png, on a failure
# failure-<step>.png, and service.log when this script started the service.
# Environment: HAWTIO_CHECK_START_TIMEOUT (seconds to wait for the service, default 240), CHROMIUM_PATH,
# HAWTIO_ROUTE, HAWTIO_TIMEOUT_MS (see scripts/hawtio-check/hawtio-check.mjs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK_DIR="$ROOT/scripts/hawtio-check"
OUT="$ROOT/target/hawtio"
JAR="$ROOT/target/incoming-webhooks-0.1.0-SNAPSHOT.jar"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
START_TIMEOUT="${HAWTIO_CHECK_START_TIMEOUT:-240}"
began=$(date +%s)

say() { echo "[hawtio-check.sh $(( $(date +%s) - began ))s] $*"; }

case "${1:-}" in
  -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
if [ $# -gt 1 ]; then
  sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

# --- tools -------------------------------------------------------------------------------------------------
if [ ! -x "$CHROMIUM" ]; then
  echo "hawtio-check: no Chromium at $CHROMIUM. Install Debian's package (no browser download is needed):" >&2
  echo "    apt-get update && apt-get install -y chromium" >&2
  echo "or point CHROMIUM_PATH at another Chromium/Chrome binary." >&2
  exit 2
fi
for tool in node npm curl java; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "hawtio-check: '$tool' is not on the PATH" >&2
    exit 2
  fi
done

if [ ! -d "$CHECK_DIR/node_modules/playwright-core" ] \
   || [ "$CHECK_DIR/package-lock.json" -nt "$CHECK_DIR/node_modules/.package-lock.json" ]; then
  say "installing playwright-core into scripts/hawtio-check/node_modules (npm ci)"
  (cd "$CHECK_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$OUT"
rm -f "$OUT"/*.png   # only this run's pictures, never a stale one

# --- the service -------------------------------------------------------------------------------------------
SERVICE_PID=""
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
    echo "hawtio-check: give the service's admin token in LOOPS_ADMIN_TOKEN to check $BASE" >&2
    exit 2
  fi
  say "checking the running service at $BASE"
else
  if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/routes" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    say "building $JAR (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -q -B -ntp package -DskipTests)
  fi
  PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  TOKEN="hawtio-check-$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
  BASE="http://localhost:$PORT"
  say "starting the service on port $PORT (log: target/hawtio/service.log)"
  # H2 in memory, Kafka off (an inherited LOOPS_KAFKA_BOOTSTRAP_SERVERS would turn it on)
  (cd "$OUT" && exec env LOOPS_ADMIN_TOKEN="$TOKEN" SERVER_PORT="$PORT" LOOPS_KAFKA_BOOTSTRAP_SERVERS= \
      SPRING_DATASOURCE_URL='jdbc:h2:mem:hawtio;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1' \
      java -jar "$JAR") > "$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  deadline=$(( $(date +%s) + START_TIMEOUT ))
  until curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "hawtio-check: the service exited while starting; the end of target/hawtio/service.log:" >&2
      tail -n 30 "$OUT/service.log" >&2
      SERVICE_PID=""
      exit 2
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "hawtio-check: the service was not ready within ${START_TIMEOUT}s; the end of target/hawtio/service.log:" >&2
      tail -n 30 "$OUT/service.log" >&2
      exit 2
    fi
    sleep 1
  done
  say "service ready at $BASE"
fi

# --- the browser check -------------------------------------------------------------------------------------
rc=0
HAWTIO_PASSWORD="$TOKEN" HAWTIO_OUT_DIR="$OUT" CHROMIUM_PATH="$CHROMIUM" \
  node "$CHECK_DIR/hawtio-check.mjs" "$BASE" || rc=$?
if [ "$rc" -ne 0 ] && [ -n "$SERVICE_PID" ]; then
  echo "hawtio-check: the end of target/hawtio/service.log:" >&2
  tail -n 20 "$OUT/service.log" >&2
fi
stop_service
say "done in $(( $(date +%s) - began ))s: $([ "$rc" -eq 0 ] && echo PASSED || echo "FAILED (exit $rc)"); screenshots in target/hawtio/"
exit "$rc"
