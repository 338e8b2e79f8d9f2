# Shared by install, up, join, down, status and node: names, ports, paths, binary discovery, process control.
# Sourced, never run. Everything here binds to 127.0.0.1 and lives under $STATE.

FABRIC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$FABRIC_DIR/../.." && pwd)"
STATE="${ALLIANCE_FABRIC_STATE:-$FABRIC_DIR/.state}"
PORT_BASE="${ALLIANCE_FABRIC_PORT_BASE:-17000}"
CHANNEL="${ALLIANCE_FABRIC_CHANNEL:-evidence}"
CC_NAME=evidence
CC_VERSION=1.0
FABRIC_WANT_MINOR="3.1"
# Commits of hand-built 3.1.x binaries whose version string says "development build".
FABRIC_KNOWN_COMMITS="86c1172be"

# The four founding orgs make the channel's genesis block; orgs that joined later (network/fabric/join)
# are listed in $STATE/joined, one "org index" line each, and are part of ORGS from then on.
FOUNDERS=(zhangzhou chaozhou shantou audit)
ORGS=("${FOUNDERS[@]}")
declare -A MSP=([zhangzhou]=ZhangzhouMSP [chaozhou]=ChaozhouMSP [shantou]=ShantouMSP [audit]=AuditMSP)
declare -A ORG_INDEX=([zhangzhou]=0 [chaozhou]=1 [shantou]=2 [audit]=3)
msp_of() { echo "${1^}MSP"; } # org -> MSP id, e.g. xiamen -> XiamenMSP
if [ -f "$STATE/joined" ]; then
  while read -r _org _index; do
    [ -n "$_org" ] || continue
    ORGS+=("$_org"); MSP[$_org]="$(msp_of "$_org")"; ORG_INDEX[$_org]="$_index"
  done < "$STATE/joined"
  unset _org _index
fi
USERS=(clerk approver issuer auditor service)

say() { printf 'fabric: %s\n' "$*"; }
warn() { printf 'fabric: %s\n' "$*" >&2; }
die() { warn "ERROR: $*"; exit 1; }

# Ports: ten per org from PORT_BASE; see the ports table in README.md.
port() { # org, slot
  local slot
  case "$2" in
    peer) slot=0 ;; peer-cc) slot=1 ;; peer-ops) slot=2 ;;
    orderer) slot=3 ;; orderer-admin) slot=4 ;; orderer-ops) slot=5 ;;
    ccserver) slot=6 ;; putserver) slot=7 ;; *) die "unknown port slot $2" ;;
  esac
  echo $((PORT_BASE + 10 * ORG_INDEX[$1] + slot))
}

domain() { echo "$1.alliance"; }
crypto_org() { echo "$STATE/crypto/peerOrganizations/$(domain "$1")"; }
node_dir() { echo "$STATE/nodes/$1"; }
NODE_KINDS=(orderer peer ccserver putserver)
node_name() { echo "$2.$1"; } # org, kind -> e.g. peer.zhangzhou
all_nodes() { local o k; for k in "${NODE_KINDS[@]}"; do for o in "${ORGS[@]}"; do node_name "$o" "$k"; done; done; }

# ---- chaincodes: the evidence contract, and in the bench profile the trivial-put reference ----
# Each chaincode runs as a service, one server per org: server node kind (= port slot) and jar.
declare -A CC_SERVER=([evidence]=ccserver [put]=putserver)
declare -A CC_JAR=([evidence]="$REPO_ROOT/chaincode/target/evidence-chaincode.jar"
                   [put]="$REPO_ROOT/network/fabric/put-chaincode/target/put-chaincode.jar")
cc_label() { echo "${1}_$CC_VERSION"; }
cc_package() { echo "$(node_dir "${CC_SERVER[$2]}.$1")/$(cc_label "$2").tar.gz"; } # org, chaincode
package_id() { echo "$(cc_label "$2"):$(sha256sum "$(cc_package "$1" "$2")" | cut -d' ' -f1)"; } # org, chaincode

