# shellcheck shell=bash
# Shared code of the somactl local stack scripts (stack/up, down, status, restart).
# Sourced, never executed. Callers run with `set -euo pipefail`.
#
# Layout under $STACK_DIR (default <repo>/.stack, override with SOMACTL_STACK_DIR):
#   .somactl-stack            marker: this directory belongs to the stack (purge checks it)
#   .lock                     flock taken by up/down so two of them never race
#   cache/                    resolved Kafka classpath (+ sha256 of the pom it came from)
#   kafka/                    server.properties, log4j2.xml, kafka.pid, data/, logs/
#   clickhouse/               config.xml, users.xml, clickhouse.pid, data/, tmp/, log/
#   redis/                    redis.conf, redis.pid, redis.log, data/
#   prometheus/               prometheus.yml, rules/alerts.yml (copied), targets/*.json (file_sd), data/, prometheus.log
#   alertmanager/             alertmanager.yml, data/, alertmanager.log
#   postgres/                 postgres.pid, postgres.log, data/ (initdb; owned by the postgres user when run as root)

STACK_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$STACK_SCRIPT_DIR/.." && pwd -P)"
STACK_DIR="$(realpath -m -- "${SOMACTL_STACK_DIR:-$REPO_ROOT/.stack}")"
STACK_HOST=127.0.0.1
STACK_SERVERS=(kafka clickhouse redis prometheus alertmanager postgres)
STACK_PACKAGES=(clickhouse-server clickhouse-client redis-server kcat prometheus prometheus-alertmanager postgresql-15 tmux)
# The stack's PostgreSQL: Debian's binaries, a cluster of our own (initdb) under $STACK_DIR/postgres.
PG_BIN=/usr/lib/postgresql/15/bin
# Its role and database (password authentication on 127.0.0.1; a local dev stack, so a fixed password).
STACK_PG_USER=somactl
STACK_PG_PASSWORD=somactl
STACK_PG_DATABASE=somactl

# shellcheck source-path=SCRIPTDIR source=ports.env
source "$STACK_SCRIPT_DIR/ports.env"

# ---------------------------------------------------------------- messages

note() { printf 'stack: %s\n' "$*" >&2; }
die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

# One result line per server: NAME ADDRESS STATE [VERSION]
STACK_ROW_FMT='%-13s %-16s %-15s %s\n'
row() {
    local line
    # shellcheck disable=SC2059
    line=$(printf "$STACK_ROW_FMT" "$1" "$2" "$3" "${4:-}")
    printf '%s\n' "${line%"${line##*[! ]}"}" # no trailing blanks
}

# ---------------------------------------------------------------- servers

is_server() {
    local s
    for s in "${STACK_SERVERS[@]}"; do [[ $s == "$1" ]] && return 0; done
    return 1
}

# parse_servers ARGS...: sets SERVERS to the named servers (validated), or all.
parse_servers() {
    SERVERS=()
    local a
    for a in "$@"; do
        is_server "$a" || die "unknown server '$a' (expected: ${STACK_SERVERS[*]})"
        [[ " ${SERVERS[*]-} " == *" $a "* ]] || SERVERS+=("$a")
    done
    if ((${#SERVERS[@]} == 0)); then SERVERS=("${STACK_SERVERS[@]}"); fi
}

server_port() {
    case $1 in
        kafka) echo "$SOMACTL_KAFKA_PORT" ;;
        clickhouse) echo "$SOMACTL_CLICKHOUSE_HTTP_PORT" ;;
        redis) echo "$SOMACTL_REDIS_PORT" ;;
        prometheus) echo "$SOMACTL_PROMETHEUS_PORT" ;;
        alertmanager) echo "$SOMACTL_ALERTMANAGER_PORT" ;;
        postgres) echo "$SOMACTL_POSTGRES_PORT" ;;
    esac
}
server_addr() { echo "$STACK_HOST:$(server_port "$1")"; }
server_dir() { echo "$STACK_DIR/$1"; }
pid_file() { echo "$STACK_DIR/$1/$1.pid"; }

