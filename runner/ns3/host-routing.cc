#include "runner/ns3/host-routing.h"

#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/output-stream-wrapper.h"

#include <algorithm>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(L2tpLabHostRouting);

TypeId
L2tpLabHostRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tpLabHostRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("L2tpLab")
                            .AddConstructor<L2tpLabHostRouting>();
    return tid;
}

Ptr<L2tpLabHostRouting>
L2tpLabHostRouting::Of(Ptr<Ipv4> ipv4)
{
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    if (!list)
    {
        return nullptr;
    }
    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
    {
        int16_t priority = 0;
        Ptr<L2tpLabHostRouting> h =
            DynamicCast<L2tpLabHostRouting>(list->GetRoutingProtocol(i, priority));
        if (h)
        {
            return h;
        }
    }
    Ptr<L2tpLabHostRouting> h = CreateObject<L2tpLabHostRouting>();
    list->AddRoutingProtocol(h, kPriority);
    return h;
}

void
L2tpLabHostRouting::AddHostRoute(uint32_t dst, uint32_t interface)
{
    m_routes[dst].push_back(interface);
    m_byInterface[interface].push_back(dst);
    ++m_size;
}

size_t
L2tpLabHostRouting::Size() const
{
    return m_size;
}

Ptr<Ipv4Route>
L2tpLabHostRouting::Lookup(uint32_t dst, Ptr<NetDevice> oif) const
{
    auto it = m_routes.find(dst);
    if (it == m_routes.end())
    {
        return nullptr;
    }
    for (auto i = it->second.rbegin(); i != it->second.rend(); ++i)
    {
        Ptr<NetDevice> dev = m_ipv4->GetNetDevice(*i);
        if (oif && oif != dev)
        {
            continue;
        }
        // What Ipv4StaticRouting builds for a host route without a gateway.
        Ptr<Ipv4Route> r = Create<Ipv4Route>();
        r->SetDestination(Ipv4Address(dst));
        r->SetSource(m_ipv4->SourceAddressSelection(*i, Ipv4Address(dst)));
        r->SetGateway(Ipv4Address::GetZero());
        r->SetOutputDevice(dev);
        return r;
    }
    return nullptr;
}

Ptr<Ipv4Route>
L2tpLabHostRouting::RouteOutput(Ptr<Packet> /*p*/,
                                const Ipv4Header& header,
                                Ptr<NetDevice> oif,
                                Socket::SocketErrno& sockerr)
{
    Ptr<Ipv4Route> r = Lookup(header.GetDestination().Get(), oif);
    if (r)
    {
        sockerr = Socket::ERROR_NOTERROR;
    }
    return r;
}

bool
L2tpLabHostRouting::RouteInput(Ptr<const Packet> p,
                               const Ipv4Header& header,
                               Ptr<const NetDevice> idev,
                               UnicastForwardCallback ucb,
                               MulticastForwardCallback /*mcb*/,
                               LocalDeliverCallback /*lcb*/,
                               ErrorCallback /*ecb*/)
{
    // Ipv4ListRouting has delivered local and multicast packets and refused non-forwarding
    // interfaces before asking the protocols; what is left here is forwarding.
    if (header.GetDestination().IsMulticast() || header.GetDestination().IsBroadcast())
    {
        return false;
    }
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (iif < 0 || !m_ipv4->IsForwarding(iif))
    {
        return false; // the static routing answers exactly as before
    }
    Ptr<Ipv4Route> r = Lookup(header.GetDestination().Get(), nullptr);
    if (!r)
    {
        return false;
    }
    ucb(r, p, header);
    return true;
}

void
L2tpLabHostRouting::NotifyInterfaceUp(uint32_t /*interface*/)
{
}

void
L2tpLabHostRouting::NotifyInterfaceDown(uint32_t interface)
{
    auto it = m_byInterface.find(interface);
    if (it == m_byInterface.end())
    {
        return;
    }
    for (uint32_t dst : it->second)
    {
        auto r = m_routes.find(dst);
        if (r == m_routes.end())
        {
            continue;
        }
        auto pos = std::find(r->second.begin(), r->second.end(), interface);
        if (pos != r->second.end())
        {
            r->second.erase(pos);
            --m_size;
        }
        if (r->second.empty())
        {
            m_routes.erase(r);
        }
    }
    m_byInterface.erase(it);
}

void
L2tpLabHostRouting::NotifyAddAddress(uint32_t /*interface*/, Ipv4InterfaceAddress /*address*/)
{
}

void
L2tpLabHostRouting::NotifyRemoveAddress(uint32_t /*interface*/, Ipv4InterfaceAddress /*address*/)
{
}

void
L2tpLabHostRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
L2tpLabHostRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit /*unit*/) const
{
    std::ostream& os = *stream->GetStream();
    os << "Host routes (L2tpLabHostRouting): " << m_size << "\n";
    for (const auto& kv : m_routes)
    {
        for (uint32_t i : kv.second)
        {
            os << Ipv4Address(kv.first) << "/32 dev " << i << "\n";
        }
    }
}

void
L2tpLabHostRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_routes.clear();
    m_byInterface.clear();
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
