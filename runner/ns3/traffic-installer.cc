#include "runner/ns3/traffic-installer.h"

#include "runner/ns3/traffic-apps.h"

#include "model/ppp/ns3/ppp-net-device.h"

#include "ns3/bulk-send-application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv6.h"
#include "ns3/node.h"
#include "ns3/packet-sink.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <sstream>
#include <vector>

namespace ns3
{

namespace
{

/** \brief `to` as an address: written, or the node's first address (0 if it has none). */
uint32_t
ResolveTo(const Scenario& sc, const TrafficSpec& t)
{
    if (t.toIsAddress)
    {
        return t.toAddress;
    }
    for (const LinkEnd* e : sc.InterfacesOf(t.to))
    {
        if (e->hasAddress)
        {
            return e->address;
        }
    }
    return 0;
}

/** \brief The node owning `address` on some link, or "" (e.g. an address PPP assigns later). */
std::string
OwnerOf(const Scenario& sc, uint32_t address)
{
    for (const ScenarioLink& l : sc.links)
    {
        for (const LinkEnd& e : l.ends)
        {
            if (e.hasAddress && e.address == address)
            {
                return e.node;
            }
        }
    }
    return "";
}

std::string
AddressText(uint32_t a)
{
    std::ostringstream o;
    Ipv4Address(a).Print(o);
    return o.str();
}

} // namespace

const char*
TrafficInstaller::Name() const
{
    return "traffic";
}

void
TrafficInstaller::Install(const InstallContext& ctx)
{
    m_events = ctx.events;
    const Scenario& sc = ctx.scenario;
    for (size_t i = 0; i < sc.traffic.size(); ++i)
    {
        const TrafficSpec& t = sc.traffic[i];
        auto flow = std::make_unique<Flow>();
        uint32_t remote = t.toIsIpv6 ? 0 : ResolveTo(sc, t);
        flow->result.name = t.name;
        flow->result.kind = t.kind;
        flow->result.from = t.from;
        flow->result.to = t.toIsIpv6 ? t.to : AddressText(remote);
        flow->result.start = t.at;
        flow->count = t.count;
        flow->result.totalBytes =
            t.kind == TrafficKind::TCP ? static_cast<uint64_t>(t.count) * t.size : 0;
        m_flows.push_back(std::move(flow));
        Simulator::Schedule(NanoSeconds(t.at),
                            [this, i, t]()
                            {
                                Emit(i, "flow-start",
                                     {{"kind", TrafficKindName(t.kind)},
                                      {"from", t.from},
                                      {"to", m_flows[i]->result.to}});
                            });
        switch (t.kind)
        {
        case TrafficKind::ICMP_ECHO:
            if (t.toIsIpv6)
            {
                InstallPing6(ctx, i);
            }
            else
            {
                InstallPing(ctx, i, remote);
            }
            break;
        case TrafficKind::UDP:
            InstallUdp(ctx, i, remote);
            break;
        case TrafficKind::TCP:
            InstallTcp(ctx, i, remote);
            break;
        }
    }
}

TrafficPing::Hooks
TrafficInstaller::PingHooks(size_t i)
{
    FlowResult* r = &m_flows[i]->result;
    const uint32_t count = m_flows[i]->count;
    auto resolved = [this, i, r, count]()
    {
        if (r->received + r->timeouts == count)
        {
            Done(i);
        }
    };
    TrafficPing::Hooks hooks;
    hooks.sent = [r](uint32_t)
    {
        ++r->sent;
    };
    hooks.notSent = [this, i](uint32_t seq, const std::string& why)
    {
        Emit(i, "ping-not-sent", {{"seq", std::to_string(seq)}, {"reason", why}});
    };
    hooks.reply = [r, resolved](uint32_t, Time rtt)
    {
        ++r->received;
        r->lastRx = Simulator::Now().GetNanoSeconds();
        r->rttMs.Add(static_cast<double>(rtt.GetNanoSeconds()) / 1e6);
        resolved();
    };
    hooks.timeout = [this, i, r, resolved](uint32_t seq)
    {
        ++r->timeouts;
        Emit(i, "ping-timeout", {{"seq", std::to_string(seq)}});
        resolved();
    };
    hooks.late = [r](uint32_t)
    {
        ++r->late;
    };
    return hooks;
}

namespace
{

/** \brief The PPP device named `iface` on `node` with IPv6 up (IPV6CP Opened), or nullptr. */
Ptr<L2tpLabPppDevice>
PppDeviceWithIpv6(Ptr<Node> node, const std::string& iface)
{
    for (uint32_t d = 0; d < node->GetNDevices(); ++d)
    {
        Ptr<L2tpLabPppDevice> dev = DynamicCast<L2tpLabPppDevice>(node->GetDevice(d));
        if (dev && dev->GetInterfaceName() == iface && dev->GetIpv6LocalInterfaceId() != 0)
        {
            return dev;
        }
    }
    return nullptr;
}

/** \brief fe80::<id>. */
Ipv6Address
LinkLocal(uint64_t id)
{
    uint8_t b[16] = {0xfe, 0x80};
    for (int k = 0; k < 8; ++k)
    {
        b[8 + k] = static_cast<uint8_t>(id >> (8 * (7 - k)));
    }
    return Ipv6Address(b);
}

} // namespace

void
TrafficInstaller::InstallPing6(const InstallContext& ctx, size_t i)
{
    const TrafficSpec& t = ctx.scenario.traffic[i];
    Ptr<Node> node = ctx.topology.GetNode(t.from);
    TrafficPing6::Config cfg;
    cfg.count = t.count;
    cfg.interval = NanoSeconds(t.interval);
    cfg.size = t.size;
    cfg.timeout = NanoSeconds(t.timeout);
    cfg.identifier = static_cast<uint16_t>(i + 1);
    const std::string to = t.to;
    const std::string iface = t.interface;
    cfg.target = [node, to, iface](Ipv6Address& dst, Ipv6Address& src)
    {
        if (iface.empty())
        {
            dst = Ipv6Address(to.c_str());
            return true; // global: the routing table picks interface and source
        }
        Ptr<L2tpLabPppDevice> dev = PppDeviceWithIpv6(node, iface);
        if (!dev)
        {
            return false; // the PPP interface has no IPv6 now (down, or IPV6CP rejected)
        }
        dst = to == "link-local-peer" ? LinkLocal(dev->GetIpv6PeerInterfaceId())
                                      : Ipv6Address(to.c_str());
        src = LinkLocal(dev->GetIpv6LocalInterfaceId()); // bound: leaves through `iface`
        return true;
    };
    Ptr<TrafficPing6> app = CreateObject<TrafficPing6>();
    app->Setup(cfg, PingHooks(i));
    node->AddApplication(app);
    app->SetStartTime(NanoSeconds(t.at));
    app->SetStopTime(NanoSeconds(ctx.scenario.run.duration));
}

void
TrafficInstaller::InstallPing(const InstallContext& ctx, size_t i, uint32_t remote)
{
    const TrafficSpec& t = ctx.scenario.traffic[i];
    TrafficPing::Config cfg;
    cfg.remote = Ipv4Address(remote);
    cfg.count = t.count;
    cfg.interval = NanoSeconds(t.interval);
    cfg.size = t.size;
    cfg.dontFragment = t.dontFragment;
    cfg.timeout = NanoSeconds(t.timeout);
    cfg.identifier = static_cast<uint16_t>(i + 1);
    TrafficPing::Hooks hooks = PingHooks(i);
    Ptr<TrafficPing> app = CreateObject<TrafficPing>();
    app->Setup(cfg, hooks);
    ctx.topology.GetNode(t.from)->AddApplication(app);
    app->SetStartTime(NanoSeconds(t.at));
    app->SetStopTime(NanoSeconds(ctx.scenario.run.duration));
}

void
TrafficInstaller::InstallUdp(const InstallContext& ctx, size_t i, uint32_t remote)
{
    const TrafficSpec& t = ctx.scenario.traffic[i];
    EnsureSinks(ctx, TrafficKind::UDP, t.port, remote);
    TrafficUdpSource::Config cfg;
    cfg.remote = Ipv4Address(remote);
    cfg.port = t.port;
    cfg.count = t.count;
    cfg.interval = NanoSeconds(t.interval);
    cfg.size = t.size;
    cfg.flowId = static_cast<uint32_t>(i + 1);
    FlowResult* r = &m_flows[i]->result;
    Ptr<TrafficUdpSource> app = CreateObject<TrafficUdpSource>();
    app->Setup(cfg,
               [r](uint32_t)
               {
                   ++r->sent;
               });
    ctx.topology.GetNode(t.from)->AddApplication(app);
    app->SetStartTime(NanoSeconds(t.at));
    app->SetStopTime(NanoSeconds(ctx.scenario.run.duration));
    // Datagrams still missing 1 s after the last one left are lost.
    TimeNs drain = t.at + static_cast<TimeNs>(t.count - 1) * t.interval + kSec;
    if (drain < ctx.scenario.run.duration)
    {
        Simulator::Schedule(NanoSeconds(drain),
                            [this, i]()
                            {
                                Done(i);
                            });
    }
}

void
TrafficInstaller::InstallTcp(const InstallContext& ctx, size_t i, uint32_t remote)
{
    const TrafficSpec& t = ctx.scenario.traffic[i];
    EnsureSinks(ctx, TrafficKind::TCP, t.port, remote);
    Ptr<BulkSendApplication> app = CreateObject<BulkSendApplication>();
    app->SetAttribute("Protocol", TypeIdValue(TcpSocketFactory::GetTypeId()));
    app->SetAttribute("Remote", AddressValue(InetSocketAddress(Ipv4Address(remote), t.port)));
    app->SetAttribute("MaxBytes", UintegerValue(m_flows[i]->result.totalBytes));
    app->SetAttribute("SendSize", UintegerValue(t.size == 0 ? 1 : t.size));
    Flow* f = m_flows[i].get();
    f->port = t.port;
    BulkSendApplication* raw = PeekPointer(app);
    app->TraceConnectWithoutContext(
        "Tx", Callback<void, Ptr<const Packet>>(
                  [f, raw](Ptr<const Packet> p)
                  {
                      f->result.sent += p->GetSize();
                      if (!f->tcpLocalKnown && raw->GetSocket())
                      {
                          f->tcpLocalKnown = raw->GetSocket()->GetSockName(f->tcpLocal) == 0;
                      }
                  }));
    ctx.topology.GetNode(t.from)->AddApplication(app);
    app->SetStartTime(NanoSeconds(t.at));
    app->SetStopTime(NanoSeconds(ctx.scenario.run.duration));
}

void
TrafficInstaller::EnsureSinks(const InstallContext& ctx,
                              TrafficKind kind,
                              uint16_t port,
                              uint32_t remote)
{
    const Scenario& sc = ctx.scenario;
    std::vector<std::string> nodes;
    std::string owner = OwnerOf(sc, remote);
    if (!owner.empty())
    {
        nodes.push_back(owner);
    }
    else
    {
        // Not an underlay address (e.g. one PPP assigns later): every node listens.
        for (const ScenarioNode& n : sc.nodes)
        {
            nodes.push_back(n.name);
        }
    }
    for (const std::string& node : nodes)
    {
        auto key = std::make_tuple(node, static_cast<int>(kind), port);
        if (m_sinks.count(key))
        {
            continue;
        }
        m_sinks[key] = true;
        Ptr<PacketSink> sink = CreateObject<PacketSink>();
        TypeId proto = kind == TrafficKind::TCP ? TcpSocketFactory::GetTypeId()
                                                : UdpSocketFactory::GetTypeId();
        sink->SetAttribute("Protocol", TypeIdValue(proto));
        sink->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), port)));
        if (kind == TrafficKind::TCP)
        {
            sink->TraceConnectWithoutContext(
                "Rx", Callback<void, Ptr<const Packet>, const Address&>(
                          [this, port](Ptr<const Packet> p, const Address& from)
                          {
                              TcpReceived(port, p, from);
                          }));
        }
        else
        {
            sink->TraceConnectWithoutContext("Rx",
                                             Callback<void, Ptr<const Packet>, const Address&>(
                                                 [this](Ptr<const Packet> p, const Address&)
                                                 {
                                                     UdpReceived(p);
                                                 }));
        }
        ctx.topology.GetNode(node)->AddApplication(sink);
        sink->SetStartTime(Seconds(0));
        sink->SetStopTime(NanoSeconds(sc.run.duration));
    }
}

