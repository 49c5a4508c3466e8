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
    m_endpoint = std::make_unique<L2tpEndpoint>(m_cfg, this, &m_sink);
}

void
L2tpNodeApplication::AddClient(const Client& c)
{
    m_clients.push_back(c);
}

std::string
L2tpNodeApplication::ClientTunnelState(const std::string& name) const
{
    for (const Client& c : m_clients)
    {
        if (c.name == name && c.tunnelId != 0)
        {
            return m_endpoint->TunnelState(c.tunnelId);
        }
    }
    return "";
}

std::string
L2tpNodeApplication::ClientSessionState(const std::string& name) const
{
    for (const Client& c : m_clients)
    {
        if (c.name == name && c.tunnelId != 0 && c.sessionId != 0)
        {
            return m_endpoint->SessionState(c.tunnelId, c.sessionId);
        }
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
    for (size_t i = 0; i < m_clients.size(); ++i)
    {
        Simulator::Schedule(NanoSeconds(m_clients[i].startAt), &L2tpNodeApplication::Dial, this, i);
    }
}

void
L2tpNodeApplication::Dial(size_t i)
{
    if (!m_running)
    {
        return;
    }
    Client& c = m_clients[i];
    L2tpPeer peer{c.connectTo.Get(), c.port};
    c.tunnelId = m_endpoint->OpenTunnel(peer, Now());
    if (c.tunnelId != 0)
    {
        c.sessionId = m_endpoint->PlaceCall(c.tunnelId, L2tpCallKind::INCOMING, Now());
    }
    Reschedule();
}

void
L2tpNodeApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    Simulator::Cancel(m_timer);
    m_timerAt = kNever;
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
    m_frameRx(tunnelId, sessionId, pppFrame);
}

void
L2tpNodeApplication::SessionUp(uint16_t tunnelId, uint16_t sessionId)
{
    m_sessionUp(tunnelId, sessionId);
}

void
L2tpNodeApplication::SessionDown(uint16_t tunnelId, uint16_t sessionId)
{
    // A client interface is one tunnel with one call: if the call is cleared while the tunnel
    // lives, the interface is down, so clear the tunnel too (StopCCN result 1, "general request to
    // clear") and let TunnelDown redial. Deferred: we are inside the endpoint's callback.
    for (const Client& c : m_clients)
    {
        if (c.tunnelId == tunnelId && c.sessionId == sessionId && m_running)
        {
            Simulator::ScheduleNow(&L2tpNodeApplication::CloseClientTunnel, this, tunnelId);
        }
    }
}

void
L2tpNodeApplication::CloseClientTunnel(uint16_t tunnelId)
{
    if (m_running && m_endpoint->TunnelState(tunnelId) == "ESTABLISHED")
    {
        m_endpoint->CloseTunnel(tunnelId, 1, Now());
        Reschedule();
    }
}

void
L2tpNodeApplication::TunnelDown(uint16_t tunnelId)
{
    // An l2tp-client whose tunnel died dials again, as a RouterOS client interface does.
    for (size_t i = 0; i < m_clients.size(); ++i)
    {
        Client& c = m_clients[i];
        if (c.tunnelId != tunnelId || m_redial <= 0 || !m_running)
        {
            continue;
        }
        LabEvent e;
        e.time = Now() + m_redial;
        e.object = "l2tp-client/" + c.name;
        e.kind = "redial-scheduled";
        e.fields = {{"at", std::to_string(static_cast<double>(e.time) / kSec)},
                    {"old-tunnel", std::to_string(tunnelId)}};
        e.time = Now();
        m_sink.Emit(e);
        Simulator::Schedule(NanoSeconds(m_redial), &L2tpNodeApplication::Dial, this, i);
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
    Simulator::Cancel(m_timer);
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
