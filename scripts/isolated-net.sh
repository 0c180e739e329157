#!/usr/bin/env bash
# Runs a command in a private network namespace: loopback plus a veth pair (198.18.0.1/24 <-> 198.18.0.2/24,
# the RFC 2544 benchmarking range) and a default route, so Chromium's WebRTC gathers a host candidate while
# nothing can leave the namespace. Needs root or unprivileged user namespaces.
set -euo pipefail
if [[ $# -eq 0 ]]; then
  echo "usage: isolated-net.sh COMMAND [ARG...]" >&2
  exit 2
fi
if [[ ${PARLEY_ISOLATED_NET:-} == 1 ]]; then
  exec "$@"
fi
setup='set -e
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 198.18.0.1/24 dev v0
ip addr add 198.18.0.2/24 dev v1
ip link set v0 up
ip link set v1 up
ip route add default via 198.18.0.2 dev v0'
flags=(-n)
[[ $(id -u) -ne 0 ]] && flags=(-r -n)
exec unshare "${flags[@]}" bash -c "$setup"'
export PARLEY_ISOLATED_NET=1
exec "$@"' isolated-net "$@"
