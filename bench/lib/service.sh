# Sourced by the bench scripts: await_up PIDFILE waits until the service at $BASE answers its health check and
# prints how many seconds that took; it fails, with the end of the service's newest log in $DATA, if the service's
# process (its pid in PIDFILE) dies first. Call it as `up=$(await_up ...)`, so that a failure stops the script.
await_up() {
  local pidfile=$1 t0
  t0=$(date +%s.%N)
  until curl -sf "$BASE/actuator/health" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "FAILED: the service did not start; the end of its log:" >&2
      tail -5 "$(ls -t "$DATA"/app-*.log | head -1)" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "$(date +%s.%N) - $t0" | bc
}
