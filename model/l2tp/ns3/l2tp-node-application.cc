#include "model/l2tp/ns3/l2tp-node-application.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("L2tpNodeApplication");
NS_OBJECT_ENSURE_REGISTERED(L2tpNodeApplication);

TypeId
L2tpNodeApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::L2tpNodeApplication")
            .SetParent<Application>()
            .SetGroupName("L2tplab")
            .AddConstructor<L2tpNodeApplication>()
            .AddTraceSource(
                "FrameRx",
                "A PPP frame arrived on an L2TP session (local tunnel id, session id, frame)",
                MakeTraceSourceAccessor(&L2tpNodeApplication::m_frameRx),
                "ns3::L2tpNodeApplication::FrameRxCallback")
            .AddTraceSource("SessionUp",
                            "An L2TP session reached ESTABLISHED (local tunnel id, session id)",
                            MakeTraceSourceAccessor(&L2tpNodeApplication::m_sessionUp),
                            "ns3::L2tpNodeApplication::SessionUpCallback");
    return tid;
}

L2tpNodeApplication::L2tpNodeApplication() = default;
L2tpNodeApplication::~L2tpNodeApplication() = default;

void
L2tpNodeApplication::NodeSink::Emit(const LabEvent& e)
{
    if (next)
    {
        LabEvent copy = e;
        copy.node = node;
        next->Emit(copy);
    }
}

TimeNs
L2tpNodeApplication::Now()
{
    return Simulator::Now().GetNanoSeconds();
}

void
L2tpNodeApplication::Configure(const L2tpEndpointConfig& cfg,
                               const std::string& nodeName,
                               EventSink* sink)
{
    m_cfg = cfg;
    m_sink.node = nodeName;
    m_sink.next = sink;
    m_ifaces.reset(); // refers to the endpoint
    m_endpoint = std::make_unique<L2tpEndpoint>(m_cfg, this, &m_sink);
    L2tpInterfaceSet::Io* wakes = this;
    m_ifaces = std::make_unique<L2tpInterfaceSet>(m_endpoint.get(), wakes, &m_sink);
    for (const Client& c : m_clients)
    {
        m_ifaces->AddClient(c.name, L2tpPeer{c.connectTo.Get(), c.port}, c.startAt, c.onDemand);
    }
}

void
L2tpNodeApplication::AddClient(const Client& c)
{
    m_clients.push_back(c);
    if (m_ifaces)
    {
        m_ifaces->AddClient(c.name, L2tpPeer{c.connectTo.Get(), c.port}, c.startAt, c.onDemand);
    }
}

void
L2tpNodeApplication::SetRedialJitter(TimeNs span, uint64_t seed)
{
    NS_ASSERT_MSG(m_ifaces, "SetRedialJitter before Configure");
    m_ifaces->SetRedialJitter(span, seed);
}

void
L2tpNodeApplication::SetRedialInterval(TimeNs t)
{
    NS_ASSERT_MSG(m_ifaces, "SetRedialInterval before Configure");
    m_ifaces->SetRedialInterval(t);
}

void
L2tpNodeApplication::SetOneSessionPerHost(bool on)
{
    NS_ASSERT_MSG(m_ifaces, "SetOneSessionPerHost before Configure");
    m_ifaces->SetOneSessionPerHost(on);
}

const L2tpInterface*
L2tpNodeApplication::FindInterface(const std::string& name) const
{
    return m_ifaces ? m_ifaces->Find(name) : nullptr;
}

std::vector<const L2tpInterface*>
L2tpNodeApplication::GetInterfaces() const
{
    return m_ifaces ? m_ifaces->All() : std::vector<const L2tpInterface*>{};
}

std::string
L2tpNodeApplication::ClientTunnelState(const std::string& name) const
{
    const L2tpInterface* i = FindInterface(name);
    if (i && i->Kind() == L2tpInterfaceKind::CLIENT && i->TunnelId() != 0)
    {
        return m_endpoint->TunnelState(i->TunnelId());
    }
    return "";
}

std::string
L2tpNodeApplication::ClientSessionState(const std::string& name) const
{
    const L2tpInterface* i = FindInterface(name);
    if (i && i->Kind() == L2tpInterfaceKind::CLIENT && i->TunnelId() != 0 && i->SessionId() != 0)
    {
        return m_endpoint->SessionState(i->TunnelId(), i->SessionId());
    }
    return "";
}

Ptr<Socket>
L2tpNodeApplication::OpenSocket(uint16_t port)
{
    auto it = m_sockets.find(port);
    if (it != m_sockets.end())
    {
        return it->second;
    }
    Ptr<Socket> s = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) != 0)
    {
        NS_LOG_WARN("cannot bind UDP port " << port);
        return nullptr;
    }
    Address local;
    s->GetSockName(local);
    uint16_t bound = InetSocketAddress::ConvertFrom(local).GetPort();
    s->SetRecvCallback(MakeCallback(&L2tpNodeApplication::HandleRead, this));
    m_sockets[bound] = s;
    return s;
}

void
L2tpNodeApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = true;
    OpenSocket(m_cfg.localPort);
    m_ifaces->Start(Now()); // arms each client's first dial, in AddClient order
}

