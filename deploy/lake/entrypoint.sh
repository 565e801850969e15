#!/bin/sh
# The demo lake of docker-compose.yml: the local lake of `lakemon lake up` (XRootD servers serving root:// and
# WebDAV with TPC) on ports 21094.. of this container. Every 30 s `lake up` again, which restarts a server that
# crashed (xrootd 5.5.3 can, see lake/XROOTD-5.5-CRASH.md); SIGTERM stops the servers.
set -eu
dir=/lake
lakemon lake up --dir "$dir" --rses "${LAKE_RSES:-3}" --base-port 21094
trap 'lakemon lake down --dir "$dir"; exit 0' TERM INT
while true; do
  sleep 30 &
  wait $!
  lakemon lake up --dir "$dir" >/dev/null || true
done
