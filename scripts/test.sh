#!/bin/sh
# The whole test suite. Where the box allows it, the run gets a private network namespace with only its own
# loopback: every SIP, RTP and browser packet of the tests stays inside it, and no port another process on
# the box holds can get in the way. Bun and the dependencies are installed first, while the network is there.
set -e
cd "$(dirname "$0")/.."
sh scripts/with-bun.sh --version >/dev/null
inside='ip link set lo up && exec sh scripts/with-bun.sh test "$@"'
if command -v ip >/dev/null 2>&1 && unshare -n sh -c 'ip link set lo up' 2>/dev/null; then
  echo "tests run in a private network namespace (loopback only)" >&2
  exec unshare -n sh -c "$inside" sh "$@"
elif command -v ip >/dev/null 2>&1 && unshare -rn sh -c 'ip link set lo up' 2>/dev/null; then
  echo "tests run in a private network namespace (loopback only, user namespace)" >&2
  exec unshare -rn sh -c "$inside" sh "$@"
fi
echo "no private network namespace here: tests run on the box's own loopback" >&2
exec sh scripts/with-bun.sh test "$@"
