#include "runner/ns3/traffic-apps.h"

#include "ns3/icmpv4.h"
#include "ns3/icmpv6-header.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6-raw-socket-factory.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/boolean.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <vector>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TrafficPing);
NS_OBJECT_ENSURE_REGISTERED(TrafficUdpSource);
NS_OBJECT_ENSURE_REGISTERED(TrafficPing6);

namespace
{

constexpr uint8_t kIcmpProtocol = 1; //!< IANA
constexpr uint8_t kTtl = 64;         //!< initial TTL of our requests

void
PutU32(uint8_t* p, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
    {
        p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
    }
}

uint32_t
GetU32(const uint8_t* p)
{
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
           static_cast<uint32_t>(p[2]) << 8 | p[3];
}

} // namespace

// ---- ping ------------------------------------------------------------------------------------

TypeId
TrafficPing::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tplabTrafficPing")
                            .SetParent<Application>()
                            .SetGroupName("L2tplab")
                            .AddConstructor<TrafficPing>();
    return tid;
}

void
TrafficPing::Setup(const Config& cfg, Hooks hooks)
{
    m_cfg = cfg;
    m_hooks = std::move(hooks);
}

void
TrafficPing::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), Ipv4RawSocketFactory::GetTypeId());
    m_socket->SetAttribute("Protocol", UintegerValue(kIcmpProtocol));
    m_socket->SetAttribute("IpHeaderInclude", BooleanValue(true));
    m_socket->SetRecvCallback(MakeCallback(&TrafficPing::Receive, this));
    Send();
}

void
TrafficPing::StopApplication()
{
    Simulator::Cancel(m_sendEvent);
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
TrafficPing::Send()
{
    uint32_t index = m_next++;
    if (m_next < m_cfg.count)
    {
        m_sendEvent = Simulator::Schedule(m_cfg.interval, &TrafficPing::Send, this);
    }
    if (m_hooks.sent)
    {
        m_hooks.sent(index);
    }
    const uint16_t seq = static_cast<uint16_t>(index & 0xffff);
    std::vector<uint8_t> data(m_cfg.size);
    for (size_t i = 0; i < data.size(); ++i)
    {
        data[i] = static_cast<uint8_t>(i);
    }
    Icmpv4Echo echo;
    echo.SetIdentifier(m_cfg.identifier);
    echo.SetSequenceNumber(seq);
    echo.SetData(Create<Packet>(data.data(), data.size()));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
    icmp.SetCode(0);
    icmp.EnableChecksum();
    p->AddHeader(icmp);

    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    Ipv4Header ip;
    ip.SetDestination(m_cfg.remote);
    ip.SetProtocol(kIcmpProtocol);
    Socket::SocketErrno err = Socket::ERROR_NOTERROR;
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, ip, nullptr, err);
    m_pending[index] = Simulator::Now();
    Simulator::Schedule(m_cfg.timeout, &TrafficPing::Timeout, this, index);
    if (!route)
    {
        // No route: the request is lost like on a real host ("Network unreachable").
        if (m_hooks.notSent)
        {
            m_hooks.notSent(index, "no-route");
        }
        return;
    }
    const uint32_t total = p->GetSize() + 20;
    if (m_cfg.dontFragment && total > route->GetOutputDevice()->GetMtu())
    {
        // RFC 791 / RFC 1191: a DF datagram larger than the path's first MTU is not sent; the
        // host reports "message too long" (Linux ping -M do does the same).
        if (m_hooks.notSent)
        {
            m_hooks.notSent(index, "frag-needed");
        }
        return;
    }
    ip.SetSource(route->GetSource());
    ip.SetPayloadSize(p->GetSize());
    ip.SetTtl(kTtl);
    ip.SetIdentification(static_cast<uint16_t>(index & 0xffff));
    if (m_cfg.dontFragment)
    {
        ip.SetDontFragment();
    }
    else
    {
        ip.SetMayFragment();
    }
    ip.EnableChecksum();
    p->AddHeader(ip);
    m_socket->SendTo(p, 0, InetSocketAddress(m_cfg.remote, 0));
}

