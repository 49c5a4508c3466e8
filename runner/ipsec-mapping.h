/**
 * \file
 * \brief RouterOS IPsec configuration mapped onto the IKE contract (model/ipsec/ike-api.h) and
 * the SPD (model/ipsec/ipsec-spd.h). Plain C++, like runner/nat-mapping.h.
 *
 * - `interface/l2tp-client use-ipsec=yes ipsec-secret=S`: a dynamic peer named after the
 *   interface (address = connect-to/32, initiator, exchange-mode main) and a dynamic transport
 *   policy UDP (src-address or any):1701 -> connect-to:1701, action encrypt, level require,
 *   sa-dst-address = connect-to (v6 manual: "dynamic IPSec peer configuration and policy is
 *   added to encapsulate L2TP connection into IPSec tunnel").
 * - `interface/l2tp-server/server use-ipsec=yes|required ipsec-secret=S`: the dynamic passive
 *   peer `l2tp-in-server` exactly as the v6 manual prints it (address=0.0.0.0/0 passive=yes
 *   port=500 auth-method=pre-shared-key generate-policy=port-strict exchange-mode=main-l2tp
 *   send-initial-contact=yes nat-traversal=yes hash-algorithm=sha1
 *   enc-algorithm=3des,aes-128,aes-192,aes-256 dh-group=modp1024 lifetime=1d dpd-interval=2m
 *   dpd-maximum-failures=5: the IkePeerConfig defaults); `required` adds a guard policy
 *   (UDP from local port 1701, action encrypt, peer l2tp-in-server) so plain L2TP is dropped
 *   and counted (SpdReason::CLEAR_BUT_ENCRYPT), "server will accept only those L2TP connection
 *   attempts that were encapsulated in the IPSec tunnel".
 * - static `ip/ipsec/peer`, `ip/ipsec/proposal`, `ip/ipsec/policy` (v6: phase 1 inline on the
 *   peer; v7: `ip/ipsec/profile` and `ip/ipsec/identity`) as in the manual's "IPsec/L2TP behind
 *   NAT" example; an entry named `default` changes the built-in proposal/profile.
 * - the l2tplab extension menu `ipsec`: server behaviour (naive|per-peer), NAT-keepalive
 *   interval, acquire queue.
 */
#ifndef L2TPLAB_RUNNER_IPSEC_MAPPING_H
#define L2TPLAB_RUNNER_IPSEC_MAPPING_H

#include "runner/scenario.h"

#include "model/ipsec/ike-api.h"
#include "model/ipsec/ipsec-spd.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief Name of the dynamic peer `use-ipsec` creates on an L2TP server (RouterOS v7 name). */
constexpr const char* kL2tpServerPeer = "l2tp-in-server";

/** \brief A node's IPsec: peers for the engine, policies and generate modes for the SPD. */
struct IpsecPlan
{
    std::vector<IkePeerConfig> peers;                          //!< engine peers, in order
    std::vector<std::pair<std::string, SpdGenerate>> generate; //!< peer -> generate-policy
    std::vector<SpdPolicy> policies;                           //!< static SPD, in order
    SpdServerMode serverMode{SpdServerMode::NAIVE};            //!< `ipsec server-behaviour`
    TimeNs natKeepalive{20 * kSec};                            //!< 0 = disabled
    uint32_t acquireQueue{8};                                  //!< held packets per destination
    bool refusePlainL2tp{false};                               //!< use-ipsec=required
};

/** \brief The node's IPsec plan; false when nothing on the node uses IPsec. */
bool PlanIpsec(const NodeConfig& cfg, IpsecPlan& out);

/** \brief RouterOS protocol name ("udp", "all", ...) to its number (0 = all, or unknown). */
uint8_t IpsecProtocolNumber(const std::string& name);

/** \brief A proposal's transforms (unmodelled names dropped); false if none is left. */
bool PlanProposal(const ConfigObject& o, IkePhase2Proposal& out);

} // namespace ns3

#endif // L2TPLAB_RUNNER_IPSEC_MAPPING_H