# The log a person should read first when the server misbehaves.
server_log() {
    case $1 in
        kafka) echo "$STACK_DIR/kafka/logs/server.log" ;;
        clickhouse) echo "$STACK_DIR/clickhouse/log/clickhouse-server.log" ;;
        redis) echo "$STACK_DIR/redis/redis.log" ;;
        prometheus | alertmanager | postgres) echo "$STACK_DIR/$1/$1.log" ;;
    esac
}
# Every log of the server (primary first): stdout/stderr catch JVM or startup crashes.
server_logs() {
    case $1 in
        kafka) printf '%s\n' "$STACK_DIR/kafka/logs/server.log" "$STACK_DIR/kafka/logs/kafka.out" ;;
        clickhouse) printf '%s\n' "$STACK_DIR/clickhouse/log/clickhouse-server.log" \
            "$STACK_DIR/clickhouse/log/clickhouse-server.err.log" "$STACK_DIR/clickhouse/log/stdout.log" ;;
        redis) printf '%s\n' "$STACK_DIR/redis/redis.log" ;;
        prometheus | alertmanager | postgres) printf '%s\n' "$STACK_DIR/$1/$1.log" ;;
    esac
}

# ---------------------------------------------------------------- processes

# proc_is_ours SERVER PID: true when PID is alive and is the process this stack started
# for SERVER (its command line names this stack's own config file), never anything else.
proc_is_ours() {
    local srv=$1 pid=$2 args joined
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -r /proc/$pid/cmdline ]] || return 1
    mapfile -d '' -t args < "/proc/$pid/cmdline" 2>/dev/null || return 1
    ((${#args[@]} > 0)) || return 1 # zombie or kernel thread
    joined=" ${args[*]} "
    case $srv in
        kafka)
            [[ $joined == *" kafka.Kafka $STACK_DIR/kafka/server.properties "* ]] ;;
        clickhouse)
            [[ $joined == *"clickhouse"*" --config-file=$STACK_DIR/clickhouse/config.xml "* ]] ;;
        redis)
            # redis rewrites its title from proc-title-template "{title} {listen-addr} {config-file}"
            [[ $joined == *"redis-server"*" $STACK_DIR/redis/redis.conf "* ]] ;;
        prometheus)
            [[ $joined == *"prometheus --config.file=$STACK_DIR/prometheus/prometheus.yml "* ]] ;;
        alertmanager)
            [[ $joined == *"alertmanager --config.file=$STACK_DIR/alertmanager/alertmanager.yml "* ]] ;;
        postgres)
            [[ $joined == *"/postgres -D $STACK_DIR/postgres/data "* ]] ;;
        *) return 1 ;;
    esac
}

# server_pid SERVER: print the pid of this stack's process for SERVER, or fail.
# The pid file comes first; if it is missing or stale, /proc is scanned for the
# process whose command line names this stack's config (still only our own process).
server_pid() {
    local srv=$1 pf pid p
    pf=$(pid_file "$srv")
    if [[ -f $pf ]]; then
        pid=$(tr -dc '0-9' < "$pf" 2>/dev/null || true)
        if [[ -n $pid ]] && proc_is_ours "$srv" "$pid"; then
            echo "$pid"
            return 0
        fi
    fi
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        if proc_is_ours "$srv" "$pid"; then
            echo "$pid"
            return 0
        fi
    done
    return 1
}

# stop_server SERVER: SIGTERM, wait up to SOMACTL_STACK_STOP_SECONDS (20), then SIGKILL.
# Prints one row. Only ever signals the process this stack started.
stop_server() {
    local srv=$1 pid pf deadline
    pf=$(pid_file "$srv")
    if ! pid=$(server_pid "$srv"); then
        rm -f -- "$pf"
        if server_answers "$srv"; then
            row "$srv" "$(server_addr "$srv")" "not ours" "(answers, but was not started by this stack: left alone)"
        else
            row "$srv" "$(server_addr "$srv")" "not running"
        fi
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + ${SOMACTL_STACK_STOP_SECONDS:-20}))
    while proc_is_ours "$srv" "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if proc_is_ours "$srv" "$pid"; then
        note "$srv (pid $pid) did not stop within ${SOMACTL_STACK_STOP_SECONDS:-20}s of SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 10))
        while proc_is_ours "$srv" "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
        proc_is_ours "$srv" "$pid" && die "$srv (pid $pid) survived SIGKILL"
        rm -f -- "$pf"
        row "$srv" "$(server_addr "$srv")" "killed"
        return 0
    fi
    rm -f -- "$pf"
    row "$srv" "$(server_addr "$srv")" "stopped"
}