void
TrafficPing::Timeout(uint32_t index)
{
    auto it = m_pending.find(index);
    if (it == m_pending.end())
    {
        return;
    }
    m_pending.erase(it);
    if (m_hooks.timeout)
    {
        m_hooks.timeout(index);
    }
}

void
TrafficPing::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Ipv4Header ip;
        p->RemoveHeader(ip); // raw sockets deliver the IPv4 header
        Icmpv4Header icmp;
        if (p->GetSize() < 8 || p->RemoveHeader(icmp) == 0 ||
            icmp.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY)
        {
            continue;
        }
        Icmpv4Echo echo;
        p->RemoveHeader(echo);
        if (echo.GetIdentifier() != m_cfg.identifier || m_next == 0)
        {
            continue;
        }
        // The newest request with this 16-bit sequence number.
        uint32_t last = m_next - 1;
        uint32_t index = last - ((last - echo.GetSequenceNumber()) & 0xffff);
        auto it = m_pending.find(index);
        if (it == m_pending.end())
        {
            if (m_hooks.late)
            {
                m_hooks.late(index);
            }
            continue;
        }
        Time rtt = Simulator::Now() - it->second;
        m_pending.erase(it);
        if (m_hooks.reply)
        {
            m_hooks.reply(index, rtt);
        }
    }
}

// ---- ping over IPv6 ---------------------------------------------------------------------------

TypeId
TrafficPing6::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tplabTrafficPing6")
                            .SetParent<Application>()
                            .SetGroupName("L2tplab")
                            .AddConstructor<TrafficPing6>();
    return tid;
}

void
TrafficPing6::Setup(const Config& cfg, TrafficPing::Hooks hooks)
{
    m_cfg = cfg;
    m_hooks = std::move(hooks);
}

void
TrafficPing6::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), Ipv6RawSocketFactory::GetTypeId());
    m_socket->SetAttribute("Protocol", UintegerValue(Icmpv6L4Protocol::GetStaticProtocolNumber()));
    m_socket->SetRecvCallback(MakeCallback(&TrafficPing6::Receive, this));
    Send();
}

