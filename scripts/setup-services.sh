#!/usr/bin/env bash
# Installs (with apt-get, when absent) and starts what the tests use: PostgreSQL on 127.0.0.1:5432, NATS with
# JetStream on 127.0.0.1:4222, Debian's Chromium with its chromedriver for the dashboard's browser test, and
# libfaketime, with which the bank test steps a server's wall clock.
# Safe to run again: what already runs is left alone.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    as_root apt-get update -qq
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

wait_for_port() { # name port
  for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
      echo "$1 is up on 127.0.0.1:$2"
      return 0
    fi
    sleep 0.5
  done
  echo "$1 did not come up on 127.0.0.1:$2" >&2
  return 1
}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt_install postgresql
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
fi
wait_for_port PostgreSQL 5432

if [ ! -x /usr/sbin/nats-server ]; then
  apt_install nats-server
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
  as_root mkdir -p /var/lib/nats-server
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
fi
wait_for_port NATS 4222

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install chromium chromium-driver
fi
echo "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"

if [ ! -r /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 ]; then
  apt_install faketime
fi
