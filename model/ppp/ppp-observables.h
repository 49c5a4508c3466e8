/**
 * \file
 * \brief The PPP layer's declared observables: the option-negotiation automaton's rows
 * (kPppCpEventKinds, slice ppp-core) and the authentication protocols' rows (kPppAuthEventKinds,
 * kPppAuthCounters: PppAuthenticator and PppAuthPeer, model/ppp/ppp-auth.h). PppLink's own kinds
 * are in model/ppp/ppp-link-observables.h.
 */
#ifndef L2TPLAB_PPP_OBSERVABLES_H
#define L2TPLAB_PPP_OBSERVABLES_H

#include "model/common/observables.h"

namespace ns3
{

// ---- control protocols (slice ppp-core: model/ppp/ppp-cp.cc, ppp-lcp.cc, ppp-ipv6cp.cc)

/** \brief Events of PppControlProtocol and PppLcp (`<cp>` is lcp, ipcp, ipv6cp or ccp). */
inline constexpr EventKindSpec kPppCpEventKinds[] = {
    {"state", "ppp/<interface>/<cp>", "detail",
     "an automaton transition that changes the state, detail \"FROM -EVENT-> TO\" (RFC 1661 §4.1)",
     ObservableReach::REACHABLE},
    {"fsm-miss", "ppp/<interface>/<cp>", "detail",
     "an event without a row; cannot happen (the §4.1 table is complete), kept as a tripwire",
     ObservableReach::NOT_YET_REACHABLE},
    {"drop", "ppp/<interface>/<cp>", "detail",
     "a packet was discarded, detail = the reason (malformed/WHY, bad-id, ack-mismatch, "
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
    {"mppe-rejected-by-peer", "ppp/<interface>/ccp", "detail",
     "use-encryption=required and the peer Configure-Rejected the MPPE option; CCP closes and "
     "the link is terminated (RFC 3078 §2.1)",
     ObservableReach::REACHABLE},
    {"mppe-no-common-strength", "ppp/<interface>/ccp", "detail",
     "use-encryption=required and the peer Nak'd MPPE with only key strengths we refuse; CCP "
     "closes and the link is terminated (RFC 3078 §2.1)",
     ObservableReach::REACHABLE},
    {"looped-back", "ppp/<interface>/lcp", "detail",
     "Configure-Requests (or an Echo) keep carrying our own Magic-Number: the link is probably "
     "looped back (§6.4, §5.8)",
     ObservableReach::REACHABLE},
};

/** \brief PppControlProtocol::Counters() names (`<cp>` is lcp, ipcp, ipv6cp or ccp). */
inline constexpr CounterSpec kPppCpCounters[] = {
    {"<cp>/rx/<code>",
     "packets received, by code name (configure-request, ..., unknown; CCP also reset-request, "
     "reset-ack, RFC 1962 §5)"},
    {"<cp>/tx/<code>", "packets sent, by code name"},
    {"<cp>/drop/<reason>", "packets discarded: malformed/<why>, bad-id, ack-mismatch, ..."},
    {"<cp>/timeout", "Restart timer expiries (TO+ and TO-, §4.6)"},
    {"<cp>/max-failure", "Configure-Naks turned into Configure-Rejects after Max-Failure (§4.6)"},
    {"<cp>/protocol-rejected-by-peer",
     "the peer's LCP Protocol-Rejected this NCP: RXJ- on its automaton (RFC 1661 §5.7)"},
    {"lcp/tx/refused/<code>",
     "Echo-Request or Protocol-Reject not sent: LCP not Opened (§5.7, §5.8)"},
    {"lcp/auth-negotiation-failed", "LCP closes: no authentication method agreed (§6.2)"},
    {"lcp/magic/own-value-received", "Configure-Requests carrying our own Magic-Number (§6.4)"},
    {"lcp/magic/own-nak-received", "Configure-Naks suggesting the Magic-Number of our last Nak"},
    {"lcp/looped-back", "loop-back detections (§6.4)"},
    {"lcp/endpoint-discriminator/invalid",
     "peer Endpoint Discriminators Rejected: class and length disagree (RFC 1990 §5.1.3)"},
    {"ccp/mppe-rejected-by-peer", "CCP closes: MPPE required but Rejected (RFC 3078 §2.1)"},
    {"ccp/mppe-no-common-strength", "CCP closes: MPPE required, no key strength agreed"},
    {"ipv6cp/interface-id/<why>",
     "peer Interface-Identifiers Nak'd: zero or collision (RFC 5072 §4.1)"},
    {"bcp/mac-support/undefined", "peer MAC-Support values RFC 3518 does not define, Nak'd (§5.3)"},
    {"bcp/tinygram/undefined", "peer Tinygram-Compression values other than 1 or 2, Nak'd (§5.4)"},
    {"bcp/mac-address/<why>", "peer MAC-Address options Rejected: zero or multicast (§5.6)"},
    {"bcp/spanning-tree/undefined",
     "peer Spanning-Tree-Protocol lists naming an undefined protocol, Nak'd (§5.7)"},
    {"bcp/frame/<reason>",
     "bridged frames (0x0031) not delivered: not-opened (BCP not Opened, RFC 1661 §3.5) or a "
     "decode reason (truncated, bad-lan-fcs, ... RFC 3518 §4.2) or bridge-control"},
};

/** \brief The control protocols' table (layer "ppp"). */
inline constexpr ObservableTable kPppCpObservables =
    MakeObservableTable("ppp", "ppp/<interface>/counters/", kPppCpEventKinds, kPppCpCounters);

// ---- ppp-auth (model/ppp/ppp-auth.h) -----------------------------------------------------------
// PppLink forwards Owner::AuthEvent(kind, detail) as {"obj": "ppp/<interface>", "ev": kind,
// "detail": "<key=value ...>"}; tests/unit/ppp/ppp-auth-exchange-test.cc checks that every kind
// and counter the two classes produce has a row here, and that every REACHABLE row is produced.

/** \brief Authentication event kinds (both roles; `detail` names method, role/peer, reason). */
inline constexpr EventKindSpec kPppAuthEventKinds[] = {
    {"auth-start", "ppp/<interface>", "detail",
     "authentication began (detail: method, role authenticator or peer; RFC 1661 §3.5)",
     ObservableReach::REACHABLE},
    {"auth-retransmit", "ppp/<interface>", "detail",
     "a CHAP Challenge (authenticator, RFC 1994 §4.1) or a PAP Authenticate-Request (peer, "
     "RFC 1334 §2.2.1) was sent again after the restart timer; detail: method, try",
     ObservableReach::REACHABLE},
    {"auth-success", "ppp/<interface>", "detail",
     "authentication succeeded: Ack/Success sent (authenticator) or received and, for "
     "MS-CHAPv2, the authenticator response verified (peer, RFC 2759 §5); detail: method, peer",
     ObservableReach::REACHABLE},
    {"auth-failure", "ppp/<interface>", "detail",
     "authentication failed; detail: method, peer, reason (unknown-user, wrong-password, "
     "secret-disabled, service-not-allowed, timeout, rejected-by-peer, "
     "bad-authenticator-response, malformed) and the authenticator's message",
     ObservableReach::REACHABLE},
    {"auth-repeat", "ppp/<interface>", "detail",
     "a repeated Authenticate-Request / Response after the verdict was answered with the same "
     "verdict (the Ack/Success may have been lost; RFC 1334 §2.2.1, RFC 1994 §4.2)",
     ObservableReach::REACHABLE},
    {"auth-drop", "ppp/<interface>", "detail",
     "an authentication packet was dropped; detail: reason (the counter name after drop/) and "
     "what was wrong",
     ObservableReach::REACHABLE},
};

/** \brief PppAuthenticator / PppAuthPeer GetCounters() names. */
inline constexpr CounterSpec kPppAuthCounters[] = {
    {"tx/<code>",
     "packets sent by code: challenge, response, success, failure, authenticate-request, "
     "authenticate-ack, authenticate-nak"},
    {"rx/<code>", "well-formed packets of the expected direction received, by code"},
    {"retransmit", "Challenges (authenticator) or Authenticate-Requests (peer) sent again"},
    {"repeat", "verdicts sent again for a repeated Request/Response"},
    {"timeout", "authentications given up after maxTries (or restart x maxTries of waiting)"},
    {"success", "authentications that succeeded"},
    {"failure/<reason>", "authentications that failed, by PppAuthFailureName"},
    {"bad-authenticator-response",
     "MS-CHAPv2 Success packets whose S= value did not verify (RFC 2759 §5)"},
    {"drop/malformed", "packets that did not decode (length, Value-Size, field lengths)"},
    {"drop/wrong-protocol", "frames of the other authentication protocol (c023 vs c223)"},
    {"drop/unexpected-code", "packets of the other direction (e.g. a Challenge to the "
                             "authenticator, a Request to the peer)"},
    {"drop/stale-id",
     "replies/Responses whose Identifier is not the outstanding one (RFC 1994 §4.1)"},
    {"drop/after-done", "peer: packets that arrived after the verdict"},
    {"drop/not-started", "packets before Start() or with method none"},
};

/** \brief The authentication table (counters under the link's `ppp/auth/` state path). */
inline constexpr ObservableTable kPppAuthObservables =
    MakeObservableTable("ppp-auth", "ppp/auth/", kPppAuthEventKinds, kPppAuthCounters);

// ---- end ppp-auth ------------------------------------------------------------------------------

} // namespace ns3

#endif