# The profile's settings (profiles/<name>.env) into the environment: the one the network was
# created with, else ALLIANCE_FABRIC_PROFILE, else test. Sets PROFILE and CHAINCODES.
load_profile() {
  PROFILE="${ALLIANCE_FABRIC_PROFILE:-test}"
  if [ -f "$STATE/profile" ]; then PROFILE="$(cat "$STATE/profile")"; fi
  [ -f "$FABRIC_DIR/profiles/$PROFILE.env" ] \
    || die "unknown profile '$PROFILE' (have: $(cd "$FABRIC_DIR/profiles" && ls | sed 's/\.env$//' | tr '\n' ' '))"
  set -a; . "$FABRIC_DIR/profiles/$PROFILE.env"; set +a
  read -r -a CHAINCODES <<<"${FABRIC_CHAINCODES:-evidence}"
}

# ---- binaries -------------------------------------------------------------------------------

how_to_get_fabric() {
  cat >&2 <<'TXT'
fabric: Fabric 3.1 binaries are needed: peer, orderer, osnadmin, configtxgen, cryptogen and the
fabric: chaincode-as-a-service builder (detect, build, release). Get Fabric's release binaries:
fabric:   - either run Fabric's install script (install-fabric.sh, published in the hyperledger/fabric
fabric:     repository's scripts folder) asking for the binaries only, version 3.1.x
fabric:     (its "binary" component with the Fabric version option set to 3.1.5);
fabric:   - or download hyperledger-fabric-<os>-<arch>-3.1.5.tar.gz from the v3.1.5 release on
fabric:     GitHub (github.com/hyperledger/fabric/releases) and unpack it.
fabric: Then put its bin folder on PATH or set FABRIC_BIN to it. The tarball's builders/ccaas folder
fabric: holds the builder and is found beside bin; elsewhere set FABRIC_CCAAS_BUILDER to the folder
fabric: that contains bin/detect, bin/build and bin/release.
TXT
}

