/**
 * \file
 * \brief The L2TP layer's declared observables: every event kind the L2TP cores (endpoint, tunnel,
 * session) and the l2tp-client adapter emit, and every counter L2tpEndpoint::GetCounters() can
 * hold.
 *
 * Adding an Emit() or a counter without a row here fails the unit tests (tests/unit/l2tp: the
 * endpoint harness checks every emitted kind and counter against these rows, and every REACHABLE
 * row is emitted there); docs/scenario-reference.md renders these rows.
 */
#ifndef L2TPLAB_L2TP_OBSERVABLES_H
#define L2TPLAB_L2TP_OBSERVABLES_H

#include "model/common/observables.h"

namespace ns3
{

/** \brief L2TP event kinds, tunnel rows then session rows then endpoint/adapter rows. */
inline constexpr EventKindSpec kL2tpEventKinds[] = {
    {"state", "l2tp/tunnel/<id>", "from, event, to",
     "a tunnel FSM transition that changes the state (RFC 2661 §7.2.1 table)",
     ObservableReach::REACHABLE},
    {"fsm-miss", "l2tp/tunnel/<id>", "state, event",
     "an event the tunnel FSM has no row for in its current state; ignored (§7.2: the tables are "
     "complete, so this marks a defensive gap)",
     ObservableReach::NOT_YET_REACHABLE},
    {"established", "l2tp/tunnel/<id>", "peer, peer-tunnel, peer-host, authenticated",
     "control connection up (SCCCN sent or received, §5.1)", ObservableReach::REACHABLE},
    {"closed", "l2tp/tunnel/<id>", "result, error, reason, by",
     "StopCCN sent or received, give-up, refusal (§5.7, §6.4)", ObservableReach::REACHABLE},
    {"auth-failed", "l2tp/tunnel/<id>", "by, reason",
     "tunnel authentication failed: StopCCN result 4 (§5.1.1, §4.4.2)", ObservableReach::REACHABLE},
    {"tie-breaker", "l2tp/tunnel/<id>", "outcome",
     "this side's SCCRQ lost the Tie Breaker; its control connection is discarded and the tunnel "
     "answers the winner's SCCRQ (§4.4.3, §7.2.1)",
     ObservableReach::REACHABLE},
    {"peer-address", "l2tp/tunnel/<id>", "from, to",
     "the LNS answered from another address/port; the LAC follows it (§8.1)",
     ObservableReach::REACHABLE},
    {"give-up", "l2tp/tunnel/<id>", "peer",
     "a control message stayed unacknowledged after every retransmission (§5.8)",
     ObservableReach::REACHABLE},
    {"drop", "l2tp/tunnel/<id>", "reason, session, message",
     "a control message for a session this tunnel does not have (reason unknown-session)",
     ObservableReach::REACHABLE},
    {"state", "l2tp/tunnel/<id>/session/<id>", "from, event, to",
     "a session FSM transition that changes the state (§7.4, §7.5 tables)",
     ObservableReach::REACHABLE},
    {"fsm-miss", "l2tp/tunnel/<id>/session/<id>", "state, event",
     "an event the session FSM has no row for in its current state; ignored",
     ObservableReach::NOT_YET_REACHABLE},
    {"established", "l2tp/tunnel/<id>/session/<id>", "role, peer-session, sequencing",
     "session up (ICCN/OCCN sent or received, §5.2)", ObservableReach::REACHABLE},
    {"closed", "l2tp/tunnel/<id>/session/<id>", "result, error, reason, by",
     "CDN sent or received, or the tunnel went away (§5.6, §6.12)", ObservableReach::REACHABLE},
    {"wen", "l2tp/tunnel/<id>/session/<id>",
     "crc, framing, hw-overruns, buf-overruns, timeouts, alignment",
     "the LNS received a WAN-Error-Notify with these Call Errors (§6.13)",
     ObservableReach::REACHABLE},
    {"sli", "l2tp/tunnel/<id>/session/<id>", "send-accm, recv-accm",
     "the LAC received a Set-Link-Info and updated its ACCM (§6.14)", ObservableReach::REACHABLE},
    {"drop", "l2tp/endpoint", "reason, from",
     "a datagram was dropped before reaching a tunnel (decode error, unknown tunnel, Tunnel ID 0, "
     "lost Tie Breaker, ...); reason is the counter name after drop/",
     ObservableReach::REACHABLE},
    {"redial-scheduled", "l2tp-client/<name>", "at, old-tunnel",
     "an l2tp-client's tunnel went down; it dials again at `at` (ns-3 adapter)",
     ObservableReach::REACHABLE},
    {"one-session-per-host", "l2tp-server", "host, closed, old-tunnel, new-tunnel",
     "one-session-per-host=yes: a new session from `host` came up, so the server hangs up its "
     "older session `closed` from the same address (CDN Result Code 3)",
     ObservableReach::REACHABLE},
    {"demand-dial", "l2tp-client/<name>", "dial",
     "a dial-on-demand client that was not connected dials because traffic wants out through it "
     "(`dial` = its dial count with this one)",
     ObservableReach::REACHABLE},
};

/** \brief L2tpEndpoint::GetCounters() names (state path `l2tp/counters/<name>`). */
inline constexpr CounterSpec kL2tpCounters[] = {
    {"drop/decode/<error>", "datagrams the codec refused, by L2tpDecodeError (e.g. AVP_OVERRUN)"},
    {"drop/unknown-tunnel", "datagrams for a Tunnel ID this endpoint does not have"},
    {"drop/control/tunnel-id-0", "non-SCCRQ control messages with Tunnel ID 0"},
    {"drop/control/sccrq-no-tunnel-id", "incoming SCCRQs dropped: no free local Tunnel ID"},
    {"drop/control/sccrq-tie-breaker-equal", "SCCRQs whose Tie Breaker equals ours (§4.4.3)"},
    {"drop/control/sccrq-tie-breaker-lost-by-peer", "SCCRQs that lost to our Tie Breaker"},
    {"drop/control/session-id-0", "session messages (other than ICRQ/OCRQ) with Session ID 0"},
    {"drop/unknown-session", "messages for a Session ID the tunnel does not have"},
    {"drop/data/tunnel-not-established", "data messages before the tunnel is up"},
    {"drop/data/session-not-established", "data messages before the session is up"},
    {"drop/data/stale-sequence", "sequenced data messages older than the last one (§5.4)"},
    {"tunnel/refused/no-tunnel-id", "tunnels this side could not open: no free local Tunnel ID"},
    {"tunnel/refused/not-accepting", "SCCRQs refused: the endpoint does not accept tunnels"},
    {"tunnel/refused/max-tunnels", "SCCRQs refused: max-tunnels reached"},
    {"tunnel/tie-breaker-won", "SCCRQ collisions this side won (§4.4.3)"},
    {"tunnel/tie-breaker-lost", "SCCRQ collisions this side lost"},
    {"tunnel/tie-breaker-equal", "SCCRQ collisions with equal Tie Breakers (both discard)"},
    {"tunnel/peer-address-changed", "LNS answers from another address/port (§8.1)"},
    {"tunnel/retransmit", "control messages retransmitted by any tunnel (§5.8)"},
    {"tunnel/stopccn-sent", "StopCCNs sent"},
    {"tunnel/stopccn-received", "StopCCNs received"},
    {"tunnel/give-up", "tunnels torn down after the last retransmission (§5.8)"},
    {"call/refused/unknown-tunnel", "calls placed on a tunnel that does not exist"},
    {"call/refused/max-sessions", "calls refused: max-sessions reached"},
    {"call/refused/no-bearer-capabilities", "outgoing calls refused: no bearer capability"},
    {"call/refused/no-session-id", "calls not placed: no free Session ID"},
    {"tx/drop/unknown-tunnel", "frames sent on a tunnel that does not exist"},
    {"tx/drop/session-not-established", "frames sent on a session that is not up"},
    {"tx/refused/sli", "Set-Link-Info requests the tunnel refused to send (e.g. session not up)"},
    {"tx/refused/wen",
     "WAN-Error-Notify requests the tunnel refused to send (e.g. session not up)"},
    {"error/encode", "control messages the codec could not encode"},
    {"ignored/unknown-message-type", "control messages of an unknown type without the M bit"},
    {"channel/tx", "control messages sent the first time (§5.8 reliable delivery)"},
    {"channel/rx", "new control messages delivered in order"},
    {"channel/retransmit", "control messages retransmitted"},
    {"channel/give-up", "channels that gave up after the last retransmission"},
    {"channel/zlb-tx", "ZLB acknowledgements sent"},
    {"channel/zlb-rx", "ZLB acknowledgements received"},
    {"channel/hello-tx", "HELLOs sent (keepalive, §6.5)"},
    {"channel/bad-nr", "messages whose Nr acknowledges something never sent"},
    {"channel/out-of-order", "messages buffered ahead of a gap"},
    {"channel/duplicate", "duplicates (retransmissions of messages already received)"},
    {"channel/outside-window", "messages beyond the receive window, dropped"},
};

/** \brief The L2TP layer's table. */
inline constexpr ObservableTable kL2tpObservables =
    MakeObservableTable("l2tp", "l2tp/counters/", kL2tpEventKinds, kL2tpCounters);

} // namespace ns3

#endif