# launch_bg PIDFILE LOGFILE CWD CMD...: start CMD detached (own session, SIGHUP ignored,
# stdin from /dev/null, stdout+stderr appended to LOGFILE) and record its pid in PIDFILE.
# The pid is written by the process itself just before it execs CMD, so it is exact.
launch_bg() {
    local pf=$1 log=$2 cwd=$3
    shift 3
    rm -f -- "$pf"
    (
        cd "$cwd" || exit 1
        # shellcheck disable=SC2016 # $$ and $@ expand in the child shell
        exec setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$pf" "$@"
    ) < /dev/null >> "$log" 2>&1 9>&- &
}

# ---------------------------------------------------------------- probes

# shellcheck disable=SC2016 # $0 and $1 expand in the child shell
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# server_answers SERVER: true when the server really answers its protocol.
server_answers() {
    local out
    case $1 in
        kafka)
            port_open "$STACK_HOST" "$SOMACTL_KAFKA_PORT" || return 1
            command -v kcat >/dev/null 2>&1 || return 0 # port is all we can check
            out=$(timeout 10 kcat -b "$STACK_HOST:$SOMACTL_KAFKA_PORT" -L -m 5 2>/dev/null) || return 1
            [[ $out == *"1 brokers:"* ]]
            ;;
        clickhouse)
            command -v curl >/dev/null 2>&1 || { port_open "$STACK_HOST" "$SOMACTL_CLICKHOUSE_HTTP_PORT"; return; }
            out=$(curl -s -m 3 "http://$STACK_HOST:$SOMACTL_CLICKHOUSE_HTTP_PORT/?query=SELECT%201" 2>/dev/null) || return 1
            [[ $out == 1 ]]
            ;;
        redis)
            command -v redis-cli >/dev/null 2>&1 || { port_open "$STACK_HOST" "$SOMACTL_REDIS_PORT"; return; }
            out=$(timeout 3 redis-cli -h "$STACK_HOST" -p "$SOMACTL_REDIS_PORT" ping 2>/dev/null) || return 1
            [[ $out == PONG ]]
            ;;
        prometheus | alertmanager)
            # both answer GET /-/ready with 200 once they serve their API
            command -v curl >/dev/null 2>&1 || { port_open "$STACK_HOST" "$(server_port "$1")"; return; }
            curl -sf -m 3 -o /dev/null "http://$(server_addr "$1")/-/ready" 2>/dev/null
            ;;
        postgres)
            [[ -x $PG_BIN/pg_isready ]] || { port_open "$STACK_HOST" "$SOMACTL_POSTGRES_PORT"; return; }
            timeout 3 "$PG_BIN/pg_isready" -q -h "$STACK_HOST" -p "$SOMACTL_POSTGRES_PORT" 2>/dev/null
            ;;
        *) return 1 ;;
    esac
}

