/**
 * \file
 * \brief Host routes (/32) in a hash table: the routes the PPP layer adds toward every session's
 * peer. ns-3's Ipv4StaticRouting keeps one list and walks all of it on every lookup, so with
 * 100,000 sessions on an LNS every packet the node sends or forwards paid 100,000 comparisons.
 *
 * Added to the node's Ipv4ListRouting at a priority above static routing (kPriority). A /32 is
 * the longest prefix there is, so answering these destinations first gives the route static
 * routing would have chosen for them; among several host routes to one destination (many
 * client interfaces to the same LNS address) the latest added wins, as in Ipv4StaticRouting,
 * whose lookup keeps the last of equally long, equally good matches. Everything else falls
 * through to static and global routing unchanged. Like static routing, a route goes away when
 * its interface goes down.
 */
#ifndef L2TPLAB_RUNNER_NS3_HOST_ROUTING_H
#define L2TPLAB_RUNNER_NS3_HOST_ROUTING_H

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/** \brief Hashed /32 routes (see the file comment). */
class L2tpLabHostRouting : public Ipv4RoutingProtocol
{
public:
    /** \brief Priority in Ipv4ListRouting (Ipv4StaticRouting has 0, global routing -10). */
    static constexpr int16_t kPriority = 5;

    static TypeId GetTypeId();

    /** \brief The node's table, created and added to its list routing on first use; null if the
     * node's routing is not an Ipv4ListRouting. */
    static Ptr<L2tpLabHostRouting> Of(Ptr<Ipv4> ipv4);

    /** \brief Route `dst` (host order) out of `interface`, no gateway (a point-to-point peer). */
    void AddHostRoute(uint32_t dst, uint32_t interface);
    /** \brief Host routes held (all destinations, duplicates included). */
    size_t Size() const;

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

protected:
    void DoDispose() override;

private:
    Ptr<Ipv4Route> Lookup(uint32_t dst, Ptr<NetDevice> oif) const;

    Ptr<Ipv4> m_ipv4;
    /** \brief Destination -> interfaces, oldest first (the last one wins). */
    std::unordered_map<uint32_t, std::vector<uint32_t>> m_routes;
    /** \brief Interface -> destinations routed through it (removal on interface down). */
    std::unordered_map<uint32_t, std::vector<uint32_t>> m_byInterface;
    size_t m_size{0};
};

} // namespace ns3

#endif
