# Shared by up, down and status: one service instance per org over the Fabric network of
# network/fabric (same state directory, same process control). Sourced, never run.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../fabric" && pwd)/lib.sh"

# Instance i listens on SERVICE_PORT_BASE + i (zhangzhou 0, chaozhou 1, shantou 2, audit 3).
SERVICE_PORT_BASE="${ALLIANCE_SERVICE_PORT_BASE:-8081}"
AGREEMENT="${ALLIANCE_AGREEMENT:-agr-demo-alliance}"
DEV_PASSWORD="${ALLIANCE_DEV_PASSWORD:-alliance-dev}"
# Two cores are shared by a dozen Fabric processes and four services: a small heap and one GC thread.
INSTANCE_JAVA_OPTS="${ALLIANCE_INSTANCE_JAVA_OPTS:--Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"

instance_name() { echo "instance.$1"; }
instance_port() { echo $((SERVICE_PORT_BASE + ORG_INDEX[$1])); }
instance_url() { echo "http://127.0.0.1:$(instance_port "$1")"; }
instance_dir() { echo "$STATE/instances/$1"; }
# The audit office reads; its people are the auditor and the admin who signs agreements.
instance_users() { if [ "$1" = audit ]; then echo "auditor admin"; else echo "applicant clerk approver issuer auditor admin"; fi; }
# The org's own peer first, then the next org's, to fail over to.
failover_org() { local i=$(( (ORG_INDEX[$1] + 1) % ${#ORGS[@]} )); echo "${ORGS[$i]}"; }

# The service's arguments for org $1: Fabric mode through its own users and peers, its own data.
instance_args() { # org
  local o="$1" f i=0 u
  f="$(failover_org "$o")"
  echo "--server.port=$(instance_port "$o")"
  echo "--alliance.org=${MSP[$o]}"
  echo "--alliance.data-dir=$(instance_dir "$o")"
  echo "--alliance.ledger.mode=fabric"
  echo "--alliance.ledger.fabric.users=$STATE/users/$o"
  echo "--alliance.ledger.fabric.peers[0].host=127.0.0.1"
  echo "--alliance.ledger.fabric.peers[0].port=$(port "$o" peer)"
  echo "--alliance.ledger.fabric.peers[0].tls-root=$(tlsca_file "$o")"
  echo "--alliance.ledger.fabric.peers[1].host=127.0.0.1"
  echo "--alliance.ledger.fabric.peers[1].port=$(port "$f" peer)"
  echo "--alliance.ledger.fabric.peers[1].tls-root=$(tlsca_file "$f")"
  echo "--alliance.outbox.interval=PT0.5S"
  # The audit office's instance holds only the identities it reads and signs agreements with.
  if [ "$o" = audit ]; then echo "--alliance.ledger.fabric.roles=auditor,admin"; fi
  # The first founder checkpoints the alliance log and asks every other instance, as witness, to
  # co-sign; every instance witnesses at /api/log/witness. An org that joins later witnesses
  # checkpoints once the producer is restarted with it in this list.
  if [ "$o" = "${FOUNDERS[0]}" ]; then
    echo "--alliance.log.produce=true"
    echo "--alliance.log.interval=${ALLIANCE_LOG_INTERVAL:-PT30S}"
    local w
    for w in "${ORGS[@]}"; do
      if [ "$w" != "$o" ]; then echo "--alliance.log.witnesses.${MSP[$w]}=$(instance_url "$w")"; fi
    done
  fi
  # Extra arguments for every instance, one per line (for example a fixed kiosk challenge in tests).
  if [ -n "${ALLIANCE_INSTANCE_ARGS:-}" ]; then printf '%s\n' "$ALLIANCE_INSTANCE_ARGS"; fi
  for u in $(instance_users "$o"); do
    # Each demo user is named after its role.
    echo "--alliance.security.users[$i].name=$u"
    echo "--alliance.security.users[$i].password=$DEV_PASSWORD"
    echo "--alliance.security.users[$i].roles=${u^^}"
    i=$((i + 1))
  done
}

instance_healthy() { # org
  curl -s -m 3 "$(instance_url "$1")/actuator/health" 2>/dev/null | grep >/dev/null '"status":"UP"'
}
