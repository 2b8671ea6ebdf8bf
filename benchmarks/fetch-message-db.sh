#!/usr/bin/env bash
# Fetches message-db's SQL (the npm package @eventide/message-db, 1.3.x) into benchmarks/target/message-db/, where
# PeerAppendBenchmark (-p store=messagedb) installs it into a database of its own. The SQL is message-db's, under
# its own licence (MIT-License.txt beside it): it is fetched, never committed. Needs npm and its registry.
#   benchmarks/fetch-message-db.sh [version]   (default 1.3; any npm version range works, e.g. 1.3.1)
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-1.3}"
target=target/message-db
download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT
tarball="$(npm pack --silent --pack-destination "$download" "@eventide/message-db@$version" | tail -n 1)"
rm -rf "$target"
mkdir -p "$target"
tar -xzf "$download/$tarball" -C "$target" --strip-components=1
echo "@eventide/message-db $(node -p "require('./$target/package.json').version") (schema version" \
     "$(cat "$target/database/VERSION.txt")) in benchmarks/$target/database"
