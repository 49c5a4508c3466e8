#include "runner/ns3/ipv6-ppp-routing.h"

#include "ns3/ipv6-route.h"
#include "ns3/ipv6.h"

#include <algorithm>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(L2tpLabIpv6Routing);

TypeId
L2tpLabIpv6Routing::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tpLabIpv6Routing")
                            .SetParent<Ipv6StaticRouting>()
                            .SetGroupName("L2tpLab")
                            .AddConstructor<L2tpLabIpv6Routing>();
    return tid;
}

Ptr<L2tpLabIpv6Routing>
L2tpLabIpv6Routing::Of(Ptr<Ipv6> ipv6)
{
    return ipv6 ? DynamicCast<L2tpLabIpv6Routing>(ipv6->GetRoutingProtocol()) : nullptr;
}

void
L2tpLabIpv6Routing::AddPointToPoint(uint32_t interface, Ipv6Address peer)
{
    RemovePointToPoint(interface);
    m_peerOf[interface] = peer;
    m_interfacesOf[peer].push_back(interface);
}

void
L2tpLabIpv6Routing::RemovePointToPoint(uint32_t interface)
{
    auto it = m_peerOf.find(interface);
    if (it == m_peerOf.end())
    {
        return;
    }
    auto peer = m_interfacesOf.find(it->second);
    if (peer != m_interfacesOf.end())
    {
        std::vector<uint32_t>& v = peer->second;
        v.erase(std::remove(v.begin(), v.end(), interface), v.end());
        if (v.empty())
        {
            m_interfacesOf.erase(peer);
        }
    }
    m_peerOf.erase(it);
}

Ptr<Ipv6Route>
L2tpLabIpv6Routing::Via(uint32_t interface, Ipv6Address dst) const
{
    // What Ipv6StaticRouting builds for an on-link destination: no gateway.
    Ptr<Ipv6Route> r = Create<Ipv6Route>();
    r->SetDestination(dst);
    r->SetGateway(Ipv6Address::GetZero());
    r->SetSource(m_ipv6->SourceAddressSelection(interface, dst));
    r->SetOutputDevice(m_ipv6->GetNetDevice(interface));
    return r;
}

Ptr<Ipv6Route>
L2tpLabIpv6Routing::RouteOutput(Ptr<Packet> p,
                                const Ipv6Header& header,
                                Ptr<NetDevice> oif,
                                Socket::SocketErrno& sockerr)
{
    const Ipv6Address dst = header.GetDestination();
    if (dst.IsLinkLocal() && !m_peerOf.empty())
    {
        if (oif)
        {
            const int32_t i = m_ipv6->GetInterfaceForDevice(oif);
            if (i >= 0 && m_peerOf.count(static_cast<uint32_t>(i)) && m_ipv6->IsUp(i))
            {
                sockerr = Socket::ERROR_NOTERROR;
                return Via(static_cast<uint32_t>(i), dst);
            }
        }
        else
        {
            auto it = m_interfacesOf.find(dst);
            if (it != m_interfacesOf.end() && m_ipv6->IsUp(it->second.back()))
            {
                sockerr = Socket::ERROR_NOTERROR;
                return Via(it->second.back(), dst);
            }
        }
    }
    return Ipv6StaticRouting::RouteOutput(p, header, oif, sockerr);
}

void
L2tpLabIpv6Routing::NotifyInterfaceUp(uint32_t interface)
{
    if (!m_peerOf.count(interface))
    {
        Ipv6StaticRouting::NotifyInterfaceUp(interface);
    }
}

void
L2tpLabIpv6Routing::NotifyInterfaceDown(uint32_t interface)
{
    if (!m_peerOf.count(interface))
    {
        Ipv6StaticRouting::NotifyInterfaceDown(interface);
    }
}

void
L2tpLabIpv6Routing::NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    if (!m_peerOf.count(interface))
    {
        Ipv6StaticRouting::NotifyAddAddress(interface, address);
    }
}

void
L2tpLabIpv6Routing::NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    if (!m_peerOf.count(interface))
    {
        Ipv6StaticRouting::NotifyRemoveAddress(interface, address);
    }
}

void
L2tpLabIpv6Routing::NotifyAddRoute(Ipv6Address dst,
                                   Ipv6Prefix mask,
                                   Ipv6Address nextHop,
                                   uint32_t interface,
                                   Ipv6Address prefixToUse)
{
    if (!m_peerOf.count(interface))
    {
        Ipv6StaticRouting::NotifyAddRoute(dst, mask, nextHop, interface, prefixToUse);
    }
}

void
L2tpLabIpv6Routing::NotifyRemoveRoute(Ipv6Address dst,
                                      Ipv6Prefix mask,
                                      Ipv6Address nextHop,
                                      uint32_t interface,
                                      Ipv6Address prefixToUse)
{
    if (!m_peerOf.count(interface))
    {
        Ipv6StaticRouting::NotifyRemoveRoute(dst, mask, nextHop, interface, prefixToUse);
    }
}

void
L2tpLabIpv6Routing::SetIpv6(Ptr<Ipv6> ipv6)
{
    m_ipv6 = ipv6;
    Ipv6StaticRouting::SetIpv6(ipv6);
}

void
L2tpLabIpv6Routing::DoDispose()
{
    m_ipv6 = nullptr;
    m_peerOf.clear();
    m_interfacesOf.clear();
    Ipv6StaticRouting::DoDispose();
}

Ipv6RoutingHelper*
L2tpLabIpv6RoutingHelper::Copy() const
{
    return new L2tpLabIpv6RoutingHelper(*this);
}

Ptr<Ipv6RoutingProtocol>
L2tpLabIpv6RoutingHelper::Create(Ptr<Node> /*node*/) const
{
    return CreateObject<L2tpLabIpv6Routing>();
}

} // namespace ns3
