#!/usr/bin/env bash
# Load benchmark of Heliobase in two deployments, on loopback only:
#   embedded  the server with its embedded store in the same process
#   split     the embedded store as its own process (`heliobase.jar store`) and the server pointing at it
# Each mode is started on free 127.0.0.1 ports with a fresh temp data dir, ParseBench runs three times against it
# (a new class per run), and the median of every figure is printed as markdown, with machine info.
#
# usage: bench/run.sh [--runs N] [--modes "embedded split"] [--jar PATH] [--out FILE] [--keep] [--restart-each-run]
#                     [--prewarm-runs N] [--quiet-wait S] [--noisy-retries K]
#   --jar PATH          benchmark this jar (its libs/ beside it) instead of building server/app/target/heliobase.jar
#   --out FILE          also write the summary (machine info + tables) to FILE
#   --keep              keep the temp dir (logs, per-run results) instead of deleting it
#   --restart-each-run  fresh processes and data dir for every run (default: one start per mode, three runs)
#   --prewarm-runs N    after each start, N uncounted ParseBench runs first (default 0): steady-state JIT figures
#   --quiet-wait S      before each run, wait up to S seconds (default 300, 0 = off) for the machine to be quiet
#                       (under 25% busy over 3 s, our own idle processes included); the run starts anyway after S
#   --noisy-retries K   repeat a run (up to K times, default 2) when other processes used more than 0.25 cores
#                       during any phase; the last attempt counts either way (the 'other procs' column shows it)
# Env: BENCH_JAVA_OPTS (extra JVM options for server and store), BENCH_PROFILE=1 (JFR recording of each server,
#      kept in the temp dir; implies --keep).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3
modes="embedded split"
jar=""
out=""
keep=0
restart_each=0
quiet_wait=300
prewarm=0
noisy_retries=2
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --restart-each-run) restart_each=1; shift ;;
    --quiet-wait) quiet_wait="$2"; shift 2 ;;
    --prewarm-runs) prewarm="$2"; shift 2 ;;
    --noisy-retries) noisy_retries="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ "${BENCH_PROFILE:-0}" = 1 ] && keep=1

if [ -x "$root/bin/java-home" ]; then
  JAVA_HOME="$("$root/bin/java-home")"
else
  JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
fi
export JAVA_HOME
java="$JAVA_HOME/bin/java"

