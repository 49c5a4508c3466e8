/**
 * \file
 * \brief IPv6 routes of PPP links kept out of ns-3's static-routing list.
 *
 * Every PPP link with IPV6CP open gives its interface fe80::<identifier>/64 (RFC 5072 §5).
 * Ipv6StaticRouting turns each interface address into a network route, and before adding one it
 * walks its whole list for a duplicate (Ipv6StaticRouting::AddNetworkRouteTo -> LookupRoute), on
 * interface-up, on address-add and for the on-link route Ipv6L3Protocol::AddAddress announces: with
 * one interface per session, 30,000 sessions spent 90 % of their wall time there. It would not
 * choose well either: a reply to fe80::x sent without an outgoing interface (an ICMPv6 Echo Reply)
 * matches every fe80::/64 of the node alike.
 *
 * L2tpLabIpv6Routing is Ipv6StaticRouting for everything but the interfaces the PPP layer declares
 * point-to-point (AddPointToPoint, before the interface comes up): those get no list entries;
 * a link-local destination leaves through the interface named by the socket, or else through the
 * PPP interface whose peer owns that address (the peer's identifier is known from IPV6CP). Both
 * are hash lookups. Installed on every node by the topology (L2tpLabIpv6RoutingHelper).
 */
#ifndef L2TPLAB_RUNNER_NS3_IPV6_PPP_ROUTING_H
#define L2TPLAB_RUNNER_NS3_IPV6_PPP_ROUTING_H

#include "ns3/ipv6-address.h"
#include "ns3/ipv6-routing-helper.h"
#include "ns3/ipv6-static-routing.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/** \brief Ipv6StaticRouting with hashed point-to-point links (see the file comment). */
class L2tpLabIpv6Routing : public Ipv6StaticRouting
{
public:
    static TypeId GetTypeId();

    /** \brief The node's routing if it is ours, else null. */
    static Ptr<L2tpLabIpv6Routing> Of(Ptr<Ipv6> ipv6);

    /** \brief `interface` is a point-to-point link whose far end is `peer` (link-local). */
    void AddPointToPoint(uint32_t interface, Ipv6Address peer);
    /** \brief The link of `interface` is gone. */
    void RemovePointToPoint(uint32_t interface);

    Ptr<Ipv6Route> RouteOutput(Ptr<Packet> p,
                               const Ipv6Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyAddRoute(Ipv6Address dst,
                        Ipv6Prefix mask,
                        Ipv6Address nextHop,
                        uint32_t interface,
                        Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void NotifyRemoveRoute(Ipv6Address dst,
                           Ipv6Prefix mask,
                           Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void SetIpv6(Ptr<Ipv6> ipv6) override;

protected:
    void DoDispose() override;

private:
    Ptr<Ipv6Route> Via(uint32_t interface, Ipv6Address dst) const;

    Ptr<Ipv6> m_ipv6;
    std::unordered_map<uint32_t, Ipv6Address> m_peerOf; //!< point-to-point interface -> peer
    /** \brief Peer -> interfaces, oldest first (the latest wins). */
    std::unordered_map<Ipv6Address, std::vector<uint32_t>, Ipv6AddressHash> m_interfacesOf;
};

/** \brief Gives InternetStackHelper an L2tpLabIpv6Routing per node. */
class L2tpLabIpv6RoutingHelper : public Ipv6RoutingHelper
{
public:
    Ipv6RoutingHelper* Copy() const override;
    Ptr<Ipv6RoutingProtocol> Create(Ptr<Node> node) const override;
};

} // namespace ns3

#endif
