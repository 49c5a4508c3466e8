/**
 * \file
 * \brief RouterOS `arp=proxy-arp` on an interface (`/interface ethernet set ether2 arp=proxy-arp`):
 * the router answers ARP requests on that interface for addresses it routes through a different
 * interface (e.g. a remote PPP client's 10.1.101.100 on the office LAN 10.1.101.0/24), with its own
 * MAC address, so hosts on the LAN reach the remote address without a route (RFC 1027).
 */
#ifndef L2TPLAB_RUNNER_NS3_PROXY_ARP_H
#define L2TPLAB_RUNNER_NS3_PROXY_ARP_H

#include "model/common/events.h"

#include "ns3/net-device.h"
#include "ns3/node.h"

#include <string>

namespace ns3
{

/**
 * \brief Answer ARP requests received on `dev` (of `node`) for targets routed out of another
 * interface. Each answer is an event `proxy-arp-reply` (object `arp/<iface>`).
 */
void EnableProxyArp(Ptr<Node> node,
                    Ptr<NetDevice> dev,
                    const std::string& nodeName,
                    const std::string& iface,
                    EventSink* events);

} // namespace ns3

#endif
