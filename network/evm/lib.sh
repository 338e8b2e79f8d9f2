# Shared by install, up, down and status: the pinned geth, its cache, the node's port, state and process.
# Sourced, never run. The node binds to 127.0.0.1 only and keeps everything under $STATE.

EVM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GETH_VERSION=v1.17.10
GETH_CACHE="${ALLIANCE_GETH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/alliance/geth/$GETH_VERSION}"
GETH="$GETH_CACHE/bin/geth"
STATE="${ALLIANCE_EVM_STATE:-$EVM_DIR/.state}"
PORT="${ALLIANCE_EVM_PORT:-8545}"
# Seconds between blocks: geth --dev otherwise mines only when a transaction arrives, and a
# confirmation count would then never grow on its own.
BLOCK_PERIOD="${ALLIANCE_EVM_BLOCK_PERIOD:-1}"
PID_FILE="$STATE/geth.pid"
LOG_FILE="$STATE/geth.log"
URL="http://127.0.0.1:$PORT"

say() { printf 'evm: %s\n' "$*"; }
warn() { printf 'evm: %s\n' "$*" >&2; }
die() { warn "ERROR: $*"; exit 1; }

# geth at the pinned version in the cache, or a one-line reason on stderr.
find_geth() {
  [ -x "$GETH" ] || { warn "missing: geth $GETH_VERSION in $GETH (run network/evm/install)"; return 1; }
  local text; text="$("$GETH" version 2>/dev/null || true)"
  grep -q "^Version: ${GETH_VERSION#v}\(-stable\)\?\$" <<<"$text" \
    || { warn "$GETH is not geth $GETH_VERSION (delete it and run network/evm/install)"; return 1; }
}

# Whether a PID is a live process; a killed node is a zombie until init reaps it, which is not alive.
pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)"
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# The PID of the node this state dir started, if it is alive; a reused PID (no marker in its
# environment) is ignored.
node_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE")"
  [ -n "$pid" ] && pid_alive "$pid" || return 1
  tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep >/dev/null -x "ALLIANCE_EVM_STATE_DIR=$STATE" || return 1
  echo "$pid"
}

# A JSON-RPC call on the node; prints the "result" field's raw JSON value, or fails.
rpc() { # method, params-json
  local out
  out="$(curl -sf --max-time 3 -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":${2:-[]}}" "$URL")" || return 1
  sed -n 's/.*"result":\(\("[^"]*"\)\|\(\[[^]]*\]\)\|\([a-z0-9]*\)\).*/\1/p' <<<"$out" | grep .
}