# server_version SERVER: cheap version string of a running server, or "-".
server_version() {
    local v="" pid
    case $1 in
        kafka)
            # the broker's own jar on its command line (only for this stack's process)
            if pid=$(server_pid kafka); then
                # shellcheck disable=SC2020 # NUL and : both become newlines
                v=$(tr '\0:' '\n\n' < "/proc/$pid/cmdline" | sed -n 's#.*/kafka_[0-9.]*-\([0-9][^/]*\)\.jar$#\1#p' | head -n 1)
            fi ;;
        clickhouse)
            v=$(curl -s -m 3 "http://$STACK_HOST:$SOMACTL_CLICKHOUSE_HTTP_PORT/?query=SELECT%20version()" 2>/dev/null || true) ;;
        redis)
            v=$(timeout 3 redis-cli -h "$STACK_HOST" -p "$SOMACTL_REDIS_PORT" INFO server 2>/dev/null |
                awk -F: '/^redis_version:/ {print $2}' | tr -d '\r' || true) ;;
        prometheus)
            v=$(curl -s -m 3 "http://$(server_addr prometheus)/api/v1/status/buildinfo" 2>/dev/null |
                sed -n 's/.*"version":"\([^"]*\)".*/\1/p' || true) ;;
        alertmanager)
            v=$(curl -s -m 3 "http://$(server_addr alertmanager)/api/v2/status" 2>/dev/null |
                sed -n 's/.*"version":"\([^"]*\)".*/\1/p' || true) ;;
        postgres)
            v=$(PGPASSWORD=$STACK_PG_PASSWORD timeout 3 "$PG_BIN/psql" -XAtq -h "$STACK_HOST" -p "$SOMACTL_POSTGRES_PORT" \
                -U "$STACK_PG_USER" -d "$STACK_PG_DATABASE" -c 'SHOW server_version' 2>/dev/null | awk '{print $1}' || true) ;;
    esac
    [[ -n $v && $v != *" "* ]] || v=-
    echo "$v"
}

wait_seconds() {
    if [[ -n ${SOMACTL_STACK_TIMEOUT:-} ]]; then echo "$SOMACTL_STACK_TIMEOUT"; return; fi
    case $1 in kafka) echo 90 ;; clickhouse) echo 60 ;; *) echo 30 ;; esac
}

# fail_server SERVER REASON: one-line error, last 20 lines of its logs, exit 1.
fail_server() {
    local srv=$1 reason=$2 log f
    log=$(server_log "$srv")
    printf 'stack: error: %s (%s) %s; read %s\n' "$srv" "$(server_addr "$srv")" "$reason" "$log" >&2
    while IFS= read -r f; do
        [[ -s $f ]] || continue
        printf -- '--- last 20 lines of %s ---\n' "$f" >&2
        tail -n 20 -- "$f" >&2
    done < <(server_logs "$srv")
    exit 1
}

# pid_alive PID: the process exists and is not a zombie.
pid_alive() {
    local stat
    [[ $1 =~ ^[0-9]+$ ]] || return 1
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

# wait_for_server SERVER: until it answers; fails early when the process whose pid is
# in its pid file has died, or when no pid file shows up within 5 s.
wait_for_server() {
    local srv=$1 limit start deadline pf pid
    limit=$(wait_seconds "$srv")
    start=$SECONDS
    deadline=$((start + limit))
    pf=$(pid_file "$srv")
    while ((SECONDS < deadline)); do
        if server_answers "$srv"; then return 0; fi
        if [[ -f $pf ]]; then
            pid=$(tr -dc '0-9' < "$pf" 2>/dev/null || true)
            [[ -z $pid ]] || pid_alive "$pid" || fail_server "$srv" "exited during startup"
        elif ((SECONDS - start > 5)); then
            fail_server "$srv" "exited during startup (no pid file $pf)"
        fi
        sleep 0.5
    done
    fail_server "$srv" "did not answer within ${limit}s"
}

# ---------------------------------------------------------------- stack dir & lock

ensure_stack_dir() {
    mkdir -p -- "$STACK_DIR"
    if [[ ! -e $STACK_DIR/.somactl-stack ]]; then
        [[ -z $(ls -A -- "$STACK_DIR") ]] ||
            die "$STACK_DIR exists, is not empty and is not a somactl stack dir (no .somactl-stack marker); set SOMACTL_STACK_DIR elsewhere"
        echo "somactl local stack runtime dir: safe to delete (stack/down --purge)" > "$STACK_DIR/.somactl-stack"
    fi
}

# take_lock: serialise up/down/restart on this stack dir (fd 9; never passed to servers).
take_lock() {
    ensure_stack_dir
    exec 9> "$STACK_DIR/.lock"
    flock -w 300 9 || die "another stack/up or stack/down holds $STACK_DIR/.lock for 300s"
}

# ---------------------------------------------------------------- packages & tools

as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "not root and no sudo: install as root: apt-get install -y $*"
    fi
}

