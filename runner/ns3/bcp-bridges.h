/**
 * \file
 * \brief RouterOS `/interface bridge` and `/interface bridge port` on a node: one ns-3
 * BridgeNetDevice per bridge with the node's Ethernet link ends as ports. PPP sessions whose
 * profile names the bridge (`bridge=`, BCP, RFC 3518) add their own port when BCP opens
 * (runner/ns3/ppp-installer.cc).
 *
 * RouterOS rules followed: an IPv4 address on a bridge port is the bridge's address (RouterOS
 * `/ip address` manual: "putting an IP address to a physical interface included in a bridge would
 * mean actually putting it on the bridge interface itself"), so a port's addresses move to the
 * bridge; with `auto-mac=no` the bridge has `admin-mac`, else the MAC of its first port.
 */
#ifndef L2TPLAB_RUNNER_NS3_BCP_BRIDGES_H
#define L2TPLAB_RUNNER_NS3_BCP_BRIDGES_H

#include "runner/scenario.h"

#include "ns3/bridge-net-device.h"
#include "ns3/node.h"

#include <map>
#include <string>

namespace ns3
{

class Topology;

/** \brief The bridges of one node, by RouterOS name. */
using NodeBridges = std::map<std::string, Ptr<BridgeNetDevice>>;

/** \brief Build `node`'s interface/bridge entries with their Ethernet ports. */
NodeBridges BuildNodeBridges(const std::string& node, const NodeConfig& cfg, Topology& topology);

/** \brief A bridge BuildNodeBridges made (for other layers: DHCP on a bridge), or nullptr. */
Ptr<BridgeNetDevice> FindNodeBridge(const std::string& node, const std::string& name);

} // namespace ns3

#endif
