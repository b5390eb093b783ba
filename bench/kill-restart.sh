#!/usr/bin/env bash
# SIGKILL the service while submissions are in flight under load, start it again on the same data, and check that
# every order continues and that the sandbox holds exactly one supplier order per allocation (issue 4, item 4).
#
#   ./mvnw -B -o -pl app -am package -DskipTests
#   bench/kill-restart.sh [orders=150] [kill-after-placed=60]
#
# Runs the packaged jar in its embedded default (PostgreSQL, Kafka and the supplier sandbox in-process) on a
# persistent temporary data directory and on ports of its own; never on 8080.
set -euo pipefail
cd "$(dirname "$0")/.."

ORDERS=${1:-150}
KILL_AFTER=${2:-60}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
APP_PORT=${APP_PORT:-18480}
SANDBOX_PORT=${SANDBOX_PORT:-18491}
PG_PORT=${PG_PORT:-15499}
KAFKA_PORT=${KAFKA_PORT:-19499}
JAR=$(ls app/target/*.jar | grep -v original | head -1)
DATA=$(mktemp -d /tmp/orderflow-kill-restart.XXXXXX)
BASE="http://localhost:$APP_PORT"
KEY=dev-storefront-key
RUN=$(date +%s)

start() {
  "$JAVA" -jar "$JAR" --server.port="$APP_PORT" --orderflow.embedded.data-dir="$DATA/data" \
    --orderflow.embedded.postgres-port="$PG_PORT" --orderflow.embedded.kafka-port="$KAFKA_PORT" \
    --orderflow.sandbox.port="$SANDBOX_PORT" --orderflow.sandbox.time-scale=0.05 \
    --orderflow.tracking.secret=kill-restart >"$DATA/app-$1.log" 2>&1 &
  echo $! >"$DATA/pid"
}

ID_PREFIX=kr
source bench/lib/place.sh # (the script runs from the repository root)
source bench/lib/service.sh
export BASE KEY RUN ID_PREFIX

echo "data in $DATA; jar $JAR"
start 1
up=$(await_up "$DATA/pid")
echo "first start: up after $up s"

# place orders 16 at a time; SIGKILL once KILL_AFTER of them were answered, submissions still running
seq 1 "$ORDERS" | xargs -P 16 -I{} bash -c 'place {}' >"$DATA/placed-1.txt" &
PLACER=$!
while [ "$(grep -c ' 201$' "$DATA/placed-1.txt")" -lt "$KILL_AFTER" ]; do sleep 0.05; done
kill -9 "$(cat "$DATA/pid")"
wait $PLACER || true
echo "SIGKILL after $KILL_AFTER answers; of $ORDERS requests: $(grep -c ' 201$' "$DATA/placed-1.txt") placed, \
$(( ORDERS - $(grep -c ' 201$' "$DATA/placed-1.txt") )) cut off or refused"

start 2
up=$(await_up "$DATA/pid")
echo "restart: up after $up s"

# the storefront retries what it did not get an answer for (and, to be sure, everything): same keys
seq 1 "$ORDERS" | xargs -P 16 -I{} bash -c 'place {}' >"$DATA/placed-2.txt"
echo "after restart, answers by status: $(grep -o ' [0-9]*$' "$DATA/placed-2.txt" | sort | uniq -c | tr -s ' \n' ' ')"

# a request the kill cut off left its key in flight: a retry is told 409 "still being processed" (Retry-After: the
# seconds left) until the key goes stale (orderflow.idempotency.stale-after, 30 s), then takes it over. The
# storefront waits as long as the longest Retry-After it was given, and retries once more.
PLACED=placed-2.txt
if grep -q 'still being processed' "$DATA/placed-2.txt"; then
  wait_s=$(grep 'still being processed' "$DATA/placed-2.txt" | grep -o ' [0-9]* 409$' | awk '{print $1}' | sort -n | tail -1)
  echo "cut-off keys still in flight: retrying after the longest Retry-After given, ${wait_s:-?} s"
  sleep "${wait_s:-31}"
  seq 1 "$ORDERS" | xargs -P 16 -I{} bash -c 'place {}' >"$DATA/placed-3.txt"
  echo "retried once the cut-off keys were stale, answers by status: \
$(grep -o ' [0-9]*$' "$DATA/placed-3.txt" | sort | uniq -c | tr -s ' \n' ' ')"
  PLACED=placed-3.txt
fi

# every order must settle: delivered, or (when its supplier failed and nobody else can serve it) backordered or held
grep -o '"orderId":"[^"]*"' "$DATA/$PLACED" | cut -d'"' -f4 | sort -u >"$DATA/order-ids.txt"
KNOWN=$(wc -l <"$DATA/order-ids.txt")
echo "orders known after restart: $KNOWN of $ORDERS"
T0=$(date +%s.%N)
DEADLINE=$(( $(date +%s) + 300 ))
while :; do
  : >"$DATA/statuses.txt"
  while read -r id; do
    echo "$id $(curl -s "$BASE/api/v1/orders/$id" -H "X-Api-Key: $KEY" | jq -r .status)" >>"$DATA/statuses.txt"
  done <"$DATA/order-ids.txt"
  open=$(grep -Evc ' (DELIVERED|BACKORDERED|ON_HOLD|CANCELLED)$' "$DATA/statuses.txt" || true)
  [ "$open" -eq 0 ] && break
  # operations: submissions parked because an earlier attempt may have reached a supplier are retried
  curl -s "$BASE/api/v1/admin/dead-letters" -H "X-Api-Key: dev-admin-key" \
    | jq -r '.sequences[] | select(.processingGroup == "supplier-dispatch") | .sequenceId' \
    | while read -r parked; do
        curl -s -o /dev/null -X POST "$BASE/api/v1/admin/dead-letters/supplier-dispatch/$parked/retry" \
          -H "X-Api-Key: dev-admin-key"
        echo "retried dead letter $parked" >>"$DATA/retried.txt"
      done
  if [ "$(date +%s)" -gt "$DEADLINE" ]; then echo "FAILED: $open orders still moving after 300 s"; break; fi
  sleep 2
done
echo "settled $(echo "$(date +%s.%N) - $T0" | bc) s after the restart's placements: \
$(cut -d' ' -f2 "$DATA/statuses.txt" | sort | uniq -c | tr -s ' \n' ' ')"

# the sandbox's own records: one supplier order per allocation, none missing
for s in berlin-gear lyon-outfitters rotterdam-3pl; do
  curl -s "http://localhost:$SANDBOX_PORT/control/$s/orders"
done | jq -r '.[] | .reference' | sort >"$DATA/sandbox-references.txt"
set +e
python3 - "$DATA" <<'PY'
import collections, sys
data = sys.argv[1]
ids = [l.split()[0] for l in open(f"{data}/statuses.txt") if l.strip()]
delivered = [l.split()[0] for l in open(f"{data}/statuses.txt") if l.strip().endswith(" DELIVERED")]
refs = [l.strip() for l in open(f"{data}/sandbox-references.txt") if l.strip()]
ours = collections.Counter(r for r in refs if any(r.startswith(i) for i in ids))
duplicates = {r: c for r, c in ours.items() if c > 1}
missing = [i for i in delivered if not any(r.startswith(i) for r in ours)]
per_order = collections.Counter(r.rsplit("-", 1)[0] for r in ours)
twice = [o for o, c in per_order.items() if c > 1]
not_delivered_but_held = [r for r in ours if r.rsplit("-", 1)[0] not in delivered]
print(f"sandbox holds {sum(ours.values())} supplier orders for {len(ours)} allocations of {len(ids)} orders; "
      f"duplicates: {len(duplicates)}; delivered orders without a supplier order: {len(missing)}; "
      f"orders held by two suppliers: {len(twice)}; supplier orders of undelivered orders: {len(not_delivered_but_held)}")
sys.exit(1 if duplicates or missing or twice or not_delivered_but_held else 0)
PY
RESULT=$?
[ "$open" -eq 0 ] || RESULT=1
[ "$KNOWN" -eq "$ORDERS" ] || { echo "FAILED: $(( ORDERS - KNOWN )) orders never placed"; RESULT=1; }
kill "$(cat "$DATA/pid")" 2>/dev/null || true
wait 2>/dev/null || true
echo "result: $([ $RESULT -eq 0 ] && echo PASS || echo FAIL) (logs in $DATA)"
exit $RESULT