void
TrafficInstaller::UdpReceived(Ptr<const Packet> p)
{
    uint8_t stamp[TrafficUdpSource::kStampSize];
    uint32_t flowId = 0;
    uint32_t seq = 0;
    int64_t sentNs = 0;
    if (p->CopyData(stamp, sizeof stamp) != sizeof stamp ||
        !TrafficUdpSource::ReadStamp(stamp, sizeof stamp, flowId, seq, sentNs) || flowId == 0 ||
        flowId > m_flows.size() || m_flows[flowId - 1]->result.kind != TrafficKind::UDP)
    {
        return;
    }
    size_t i = flowId - 1;
    FlowResult& r = m_flows[i]->result;
    TimeNs now = Simulator::Now().GetNanoSeconds();
    ++r.received;
    r.lastRx = now;
    r.delayMs.Add(static_cast<double>(now - sentNs) / 1e6);
    (void)seq; // sequence numbers are not checked: the model neither duplicates nor reorders
    if (r.received == m_flows[i]->count)
    {
        Done(i);
    }
}

void
TrafficInstaller::TcpReceived(uint16_t port, Ptr<const Packet> p, const Address& from)
{
    // The sink knows the sender as `from`: its own socket address, or — behind a NAT — the
    // public address and port the NAT chose. An unknown `from` belongs to the earliest started
    // TCP flow to this port that the sink has not seen yet (concurrent flows from behind one
    // NAT to one port are told apart by start order).
    Flow* match = nullptr;
    size_t index = 0;
    for (size_t i = 0; i < m_flows.size() && !match; ++i)
    {
        Flow& f = *m_flows[i];
        const bool tcp = f.result.kind == TrafficKind::TCP && f.tcpLocalKnown;
        if (tcp && ((f.tcpSeenKnown && f.tcpSeenFrom == from) || f.tcpLocal == from))
        {
            match = &f;
            index = i;
        }
    }
    for (size_t i = 0; i < m_flows.size() && !match; ++i)
    {
        Flow& f = *m_flows[i];
        if (f.result.kind == TrafficKind::TCP && f.tcpLocalKnown && !f.tcpSeenKnown &&
            f.port == port && f.result.received == 0)
        {
            match = &f;
            index = i;
        }
    }
    if (!match)
    {
        return;
    }
    match->tcpSeenFrom = from;
    match->tcpSeenKnown = true;
    match->result.received += p->GetSize();
    match->result.lastRx = Simulator::Now().GetNanoSeconds();
    if (match->result.received >= match->result.totalBytes && match->result.completed == kNever)
    {
        match->result.completed = match->result.lastRx;
        Done(index);
    }
}

