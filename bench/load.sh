#!/usr/bin/env bash
# The load benchmark (see bench/README.md): builds the service and the benchmark if needed, then runs
#   bench/load.sh --scenario flash-sale --rate 300 --duration 10m
# against a freshly started embedded default on ports of its own; --help lists every option.
set -euo pipefail
cd "$(dirname "$0")/.."
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
JAVA=${JAVA:-java}
if ! command -v "$JAVA" >/dev/null || [ "$(java_major "$JAVA")" -lt 21 ]; then
  for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then JAVA="$candidate/bin/java"; break; fi
  done
fi
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")"
if [ ! -f app/target/orderflow.jar ] || [ ! -f bench/target/benchmarks.jar ] || [ -n "${REBUILD:-}" ]; then
  ./mvnw -q -B -DskipTests package
fi
exec "$JAVA" -cp bench/target/benchmarks.jar io.orderflow.bench.load.LoadBenchmark "$@"
