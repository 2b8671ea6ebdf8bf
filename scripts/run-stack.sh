#!/usr/bin/env bash
# Runs the seed's architecture locally as four processes of the reference server, on the PostgreSQL and NATS
# that scripts/setup-services.sh starts: the Ledger API (4002), the Query API (4001), a read processor (health on
# 4003) and the dashboard (3000). The event store lives in the database `chronicle`, the read model in the
# database `chronicle_read` (both created when missing). Prints the URLs, then waits; Ctrl-C stops all four.
#
#   scripts/run-stack.sh             # build the jar if it is missing, then start
#   REBUILD=1 scripts/run-stack.sh   # build the jar anew first
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-services.sh >/dev/null
for database in chronicle chronicle_read; do
  if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $database"
  fi
done

jar=chronicle-server/target/chronicle-server.jar
if [ ! -f "$jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  ./mvnw -q -B -pl chronicle-server -am package -DskipTests -Dmaven.javadoc.skip
fi

export CHRONICLE_STORE_URL='jdbc:postgresql://127.0.0.1:5432/chronicle?user=postgres'
export CHRONICLE_NATS_URL='nats://127.0.0.1:4222'
export CHRONICLE_READ_URL='jdbc:postgresql://127.0.0.1:5432/chronicle_read?user=postgres'

logs=$(mktemp -d /tmp/chronicle-stack.XXXXXX)
pids=()
stop() {
  echo
  echo "stopping the stack"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT INT TERM

for role in ledger processor query dashboard; do
  java -jar "$jar" --role="$role" >"$logs/$role.log" 2>&1 &
  pids+=("$!")
done

wait_healthy() { # role port
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$2${3:-/health}" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  echo "the $1 process did not come up; its log: $logs/$1.log" >&2
  tail -n 20 "$logs/$1.log" >&2
  return 1
}
wait_healthy ledger 4002
wait_healthy processor 4003
wait_healthy query 4001
wait_healthy dashboard 3000 /

cat <<INFO
Chronicle Ledger runs as four processes (logs in $logs):
  Ledger API (commands)  http://127.0.0.1:4002   e.g. curl -X POST http://127.0.0.1:4002/commands/create-account ...
  Query API              http://127.0.0.1:4001/accounts
  read processor         http://127.0.0.1:4003/health
  dashboard              http://127.0.0.1:3000
Press Ctrl-C to stop them.
INFO
wait "${pids[@]}"
