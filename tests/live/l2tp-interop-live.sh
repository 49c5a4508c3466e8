#!/usr/bin/env bash
# Live interop: our L2TP endpoint and PPP link (tests/live/l2tp-interop-probe, real UDP sockets)
# against real daemons from Debian, each in its own network namespace (prefix l2tplab-l2i-), a
# veth pair between them, addresses 192.0.2.1 (probe) and 192.0.2.2 (daemon):
#   1. l2tpns (userspace LNS with its own PPP, tun0) + freeradius: the probe dials as a RouterOS
#      l2tp-client would — tunnel, incoming call, LCP, PAP via RADIUS, IPCP with an address from
#      l2tpns's pool — and pings l2tpns's end through the session (ICMP Echo Reply must come back).
#   2. xl2tpd as LNS: tunnel and session established (xl2tpd then hangs up the call itself: its
#      pppd cannot run on a kernel without PPP, which is the daemon's doing, not ours).
#   3. xl2tpd as LAC dials the probe (--lns): tunnel and session established.
# A tcpdump capture of each case is judged by tshark (no malformed packet) and by `l2tplab check`
# (every RFC rule on both sides' packets) when the l2tplab binary sits next to the probe.
# Exit 77 (skipped) when not root or a daemon is missing (tools/bootstrap --interop installs
# them). Only what this script creates is removed (trap): its namespaces and its own processes,
# by PID / process group.
#   tests/live/l2tp-interop-live.sh PROBE-BINARY [CASE...]     CASE: l2tpns xl2tpd-lns xl2tpd-lac
set -uo pipefail
probe=${1:?usage: l2tp-interop-live.sh PROBE-BINARY [CASE...]}
shift
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(l2tpns xl2tpd-lns xl2tpd-lac)
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root"; exit 77; }
for tool in ip xl2tpd l2tpns freeradius tcpdump tshark unshare setsid; do
  command -v "$tool" >/dev/null || { echo "skip: $tool missing (tools/bootstrap --interop)"; exit 77; }
