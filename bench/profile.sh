#!/usr/bin/env bash
# CPU profile of a running service, as a flame graph: async-profiler (from Maven Central) attached for a while.
#
#   bench/profile.sh <pid> [seconds=30] [output=target/bench/profile.html]
#
# Start load first (bench/run.sh, or bench/LoadGenerator.java on its own), and give the JIT a minute of load
# before profiling. Uses the itimer event, which needs no perf_events permission.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PID=${1:?usage: bench/profile.sh <pid> [seconds] [output.html]}
SECONDS_TO_PROFILE=${2:-30}
OUTPUT=$(realpath -m "${3:-$ROOT/target/bench/profile.html}")
VERSION=4.1
M2=${MAVEN_REPO:-$HOME/.m2/repository}
JAR="$M2/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION-linux-x64.jar"
LIB="$ROOT/target/async-profiler/linux-x64/libasyncProfiler.so"

if [ ! -f "$LIB" ]; then
  [ -f "$JAR" ] || "$ROOT/mvnw" -q -B -ntp dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION:jar:linux-x64"
  mkdir -p "$ROOT/target/async-profiler"
  (cd "$ROOT/target/async-profiler" && jar xf "$JAR" linux-x64/libasyncProfiler.so)
fi
mkdir -p "$(dirname "$OUTPUT")"
# jcmd reads name=value pairs out of its arguments: the agent's options go in quotes to reach it whole
jcmd "$PID" JVMTI.agent_load "$LIB" "\"start,event=itimer,interval=2ms\"" > /dev/null
sleep "$SECONDS_TO_PROFILE"
jcmd "$PID" JVMTI.agent_load "$LIB" "\"stop,file=$OUTPUT\"" > /dev/null
echo "flame graph of ${SECONDS_TO_PROFILE}s of pid $PID: $OUTPUT"
