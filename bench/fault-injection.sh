#!/usr/bin/env bash
# Faults under steady load (issue 11, item 8). While orders arrive at a fixed rate it makes a supplier hang (its calls
# time out) and then answer again, restarts PostgreSQL, restarts the Kafka broker, and SIGKILLs the service (and
# starts it again on the same data). At the end it checks that
#   - every order reached a correct final state (DELIVERED, or BACKORDERED / ON_HOLD when nobody could serve it);
#   - the sandbox holds exactly one supplier order per allocation, and none for an order that was not delivered;
#   - nothing is oversold: no stock position holds more reservations than its supplier reported;
#   - every replayable read model equals a fresh replay of history, row for row.
#
#   ./mvnw -B -o -pl app -am package -DskipTests
#   bench/fault-injection.sh [orders-per-second=15] [load-seconds=150]
#
# PostgreSQL (Debian's, $PGBIN) and a Kafka broker (run from the jar's own Kafka) are separate processes here, so
# that they can be restarted under the service: the service runs in its external mode against them, with the
# supplier sandbox in-process as in the embedded default. Ports of its own; never 8080, 5433 or 9092.
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${1:-15}
LOAD_SECONDS=${2:-150}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
APP_PORT=${APP_PORT:-18580}
SANDBOX_PORT=${SANDBOX_PORT:-18591}
PG_PORT=${PG_PORT:-15599}
KAFKA_PORT=${KAFKA_PORT:-19599}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19598}
# who may replay read models: the platform operator's scope
REPLAY_KEY=${REPLAY_KEY:-dev-platform-key}
JAR=$(ls app/target/*.jar | grep -v original | head -1)
DATA=$(mktemp -d /tmp/orderflow-faults.XXXXXX)
chmod 755 "$DATA"
BASE="http://localhost:$APP_PORT"
SANDBOX="http://localhost:$SANDBOX_PORT"
KEY=dev-storefront-key
ADMIN=dev-admin-key
RUN=$(date +%s)
T_START=$(date +%s)

say() { echo "[$(printf '%4d' $(( $(date +%s) - T_START )))s] $*"; }

# --- PostgreSQL: a cluster of its own. postgres refuses to run as root, so as the postgres user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
mkdir "$DATA/pg"
[ "$(id -u)" = 0 ] && chown postgres "$DATA/pg"
as_pg "$PGBIN/initdb -D $DATA/pg -U orderflow --auth=trust -E UTF8 >/dev/null"
pg_start() {
  as_pg "$PGBIN/pg_ctl -D $DATA/pg -l $DATA/pg/server.log -w -o '-p $PG_PORT -k $DATA/pg -c max_connections=200' start" >/dev/null
}
pg_stop() { as_pg "$PGBIN/pg_ctl -D $DATA/pg -m fast -w stop" >/dev/null; }
psql_q() { psql -X -q -At -h localhost -p "$PG_PORT" -U orderflow -d orderflow "$@"; }
pg_start
psql -X -q -h localhost -p "$PG_PORT" -U orderflow -d postgres -c "CREATE DATABASE orderflow"

# --- Kafka: a one-node KRaft broker in a JVM of its own, from the Kafka the service's jar carries.
cat >"$DATA/kafka.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA/kafka
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000
log.cleaner.dedupe.buffer.size=16777216
EOF
in_jar() { # $1 = main class of a library inside the service's jar
  local main=$1; shift
  "$JAVA" -Xmx384m -Dloader.main="$main" -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}
CLUSTER_ID=$(python3 -c "import uuid, base64; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip('='))")
in_jar kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$DATA/kafka.properties" >"$DATA/kafka-format.log" 2>&1
port_open() { (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null; }
kafka_start() {
  if port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
    echo "a Kafka port ($KAFKA_PORT or $KAFKA_CONTROLLER_PORT) is taken: is an earlier broker still running?" >&2
    exit 2
  fi
  # exec: the pid recorded is the broker's own, so that stopping it stops the broker (not a shell around it)
  ( exec "$JAVA" -Xmx384m -Dloader.main=kafka.Kafka -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
      "$DATA/kafka.properties" >>"$DATA/kafka.log" 2>&1 ) &
  echo $! >"$DATA/kafka.pid"
  until port_open "$KAFKA_PORT"; do
    kill -0 "$(cat "$DATA/kafka.pid")" 2>/dev/null || { echo "the Kafka broker did not start (see $DATA/kafka.log)" >&2; exit 2; }
    sleep 0.2
  done
}
kafka_stop() {
  local pid; pid=$(cat "$DATA/kafka.pid")
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  while port_open "$KAFKA_PORT"; do sleep 0.2; done
}
kafka_start

# whatever happens, nothing of this run is left running
cleanup() {
  [ -f "$DATA/app.pid" ] && kill -9 "$(cat "$DATA/app.pid")" 2>/dev/null
  [ -f "$DATA/kafka.pid" ] && kill -TERM "$(cat "$DATA/kafka.pid")" 2>/dev/null
  as_pg "$PGBIN/pg_ctl -D $DATA/pg -m fast -w stop" >/dev/null 2>&1
  return 0
}
trap cleanup EXIT

# --- the service, in its external mode against them
app_start() {
  "$JAVA" -jar "$JAR" --server.port="$APP_PORT" \
    --orderflow.db.url="jdbc:postgresql://localhost:$PG_PORT/orderflow" \
    --orderflow.db.username=orderflow --orderflow.db.password=orderflow \
    --orderflow.kafka.bootstrap="localhost:$KAFKA_PORT" \
    --orderflow.embedded.data-dir="$DATA/data" --orderflow.privacy.kek-file="$DATA/kek" \
    --orderflow.sandbox.port="$SANDBOX_PORT" --orderflow.sandbox.time-scale=0.05 \
    --orderflow.tracking.secret=fault-injection >"$DATA/app-$1.log" 2>&1 &
  echo $! >"$DATA/app.pid"
}
ID_PREFIX=fi
source bench/lib/place.sh # (the script runs from the repository root)
source bench/lib/service.sh
export BASE KEY RUN ID_PREFIX

retry_dead_letters() { # operations' part: parked submissions and Kafka records are retried
  local listing
  listing=$(curl -s --max-time 30 "$BASE/api/v1/admin/dead-letters" -H "X-Api-Key: $ADMIN" || true)
  [ -n "$listing" ] || return 0
  echo "$listing" | jq -r '.sequences[]? | "\(.processingGroup) \(.sequenceId)"' 2>/dev/null \
    | while read -r group id; do
        curl -s -o /dev/null --max-time 30 -X POST "$BASE/api/v1/admin/dead-letters/$group/$id/retry" \
          -H "X-Api-Key: $ADMIN"
        echo "$(date +%s) $group $id" >>"$DATA/retried.txt"
      done
  echo "$listing" | jq -r '.records[]? | .id' 2>/dev/null | while read -r id; do
    curl -s -o /dev/null --max-time 30 -X POST "$BASE/api/v1/admin/dead-letters/records/$id/retry" \
      -H "X-Api-Key: $ADMIN"
    echo "$(date +%s) kafka-record $id" >>"$DATA/retried.txt"
  done
}

echo "data in $DATA; jar $JAR; $RATE orders/s for $LOAD_SECONDS s"
app_start 1
up=$(await_up "$DATA/app.pid")
say "service up after $up s"

# --- steady load: RATE placements a second, each in the background
(
  n=0
  end=$(( $(date +%s) + LOAD_SECONDS ))
  while [ "$(date +%s)" -lt "$end" ]; do
    for _ in $(seq 1 "$RATE"); do
      n=$((n + 1))
      place "$n" >>"$DATA/placed-1.txt" &
    done
    echo "$n" >"$DATA/sent"
    sleep 1
  done
  wait
) &
LOAD=$!

at() { while [ $(( $(date +%s) - T_START )) -lt "$1" ]; do sleep 0.5; done; }
LOAD_T0=$(( $(date +%s) - T_START ))
SLICE=$(( LOAD_SECONDS / 5 ))

# the supplier first, while it still has stock to be asked for
at $(( LOAD_T0 + SLICE / 2 ))
say "supplier berlin-gear hangs: its next 8 calls get no answer for 12 s (the connector times out after 10 s)"
curl -s -o /dev/null -X POST "$SANDBOX/control/berlin-gear/hang-next?count=8&millis=12000"

at $(( LOAD_T0 + SLICE ))
say "restarting PostgreSQL (down for 5 s)"
pg_stop; sleep 5; pg_start
say "PostgreSQL back"

at $(( LOAD_T0 + 2 * SLICE ))
say "restarting the Kafka broker (down for 5 s)"
kafka_stop; sleep 5; kafka_start
say "Kafka back"

at $(( LOAD_T0 + 3 * SLICE ))
say "SIGKILL of the service"
kill -9 "$(cat "$DATA/app.pid")"
app_start 2
up=$(await_up "$DATA/app.pid")
say "service up again after $up s"


wait $LOAD || true
SENT=$(cat "$DATA/sent")
say "load done: $SENT placements sent; answers by status: \
$(grep -o ' [0-9]*$' "$DATA/placed-1.txt" | sort | uniq -c | tr -s ' \n' ' ')"

# the storefront retries every placement (same keys): what was cut off is placed now, the rest answers as before
seq 1 "$SENT" | xargs -P 8 -I{} bash -c 'place {}' >"$DATA/placed-2.txt"
say "retries of all $SENT placements, answers by status: \
$(grep -o ' [0-9]*$' "$DATA/placed-2.txt" | sort | uniq -c | tr -s ' \n' ' ')"
grep -o '"orderId":"[^"]*"' "$DATA/placed-2.txt" | cut -d'"' -f4 | LC_ALL=C sort -u >"$DATA/order-ids.txt"
say "orders known: $(wc -l <"$DATA/order-ids.txt") of $SENT"

# --- every order must settle
DEADLINE=$(( $(date +%s) + 300 ))
while :; do
  # the order view is what GET /api/v1/orders/{id} answers; read in one query rather than thousands of calls
  psql_q -F' ' -c "SELECT order_id, status FROM order_view WHERE external_order_id LIKE 'fi-$RUN-%'" \
    | LC_ALL=C sort >"$DATA/view-statuses.txt" || true
  LC_ALL=C join -a1 -e NO_VIEW -o '0,2.2' "$DATA/order-ids.txt" "$DATA/view-statuses.txt" >"$DATA/statuses.txt"
  open=$(grep -Evc ' (DELIVERED|BACKORDERED|ON_HOLD|CANCELLED)$' "$DATA/statuses.txt" || true)
  [ "$open" -eq 0 ] && break
  retry_dead_letters
  if [ "$(date +%s)" -gt "$DEADLINE" ]; then say "FAILED: $open orders still moving after 300 s"; break; fi
  sleep 3
done
say "settled: $(cut -d' ' -f2 "$DATA/statuses.txt" | sort | uniq -c | tr -s ' \n' ' ')"
# operators' last pass, then what is left parked
PARKED=$(curl -s "$BASE/api/v1/admin/dead-letters" -H "X-Api-Key: $ADMIN")
say "dead letters left: $(echo "$PARKED" | jq -c '[.sequences[]? | .processingGroup] | group_by(.) | map({(.[0]): length}) | add // {}') \
kafka records left: $(echo "$PARKED" | jq '.records | length'); retried during the run: $(cat "$DATA/retried.txt" 2>/dev/null | wc -l)"

# --- one supplier order per allocation
for s in berlin-gear lyon-outfitters rotterdam-3pl amsterdam-shop; do
  # orders the supplier rejected or that were cancelled there (a compensation) are not held
  curl -s "$SANDBOX/control/$s/orders" \
    | jq -r '.[]? | select(.status != "REJECTED" and .status != "CANCELLED") | .reference // empty' 2>/dev/null || true
done | sort >"$DATA/sandbox-references.txt"

# --- nothing oversold
OVERSOLD=$(psql_q -c "SELECT count(*) FROM stock_availability WHERE reserved + committed > reported")
psql_q -c "SELECT supplier_id || ' ' || supplier_sku || ' reported=' || reported || ' reserved=' || reserved
           || ' committed=' || committed FROM stock_availability ORDER BY 1" >"$DATA/stock.txt"
say "stock positions holding more than reported: $OVERSOLD (positions in $DATA/stock.txt)"

# --- every read model equals a fresh replay
HEAD=$(psql_q -c "SELECT max(globalindex) FROM domainevententry")
snapshot() { # $1 = read model, $2 = file: its rows as JSON text, with the order each belongs to
  local table
  case $1 in
    order-view) table=order_view ;; order-timeline) table=order_timeline ;;
    order-tracking) table=order_tracking ;; order-exceptions) table=order_exception ;;
    *) echo "no table known for read model $1" >&2; return 1 ;;
  esac
  psql_q -c "SELECT order_id || ' ' || to_jsonb(t)::text FROM $table t ORDER BY 1" >"$2"
}
READ_MODELS=$(curl -s "$BASE/api/v1/audit/read-models" -H "X-Api-Key: $REPLAY_KEY" | jq -r '.[]')
REPLAYS_OK=1
for model in $READ_MODELS; do
  snapshot "$model" "$DATA/before-$model.txt"
  replay=$(curl -s -X POST "$BASE/api/v1/audit/replays" -H "X-Api-Key: $REPLAY_KEY" \
    -H 'Content-Type: application/json' -d "{\"readModel\":\"$model\"}" | jq -r .replayId)
  if [ -z "$replay" ] || [ "$replay" = null ]; then say "replay of $model could not be started"; REPLAYS_OK=0; continue; fi
  replay_deadline=$(( $(date +%s) + 180 ))
  until [ "$(curl -s "$BASE/api/v1/audit/replays/$replay" -H "X-Api-Key: $REPLAY_KEY" | jq -r .status)" = COMPLETED ]; do
    if [ "$(date +%s)" -gt "$replay_deadline" ]; then say "replay of $model not finished after 180 s"; REPLAYS_OK=0; break; fi
    sleep 0.5
  done
  snapshot "$model" "$DATA/after-$model.txt"
done
CHANGED=$(psql_q -c "SELECT DISTINCT aggregateidentifier FROM domainevententry WHERE globalindex > $HEAD" | tr '\n' ' ')

set +e
python3 - "$DATA" "$REPLAYS_OK" "$OVERSOLD" "$CHANGED" $READ_MODELS <<'PY'
import collections, sys
data, replays_ok, oversold, changed, models = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3]), set(sys.argv[4].split()), sys.argv[5:]
ids = [l.split()[0] for l in open(f"{data}/statuses.txt") if l.strip()]
id_set = set(ids)
delivered = {l.split()[0] for l in open(f"{data}/statuses.txt") if l.strip().endswith(" DELIVERED")}
open_orders = [l.strip() for l in open(f"{data}/statuses.txt")
               if l.strip() and l.split()[1] not in ("DELIVERED", "BACKORDERED", "ON_HOLD", "CANCELLED")]
refs = [l.strip() for l in open(f"{data}/sandbox-references.txt") if l.strip()]
ours = collections.Counter(r for r in refs if r.rsplit("-", 1)[0] in id_set)
duplicates = {r: c for r, c in ours.items() if c > 1}
per_order = collections.Counter(r.rsplit("-", 1)[0] for r in ours)
missing = [i for i in delivered if i not in per_order]
twice = [o for o, c in per_order.items() if c > 1]
held_undelivered = [r for r in ours if r.rsplit("-", 1)[0] not in delivered]
print(f"orders: {len(ids)}, not in a final state: {len(open_orders)}")
print(f"sandbox: {sum(ours.values())} supplier orders held for {len(ours)} allocations; duplicates: {len(duplicates)}; "
      f"delivered orders without one: {len(missing)}; orders held by two suppliers: {len(twice)}; "
      f"supplier orders of undelivered orders: {len(held_undelivered)}")
print(f"oversold stock positions: {oversold}")
replay_diffs = 0
for model in models:
    def rows(name):
        out = {}
        for line in open(f"{data}/{name}-{model}.txt"):
            order, row = line.rstrip("\n").split(" ", 1)
            if order not in changed:
                out.setdefault(order, []).append(row)
        return out
    before, after = rows("before"), rows("after")
    diff = sorted(o for o in set(before) | set(after) if before.get(o) != after.get(o))
    replay_diffs += len(diff)
    print(f"read model {model}: {sum(map(len, before.values()))} rows before, {sum(map(len, after.values()))} "
          f"after a fresh replay; orders that differ: {len(diff)} {diff[:3]}")
failed = open_orders or duplicates or missing or twice or held_undelivered or oversold or replay_diffs \
    or not replays_ok or not models
sys.exit(1 if failed else 0)
PY
RESULT=$?
kill "$(cat "$DATA/app.pid")" 2>/dev/null || true
while kill -0 "$(cat "$DATA/app.pid")" 2>/dev/null; do sleep 0.5; done
kafka_stop || true
echo "result: $([ $RESULT -eq 0 ] && echo PASS || echo FAIL) (logs in $DATA)"
exit $RESULT