done
[[ -x "$probe" ]] || { echo "probe $probe missing" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
confd="$here/../../tools/capture-reference.d"
work=$(mktemp -d /tmp/l2tplab-l2i.XXXXXX)
chmod 755 "$work"
ns_p=l2tplab-l2i-p ns_d=l2tplab-l2i-d
pgids=()
fail=0

cleanup() {
  local p
  for p in "${pgids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${pgids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  pgids=()
  ip netns del $ns_p 2>/dev/null || true
  ip netns del $ns_d 2>/dev/null || true
}
trap 'cleanup; [[ -n "${KEEP:-}" ]] || rm -rf "$work"' EXIT

say() { printf '[l2tp-interop %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
bad() { say "FAIL: $*"; fail=1; }

fill() { # fill TEMPLATE OUT VAR=VALUE...
  local tpl="$1" out="$2"; shift 2
  cp "$tpl" "$out"
  local kv
  for kv in "$@"; do sed -i "s#@${kv%%=*}@#${kv#*=}#g" "$out"; done
}

# Start "$@" in namespace $1 in its own session; log to $2; records the process group.
bg_in() {
  local ns="$1" log="$2"; shift 2
  ip netns exec "$ns" setsid "$@" >"$log" 2>&1 </dev/null &
  pgids+=("$!")
  echo "$!"
}

wait_for() { # wait_for SECONDS cmd...
  local t=$1 i; shift
  for ((i = 0; i < t * 4; i++)); do "$@" && return 0; sleep 0.25; done
  return 1
}

setup_ns() {
  cleanup
  ip netns add $ns_p && ip netns add $ns_d || exit 2
  ip link add l2tplab-l2i-vp netns $ns_p type veth peer name l2tplab-l2i-vd netns $ns_d
  ip -n $ns_p addr add 192.0.2.1/24 dev l2tplab-l2i-vp
  ip -n $ns_d addr add 192.0.2.2/24 dev l2tplab-l2i-vd
  local ns
  for ns in $ns_p $ns_d; do ip -n $ns link set lo up; done
  ip -n $ns_p link set l2tplab-l2i-vp up
  ip -n $ns_d link set l2tplab-l2i-vd up
}

capture() { # capture FILE: tcpdump on the daemon's veth
  bg_in $ns_d "$1.log" tcpdump -n -i l2tplab-l2i-vd -s 0 -U -w "$1" udp >/dev/null
  wait_for 5 grep -q "listening on" "$1.log"
}

checker="$(dirname "$probe")/l2tplab"
judge() { # judge FILE CASE: tshark finds L2TP and nothing malformed; l2tplab check passes it
  sleep 0.5
  if [[ -x "$checker" ]]; then
    "$checker" check --quiet "$1" >"$1.check" 2>&1 || { bad "$2: l2tplab check: $(head -3 "$1.check")"; }
    say "$2: $(head -1 "$1.check")"
  fi
  local n m
  n=$(tshark -n -r "$1" -Y l2tp 2>/dev/null | wc -l)
  m=$(tshark -n -r "$1" -Y "_ws.malformed || _ws.expert.severity >= error" 2>/dev/null | wc -l)
  [[ $n -gt 0 ]] || bad "$2: no L2TP in the capture"
  [[ $m -eq 0 ]] || { bad "$2: $m malformed/error frames"; tshark -n -r "$1" -Y "_ws.malformed || _ws.expert.severity >= error" | head; }
  say "$2: capture $n L2TP frames, $m malformed"
}

milestone() { # milestone LOG NAME
  grep -q "\"milestones\":\"[^\"]*,$2," "$1"
}

case_l2tpns() {
  local w="$work/l2tpns"; mkdir -p "$w/radlog" "$w/radrun"
  setup_ns
  cp -a /etc/freeradius/3.0 "$w/raddb"
  sed -i -E "s#^(\s*)logdir = .*#\1logdir = $w/radlog#; s#^(\s*)raddbdir = .*#\1raddbdir = $w/raddb#;
             s#^(\s*)run_dir = .*#\1run_dir = $w/radrun#; s#^(\s*)(user|group) = freerad#\1\#\2 = freerad#" \
    "$w/raddb/radiusd.conf"
  fill "$confd/l2tpns/radius-clients.conf.in" "$w/raddb/clients.conf" RADIUS_SECRET=l2tplab-radius
  fill "$confd/l2tpns/radius-authorize.in" "$w/raddb/mods-config/files/authorize" \
    RADIUS_USER=l2tpuser RADIUS_PASS=l2tppass
  fill "$confd/l2tpns/startup-config.in" "$w/startup-config" WORK="$w" LNS_ADDR=192.0.2.2 \
    SECRET="" RADIUS_SECRET=l2tplab-radius
  cp "$confd/l2tpns/ip_pool.in" "$w/ip_pool"
  capture "$w/cap.pcap" || bad "l2tpns: tcpdump did not start"
  bg_in $ns_d "$w/radius.out" freeradius -f -d "$w/raddb" -l "$w/radius.log" >/dev/null
  wait_for 15 grep -qs "Ready to process requests" "$w/radius.log" || { bad "freeradius did not start"; return; }
  bg_in $ns_d "$w/l2tpns.out" unshare -m --propagation private \
    sh -c 'mount --bind "$1" /etc/l2tpns/ip_pool && exec l2tpns -c "$2"' sh "$w/ip_pool" "$w/startup-config" >/dev/null
  wait_for 20 grep -qs "I am declaring myself the master" "$w/l2tpns.log" || { bad "l2tpns did not become master"; return; }
  ip netns exec $ns_p "$probe" --local 192.0.2.1 --remote 192.0.2.2 --user l2tpuser --password l2tppass \
    --allow pap,chap --until ping-reply --seconds 25 >"$w/probe.log" 2>&1
  local rc=$?
  for m in tunnel-up session-up ipcp-up ping-reply; do
    milestone "$w/probe.log" $m || bad "l2tpns: milestone $m not reached"
  done
  [[ $rc -eq 0 ]] || bad "l2tpns: probe exit $rc"
  grep -q "\"kind\":\"auth-ok\"\|authenticated\|\"kind\":\"success\"" "$w/probe.log" || true
  grep -q '"probe":"ipcp-up"' "$w/probe.log" && grep '"probe":"ipcp-up"' "$w/probe.log" | head -1
  judge "$w/cap.pcap" l2tpns
  [[ $fail -eq 0 ]] || { tail -30 "$w/probe.log"; tail -20 "$w/l2tpns.log"; }
}

case_xl2tpd_lns() {
  local w="$work/xl2tpd-lns"; mkdir -p "$w"
  setup_ns
  fill "$confd/xl2tpd/lns.conf.in" "$w/lns.conf" WORK="$w" LNS_ADDR=192.0.2.2 AUTH_OPTS=""
  : >"$w/l2tp-secrets"; chmod 600 "$w/l2tp-secrets"
  capture "$w/cap.pcap" || bad "xl2tpd-lns: tcpdump did not start"
  bg_in $ns_d "$w/lns.log" xl2tpd -D -c "$w/lns.conf" -C "$w/lns.ctl" -p "$w/lns.pid" >/dev/null
  wait_for 10 test -p "$w/lns.ctl" || { bad "xl2tpd LNS did not start"; return; }
  ip netns exec $ns_p "$probe" --local 192.0.2.1 --remote 192.0.2.2 --until session-up --linger 3 \
    --seconds 15 >"$w/probe.log" 2>&1 || bad "xl2tpd-lns: probe exit $?"
  for m in tunnel-up session-up; do
    milestone "$w/probe.log" $m || bad "xl2tpd-lns: milestone $m not reached"
  done
  judge "$w/cap.pcap" xl2tpd-lns
  [[ $fail -eq 0 ]] || { tail -30 "$w/probe.log"; tail -30 "$w/lns.log"; }
}

case_xl2tpd_lac() {
  local w="$work/xl2tpd-lac"; mkdir -p "$w"
  setup_ns
  fill "$confd/xl2tpd/lac.conf.in" "$w/lac.conf" WORK="$w" LAC_ADDR=192.0.2.2 LNS_ADDR=192.0.2.1 AUTH_OPTS=""
  : >"$w/l2tp-secrets"; chmod 600 "$w/l2tp-secrets"
  capture "$w/cap.pcap" || bad "xl2tpd-lac: tcpdump did not start"
  ip netns exec $ns_p "$probe" --lns --local 192.0.2.1 --remote 192.0.2.2 --until session-up \
    --linger 2 --seconds 15 >"$w/probe.log" 2>&1 &
  local probe_pid=$!
  bg_in $ns_d "$w/lac.log" xl2tpd -D -c "$w/lac.conf" -C "$w/lac.ctl" -p "$w/lac.pid" >/dev/null
  wait_for 10 test -p "$w/lac.ctl" || { bad "xl2tpd LAC did not start"; return; }
  echo "c ref" >"$w/lac.ctl"
  wait "$probe_pid" || bad "xl2tpd-lac: probe exit $?"
  for m in tunnel-up session-up; do
    milestone "$w/probe.log" $m || bad "xl2tpd-lac: milestone $m not reached"
  done
  judge "$w/cap.pcap" xl2tpd-lac
  [[ $fail -eq 0 ]] || { tail -30 "$w/probe.log"; tail -30 "$w/lac.log"; }
}

for c in "${cases[@]}"; do
  say "case $c"
  case "$c" in
    l2tpns) case_l2tpns ;;
    xl2tpd-lns) case_xl2tpd_lns ;;
    xl2tpd-lac) case_xl2tpd_lac ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
  cleanup
done
[[ $fail -eq 0 ]] && say "all cases passed" || say "some cases FAILED (KEEP=1 keeps $work)"
exit $fail
