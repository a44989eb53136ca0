# shellcheck shell=bash
# The cluster profile of the local stack: `stack/up --cluster`, `stack/down --cluster`,
# `stack/status --cluster`. Sourced (after lib.sh, and by stack/up after its ClickHouse
# config writer), never executed.
#
# ZooKeeper 3.8 (Debian's `zookeeper`, one plain process) and four ClickHouse 18.16 servers:
# cluster `somactl_cluster` = two shards of two replicas, internal_replication (each shard's
# replicas copy through ZooKeeper). The single-node stack (stack/up) is separate and untouched.
#
# Layout under $STACK_DIR/cluster/:
#   zookeeper/                zoo.cfg, log4j.properties, zookeeper.pid, data/, logs/
#   ch-s1r1 … ch-s2r2/        config.xml (+ config.d/cluster.xml), users.xml, clickhouse.pid, data/, log/

CLUSTER_NAME=somactl_cluster
CLUSTER_NODES=(ch-s1r1 ch-s1r2 ch-s2r1 ch-s2r2)
CLUSTER_DIR=$STACK_DIR/cluster

# node_index NODE: 1..4 (its place in CLUSTER_NODES, also the last digit of its ports).
node_index() {
    local i
    for i in "${!CLUSTER_NODES[@]}"; do [[ ${CLUSTER_NODES[$i]} == "$1" ]] && { echo $((i + 1)); return 0; }; done
    return 1
}
node_shard() { local i; i=$(node_index "$1"); echo $(((i + 1) / 2)); }
node_replica() { local i; i=$(node_index "$1"); echo $(((i - 1) % 2 + 1)); }
node_port() { # node_port NODE http|tcp|interserver
    local i base
    i=$(node_index "$1")
    case $2 in
        http) base=$SOMACTL_CLUSTER_HTTP_PORT_BASE ;;
        tcp) base=$SOMACTL_CLUSTER_TCP_PORT_BASE ;;
        interserver) base=$SOMACTL_CLUSTER_INTERSERVER_PORT_BASE ;;
    esac
    echo $((base + i))
}

cluster_pid_file() { echo "$CLUSTER_DIR/$1/$([[ $1 == zookeeper ]] && echo zookeeper || echo clickhouse).pid"; }

