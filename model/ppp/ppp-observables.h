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