void
TrafficPing6::StopApplication()
{
    Simulator::Cancel(m_sendEvent);
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
TrafficPing6::Send()
{
    uint32_t index = m_next++;
    if (m_next < m_cfg.count)
    {
        m_sendEvent = Simulator::Schedule(m_cfg.interval, &TrafficPing6::Send, this);
    }
    if (m_hooks.sent)
    {
        m_hooks.sent(index);
    }
    m_pending[index] = Simulator::Now();
    Simulator::Schedule(m_cfg.timeout, &TrafficPing6::Timeout, this, index);
    Ipv6Address dst;
    Ipv6Address src = Ipv6Address::GetAny();
    if (!m_cfg.target || !m_cfg.target(dst, src))
    {
        if (m_hooks.notSent)
        {
            m_hooks.notSent(index, "no-route");
        }
        return;
    }
    std::vector<uint8_t> data(m_cfg.size);
    for (size_t i = 0; i < data.size(); ++i)
    {
        data[i] = static_cast<uint8_t>(i);
    }
    Ptr<Packet> p = Create<Packet>(data.data(), data.size());
    Icmpv6Echo echo(true);
    echo.SetId(m_cfg.identifier);
    echo.SetSeq(static_cast<uint16_t>(index & 0xffff));
    // Sent straight to the IPv6 layer, not through the raw socket: ns-3's raw socket computes an
    // Echo Request's checksum over the route's source address but sends with the bound one, so a
    // node with several link-local addresses put a wrong checksum on the wire. A link-local
    // destination leaves through the interface that owns `src`.
    Ptr<Ipv6L3Protocol> ipv6 = GetNode()->GetObject<Ipv6L3Protocol>();
    const int32_t ifIndex = src.IsAny() ? -1 : ipv6->GetInterfaceForAddress(src);
    Ptr<NetDevice> oif = ifIndex >= 0 ? ipv6->GetNetDevice(ifIndex) : nullptr;
    Ipv6Header query;
    query.SetDestination(dst);
    Socket::SocketErrno err = Socket::ERROR_NOTERROR;
    Ptr<Ipv6Route> route = ipv6->GetRoutingProtocol()
                               ? ipv6->GetRoutingProtocol()->RouteOutput(p, query, oif, err)
                               : nullptr;
    if (!route)
    {
        if (m_hooks.notSent)
        {
            m_hooks.notSent(index, "no-route");
        }
        return;
    }
    if (src.IsAny())
    {
        src = route->GetSource();
    }
    echo.CalculatePseudoHeaderChecksum(src, dst, p->GetSize() + echo.GetSerializedSize(),
                                       Icmpv6L4Protocol::GetStaticProtocolNumber());
    p->AddHeader(echo);
    ipv6->Send(p, src, dst, Icmpv6L4Protocol::GetStaticProtocolNumber(), route);
}

void
TrafficPing6::Timeout(uint32_t index)
{
    auto it = m_pending.find(index);
    if (it == m_pending.end())
    {
        return;
    }
    m_pending.erase(it);
    if (m_hooks.timeout)
    {
        m_hooks.timeout(index);
    }
}

void
TrafficPing6::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Ipv6Header ip;
        p->RemoveHeader(ip); // raw sockets deliver the IPv6 header
        uint8_t type = 0;
        if (p->GetSize() < 8 || p->CopyData(&type, 1) != 1 ||
            type != Icmpv6Header::ICMPV6_ECHO_REPLY)
        {
            continue;
        }
        Icmpv6Echo echo(false);
        p->RemoveHeader(echo);
        if (echo.GetId() != m_cfg.identifier || m_next == 0)
        {
            continue;
        }
        uint32_t last = m_next - 1;
        uint32_t index = last - ((last - echo.GetSeq()) & 0xffff);
        auto it = m_pending.find(index);
        if (it == m_pending.end())
        {
            if (m_hooks.late)
            {
                m_hooks.late(index);
            }
            continue;
        }
        Time rtt = Simulator::Now() - it->second;
        m_pending.erase(it);
        if (m_hooks.reply)
        {
            m_hooks.reply(index, rtt);
        }
    }
}

// ---- UDP constant bit rate -------------------------------------------------------------------

TypeId
TrafficUdpSource::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tplabTrafficUdpSource")
                            .SetParent<Application>()
                            .SetGroupName("L2tplab")
                            .AddConstructor<TrafficUdpSource>();
    return tid;
}

void
TrafficUdpSource::Setup(const Config& cfg, std::function<void(uint32_t)> sent)
{
    m_cfg = cfg;
    m_sent = std::move(sent);
}

bool
TrafficUdpSource::ReadStamp(
    const uint8_t* data, size_t size, uint32_t& flowId, uint32_t& seq, int64_t& sentNs)
{
    if (size < kStampSize)
    {
        return false;
    }
    flowId = GetU32(data);
    seq = GetU32(data + 4);
    sentNs =
        static_cast<int64_t>(static_cast<uint64_t>(GetU32(data + 8)) << 32 | GetU32(data + 12));
    return true;
}

void
TrafficUdpSource::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->Connect(InetSocketAddress(m_cfg.remote, m_cfg.port));
    Send();
}

void
TrafficUdpSource::StopApplication()
{
    Simulator::Cancel(m_sendEvent);
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
TrafficUdpSource::Send()
{
    uint32_t index = m_next++;
    if (m_next < m_cfg.count)
    {
        m_sendEvent = Simulator::Schedule(m_cfg.interval, &TrafficUdpSource::Send, this);
    }
    std::vector<uint8_t> data(m_cfg.size < kStampSize ? kStampSize : m_cfg.size, 0);
    uint64_t now = static_cast<uint64_t>(Simulator::Now().GetNanoSeconds());
    PutU32(data.data(), m_cfg.flowId);
    PutU32(data.data() + 4, index);
    PutU32(data.data() + 8, static_cast<uint32_t>(now >> 32));
    PutU32(data.data() + 12, static_cast<uint32_t>(now));
    if (m_sent)
    {
        m_sent(index);
    }
    m_socket->Send(Create<Packet>(data.data(), data.size()));
}

} // namespace ns3
