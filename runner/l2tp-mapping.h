/**
 * \file
 * \brief RouterOS -> RFC 2661 model mapping for the L2TP layer: what one node's
 * `interface/l2tp-server/server`, `interface/l2tp-client` entries and `l2tp` knobs become in
 * L2tpEndpointConfig terms, and which client interfaces dial when. Plain C++ (no ns-3), so the
 * mapping is unit-tested; the ns-3 L2TP installer only applies the plan.
 */
#ifndef L2TPLAB_RUNNER_L2TP_MAPPING_H
#define L2TPLAB_RUNNER_L2TP_MAPPING_H

#include "runner/scenario.h"

#include "model/common/time.h"
#include "model/l2tp/l2tp-endpoint.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief One RouterOS `/interface l2tp-client` instance that dials. */
struct L2tpClientPlan
{
    std::string name;         //!< interface name ("l2tp-out1"; counted entries get 1..N appended)
    uint32_t connectTo{0};    //!< LNS address, host byte order
    TimeNs startAt{0};        //!< first dial, relative to the start of the run
    bool dialOnDemand{false}; //!< RouterOS dial-on-demand: dials when traffic wants out
};

/** \brief Everything the L2TP installer needs for one node. */
struct L2tpNodePlan
{
    bool present{false};                 //!< the node runs L2TP (serves, or has a client)
    L2tpEndpointConfig endpoint;         //!< the sans-IO endpoint's configuration
    TimeNs redialInterval{0};            //!< l2tp-client redial delay (0 = never)
    TimeNs redialJitter{0};              //!< up to this much added to each redial
    bool oneSessionPerHost{false};       //!< server one-session-per-host
    std::vector<L2tpClientPlan> clients; //!< enabled client interfaces, in dial order
};

/**
 * \brief Deterministic 64-bit mix of the run seed and a node name (FNV-1a): every node's
 * endpoint gets its own random stream (tie breakers, random vectors, ids) for one run seed.
 */
uint64_t NodeSeed(uint64_t runSeed, const std::string& node);

/**
 * \brief Map one node's RouterOS configuration onto the L2TP model.
 *
 * - `interface/l2tp-server/server enabled=yes` → LNS role (accept SCCRQ); `max-sessions`
 *   (`unlimited` → 0) bounds the tunnels.
 * - `interface/l2tp-client` entries that are not `disabled` dial in declaration order, 1 ms apart
 *   (readable captures); `count: N` expands one entry into N interfaces named NAME1..NAMEN.
 * - The `l2tp` menu carries the RFC knobs RouterOS does not expose (hello-interval, receive-window,
 *   retransmit-*, ack-delay, tunnel-secret, hide-avps, reply-from-port, data-sequencing,
 *   redial-interval); `disabled` values map to 0.
 * \param nc the node's configuration (null: the node has none, so no L2TP)
 */
L2tpNodePlan PlanL2tpNode(const NodeConfig* nc, const std::string& node, uint64_t runSeed);

} // namespace ns3

#endif