# ensure_packages SERVERS...: apt-get install whatever those servers need and is missing.
ensure_packages() {
    local srv missing=() p
    for srv in "$@"; do
        case $srv in
            kafka)
                command -v kcat >/dev/null 2>&1 || missing+=(kcat)
                command -v mvn >/dev/null 2>&1 || missing+=(maven)
                find_java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
                ;;
            clickhouse)
                [[ -x /usr/sbin/clickhouse-server && -f /etc/clickhouse-server/config.xml && -f /etc/clickhouse-server/users.xml ]] ||
                    missing+=(clickhouse-server)
                command -v clickhouse-client >/dev/null 2>&1 || missing+=(clickhouse-client)
                command -v curl >/dev/null 2>&1 || missing+=(curl)
                ;;
            redis)
                command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
                command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
                # not a server: the tests that drive somactl shell and top in a real terminal (ShellAndTopIT) need it
                command -v tmux >/dev/null 2>&1 || missing+=(tmux)
                ;;
            prometheus)
                [[ -x /usr/bin/prometheus ]] || missing+=(prometheus)
                command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
                command -v curl >/dev/null 2>&1 || missing+=(curl)
                ;;
            alertmanager)
                [[ -x /usr/bin/prometheus-alertmanager ]] || missing+=(prometheus-alertmanager)
                command -v curl >/dev/null 2>&1 || missing+=(curl)
                ;;
            postgres)
                [[ -x $PG_BIN/postgres && -x $PG_BIN/initdb && -x $PG_BIN/pg_isready ]] || missing+=(postgresql-15)
                ;;
        esac
    done
    ((${#missing[@]} > 0)) || return 0
    # One install names the whole set, so a fresh machine gets everything at once.
    for p in "${STACK_PACKAGES[@]}"; do
        [[ " ${missing[*]} " == *" $p "* ]] || dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
            grep -q 'install ok installed' || missing+=("$p")
    done
    if ((EUID != 0)) && ! command -v sudo >/dev/null 2>&1; then
        die "missing packages and not root (no sudo): run as root: apt-get install -y ${missing[*]}"
    fi
    note "installing ${missing[*]} (apt-get)"
    # The packages' own services (redis on 6379, clickhouse on 8123/9000, prometheus on 9090,
    # alertmanager on 9093, node-exporter on 9100, postgresql's cluster on 5432) are not ours and
    # not wanted: a temporary policy-rc.d keeps their postinst scripts from starting them.
    local policy=/usr/sbin/policy-rc.d made_policy=""
    if [[ ! -e $policy ]]; then
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy" && made_policy=1
        # shellcheck disable=SC2064
        trap "as_root rm -f $policy" EXIT
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 ||
        die "apt-get update failed; install by hand: apt-get install -y ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 ||
        die "apt-get install failed; install by hand: apt-get install -y ${missing[*]}"
    if [[ -n $made_policy ]]; then as_root rm -f "$policy"; trap - EXIT; fi
}

# java_major JAVA: the feature release of a java binary (8 for 1.8), or fail.
java_major() {
    local v
    v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p') || return 1
    [[ -n $v ]] || return 1
    v=${v#1.}
    echo "${v%%.*}"
}

# find_java: a java >= 17: SOMACTL_JAVA_HOME (must be >= 17), JAVA_HOME, PATH, /usr/lib/jvm.
find_java() {
    local j m
    if [[ -n ${SOMACTL_JAVA_HOME:-} ]]; then
        j=$SOMACTL_JAVA_HOME/bin/java
        m=$(java_major "$j" 2>/dev/null) || { note "SOMACTL_JAVA_HOME=$SOMACTL_JAVA_HOME has no working bin/java"; return 1; }
        ((m >= 17)) || { note "SOMACTL_JAVA_HOME=$SOMACTL_JAVA_HOME is Java $m; Kafka 4.1 needs >= 17"; return 1; }
        echo "$j"
        return 0
    fi
    for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
        [[ -n $j && -x $j ]] || continue
        m=$(java_major "$j" 2>/dev/null) || continue
        if ((m >= 17)); then echo "$j"; return 0; fi
    done
    return 1
}