void
L2tpNodeApplication::WakeAt(uint32_t id, TimeNs at)
{
    auto it = m_wakes.find(id);
    if (it != m_wakes.end())
    {
        // Remove, not Cancel: a cancelled event stays in the scheduler until its time comes, and
        // wake-ups move often (every retransmission, every HELLO). Order of the rest is unchanged.
        Simulator::Remove(it->second);
        if (at == kNever)
        {
            m_wakes.erase(it);
            return;
        }
    }
    if (at == kNever)
    {
        return;
    }
    TimeNs delay = at > Now() ? at - Now() : 0;
    m_wakes[id] = Simulator::Schedule(NanoSeconds(delay), &L2tpNodeApplication::OnWake, this, id);
}

void
L2tpNodeApplication::OnWake(uint32_t id)
{
    if (!m_running)
    {
        return;
    }
    m_ifaces->OnWake(id, Now());
    Reschedule();
}

void
L2tpNodeApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    Simulator::Cancel(m_timer);
    m_timerAt = kNever;
    m_ifaces->Stop();
    for (auto& kv : m_wakes)
    {
        kv.second.Cancel();
    }
    m_wakes.clear();
    for (auto& kv : m_sockets)
    {
        kv.second->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        kv.second->Close();
    }
    m_sockets.clear();
}

void
L2tpNodeApplication::DoDispose()
{
    m_sockets.clear();
    m_ifaces.reset();
    m_endpoint.reset();
    Application::DoDispose();
}

void
L2tpNodeApplication::HandleRead(Ptr<Socket> socket)
{
    Address local;
    socket->GetSockName(local);
    uint16_t localPort = InetSocketAddress::ConvertFrom(local).GetPort();
    Address from;
    Ptr<Packet> p;
    std::vector<uint8_t> buf;
    while ((p = socket->RecvFrom(from)))
    {
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        InetSocketAddress inet = InetSocketAddress::ConvertFrom(from);
        buf.resize(p->GetSize());
        p->CopyData(buf.data(), buf.size());
        L2tpPeer peer{inet.GetIpv4().Get(), inet.GetPort()};
        m_endpoint->OnDatagram(localPort, peer, buf.data(), buf.size(), Now());
    }
    Reschedule();
}

void
L2tpNodeApplication::SendDatagram(uint16_t localPort, const L2tpPeer& to, const Bytes& datagram)
{
    if (!m_running)
    {
        return;
    }
    Ptr<Socket> s = OpenSocket(localPort);
    if (!s)
    {
        return;
    }
    Ptr<Packet> p = Create<Packet>(datagram.data(), datagram.size());
    s->SendTo(p, 0, InetSocketAddress(Ipv4Address(to.ip), to.port));
}

uint16_t
L2tpNodeApplication::AllocateLocalPort()
{
    Ptr<Socket> s = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (s->Bind() != 0)
    {
        return 0;
    }
    Address local;
    s->GetSockName(local);
    uint16_t port = InetSocketAddress::ConvertFrom(local).GetPort();
    s->SetRecvCallback(MakeCallback(&L2tpNodeApplication::HandleRead, this));
    m_sockets[port] = s;
    return port;
}

void
L2tpNodeApplication::DeliverFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& pppFrame)
{
    if (m_ifaces)
    {
        m_ifaces->OnFrame(tunnelId, sessionId, pppFrame, Now());
    }
    m_frameRx(tunnelId, sessionId, pppFrame);
}

void
L2tpNodeApplication::SessionUp(uint16_t tunnelId, uint16_t sessionId)
{
    if (m_ifaces)
    {
        m_ifaces->OnSessionUp(tunnelId, sessionId, Now());
    }
    m_sessionUp(tunnelId, sessionId);
}

void
L2tpNodeApplication::SessionDown(uint16_t tunnelId, uint16_t sessionId)
{
    if (m_ifaces)
    {
        m_ifaces->OnSessionDown(tunnelId, sessionId, Now());
    }
}

void
L2tpNodeApplication::TunnelDown(uint16_t tunnelId)
{
    if (m_ifaces)
    {
        m_ifaces->OnTunnelDown(tunnelId, Now());
    }
}

bool
L2tpNodeApplication::SendFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& frame)
{
    bool ok = m_endpoint->SendFrame(tunnelId, sessionId, frame, Now());
    Reschedule();
    return ok;
}

void
L2tpNodeApplication::Reschedule()
{
    if (!m_running)
    {
        return;
    }
    TimeNs next = m_endpoint->NextDeadline();
    if (next == m_timerAt && m_timer.IsRunning())
    {
        return;
    }
    Simulator::Remove(m_timer); // see WakeAt
    m_timerAt = next;
    if (next == kNever)
    {
        return;
    }
    TimeNs delay = next > Now() ? next - Now() : 0;
    m_timer = Simulator::Schedule(NanoSeconds(delay), &L2tpNodeApplication::OnTimer, this);
}

void
L2tpNodeApplication::OnTimer()
{
    m_timerAt = kNever;
    m_endpoint->OnTimer(Now());
    Reschedule();
}

} // namespace ns3