# ---- build if needed, then freeze a copy of the jar so a rebuild during the run cannot change it -------------
if [ -z "$jar" ]; then
  jar="$root/server/app/target/heliobase.jar"
  newest_source=$(find "$root/pom.xml" "$root/server" -newer "$jar" -type f \
    \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' \) -not -path '*/target/*' 2>/dev/null | head -1 || true)
  if [ ! -f "$jar" ] || [ -n "$newest_source" ]; then
    echo "Building Heliobase (jmvn -B -q -o -DskipTests package)..." >&2
    (cd "$root" && PATH="$JAVA_HOME/bin:$PATH" mvn -B -q -o -DskipTests package)
  fi
fi
[ -f "$jar" ] || { echo "run.sh: no jar at $jar" >&2; exit 1; }

work="$(mktemp -d /tmp/heliobase-bench.XXXXXX)"
mkdir -p "$work/app" "$work/classes"
cp "$jar" "$work/app/heliobase.jar"
cp -r "$(dirname "$jar")/libs" "$work/app/libs"
jar_sha=$(sha256sum "$work/app/heliobase.jar" | cut -c1-12)
"$JAVA_HOME/bin/javac" -d "$work/classes" "$root/bench/ParseBench.java"

pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && stop_pid "$pid"
  done
  if [ "$keep" = 1 ]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
  exit $rc
}
stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  echo "process $pid did not stop in 20 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for _ in $(seq 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! ss -ltnH "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return 0; fi
  done
  echo "run.sh: no free port found" >&2; return 1
}

jvm_opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx1g)
# shellcheck disable=SC2206
[ -n "${BENCH_JAVA_OPTS:-}" ] && jvm_opts+=($BENCH_JAVA_OPTS)
master_key="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

server_pid=""; store_pid=""; server_port=""; store_port=""; instance=0

# Starts the processes of a mode; sets server_pid, store_pid, server_port.
start_mode() {
  local mode="$1"
  instance=$((instance + 1))
  local dir="$work/$mode-$instance"
  mkdir -p "$dir"
  local uri="" jfr=()
  store_pid=""
  if [ "$mode" = split ]; then
    store_port=$(free_port)
    [ "${BENCH_PROFILE:-0}" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$dir/store.jfr,settings=profile")
    "$java" "${jvm_opts[@]}" "${jfr[@]}" -jar "$work/app/heliobase.jar" store --port "$store_port" \
      --data-dir "$dir/store-data" >"$dir/store.log" 2>&1 &
    store_pid=$!
    pids+=("$store_pid")
    local ok=0
    for _ in $(seq 300); do
      kill -0 "$store_pid" 2>/dev/null || break
      if (exec 3<>"/dev/tcp/127.0.0.1/$store_port") 2>/dev/null; then ok=1; break; fi
      sleep 0.2
    done
    if [ "$ok" != 1 ]; then echo "store did not start; log:" >&2; tail -20 "$dir/store.log" >&2; exit 1; fi
    uri="mongodb://127.0.0.1:$store_port/heliobase"
  fi
  server_port=$(free_port)
  [ "${BENCH_PROFILE:-0}" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$dir/server.jfr,settings=profile")
  env HELIOBASE_HOST=127.0.0.1 HELIOBASE_PORT="$server_port" HELIOBASE_DATA_DIR="$dir/data" \
    HELIOBASE_MASTER_KEY="$master_key" HELIOBASE_ALLOW_CLIENT_CLASS_CREATION=true \
    ${uri:+HELIOBASE_DATABASE_URI="$uri"} \
    "$java" "${jvm_opts[@]}" "${jfr[@]}" -jar "$work/app/heliobase.jar" >"$dir/server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  local ok=0
  for _ in $(seq 300); do
    kill -0 "$server_pid" 2>/dev/null || break
    if curl -sf --max-time 2 "http://127.0.0.1:$server_port/parse/health" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.2
  done
  if [ "$ok" != 1 ]; then echo "server did not become healthy in 60 s; log:" >&2; tail -20 "$dir/server.log" >&2; exit 1; fi
  echo "[$mode] server pid $server_pid on 127.0.0.1:$server_port${store_pid:+, store pid $store_pid on 127.0.0.1:$store_port} (data $dir)" >&2
  local w
  for w in $(seq "$prewarm"); do
    echo "[$mode] uncounted pre-warm run $w of $prewarm" >&2
    if ! "$java" -Xmx512m -cp "$work/classes" ParseBench --url "http://127.0.0.1:$server_port/parse" \
        --app-id heliobase --master-key "$master_key" --class "Prewarm_${instance}_$w" >"$dir/prewarm-$w.log" 2>&1; then
      echo "!!! [$mode] pre-warm run $w FAILED:" >&2; tail -5 "$dir/prewarm-$w.log" >&2; exit 1
    fi
  done
}

# busy % of the whole machine over 3 s, from /proc/stat
machine_busy() {
  local a b
  read -r -a a < <(head -1 /proc/stat)
  sleep 3
  read -r -a b < <(head -1 /proc/stat)
  local total=0 idle i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  idle=$(( b[4] - a[4] + b[5] - a[5] ))
  [ "$total" -gt 0 ] || { echo 0; return; }
  echo $(( 100 * (total - idle) / total ))
}

wait_quiet() {
  [ "$quiet_wait" -gt 0 ] || return 0
  local deadline=$(( SECONDS + quiet_wait )) busy
  while :; do
    busy=$(machine_busy)
    if [ "$busy" -lt 25 ]; then echo "machine quiet (${busy}% busy)" >&2; return 0; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "machine still ${busy}% busy after ${quiet_wait} s; running anyway (see 'other procs' column)" >&2
      return 0
    fi
    echo "waiting for a quiet machine (${busy}% busy)..." >&2
  done
}

stop_mode() {
  [ -n "$server_pid" ] && stop_pid "$server_pid"
  [ -n "$store_pid" ] && stop_pid "$store_pid"
  server_pid=""; store_pid=""
}

machine_info() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "- java: $("$java" -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
  echo "- jar: $jar (sha256 $jar_sha...), JVM options: ${jvm_opts[*]}"
  echo "- load average at the start: $load_start"
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "## Heliobase load benchmark"
machine_info
echo

failed=0
summary_args=()
for mode in $modes; do
  files=""
  [ "$restart_each" = 1 ] || start_mode "$mode"
  for r in $(seq "$runs"); do
    [ "$restart_each" = 1 ] && start_mode "$mode"
    result="$work/$mode-run$r.properties"
    attempt=0
    while :; do
      attempt=$((attempt + 1))
      wait_quiet
      echo "### [$mode] run $r of $runs, attempt $attempt (load $(cut -d' ' -f1-3 /proc/loadavg))"
      set +e
      "$java" -Xmx512m -cp "$work/classes" ParseBench --url "http://127.0.0.1:$server_port/parse" \
        --app-id heliobase --master-key "$master_key" --server-pid "$server_pid" \
        ${store_pid:+--store-pid "$store_pid"} --class "GameScore_${r}_$attempt" --out "$result"
      rc=$?
      set -e
      [ "$rc" = 0 ] || break
      noisy=$(awk -F= '/\.other_cores=/ && $2 > 0.25 {n++} END {print n + 0}' "$result")
      [ "$noisy" -gt 0 ] && [ "$attempt" -le "$noisy_retries" ] || break
      echo "[$mode] run $r: other processes used > 0.25 cores in $noisy phase(s); repeating it" >&2
    done
    echo "attempts=$attempt" >>"$result"
    if [ "$rc" != 0 ]; then
      failed=$((failed + 1))
      echo "!!! [$mode] run $r FAILED (exit $rc); server log tail:" >&2
      tail -5 "$work/$mode-$instance/server.log" >&2 || true
      # the next run starts on fresh processes and a fresh data dir
      stop_mode
      [ "$restart_each" = 1 ] || [ "$r" = "$runs" ] || start_mode "$mode"
    else
      files="$files${files:+,}$result"
    fi
    [ "$restart_each" = 1 ] && stop_mode
  done
  stop_mode
  [ -n "$files" ] && summary_args+=("$mode=$files")
done

summary="$work/summary.md"
{
  echo "## Results (median of $runs runs per mode)"
  echo
  machine_info
  echo "- command: bench/run.sh --runs $runs --modes \"$modes\" --prewarm-runs $prewarm$( [ "$restart_each" = 1 ] && echo ' --restart-each-run')"
  echo
  if [ ${#summary_args[@]} -gt 0 ]; then
    "$java" -cp "$work/classes" ParseBench --summarize "${summary_args[@]}"
  fi
  if [ "$failed" -gt 0 ]; then
    echo
    echo "**$failed run(s) FAILED** (errors or short results); they are left out of the medians above."
  fi
} >"$summary"
echo
cat "$summary"
[ -n "$out" ] && cp "$summary" "$out"
if [ "$failed" -gt 0 ]; then
  echo "!!! $failed benchmark run(s) FAILED; see above" >&2
  exit 1
fi