void
TrafficInstaller::Done(size_t i)
{
    FlowResult& r = m_flows[i]->result;
    if (r.done)
    {
        return;
    }
    r.done = true;
    Emit(i, "flow-done",
         {{"sent", std::to_string(r.sent)},
          {"received", std::to_string(r.received)},
          {"loss-percent", StateNumber(r.LossPercent())}});
}

void
TrafficInstaller::Emit(size_t i,
                       const char* kind,
                       std::vector<std::pair<std::string, std::string>> fields)
{
    if (!m_events)
    {
        return;
    }
    LabEvent e;
    e.time = Simulator::Now().GetNanoSeconds();
    e.node = m_flows[i]->result.from;
    e.object = "traffic/" + m_flows[i]->result.name;
    e.kind = kind;
    e.fields = std::move(fields);
    m_events->Emit(e);
}

bool
TrafficInstaller::Sample(const std::string& node, const std::string& path, std::string& value) const
{
    if (path.rfind("traffic/", 0) != 0)
    {
        return false;
    }
    size_t slash = path.find('/', 8);
    if (slash == std::string::npos)
    {
        return false;
    }
    std::string name = path.substr(8, slash - 8);
    for (const auto& f : m_flows)
    {
        if (f->result.name == name && f->result.from == node)
        {
            return f->result.StateValue(path.substr(slash + 1), value);
        }
    }
    return false;
}

void
TrafficInstaller::Summarize(std::vector<RunNodeSummary>& /* nodes */) const
{
    // Flows are reported run-wide (Report), not per node.
}

void
TrafficInstaller::Report(RunReport& report) const
{
    for (const auto& f : m_flows)
    {
        report.flows.push_back(f->result.ToRunFlow());
    }
}

} // namespace ns3