# Sets PEER ORDERER OSNADMIN CONFIGTXGEN CRYPTOGEN CCAAS_BUILDER; returns non-zero with a message.
find_fabric() {
  local t dir missing=() found
  for t in peer orderer osnadmin configtxgen cryptogen; do
    if [ -n "${FABRIC_BIN:-}" ]; then
      found="$FABRIC_BIN/$t"; [ -x "$found" ] || found=""
    else
      found="$(command -v "$t" 2>/dev/null || true)"
    fi
    if [ -z "$found" ]; then missing+=("$t"); continue; fi
    printf -v "$(echo "$t" | tr '[:lower:]' '[:upper:]')" '%s' "$found"
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local where=PATH
    [ -n "${FABRIC_BIN:-}" ] && where="FABRIC_BIN=$FABRIC_BIN"
    warn "missing: ${missing[*]} (looked in $where)"
    how_to_get_fabric; return 1
  fi
  # Through symlinks: a user may link the release bin/ folder's binaries onto PATH.
  local bindir; bindir="$(dirname "$(readlink -f "$PEER")")"
  CCAAS_BUILDER=""
  for dir in ${FABRIC_CCAAS_BUILDER:+"$FABRIC_CCAAS_BUILDER"} "$bindir/../ccaas" "$bindir/../builders/ccaas"; do
    if [ -x "$dir/bin/detect" ] && [ -x "$dir/bin/build" ] && [ -x "$dir/bin/release" ]; then
      CCAAS_BUILDER="$(cd "$dir" && pwd)"; break
    fi
    if [ -n "${FABRIC_CCAAS_BUILDER:-}" ] && [ "$dir" = "$FABRIC_CCAAS_BUILDER" ]; then
      warn "FABRIC_CCAAS_BUILDER=$dir does not contain executable bin/detect, bin/build and bin/release"
      how_to_get_fabric; return 1
    fi
  done
  if [ -z "$CCAAS_BUILDER" ]; then
    warn "missing: the ccaas builder (bin/detect, bin/build, bin/release) in $bindir/../ccaas or $bindir/../builders/ccaas"
    how_to_get_fabric; return 1
  fi
  local bin version commit arg text
  for bin in "$PEER" "$ORDERER" "$CONFIGTXGEN" "$CRYPTOGEN"; do
    arg=version; [ "$bin" = "$CONFIGTXGEN" ] && arg=-version
    text="$("$bin" "$arg" 2>/dev/null || true)"
    version="$(sed -n 's/^ *Version: *//p' <<<"$text" | head -1)"
    commit="$(sed -n 's/^ *Commit SHA: *//p' <<<"$text" | head -1)"
    if [[ "$version" =~ ^v?${FABRIC_WANT_MINOR//./\\.}\.[0-9]+$ ]]; then continue; fi
    if [[ " $FABRIC_KNOWN_COMMITS " == *" ${commit:0:9} "* ]] && [ -n "$commit" ]; then continue; fi
    warn "$bin is Fabric version '${version:-unknown}' (commit ${commit:-unknown}); this network needs $FABRIC_WANT_MINOR.x"
    how_to_get_fabric; return 1
  done
  # osnadmin prints no version; it must come from the same folder as the checked peer.
  if [ "$(dirname "$OSNADMIN")" != "$(dirname "$PEER")" ]; then
    warn "osnadmin ($OSNADMIN) is not beside peer ($PEER); use one Fabric $FABRIC_WANT_MINOR.x release"
    return 1
  fi
  FABRIC_VERSION_FOUND="$("$PEER" version | sed -n 's/^ *Version: *//p' | head -1)"
}

# ---- processes ------------------------------------------------------------------------------

pid_file() { echo "$STATE/pids/$1.pid"; }
log_file() { echo "$STATE/logs/$1.log"; }

# The PID in a node's PID file, if that process is alive and is the node this network started
# (its environment carries ALLIANCE_FABRIC_NODE=<name> and its state dir), so a reused PID is ignored.
node_pid() {
  local f pid; f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  [ -n "$pid" ] && [ -r "/proc/$pid/environ" ] || return 1
  tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep >/dev/null -x "ALLIANCE_FABRIC_NODE=$1" || return 1
  tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep >/dev/null -x "ALLIANCE_FABRIC_STATE_DIR=$STATE" || return 1
  echo "$pid"
}

# Starts a node in its own session, logging to its log file; env assignments come as NAME=VALUE args before --.
start_node() { # name, [VAR=value...] -- command...
  local name="$1"; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  mkdir -p "$STATE/pids" "$STATE/logs"
  env "${envs[@]}" ALLIANCE_FABRIC_NODE="$name" ALLIANCE_FABRIC_STATE_DIR="$STATE" \
    setsid "$@" >>"$(log_file "$name")" 2>&1 </dev/null 9>&- &
  echo $! > "$(pid_file "$name")"
}

fail_node() { # name, message
  warn "ERROR: $1: $2"
  local log; log="$(log_file "$1")"
  if [ -f "$log" ]; then
    # gRPC's per-connection lines would crowd out what the node itself says.
    warn "---- last 25 lines of $log, without gRPC transport lines ----"
    grep -v -e '\[grpc\]' -e '\[comm.grpc.server\]' "$log" | tail -n 25 >&2
    warn "---- end of $log ----"
  fi
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port that shows a node is serving: the orderer's admin port, the peer's gRPC port, a chaincode server's port.
node_port() { # name
  local kind="${1%%.*}" org="${1#*.}"
  case "$kind" in orderer) port "$org" orderer-admin ;; *) port "$org" "$kind" ;; esac
}

check_port_free() { # node, port
  if port_open "$2"; then die "port 127.0.0.1:$2 for $1 is taken by another process (set ALLIANCE_FABRIC_PORT_BASE)"; fi
}

# Starts one node on its existing configuration and data, unless it is running; returns 1 if it
# was running. Needs find_fabric, load_profile, JAVA, and for a chaincode server its package.
launch_node() { # name
  local n="$1" kind="${1%%.*}" o="${1#*.}" p cc tls nd
  node_pid "$n" >/dev/null && return 1
  case "$kind" in
    orderer)
      for p in orderer orderer-admin orderer-ops; do check_port_free "$n" "$(port "$o" $p)"; done
      start_node "$n" FABRIC_CFG_PATH="$(node_dir "$n")" FABRIC_LOGGING_SPEC="$FABRIC_LOG_SPEC" -- "$ORDERER" ;;
    peer)
      for p in peer peer-cc peer-ops; do check_port_free "$n" "$(port "$o" $p)"; done
      start_node "$n" FABRIC_CFG_PATH="$(node_dir "$n")" FABRIC_LOGGING_SPEC="$FABRIC_LOG_SPEC" -- "$PEER" node start ;;
    ccserver|putserver)
      cc=evidence; [ "$kind" = putserver ] && cc=put
      check_port_free "$n" "$(port "$o" "$kind")"
      tls="$(crypto_org "$o")/peers/ccserver0.$(domain "$o")/tls"; nd="$(node_dir "$n")"
      # The shim serves TLS when CORE_PEER_TLS_ENABLED is set. CORE_TLS_CLIENT_*_FILE hold the
      # server's own key and certificate as PEM; when a peer connects, the shim also builds a gRPC
      # channel from CORE_TLS_CLIENT_*_PATH, which it reads as base64 of the PEM (the form a peer
      # hands to chaincode it launches itself), so those get base64 copies.
      base64 -w0 "$tls/server.key" > "$nd/tls-key.b64"; base64 -w0 "$tls/server.crt" > "$nd/tls-cert.b64"
      # shellcheck disable=SC2086
      start_node "$n" CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(port "$o" "$kind")" \
        CORE_CHAINCODE_ID_NAME="$(package_id "$o" "$cc")" CORE_PEER_TLS_ENABLED=true \
        CORE_TLS_CLIENT_KEY_FILE="$tls/server.key" CORE_TLS_CLIENT_CERT_FILE="$tls/server.crt" \
        CORE_TLS_CLIENT_KEY_PATH="$nd/tls-key.b64" CORE_TLS_CLIENT_CERT_PATH="$nd/tls-cert.b64" \
        CORE_PEER_TLS_ROOTCERT_FILE="$tls/ca.crt" CORE_CHAINCODE_LOGGING_LEVEL=INFO \
        -- "$JAVA" ${ALLIANCE_FABRIC_CC_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1} -jar "${CC_JAR[$cc]}" ;;
    *) die "unknown node $n (nodes: $(all_nodes | tr '\n' ' '))" ;;
  esac
}

