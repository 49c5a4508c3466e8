/**
 * \file
 * \brief The PPP layer's declared observables, one array per slice: the control protocols (LCP,
 * IPCP, IPV6CP on the RFC 1661 automaton, slice ppp-core) here first, the authentication protocols
 * (slice ppp-auth) below. The link (PppLink) emits a control protocol's CpEvent(kind, detail) as
 * `{"obj": "ppp/<interface>/<cp>", "ev": kind, "detail": detail}` and reports its counters under
 * `ppp/<interface>/counters/` (names as PppControlProtocol::Counters() holds them, e.g.
 * "lcp/rx/configure-request").
 */
#ifndef L2TPLAB_PPP_OBSERVABLES_H
#define L2TPLAB_PPP_OBSERVABLES_H

#include "model/common/observables.h"

namespace ns3
{

// ---- control protocols (slice ppp-core: model/ppp/ppp-cp.cc, ppp-lcp.cc, ppp-ipv6cp.cc)

/** \brief Events of PppControlProtocol and PppLcp (`<cp>` is lcp, ipcp or ipv6cp). */
inline constexpr EventKindSpec kPppCpEventKinds[] = {
    {"state", "ppp/<interface>/<cp>", "detail",
     "an automaton transition that changes the state, detail \"FROM -EVENT-> TO\" (RFC 1661 §4.1)",
     ObservableReach::REACHABLE},
    {"fsm-miss", "ppp/<interface>/<cp>", "detail",
     "an event without a row; cannot happen (the §4.1 table is complete), kept as a tripwire",
     ObservableReach::NOT_YET_REACHABLE},
    {"drop", "ppp/<interface>/<cp>", "detail",
     "a packet was discarded, detail = the reason (malformed/<why>, bad-id, ack-mismatch, "
     "reject-mismatch, protocol-reject-not-opened; §5)",
     ObservableReach::REACHABLE},
    {"unknown-code", "ppp/<interface>/<cp>", "detail",
     "a packet with a Code this protocol does not know; answered with Code-Reject (§5.6)",
     ObservableReach::REACHABLE},
    {"code-rejected", "ppp/<interface>/<cp>", "detail",
     "the peer Code-Rejected one of our codes (RXJ+ or RXJ-, §5.6)", ObservableReach::REACHABLE},
    {"protocol-rejected", "ppp/<interface>/lcp", "detail",
     "the peer Protocol-Rejected a protocol we sent (§5.7); the link stops that protocol",
     ObservableReach::REACHABLE},
    {"auth-negotiation-failed", "ppp/<interface>/lcp", "detail",
     "the peer Rejected the Authentication-Protocol option or Nak'd every method we allow; LCP "
     "closes (§6.2)",
     ObservableReach::REACHABLE},
    {"looped-back", "ppp/<interface>/lcp", "detail",
     "Configure-Requests (or an Echo) keep carrying our own Magic-Number: the link is probably "
     "looped back (§6.4, §5.8)",
     ObservableReach::REACHABLE},
};

/** \brief PppControlProtocol::Counters() names (`<cp>` is lcp, ipcp or ipv6cp). */
inline constexpr CounterSpec kPppCpCounters[] = {
    {"<cp>/rx/<code>", "packets received, by code name (configure-request, ..., unknown)"},
    {"<cp>/tx/<code>", "packets sent, by code name"},
    {"<cp>/drop/<reason>", "packets discarded: malformed/<why>, bad-id, ack-mismatch, ..."},
    {"<cp>/timeout", "Restart timer expiries (TO+ and TO-, §4.6)"},
    {"<cp>/max-failure", "Configure-Naks turned into Configure-Rejects after Max-Failure (§4.6)"},
    {"lcp/tx/refused/<code>",
     "Echo-Request or Protocol-Reject not sent: LCP not Opened (§5.7, §5.8)"},
    {"lcp/auth-negotiation-failed", "LCP closes: no authentication method agreed (§6.2)"},
    {"lcp/magic/own-value-received", "Configure-Requests carrying our own Magic-Number (§6.4)"},
    {"lcp/magic/own-nak-received", "Configure-Naks suggesting the Magic-Number of our last Nak"},
    {"lcp/looped-back", "loop-back detections (§6.4)"},
    {"ipv6cp/interface-id/<why>",
     "peer Interface-Identifiers Nak'd: zero or collision (RFC 5072 §4.1)"},
};

/** \brief The control protocols' table (layer "ppp"). */
inline constexpr ObservableTable kPppCpObservables =
    MakeObservableTable("ppp", "ppp/<interface>/counters/", kPppCpEventKinds, kPppCpCounters);

// ---- authentication (slice ppp-auth adds kPppAuthEventKinds, kPppAuthCounters and its table here)

} // namespace ns3

#endif