# cluster_proc_is_ours NAME PID: PID is the process this stack started for NAME.
cluster_proc_is_ours() {
    local name=$1 pid=$2 args joined
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
    mapfile -d '' -t args < "/proc/$pid/cmdline" 2>/dev/null || return 1
    ((${#args[@]} > 0)) || return 1
    joined=" ${args[*]} "
    if [[ $name == zookeeper ]]; then
        [[ $joined == *" org.apache.zookeeper.server.ZooKeeperServerMain $CLUSTER_DIR/zookeeper/zoo.cfg "* ]]
    else
        [[ $joined == *"clickhouse"*" --config-file=$CLUSTER_DIR/$name/config.xml "* ]]
    fi
}

cluster_pid() {
    local name=$1 pid
    pid=$(cat -- "$(cluster_pid_file "$name")" 2>/dev/null | tr -dc '0-9' || true)
    if [[ -n $pid ]] && cluster_proc_is_ours "$name" "$pid"; then echo "$pid"; return 0; fi
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        if cluster_proc_is_ours "$name" "$pid"; then echo "$pid"; return 0; fi
    done
    return 1
}

cluster_addr() {
    if [[ $1 == zookeeper ]]; then echo "$STACK_HOST:$SOMACTL_ZOOKEEPER_PORT"; else echo "$STACK_HOST:$(node_port "$1" http)"; fi
}

# cluster_answers NAME: ZooKeeper answers `ruok` with `imok`; a node answers SELECT 1.
cluster_answers() {
    local out
    if [[ $1 == zookeeper ]]; then
        # shellcheck disable=SC2016
        out=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf ruok >&3 && cat <&3' \
            "$STACK_HOST" "$SOMACTL_ZOOKEEPER_PORT" 2>/dev/null) || return 1
        [[ $out == imok ]]
    else
        out=$(curl -s -m 3 "http://$(cluster_addr "$1")/?query=SELECT%201" 2>/dev/null) || return 1
        [[ $out == 1 ]]
    fi
}

cluster_version() {
    local v=""
    if [[ $1 == zookeeper ]]; then
        # shellcheck disable=SC2016
        v=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf srvr >&3 && cat <&3' "$STACK_HOST" "$SOMACTL_ZOOKEEPER_PORT" \
            2>/dev/null | sed -n 's/^Zookeeper version: \([0-9.]*\).*/\1/p' || true)
    else
        v=$(curl -s -m 3 "http://$(cluster_addr "$1")/?query=SELECT%20version()" 2>/dev/null || true)
    fi
    [[ -n $v && $v != *" "* ]] || v=-
    echo "$v"
}

cluster_logs() {
    if [[ $1 == zookeeper ]]; then
        printf '%s\n' "$CLUSTER_DIR/zookeeper/logs/zookeeper.log" "$CLUSTER_DIR/zookeeper/logs/zookeeper.out"
    else
        printf '%s\n' "$CLUSTER_DIR/$1/log/clickhouse-server.err.log" "$CLUSTER_DIR/$1/log/stdout.log"
    fi
}

cluster_fail() {
    local f
    printf 'stack: error: %s (%s) %s\n' "$1" "$(cluster_addr "$1")" "$2" >&2
    while IFS= read -r f; do
        [[ -s $f ]] || continue
        printf -- '--- last 20 lines of %s ---\n' "$f" >&2
        tail -n 20 -- "$f" >&2
    done < <(cluster_logs "$1")
    exit 1
}

cluster_wait() {
    local name=$1 deadline pid
    deadline=$((SECONDS + ${SOMACTL_STACK_TIMEOUT:-60}))
    while ((SECONDS < deadline)); do
        cluster_answers "$name" && return 0
        pid=$(cat -- "$(cluster_pid_file "$name")" 2>/dev/null | tr -dc '0-9' || true)
        [[ -z $pid ]] || pid_alive "$pid" || cluster_fail "$name" "exited during startup"
        sleep 0.5
    done
    cluster_fail "$name" "did not answer within ${SOMACTL_STACK_TIMEOUT:-60}s"
}

# ---------------------------------------------------------------- zookeeper

start_cluster_zookeeper() {
    local d=$CLUSTER_DIR/zookeeper java
    java=$(find_java) || die "ZooKeeper needs Java: set SOMACTL_JAVA_HOME (or install openjdk-17-jre-headless)"
    [[ -f /usr/share/java/zookeeper.jar ]] || die "missing /usr/share/java/zookeeper.jar (apt-get install -y zookeeper)"
    mkdir -p -- "$d/data" "$d/logs"
    cat > "$d/zoo.cfg" <<EOF
# Generated by stack/up --cluster from stack/ports.env: do not edit (rewritten on every start).
tickTime=2000
dataDir=$d/data
clientPortAddress=$STACK_HOST
clientPort=$SOMACTL_ZOOKEEPER_PORT
maxClientCnxns=100
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
autopurge.purgeInterval=1
EOF
    cat > "$d/log4j.properties" <<EOF
log4j.rootLogger=INFO, FILE
log4j.appender.FILE=org.apache.log4j.RollingFileAppender
log4j.appender.FILE.File=$d/logs/zookeeper.log
log4j.appender.FILE.MaxFileSize=20MB
log4j.appender.FILE.MaxBackupIndex=2
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n
EOF
    launch_bg "$(cluster_pid_file zookeeper)" "$d/logs/zookeeper.out" "$d" \
        "$java" -Xms64m -Xmx256m -Dlog4j.configuration="file:$d/log4j.properties" \
        -Dzookeeper.log.dir="$d/logs" -cp "$d:/usr/share/java/zookeeper.jar" \
        org.apache.zookeeper.server.ZooKeeperServerMain "$d/zoo.cfg"
}

# ---------------------------------------------------------------- clickhouse nodes

# The cluster definition, ZooKeeper, the node's macros and the ON CLUSTER queue: merged by
# ClickHouse from config.d/ next to config.xml.
write_cluster_node_config() {
    local node=$1 d=$CLUSTER_DIR/$1 s n
    mkdir -p -- "$d/config.d"
    {
        echo '<?xml version="1.0"?>'
        echo '<!-- Generated by stack/up (cluster profile): do not edit, rewritten on every start. -->'
        echo '<yandex>'
        echo "    <remote_servers><$CLUSTER_NAME>"
        for s in 1 2; do
            echo '        <shard><internal_replication>true</internal_replication>'
            for n in "${CLUSTER_NODES[@]}"; do
                [[ $(node_shard "$n") == "$s" ]] || continue
                echo "            <replica><host>$STACK_HOST</host><port>$(node_port "$n" tcp)</port></replica>"
            done
            echo '        </shard>'
        done
        echo "    </$CLUSTER_NAME></remote_servers>"
        echo "    <zookeeper><node><host>$STACK_HOST</host><port>$SOMACTL_ZOOKEEPER_PORT</port></node>"
        echo '        <session_timeout_ms>10000</session_timeout_ms></zookeeper>'
        echo "    <macros><shard>$(node_shard "$node")</shard><replica>$node</replica></macros>"
        echo '    <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>'
        echo '</yandex>'
    } > "$d/config.d/cluster.xml"
}

# Keeps four servers modest on a small machine: small caches, few background threads.
# allow_experimental_low_cardinality_type in the default profile: 18.16 runs ON CLUSTER DDL
# under each server's default profile, not the settings the statement came with.
# insert_quorum=2: an insert into a shard returns only once both its replicas hold the block, so a
# replica that dies right after storing one cannot take the only copy with it (see README, cluster).
tune_cluster_node() {
    local d=$1
    perl -0777 -pi -e '
        s{<mark_cache_size>\d+</mark_cache_size>}{<mark_cache_size>67108864</mark_cache_size>};
        s{<uncompressed_cache_size>\d+</uncompressed_cache_size>}{<uncompressed_cache_size>67108864</uncompressed_cache_size>};
    ' "$d/config.xml"
    perl -0777 -pi -e '
        s{(<profiles>\s*<default>)}{$1\n            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>\n            <insert_quorum>2</insert_quorum>\n            <background_pool_size>2</background_pool_size>\n            <background_schedule_pool_size>4</background_schedule_pool_size>\n            <max_threads>2</max_threads>}
            or die "no default profile in users.xml\n";
    ' "$d/users.xml"
}

start_cluster_node() {
    local node=$1 d=$CLUSTER_DIR/$1
    mkdir -p -- "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$d/log" "$d/dictionaries"
    SOMACTL_CLICKHOUSE_HTTP_PORT=$(node_port "$node" http) SOMACTL_CLICKHOUSE_TCP_PORT=$(node_port "$node" tcp) \
        SOMACTL_CLICKHOUSE_INTERSERVER_PORT=$(node_port "$node" interserver) write_clickhouse_config "$d"
    tune_cluster_node "$d"
    write_cluster_node_config "$node"
    launch_bg "$(cluster_pid_file "$node")" "$d/log/stdout.log" "$d" \
        /usr/sbin/clickhouse-server --config-file="$d/config.xml"
}

# ---------------------------------------------------------------- commands

cluster_members() { echo zookeeper "${CLUSTER_NODES[@]}"; }

# cluster_up [NAME ...]: start ZooKeeper, then the nodes (default: all); idempotent.
cluster_up() {
    local name names=("$@") state
    ((${#names[@]} > 0)) || read -r -a names <<< "$(cluster_members)"
    [[ -f /usr/share/java/zookeeper.jar ]] || {
        note "installing zookeeper (apt-get)"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q zookeeper >&2 ||
            die "apt-get install failed; install by hand: apt-get install -y zookeeper"
    }
    ensure_packages clickhouse
    take_lock
    mkdir -p -- "$CLUSTER_DIR"
    declare -A started=()
    for name in "${names[@]}"; do
        if cluster_answers "$name"; then
            started[$name]="already running"
        elif cluster_pid "$name" > /dev/null; then
            started[$name]="started"
        else
            if [[ $name == zookeeper ]]; then start_cluster_zookeeper; else start_cluster_node "$name"; fi
            started[$name]="started"
        fi
        # ZooKeeper first: the nodes connect to it as they start.
        [[ $name != zookeeper || ${started[$name]} == "already running" ]] || cluster_wait zookeeper
    done
    for name in "${names[@]}"; do
        [[ ${started[$name]} == "already running" ]] || cluster_wait "$name"
        row "$name" "$(cluster_addr "$name")" "${started[$name]}"
    done
}

# cluster_down [NAME ...]: stop the nodes, then ZooKeeper (default: all).
cluster_down() {
    local name names=("$@") pid deadline
    ((${#names[@]} > 0)) || names=("${CLUSTER_NODES[@]}" zookeeper)
    for name in "${names[@]}"; do
        if ! pid=$(cluster_pid "$name"); then
            rm -f -- "$(cluster_pid_file "$name")"
            row "$name" "$(cluster_addr "$name")" "not running"
            continue
        fi
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + ${SOMACTL_STACK_STOP_SECONDS:-20}))
        while cluster_proc_is_ours "$name" "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
        if cluster_proc_is_ours "$name" "$pid"; then
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            row "$name" "$(cluster_addr "$name")" "killed"
        else
            row "$name" "$(cluster_addr "$name")" "stopped"
        fi
        rm -f -- "$(cluster_pid_file "$name")"
    done
}

cluster_status() {
    local name rc=0
    for name in $(cluster_members); do
        if cluster_answers "$name"; then
            row "$name" "$(cluster_addr "$name")" up "$(cluster_version "$name")"
        else
            row "$name" "$(cluster_addr "$name")" down -
            rc=1
        fi
    done
    return "$rc"
}

is_cluster_member() { [[ " $(cluster_members) " == *" $1 "* ]]; }