find_java() { JAVA="$("$REPO_ROOT/alliance" java-home)/bin/java" || die "no JDK 21+ found; set JAVA_HOME"; }

wait_port() { # name, port, seconds
  local deadline=$((SECONDS + $3)) pid
  pid="$(cat "$(pid_file "$1")" 2>/dev/null)"
  while ! port_open "$2"; do
    # The PID itself, not node_pid: a node started a moment ago may not have exec'd into the
    # environment that carries its marker yet.
    pid_alive "$pid" || fail_node "$1" "exited before listening on 127.0.0.1:$2"
    [ $SECONDS -lt $deadline ] || fail_node "$1" "not listening on 127.0.0.1:$2 after $3 s"
    sleep 0.2
  done
}

# Whether a PID is a live process. A process killed a moment ago stays a zombie until its parent
# reaps it, and an orphaned node's parent is init, which here reaps only every second or two:
# kill -0 alone would call it alive for that long.
pid_alive() { # pid
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)"
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

stop_node() { # name
  local pid i
  pid="$(node_pid "$1")" || { rm -f "$(pid_file "$1")"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.2; done
  if pid_alive "$pid"; then warn "$1 (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$(pid_file "$1")"
  say "stopped $1 (pid $pid)"
}

# ---- peer CLI environments ------------------------------------------------------------------

# Runs the peer CLI as an identity of an org: user is admin, clerk, approver, ...
peer_as() { # org, user, peer args...
  local org="$1" user="$2"; shift 2
  local co; co="$(crypto_org "$org")"
  FABRIC_CFG_PATH="$(node_dir "peer.$org")" \
  CORE_PEER_LOCALMSPID="${MSP[$org]}" \
  CORE_PEER_MSPCONFIGPATH="$STATE/users/$org/$user/msp" \
  CORE_PEER_ADDRESS="127.0.0.1:$(port "$org" peer)" \
  CORE_PEER_TLS_ENABLED=true \
  CORE_PEER_TLS_ROOTCERT_FILE="$co/tlsca/tlsca.$(domain "$org")-cert.pem" \
  FABRIC_LOGGING_SPEC=warning \
    "$PEER" "$@"
}

tlsca_file() { echo "$(crypto_org "$1")/tlsca/tlsca.$(domain "$1")-cert.pem"; }
orderer_args() { echo "-o 127.0.0.1:$(port "$1" orderer) --tls --cafile $(tlsca_file "$1")"; }

# ---- material of an org, shared by up (the founding orgs) and join (an org that joins) -----------

cli() { "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$CLI_JAR" "$@"; }
org_title() { local o="$1"; echo "${o^}"; }

# cryptogen input: each org's CA and TLS CA, and TLS certificates for its three nodes.
crypto_config_yaml() { # orgs...
  local o
  echo "# cryptogen input written by up or join: each org's CA and TLS CA, and TLS certificates for its nodes."
  echo "PeerOrgs:"
  for o in "$@"; do
    cat <<YAML
  - Name: $(org_title "$o")
    Domain: $(domain "$o")
    EnableNodeOUs: true
    CA: {Country: CN, Province: Guangdong-Fujian, Locality: $(org_title "$o")}
    Specs:
      - {Hostname: peer0, SANS: [localhost, 127.0.0.1]}
      - {Hostname: orderer0, SANS: [localhost, 127.0.0.1]}
      - {Hostname: ccserver0, SANS: [localhost, 127.0.0.1]}
    Users: {Count: 0}
YAML
  done
}

# Starts enrolling an org's orderer signing identity (OU=orderer, from the org CA) and its users,
# with their role in the Fabric CA attribute extension, in the background; sets ENROLL_PID.
enroll_org() { # org
  local o="$1" co u; co="$(crypto_org "$o")"
  {
    echo "orderer0.$(domain "$o") orderer - $STATE/orderer-msp/$o/msp"
    echo "admin admin - $STATE/users/$o/admin/msp"
    for u in "${USERS[@]}"; do
      echo "$u client $u $STATE/users/$o/$u/msp"
    done
  } > "$STATE/config/enroll-$o.txt"
  cli fabric enroll --ca-cert "$co/ca/ca.$(domain "$o")-cert.pem" --ca-key "$co/ca/priv_sk" \
    --tls-ca-cert "$(tlsca_file "$o")" --msp-id "${MSP[$o]}" --batch "$STATE/config/enroll-$o.txt" \
    > "$STATE/config/enroll-$o.log" 2>&1 &
  ENROLL_PID=$!
}

# configtx.yaml with these orgs as members and consenters (ids 1.. in the order given) and the
# profile Alliance; needs load_profile.
configtx_yaml() { # orgs...
  local o m id tls
  echo "# Channel definition written by up or join. Each org has one MSP for its peer, orderer and users."
  echo "Organizations:"
  for o in "$@"; do
    m="${MSP[$o]}"
    cat <<YAML
  - &$m
    Name: $m
    ID: $m
    MSPDir: $(crypto_org "$o")/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('$m.admin', '$m.peer', '$m.client', '$m.orderer')"}
      # SmartBFT checks consenters' votes against /Channel/Orderer/Writers: the orderer role must be in it.
      Writers: {Type: Signature, Rule: "OR('$m.admin', '$m.client', '$m.orderer')"}
      Admins: {Type: Signature, Rule: "OR('$m.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('$m.peer')"}
    OrdererEndpoints: ["127.0.0.1:$(port "$o" orderer)"]
    AnchorPeers: [{Host: 127.0.0.1, Port: $(port "$o" peer)}]
YAML
  done
  cat <<YAML
Profiles:
  Alliance:
    Capabilities: {V3_0: true}
    Policies:
      Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
      Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
      Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    Orderer:
      OrdererType: BFT
      BatchTimeout: 2s
      BatchSize:
        MaxMessageCount: $BFT_REQUEST_BATCH_MAX_COUNT
        AbsoluteMaxBytes: 10 MB
        PreferredMaxBytes: 2 MB
      Capabilities: {V2_0: true}
      Policies:
        Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
        Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
        Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
        # Replaced by configtxgen with the BFT quorum of the consenters below.
        BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
      SmartBFT:
        RequestBatchMaxCount: $BFT_REQUEST_BATCH_MAX_COUNT
        RequestBatchMaxBytes: 10485760
        RequestBatchMaxInterval: $BFT_REQUEST_BATCH_MAX_INTERVAL
        IncomingMessageBufferSize: 200
        RequestPoolSize: 100000
        RequestForwardTimeout: $BFT_REQUEST_FORWARD_TIMEOUT
        RequestComplainTimeout: $BFT_REQUEST_COMPLAIN_TIMEOUT
        RequestAutoRemoveTimeout: $BFT_REQUEST_AUTO_REMOVE_TIMEOUT
        ViewChangeResendInterval: $BFT_VIEW_CHANGE_RESEND_INTERVAL
        ViewChangeTimeout: $BFT_VIEW_CHANGE_TIMEOUT
        LeaderHeartbeatTimeout: $BFT_LEADER_HEARTBEAT_TIMEOUT
        LeaderHeartbeatCount: $BFT_LEADER_HEARTBEAT_COUNT
        CollectTimeout: $BFT_COLLECT_TIMEOUT
      ConsenterMapping:
YAML
  id=1
  for o in "$@"; do
    tls="$(crypto_org "$o")/peers/orderer0.$(domain "$o")/tls/server.crt"
    cat <<YAML
        - {ID: $id, Host: 127.0.0.1, Port: $(port "$o" orderer), MSPID: ${MSP[$o]}, Identity: $STATE/orderer-msp/$o/msp/signcerts/cert.pem, ClientTLSCert: $tls, ServerTLSCert: $tls}
YAML
    id=$((id + 1))
  done
  echo "      Organizations:"
  for o in "$@"; do echo "        - *${MSP[$o]}"; done
  cat <<YAML
    Application:
      Capabilities: {V2_5: true}
      Policies:
        Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
        Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
        Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
        LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
        Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
      Organizations:
YAML
  for o in "$@"; do echo "        - *${MSP[$o]}"; done
}

render() { # template, output; variables come from the environment
  envsubst "$(grep -o '\${[A-Z_]*}' "$1" | sort -u | tr '\n' ' ')" < "$1" > "$2"
}

# Writes the core.yaml of the org's peer and the orderer.yaml of its orderer; needs find_fabric and load_profile.
render_node_configs() { # org
  local o="$1" co d n nd
  co="$(crypto_org "$o")"; d="$(domain "$o")"
  n="peer.$o"; nd="$(node_dir "$n")"; mkdir -p "$nd/data"
  NODE_ID="peer0.$d" PEER_ADDR="127.0.0.1:$(port "$o" peer)" PEER_CC_ADDR="127.0.0.1:$(port "$o" peer-cc)" \
  OPS_ADDR="127.0.0.1:$(port "$o" peer-ops)" MSP_ID="${MSP[$o]}" MSP_DIR="$co/peers/peer0.$d/msp" \
  TLS_DIR="$co/peers/peer0.$d/tls" DATA_DIR="$nd/data" CCAAS_BUILDER="$CCAAS_BUILDER" \
    render "$FABRIC_DIR/config/core.yaml.tmpl" "$nd/core.yaml"
  n="orderer.$o"; nd="$(node_dir "$n")"; mkdir -p "$nd/data"
  ORDERER_PORT="$(port "$o" orderer)" ADMIN_ADDR="127.0.0.1:$(port "$o" orderer-admin)" \
  OPS_ADDR="127.0.0.1:$(port "$o" orderer-ops)" MSP_ID="${MSP[$o]}" MSP_DIR="$STATE/orderer-msp/$o/msp" \
  TLS_DIR="$co/peers/orderer0.$d/tls" DATA_DIR="$nd/data" \
    render "$FABRIC_DIR/config/orderer.yaml.tmpl" "$nd/orderer.yaml"
}

# The org's chaincode package, which names its own server (connection.json), unless it exists.
# Fixed names, owners and mtimes and gzip -n: the same inputs give the same bytes, hence the same package id.
tar_det() { tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$1" -cf - "${@:2}" | gzip -n -9; }
package_chaincode() { # org, chaincode
  local o="$1" cc="$2" nd; nd="$(node_dir "${CC_SERVER[$cc]}.$o")"
  [ -f "$(cc_package "$o" "$cc")" ] && return 0
  mkdir -p "$nd/pkg/code"
  jq -n --arg addr "127.0.0.1:$(port "$o" "${CC_SERVER[$cc]}")" \
        --rawfile root "$(crypto_org "$o")/peers/ccserver0.$(domain "$o")/tls/ca.crt" \
    '{address: $addr, dial_timeout: "10s", tls_required: true, client_auth_required: false, root_cert: $root}' \
    > "$nd/pkg/code/connection.json"
  jq -n --arg name "$(cc_label "$cc")" '{"type": "ccaas", "label": $name}' > "$nd/pkg/metadata.json"
  tar_det "$nd/pkg/code" connection.json > "$nd/pkg/code.tar.gz"
  tar_det "$nd/pkg" metadata.json code.tar.gz > "$(cc_package "$o" "$cc")"
}

# Mutual TLS to an orderer's channel participation API, as its own node.
osn_admin_tls() { local co; co="$(crypto_org "$1")"; echo "--ca-file $(tlsca_file "$1") --client-cert $co/peers/orderer0.$(domain "$1")/tls/server.crt --client-key $co/peers/orderer0.$(domain "$1")/tls/server.key"; }
osn_admin() { # org, osnadmin args...
  local o="$1"; shift
  # shellcheck disable=SC2046
  "$OSNADMIN" "$@" -o "127.0.0.1:$(port "$o" orderer-admin)" $(osn_admin_tls "$o")
}

# Installs the org's packages on its peer, unless installed.
install_package() { # org
  local cc
  for cc in "${CHAINCODES[@]}"; do
    if peer_as "$1" admin lifecycle chaincode queryinstalled 2>/dev/null | grep >/dev/null "$(package_id "$1" "$cc")"; then continue; fi
    peer_as "$1" admin lifecycle chaincode install "$(cc_package "$1" "$cc")"
  done
}

# Approves the org's own package id of a chaincode at sequence 1 (also allowed once the definition is committed).
approve_chaincode() { # org, chaincode, orderer org
  if peer_as "$1" admin lifecycle chaincode queryapproved -C "$CHANNEL" -n "$2" --sequence 1 >/dev/null 2>&1; then return 0; fi
  # shellcheck disable=SC2046
  peer_as "$1" admin lifecycle chaincode approveformyorg $(orderer_args "$3") -C "$CHANNEL" -n "$2" \
    -v "$CC_VERSION" --package-id "$(package_id "$1" "$2")" --sequence 1 --waitForEvent
}

# The org's chaincode server answers through its own peer (a read, so nothing is written).
query_own_peer() { # org
  peer_as "$1" auditor chaincode query -C "$CHANNEL" -n "$CC_NAME" \
    -c "{\"function\":\"RecordsByOrg\",\"Args\":[\"${MSP[$1]}\",\"\",\"\",\"1\",\"\"]}"
}
