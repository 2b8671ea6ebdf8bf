#!/usr/bin/env bash
# Runs every benchmark group once with the settings of RESULTS.md, writing JMH's JSON and text output per group
# to the folder given (default: /tmp/chronicle-bench), with the machine's load before each group.
# Build first: ./mvnw -q -B -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/chronicle-bench}"
mkdir -p "$out"
settings=(-f 1 -wi 2 -w 3s -i 5 -r 4s)
run() { # name regex [jmh options...]
  local name="$1"; shift
  echo "== $name  $(date -u +%FT%TZ)  load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  java -jar benchmarks/target/benchmarks.jar "$@" "${settings[@]}" -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
  grep -E '^[A-Za-z]+Benchmark\.' "$out/$name.txt" | grep -vE ':p0\.(00|90|95|999|9999)|:p1\.00' || true
}
run baseline 'JdbcBaselineBenchmark'
run append-one 'AppendBenchmark.appendOne'
run append-concurrent 'AppendBenchmark.appendConcurrent'
for writers in 1 16 64; do
  run "group-commit-$writers-writers" 'AppendBenchmark.appendConcurrent' -p store=postgres \
      -p maxAppendsPerTransaction=1,64 -t "$writers"
done
run deposit 'DepositBenchmark'
run balance-at 'BalanceAtBenchmark'
run projection-lag 'ProjectionLagBenchmark'
run read-model 'ReadModelBenchmark|JdbcBaselineBenchmark'
run rebuild 'RebuildBenchmark'
run nats-publish 'NatsPublishBenchmark'   # a private nats-server per fork, or CHRONICLE_NATS_URL
run nats-relay 'RelayBenchmark'
echo "== done  $(date -u +%FT%TZ)  load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
