#!/usr/bin/env bash
# Live interop: our IKEv1 engine (tests/live/ike-charon-probe, real UDP sockets) against
# strongSwan's charon, each in its own network namespace (l2tplab-ike-p: the probe at 192.0.2.1,
# l2tplab-ike-c: charon at 192.0.2.2, a veth pair between them).
#   1. the probe initiates (main mode PSK, quick mode with PFS): both sides must establish; the
#      probe must reach INSTALL_SA in and out (charon's own kernel install may fail in a container
#      without ESP; what counts is that charon accepted every message of ours);
#   2. charon initiates, the probe responds: phase 1 up on both sides and charon accepts our quick
#      mode message 2 (it derives the child keys).
# Exit 77 (skipped) when not root, or charon/ip are missing. Only what this script creates is
# removed (trap): the two namespaces, /etc/netns/l2tplab-ike-{p,c}, and its own processes by PID.
#   tests/live/ike-charon-live.sh PROBE-BINARY
set -uo pipefail
probe=${1:?usage: ike-charon-live.sh PROBE-BINARY}
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root"; exit 77; }
command -v ipsec >/dev/null && command -v ip >/dev/null || { echo "skip: no strongSwan starter"; exit 77; }
[[ -x "$probe" ]] || { echo "probe $probe missing" >&2; exit 2; }
psk="l2tplab-live-psk"
work=$(mktemp -d /tmp/l2tplab-ike-live.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  ip netns del l2tplab-ike-p 2>/dev/null || true
  ip netns del l2tplab-ike-c 2>/dev/null || true
  rm -rf /etc/netns/l2tplab-ike-p /etc/netns/l2tplab-ike-c
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
ip netns add l2tplab-ike-p || exit 2
ip netns add l2tplab-ike-c || exit 2
ip link add l2tplab-ike-vp type veth peer name l2tplab-ike-vc
ip link set l2tplab-ike-vp netns l2tplab-ike-p
ip link set l2tplab-ike-vc netns l2tplab-ike-c
ip -n l2tplab-ike-p addr add 192.0.2.1/24 dev l2tplab-ike-vp
ip -n l2tplab-ike-c addr add 192.0.2.2/24 dev l2tplab-ike-vc
for ns in p c; do
  ip -n l2tplab-ike-$ns link set lo up
  ip -n l2tplab-ike-$ns link set l2tplab-ike-v$ns up
done
d=/etc/netns/l2tplab-ike-c
mkdir -p "$d"
cat > "$d/strongswan.conf" <<EOC
charon {
  load_modular = yes
  install_routes = no
  plugins {
    include /etc/strongswan.d/charon/*.conf
  }
  filelog {
    live {
      path = $work/charon.log
      default = 1
      ike = 2
      cfg = 2
      chd = 2
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
EOC
echo "192.0.2.2 192.0.2.1 : PSK \"$psk\"" > "$d/ipsec.secrets"
chmod 600 "$d/ipsec.secrets"

charon_start() { # $1 auto=add|start
  cat > "$d/ipsec.conf" <<EOC
config setup
conn l2tp
  keyexchange=ikev1
  authby=secret
  left=192.0.2.2
  right=192.0.2.1
  type=transport
  leftprotoport=17/1701
  rightprotoport=17/1701
  ike=3des-sha1-modp1024!
  esp=aes256-sha1-modp1024!
  auto=$1
EOC
  : > "$work/charon.log"
  ip netns exec l2tplab-ike-c unshare -m --propagation private \
    sh -c "mount -t tmpfs l2tplab-ike-run /run && exec ipsec start --nofork" \
    > "$work/starter.out" 2>&1 &
  charon_pid=$!
  pids+=($charon_pid)
  for _ in $(seq 1 20); do grep -q "listening on interfaces\|loaded" "$work/charon.log" 2>/dev/null && break; sleep 0.5; done
  sleep 1
}
charon_stop() {
  kill "$charon_pid" 2>/dev/null; wait "$charon_pid" 2>/dev/null; sleep 1
}
fail=0
check() { # $1 description, $2.. command
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

# 1. we initiate
charon_start add
ip netns exec l2tplab-ike-p "$probe" --local 192.0.2.1 --remote 192.0.2.2 --psk "$psk" \
  --seconds 30 > "$work/probe1.out" 2>&1
rc=$?
charon_stop
check "probe (initiator) reached phase2-established" test $rc -eq 0
check "probe installed the inbound SA" grep -q "^INSTALL_SA in" "$work/probe1.out"
check "probe installed the outbound SA" grep -q "^INSTALL_SA out" "$work/probe1.out"
check "charon established the IKE SA" grep -q "IKE_SA l2tp\[1\] established" "$work/charon.log"
check "charon selected our ESP proposal" grep -q "selected proposal: ESP:AES_CBC_256/HMAC_SHA1_96/MODP_1024" "$work/charon.log"
cp "$work/charon.log" "$work/charon1.log"

# 2. charon initiates, we respond
ip netns exec l2tplab-ike-p "$probe" --local 192.0.2.1 --remote 192.0.2.2 --psk "$psk" \
  --responder --until phase1-established --linger 5 --seconds 30 > "$work/probe2.out" 2>&1 &
probe_pid=$!
pids+=($probe_pid)
sleep 1
charon_start start
wait "$probe_pid"
rc=$?
sleep 1
charon_stop
check "probe (responder) reached phase1-established" test $rc -eq 0
check "charon established the IKE SA" grep -q "IKE_SA l2tp\[1\] established" "$work/charon.log"
check "charon accepted our quick mode answer" grep -q "CHILD_SA l2tp{1} state change: CREATED => INSTALLING\|CHILD_SA l2tp{1} established" "$work/charon.log"
if [[ $fail -ne 0 ]]; then
  echo "--- probe 1"; cat "$work/probe1.out"; echo "--- charon 1"; tail -30 "$work/charon1.log"
  echo "--- probe 2"; cat "$work/probe2.out"; echo "--- charon 2"; tail -30 "$work/charon.log"
fi
exit $fail
