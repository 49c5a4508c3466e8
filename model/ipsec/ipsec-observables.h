/**
 * \file
 * \brief What the IPsec carrier makes observable: event kinds and counters
 * (runner/ns3/ipsec-carrier.cc, model/ipsec/ipsec-spd.cc). The IKE engine's own events
 * (phase1-established, ...) are declared with the engine. Rendered into docs/scenario-reference.md.
 */
#ifndef L2TPLAB_IPSEC_IPSEC_OBSERVABLES_H
#define L2TPLAB_IPSEC_IPSEC_OBSERVABLES_H

#include "model/common/observables.h"

namespace ns3
{

inline constexpr EventKindSpec kIpsecEventKinds[] = {
    {"sa-installed", "ipsec/sa/<spi hex>", "detail",
     "an ESP SA went into the node's SAD (direction, peer, remote endpoint, udp-encap)",
     ObservableReach::REACHABLE},
    {"install-refused", "ipsec/sa/<spi hex>", "detail",
     "an SA the engine handed over was refused (invalid keys, SPI taken): detail says why",
     ObservableReach::REACHABLE},
    {"sa-deleted", "ipsec/sa/<spi hex>", "detail", "an SA was removed (DELETE_SA)",
     ObservableReach::REACHABLE},
    {"delete-unknown", "ipsec/sa/<spi hex>", "detail", "a DELETE_SA named an SA the SAD lacks",
     ObservableReach::REACHABLE},
    {"policy-generated", "ipsec/policy", "detail",
     "a passive peer's quick mode completed and generate-policy created a dynamic policy",
     ObservableReach::REACHABLE},
    {"policy-taken-over", "ipsec/policy", "detail",
     "naive server: another client behind the same NAT proposed the same selector and the one "
     "dynamic policy now points at its SA (the first client's replies go to it)",
     ObservableReach::REACHABLE},
    {"policy-rebound", "ipsec/policy", "detail",
     "a dynamic policy moved to the peer's new SA (rekey)", ObservableReach::REACHABLE},
    {"policy-bound", "ipsec/policy", "detail",
     "a static level=unique policy took the SA negotiated for it", ObservableReach::REACHABLE},
    {"policy-removed", "ipsec/policy", "detail",
     "the SA a dynamic policy was bound to went away, and the policy with it",
     ObservableReach::REACHABLE},
    {"soft_lifetime_bytes", "ipsec/sa/<spi hex>", "detail",
     "RFC 4301 §4.4.2.1 soft byte lifetime reached (time to rekey)", ObservableReach::REACHABLE},
    {"soft_lifetime_time", "ipsec/sa/<spi hex>", "detail",
     "soft time lifetime reached (time to rekey)", ObservableReach::REACHABLE},
    {"hard_lifetime_bytes", "ipsec/sa/<spi hex>", "detail",
     "hard byte lifetime reached: the SA refuses traffic", ObservableReach::REACHABLE},
    {"hard_lifetime_time", "ipsec/sa/<spi hex>", "detail",
     "hard time lifetime reached: the SA is removed", ObservableReach::REACHABLE},
    {"seq_soft_limit", "ipsec/sa/<spi hex>", "detail",
     "outbound sequence counter near 2^32 (RFC 4303 §3.3.3): time to rekey",
     ObservableReach::REACHABLE},
    // The IKEv1 engine (model/ipsec/ike-engine.cc), per peer (RouterOS peer name).
    {"phase1-started", "ipsec/peer/<peer>", "",
     "main mode began (RFC 2409 §5): we initiate, or a peer's first message arrived",
     ObservableReach::REACHABLE},
    {"phase1-established", "ipsec/peer/<peer>", "",
     "main mode completed: the ISAKMP SA is up (RFC 2409 §5.4)", ObservableReach::REACHABLE},
    {"phase1-failed", "ipsec/peer/<peer>", "reason, role, cause",
     "main mode failed: auth-failed (wrong pre-shared key), no-proposal-chosen, timeout, or the "
     "peer's notify; cause=psk-mismatch when the pre-shared keys differ (the responder could not "
     "decrypt or verify message 5; on the initiator, the notify that refused it)",
     ObservableReach::REACHABLE},
    {"phase2-established", "ipsec/peer/<peer>", "",
     "quick mode completed (RFC 2409 §5.5): an ESP SA pair is installed",
     ObservableReach::REACHABLE},
    {"phase2-failed", "ipsec/peer/<peer>", "reason", "quick mode failed (timeout or notify)",
     ObservableReach::REACHABLE},
    {"phase2-rekey", "ipsec/peer/<peer>", "trigger",
     "an SA pair reached its soft lifetime (trigger time, or bytes: RFC 4301 §4.4.2.1) and a new "
     "quick mode started to replace it (a passive peer never does; it answers)",
     ObservableReach::REACHABLE},
    {"phase2-rekeyed", "ipsec/peer/<peer>", "old-spi-in",
     "a new SA pair with the same peer and selector replaced an old one: outbound moved to the "
     "new pair; the old inbound SA accepts until its DELETE (5 s later) or hard lifetime",
     ObservableReach::REACHABLE},
    {"phase1-rekey", "ipsec/peer/<peer>", "cookie",
     "the ISAKMP SA neared its lifetime: a new main mode started (no INITIAL-CONTACT)",
     ObservableReach::REACHABLE},
    {"phase1-rekeyed", "ipsec/peer/<peer>", "old-cookie",
     "a new ISAKMP SA with the same peer replaced the old one; the IPsec SAs survive and move "
     "to it",
     ObservableReach::REACHABLE},
    {"notify", "ipsec/peer/<peer>", "type",
     "an informational notify from the peer (RFC 2408 §3.14)", ObservableReach::REACHABLE},
    {"retransmit", "ipsec/peer/<peer>", "", "an IKE message was retransmitted",
     ObservableReach::REACHABLE},
    {"dpd-timeout", "ipsec/peer/<peer>", "",
     "dpd-maximum-failures R-U-THERE went unanswered (RFC 3706): the SAs are deleted",
     ObservableReach::REACHABLE},
    {"deleted", "ipsec/peer/<peer>", "sa",
     "an SA of the peer was deleted (lifetime, DELETE payload, DPD)", ObservableReach::REACHABLE},
    {"drop", "ipsec/peer/<peer>", "reason",
     "an IKE message was dropped (malformed, unexpected, undecryptable), counted by reason",
     ObservableReach::REACHABLE},
    {"drop", "ipsec/ike", "reason", "an IKE message for no known peer was dropped",
     ObservableReach::REACHABLE},
    {"deleted", "ipsec/sa/<spi hex>", "reason",
     "the engine deleted an ESP SA (lifetime, rekeyed, peer-delete, dpd-timeout, "
     "initial-contact)",
     ObservableReach::REACHABLE},
};

inline constexpr CounterSpec kIpsecCounters[] = {
    {"esp-out", "packets sent protected by ESP"},
    {"esp-out-udp", "of those, UDP-encapsulated (RFC 3948, checksum zero)"},
    {"esp-in", "ESP packets decrypted, checked against the SPD and delivered"},
    {"ike-out", "IKE datagrams the engine sent (500, or 4500 with the non-ESP marker)"},
    {"ike-in", "IKE datagrams received on 500/4500"},
    {"acquire", "outbound packets an encrypt policy covered with no SA yet"},
    {"held", "of those, held until the SA pair is installed"},
    {"phase1-established", "main modes the node's engine completed (either role)"},
    {"phase1-failed/<reason>",
     "main modes that failed, by the phase1-failed event's reason (auth-failed, "
     "no-proposal-chosen, timeout, or the peer's notify such as payload-malformed)"},
    {"natt-keepalive-out", "NAT-keepalives sent (RFC 3948 §4)"},
    {"natt-keepalive-in", "NAT-keepalives received and ignored (RFC 3948 §2.3)"},
    {"drop/spd/<reason>",
     "SPD drops: clear_but_encrypt (use-ipsec=required refusing plain L2TP), discard_policy, "
     "sa_not_for_policy, no_policy_for_sa, no_sa"},
    {"drop/esp/<reason>", "ESP drops (RFC 4303: unknown_spi, replayed, bad_icv, ...)"},
    {"drop/natt/<reason>", "malformed UDP 4500 payloads (empty, short, ike_too_short)"},
    {"drop/no-ike-engine", "an acquire or IKE datagram with no IKE engine on the node"},
    {"drop/acquire-queue-full", "a packet waiting for an SA beyond the acquire queue"},
    {"drop/acquire-expired",
     "a held packet whose SA did not come within 30 s (Linux xfrm_acq_expires): discarded"},
    {"drop/<other>",
     "no-outbound-sa, inner-not-udp (only UDP rides the transport-mode SAs), install-refused, "
     "no-route"},
};

inline constexpr ObservableTable kIpsecObservables =
    MakeObservableTable("ipsec", "ipsec/", kIpsecEventKinds, kIpsecCounters);

} // namespace ns3

#endif
