#!/usr/bin/env bash
# Runs every benchmark group once with the settings of RESULTS.md, writing JMH's JSON and text output per group
# to the folder given (default: /tmp/chronicle-bench), with the machine's load before each group.
#   benchmarks/run.sh [folder] [jmh|plain|all]   (default all; plain: only LagAtRate, QueryLatency and HttpLoad)
# Build first: ./mvnw -q -B -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip
# (and, for query-latency and http-load, the server: ./mvnw -q -B -pl chronicle-server -am package -DskipTests -Dmaven.javadoc.skip)
# The peers group fetches message-db's SQL first (benchmarks/fetch-message-db.sh, npm) unless it is there already.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/chronicle-bench}"
groups="${2:-all}"
mkdir -p "$out"
settings=(-f 1 -wi 2 -w 3s -i 5 -r 4s)
run() { # name regex [jmh options...]
  local name="$1"; shift
  echo "== $name  $(date -u +%FT%TZ)  load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  java -jar benchmarks/target/benchmarks.jar "$@" "${settings[@]}" -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
  grep -E '^[A-Za-z]+Benchmark\.' "$out/$name.txt" | grep -vE ':p0\.(00|90|95|999|9999)|:p1\.00' || true
}
if [ "$groups" != plain ]; then
  run baseline 'JdbcBaselineBenchmark'
  run append-one 'AppendBenchmark.appendOne'
  run append-concurrent 'AppendBenchmark.appendConcurrent'
  for writers in 1 16 64; do
    run "group-commit-$writers-writers" 'AppendBenchmark.appendConcurrent' -p store=postgres \
        -p maxAppendsPerTransaction=1,64 -t "$writers"
  done
  [ -f benchmarks/target/message-db/database/functions/write-message.sql ] || benchmarks/fetch-message-db.sh \
      || echo "message-db not fetched: PeerAppendBenchmark skips store=messagedb"
  run peers 'PeerAppendBenchmark'
  run peers-64-writers 'PeerAppendBenchmark.appendConcurrent' -t 64
  java -cp benchmarks/target/benchmarks.jar io.chronicleledger.benchmarks.PeerAppendReport \
      "$out/peers.json" "$out/peers-64-writers.json" | tee "$out/peers.md" || echo "PeerAppendReport failed"
  run deposit 'DepositBenchmark'
  run balance-at 'BalanceAtBenchmark'
  run projection-lag 'ProjectionLagBenchmark'
  run read-model 'ReadModelBenchmark|JdbcBaselineBenchmark'
  run rebuild 'RebuildBenchmark'
  run nats-publish 'NatsPublishBenchmark'   # a private nats-server per fork, or CHRONICLE_NATS_URL
  run nats-relay 'RelayBenchmark'
fi
main() { # name class [options...]: the plain-main benchmarks, which print Markdown tables
  local name="$1" class="$2"; shift 2
  echo "== $name  $(date -u +%FT%TZ)  load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar "io.chronicleledger.benchmarks.$class" "$@" \
      > "$out/$name.txt" 2>&1 || echo "$name failed (exit $?), see $out/$name.txt"
  grep -E '^\| |^(commands|events|total|measured span|lag p50|target|errors)' "$out/$name.txt" || true
}
if [ "$groups" != jmh ]; then
  main query-latency QueryLatency --requests 5000
  for adapters in memory postgres; do
    main "http-load-$adapters" HttpLoad --adapters "$adapters" --rates 200,1000 --seconds 20 --warmup 60
  done
  for rate in 100 250 1000; do
    main "lag-at-rate-$rate" LagAtRate --rate "$rate" --seconds 60
  done
  main lag-at-rate-2000 LagAtRate --rate 2000 --seconds 30
fi
echo "== done  $(date -u +%FT%TZ)  load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
