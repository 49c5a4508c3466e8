#include "runner/ns3/ipsec-carrier.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecL4Shim);

namespace
{

/** \brief How long a packet waits for its SA: Linux's net.core.xfrm_acq_expires default. */
constexpr TimeNs kAcquireExpiry = 30 * kSec;

TimeNs
SimNowNs()
{
    return Simulator::Now().GetNanoSeconds();
}

std::string
Text(Ipv4Address a)
{
    return SpdIpv4Text(a.Get());
}

std::array<uint8_t, 4>
Octets(Ipv4Address a)
{
    const uint32_t v = a.Get();
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

Bytes
PacketBytes(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

void
PutPort(Bytes& seg, size_t at, uint16_t port)
{
    seg[at] = static_cast<uint8_t>(port >> 8);
    seg[at + 1] = static_cast<uint8_t>(port);
}

/** \brief Recompute a UDP segment's checksum over (src, dst), unless it carries none (0). */
void
Rechecksum(Bytes& seg, Ipv4Address src, Ipv4Address dst)
{
    if (seg.size() < 8 || (seg[6] == 0 && seg[7] == 0))
    {
        return;
    }
    seg[6] = seg[7] = 0;
    const uint16_t c = UdpChecksumIpv4(seg, Octets(src), Octets(dst));
    PutPort(seg, 6, c);
}

const char*
SpdReasonName(SpdReason r)
{
    size_t n = 0;
    const SpdReasonInfo* rows = SpdReasonTable(n);
    return static_cast<size_t>(r) < n ? rows[static_cast<size_t>(r)].name : "unknown";
}

} // namespace

// ---- the shim --------------------------------------------------------------------------------

TypeId
IpsecL4Shim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tpLabIpsecL4Shim")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("L2tpLab")
                            .AddConstructor<IpsecL4Shim>();
    return tid;
}

IpL4Protocol::RxStatus
IpsecL4Shim::Receive(Ptr<Packet> p, const Ipv4Header& h, Ptr<Ipv4Interface> iface)
{
    if (m_carrier == nullptr)
    {
        return m_inner ? m_inner->Receive(p, h, iface) : IpL4Protocol::RX_ENDPOINT_UNREACH;
    }
    return m_protocol == 50 ? m_carrier->ReceiveEsp(p, h, iface)
                            : m_carrier->ReceiveUdp(p, h, iface);
}

IpL4Protocol::RxStatus
IpsecL4Shim::Receive(Ptr<Packet> p, const Ipv6Header& h, Ptr<Ipv6Interface> iface)
{
    return m_inner ? m_inner->Receive(p, h, iface) : IpL4Protocol::RX_ENDPOINT_UNREACH;
}

void
IpsecL4Shim::ReceiveIcmp(Ipv4Address icmpSource,
                         uint8_t icmpTtl,
                         uint8_t icmpType,
                         uint8_t icmpCode,
                         uint32_t icmpInfo,
                         Ipv4Address payloadSource,
                         Ipv4Address payloadDestination,
                         const uint8_t payload[8])
{
    if (m_inner)
    {
        m_inner->ReceiveIcmp(icmpSource, icmpTtl, icmpType, icmpCode, icmpInfo, payloadSource,
                             payloadDestination, payload);
    }
}

void
IpsecL4Shim::SetDownTarget(DownTargetCallback cb)
{
    m_down = cb;
}

void
IpsecL4Shim::SetDownTarget6(DownTargetCallback6 cb)
{
    m_down6 = cb;
}

IpL4Protocol::DownTargetCallback
IpsecL4Shim::GetDownTarget() const
{
    return m_down;
}

IpL4Protocol::DownTargetCallback6
IpsecL4Shim::GetDownTarget6() const
{
    return m_down6;
}

// ---- the carrier -----------------------------------------------------------------------------

IpsecCarrier::IpsecCarrier(const std::string& name,
                           Ptr<Node> node,
                           IpsecPlan plan,
                           EventSink* sink,
                           const IkeEngineFactory& factory,
                           uint64_t seed)
    : m_name(name)
    , m_node(node)
    , m_plan(std::move(plan))
    , m_sink(sink)
    , m_spd(m_plan.serverMode)
{
    for (const auto& g : m_plan.generate)
    {
        m_spd.SetGenerate(g.first, g.second);
    }
    for (const SpdPolicy& p : m_plan.policies)
    {
        m_spd.AddStatic(p);
    }
    m_engine = factory ? factory(*this, seed) : nullptr;
    for (const IkePeerConfig& p : m_plan.peers)
    {
        if (m_engine)
        {
            m_engine->AddPeer(p);
        }
    }
}

IpsecCarrier::~IpsecCarrier()
{
    m_timer.Cancel();
    if (m_udp && !m_down.IsNull())
    {
        m_udp->SetDownTarget(m_down); // the node's UDP sends straight to IPv4 again
    }
    if (m_udpShim)
    {
        m_udpShim->Detach();
    }
    if (m_espShim)
    {
        m_espShim->Detach();
    }
}

bool
IpsecCarrier::Attach(std::string& error)
{
    m_ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    m_udp = m_node->GetObject<UdpL4Protocol>();
    if (!m_ipv4 || !m_udp)
    {
        error = "node " + m_name + " has no IPv4/UDP stack";
        return false;
    }
    m_down = m_udp->GetDownTarget();
    m_udp->SetDownTarget(MakeCallback(&IpsecCarrier::SendDown, this));
    m_ipv4->Remove(m_udp);
    m_udpShim = CreateObject<IpsecL4Shim>();
    m_udpShim->Setup(this, UdpL4Protocol::PROT_NUMBER, m_udp);
    m_ipv4->Insert(m_udpShim);
    m_espShim = CreateObject<IpsecL4Shim>();
    m_espShim->Setup(this, kEspProtocol, nullptr);
    m_ipv4->Insert(m_espShim);
    return true;
}

void
IpsecCarrier::Emit(const LabEvent& e)
{
    // Phase 1 outcomes are counted here, so that the report says why no SA came up.
    if (e.kind == "phase1-established")
    {
        m_counters.Add("phase1-established");
    }
    else if (e.kind == "phase1-failed")
    {
        const std::string cause = e.Get("cause");
        m_counters.Add("phase1-failed/" + e.Get("reason"));
        const std::string peer = e.object.substr(e.object.rfind('/') + 1);
        char at[32];
        std::snprintf(at, sizeof at, "%.3f", static_cast<double>(e.time) / kSec);
        m_lastPhase1Failure = "peer " + peer + " (" + e.Get("role") + "): " + e.Get("reason") +
                              (cause.empty() ? "" : ", cause " + cause) + ", at " + at + " s";
    }
    if (m_sink)
    {
        LabEvent c = e;
        c.node = m_name;
        m_sink->Emit(c);
    }
}

void
IpsecCarrier::Note(const std::string& object, const std::string& kind, const std::string& detail)
{
    LabEvent e;
    e.time = SimNowNs();
    e.object = object;
    e.kind = kind;
    e.fields.emplace_back("detail", detail);
    Emit(e);
}

void
IpsecCarrier::Drop(const std::string& reason)
{
    m_counters.Add("drop/" + reason);
}

Ptr<Ipv4Route>
IpsecCarrier::RouteTo(Ipv4Address src, Ipv4Address dst) const
{
    Ptr<Ipv4RoutingProtocol> routing = m_ipv4->GetRoutingProtocol();
    if (!routing)
    {
        return nullptr;
    }
    Ipv4Header h;
    h.SetSource(src);
    h.SetDestination(dst);
    h.SetProtocol(UdpL4Protocol::PROT_NUMBER);
    Socket::SocketErrno err;
    return routing->RouteOutput(nullptr, h, nullptr, err);
}

// ---- outbound --------------------------------------------------------------------------------

void
IpsecCarrier::SendDown(
    Ptr<Packet> p, Ipv4Address src, Ipv4Address dst, uint8_t proto, Ptr<Ipv4Route> route)
{
    UdpHeader u;
    if (proto != UdpL4Protocol::PROT_NUMBER || p->PeekHeader(u) == 0)
    {
        m_down(p, src, dst, proto, route);
        return;
    }
    const SpdPacket sp{src.Get(), dst.Get(), proto, u.GetSourcePort(), u.GetDestinationPort()};
    const OutboundResult r = m_spd.Outbound(sp);
    switch (r.verdict)
    {
    case OutboundResult::Verdict::BYPASS:
        m_down(p, src, dst, proto, route);
        return;
    case OutboundResult::Verdict::PROTECT:
        Protect(p, src, r, route);
        return;
    case OutboundResult::Verdict::ACQUIRE:
        Hold(p, src, dst, route, r);
        return;
    case OutboundResult::Verdict::DROP:
        Drop(std::string("spd/") + SpdReasonName(r.reason));
        return;
    }
}

void
IpsecCarrier::Protect(Ptr<Packet> p, Ipv4Address src, const OutboundResult& r, Ptr<Ipv4Route> route)
{
    const Ipv4Address dst(r.sa.remote.addr.c_str());
    Bytes seg = PacketBytes(p);
    if (r.rewriteDstPort != 0 && seg.size() >= 8)
    {
        PutPort(seg, 2, r.rewriteDstPort); // per-peer: back to the port the peer really uses
        Rechecksum(seg, src, dst);
    }
    EspOutboundSa* sa = m_sad.FindOutbound(r.sa.outSpi);
    if (sa == nullptr)
    {
        Drop("no-outbound-sa");
        return;
    }
    EspTxResult t = sa->Protect(seg, kEspNextHeaderUdp, SimNowNs());
    LifetimeEvents(t.events, r.sa.outSpi, "outbound");
    if (!t.ok)
    {
        Drop(std::string("esp/") + GetEspReasonInfo(t.reason).name);
        return;
    }
    if (!route || route->GetDestination() != dst)
    {
        route = RouteTo(src, dst);
    }
    if (r.sa.udpEncap)
    {
        // RFC 3948 §2.1: our own UDP header, Checksum 0; ns-3's UdpL4Protocol never sees it.
        const uint16_t sport = r.sa.local.port != 0 ? r.sa.local.port : kNattPort;
        const Bytes dg = UdpEncapBuildDatagram(sport, r.sa.remote.port, t.packet);
        m_down(Create<Packet>(dg.data(), dg.size()), src, dst, UdpL4Protocol::PROT_NUMBER, route);
        NoteSent(r.sa.local, r.sa.remote);
        m_counters.Add("esp-out-udp");
    }
    else
    {
        m_down(Create<Packet>(t.packet.data(), t.packet.size()), src, dst, kEspProtocol, route);
    }
    m_counters.Add("esp-out");
}

void
IpsecCarrier::Hold(
    Ptr<Packet> p, Ipv4Address src, Ipv4Address dst, Ptr<Ipv4Route> route, const OutboundResult& o)
{
    if (!m_engine)
    {
        Drop("no-ike-engine"); // the acquire is refused: nobody can negotiate
        return;
    }
    std::deque<Held>& q = m_held[o.acquireRemote.addr];
    // A negotiation that never installed an SA (a wrong key, no answer) says nothing to the
    // carrier: its packets expire as Linux's larval (acquire) state does, after 30 s
    // (net.core.xfrm_acq_expires), so they are neither sent late nor fill the queue for good.
    const TimeNs now = SimNowNs();
    while (!q.empty() && now - q.front().since >= kAcquireExpiry)
    {
        q.pop_front();
        Drop("acquire-expired");
    }
    if (q.size() >= m_plan.acquireQueue)
    {
        Drop("acquire-queue-full");
    }
    else
    {
        q.push_back(Held{p, src, dst, route, now});
        m_counters.Add("held");
    }
    m_counters.Add("acquire");
    m_engine->Acquire(IkeEndpoint{Text(src), kIkeUdpPort}, o.acquireRemote, o.acquireSelector, now);
    RunActions();
}

void
IpsecCarrier::FlushHeld(const std::string& remote)
{
    auto it = m_held.find(remote);
    if (it == m_held.end())
    {
        return;
    }
    std::deque<Held> q;
    q.swap(it->second);
    m_held.erase(it);
    for (Held& h : q)
    {
        SendDown(h.packet, h.src, h.dst, UdpL4Protocol::PROT_NUMBER, h.route);
    }
}

// ---- inbound ---------------------------------------------------------------------------------

IpL4Protocol::RxStatus
IpsecCarrier::ReceiveUdp(Ptr<Packet> p, const Ipv4Header& h, Ptr<Ipv4Interface> iface)
{
    UdpHeader u;
    if (p->PeekHeader(u) == 0)
    {
        return m_udp->Receive(p, h, iface);
    }
    const uint16_t dport = u.GetDestinationPort();
    if (dport == kIkeUdpPort || dport == kNattPort)
    {
        Bytes all = PacketBytes(p);
        Ptr<Packet> payload =
            Create<Packet>(all.data() + 8, all.size() - std::min<size_t>(8, all.size()));
        if (dport == kNattPort)
        {
            return ReceiveNatt(payload, h, u.GetSourcePort(), iface);
        }
        m_counters.Add("ike-in");
        if (!m_engine)
        {
            Drop("no-ike-engine");
            return IpL4Protocol::RX_OK;
        }
        m_engine->Receive(IkeEndpoint{Text(h.GetDestination()), kIkeUdpPort},
                          IkeEndpoint{Text(h.GetSource()), u.GetSourcePort()}, PacketBytes(payload),
                          SimNowNs());
        RunActions();
        return IpL4Protocol::RX_OK;
    }
    const SpdPacket sp{h.GetSource().Get(), h.GetDestination().Get(), UdpL4Protocol::PROT_NUMBER,
                       u.GetSourcePort(), dport};
    const InboundResult in = m_spd.InboundClear(sp);
    if (!in.accept)
    {
        Drop(std::string("spd/") + SpdReasonName(in.reason));
        return IpL4Protocol::RX_OK;
    }
    return m_udp->Receive(p, h, iface);
}

IpL4Protocol::RxStatus
IpsecCarrier::ReceiveNatt(Ptr<Packet> payload,
                          const Ipv4Header& h,
                          uint16_t sport,
                          Ptr<Ipv4Interface> iface)
{
    const Bytes b = PacketBytes(payload);
    const NattClass c = ClassifyNattPayload(b);
    switch (c.kind)
    {
    case NattKind::KEEPALIVE:
        m_counters.Add("natt-keepalive-in"); // RFC 3948 §2.3: ignored
        return IpL4Protocol::RX_OK;
    case NattKind::MALFORMED:
    {
        size_t n = 0;
        const NattReasonInfo* rows = NattReasonTable(n);
        Drop(std::string("natt/") + rows[static_cast<size_t>(c.reason)].name);
        return IpL4Protocol::RX_OK;
    }
    case NattKind::IKE:
        m_counters.Add("ike-in");
        if (!m_engine)
        {
            Drop("no-ike-engine");
            return IpL4Protocol::RX_OK;
        }
        m_engine->Receive(IkeEndpoint{Text(h.GetDestination()), kNattPort},
                          IkeEndpoint{Text(h.GetSource()), sport},
                          Bytes(b.begin() + static_cast<long>(c.offset), b.end()), SimNowNs());
        RunActions();
        return IpL4Protocol::RX_OK;
    case NattKind::ESP:
        break;
    }
    return Decrypted(b, h, iface, true);
}

IpL4Protocol::RxStatus
IpsecCarrier::ReceiveEsp(Ptr<Packet> p, const Ipv4Header& h, Ptr<Ipv4Interface> iface)
{
    return Decrypted(PacketBytes(p), h, iface, false);
}

IpL4Protocol::RxStatus
IpsecCarrier::Decrypted(const Bytes& esp,
                        const Ipv4Header& h,
                        Ptr<Ipv4Interface> iface,
                        bool viaUdp)
{
    const EspRxResult r = m_sad.Input(Text(h.GetDestination()), esp, SimNowNs());
    LifetimeEvents(r.events, r.spi, "inbound");
    if (!r.ok)
    {
        Drop(std::string("esp/") + GetEspReasonInfo(r.reason).name);
        return IpL4Protocol::RX_OK;
    }
    if (m_engine)
    {
        m_engine->InboundTraffic(r.spi, SimNowNs());
    }
    if (r.nextHeader != kEspNextHeaderUdp || r.payload.size() < 8)
    {
        Drop("inner-not-udp"); // transport mode carries L2TP's UDP here (RFC 3193)
        return IpL4Protocol::RX_OK;
    }
    Bytes seg = r.payload;
    const uint16_t sport = static_cast<uint16_t>(seg[0] << 8 | seg[1]);
    const uint16_t dport = static_cast<uint16_t>(seg[2] << 8 | seg[3]);
    const SpdPacket sp{h.GetSource().Get(), h.GetDestination().Get(), kEspNextHeaderUdp, sport,
                       dport};
    const InboundResult in = m_spd.InboundProtected(sp, r.spi);
    if (!in.accept)
    {
        Drop(std::string("spd/") + SpdReasonName(in.reason));
        return IpL4Protocol::RX_OK;
    }
    if (in.rewriteSrcPort != 0)
    {
        PutPort(seg, 0, in.rewriteSrcPort); // per-peer: the node sees the peer by its NAT-T port
    }
    if (viaUdp || in.rewriteSrcPort != 0)
    {
        Rechecksum(seg, h.GetSource(), h.GetDestination()); // RFC 3948 §3.1.2
    }
    m_counters.Add("esp-in");
    Ipv4Header ih = h;
    ih.SetProtocol(UdpL4Protocol::PROT_NUMBER);
    ih.SetPayloadSize(static_cast<uint16_t>(seg.size()));
    return m_udp->Receive(Create<Packet>(seg.data(), seg.size()), ih, iface);
}

// ---- SAs, IKE datagrams, timers ------------------------------------------------------------

void
IpsecCarrier::InstallSa(const IkeSaInstall& sa)
{
    std::string err;
    const bool ok = sa.inbound ? m_sad.AddInbound(sa.esp, SimNowNs(), err)
                               : m_sad.AddOutbound(sa.esp, SimNowNs(), err);
    const std::string obj = "ipsec/sa/" + SpiHex(sa.esp.spi);
    if (!ok)
    {
        Drop("install-refused");
        Note(obj, "install-refused", err);
        return;
    }
    if (sa.inbound)
    {
        m_inboundDst[sa.esp.spi] = sa.esp.dst;
    }
    m_keyLog.push_back(sa.esp);
    Note(obj, "sa-installed",
         std::string(sa.inbound ? "in" : "out") + " peer " + sa.peer + " " + sa.remote.addr + ":" +
             std::to_string(sa.remote.port) + (sa.udpEncap ? " udp-encap" : ""));
    for (const SpdChange& c : m_spd.OnInstall(sa))
    {
        Note("ipsec/policy", c.kind, c.where + ": " + c.detail);
    }
    const bool passive = std::any_of(m_plan.peers.begin(), m_plan.peers.end(),
                                     [&](const IkePeerConfig& p)
                                     {
                                         return p.name == sa.peer && p.passive;
                                     });
    const bool known = std::any_of(m_keepalives.begin(), m_keepalives.end(),
                                   [&](const Keepalive& k)
                                   {
                                       return k.remote == sa.remote;
                                   });
    if (!sa.inbound && sa.udpEncap && !passive && !known && m_plan.natKeepalive > 0)
    {
        m_keepalives.push_back(
            Keepalive{sa.local, sa.remote, NatKeepaliveSchedule(m_plan.natKeepalive, SimNowNs())});
    }
    const std::vector<SpdSaPair> pairs = m_spd.Pairs();
    if (std::any_of(pairs.begin(), pairs.end(),
                    [&](const SpdSaPair& p)
                    {
                        return p.remote.addr == sa.remote.addr;
                    }))
    {
        FlushHeld(sa.remote.addr);
    }
    ArmTimer();
}

void
IpsecCarrier::DeleteSa(uint32_t spi, bool inbound)
{
    const bool ok =
        inbound ? m_sad.RemoveInbound(spi, m_inboundDst[spi]) : m_sad.RemoveOutbound(spi);
    Note("ipsec/sa/" + SpiHex(spi), ok ? "sa-deleted" : "delete-unknown", inbound ? "in" : "out");
    for (const SpdChange& c : m_spd.OnDelete(spi, inbound))
    {
        Note("ipsec/policy", c.kind, c.where + ": " + c.detail);
    }
}

void
IpsecCarrier::SendUdp(const IkeEndpoint& local,
                      const IkeEndpoint& remote,
                      const Bytes& payload,
                      bool zeroChecksum)
{
    const Ipv4Address dst(remote.addr.c_str());
    Ipv4Address src = local.addr.empty() ? Ipv4Address::GetAny() : Ipv4Address(local.addr.c_str());
    Ptr<Ipv4Route> rt = RouteTo(src, dst);
    if (!rt)
    {
        Drop("no-route");
        return;
    }
    if (src == Ipv4Address::GetAny())
    {
        src = rt->GetSource();
    }
    Ptr<Packet> pkt;
    if (zeroChecksum)
    {
        const Bytes dg = UdpEncapBuildDatagram(local.port, remote.port, payload);
        pkt = Create<Packet>(dg.data(), dg.size());
    }
    else
    {
        pkt = Create<Packet>(payload.data(), payload.size());
        UdpHeader u;
        u.SetSourcePort(local.port);
        u.SetDestinationPort(remote.port);
        if (Node::ChecksumEnabled())
        {
            u.EnableChecksums();
            u.InitializeChecksum(src, dst, UdpL4Protocol::PROT_NUMBER);
        }
        pkt->AddHeader(u);
    }
    m_down(pkt, src, dst, UdpL4Protocol::PROT_NUMBER, rt);
    NoteSent(local, remote);
}

void
IpsecCarrier::NoteSent(const IkeEndpoint& /* local */, const IkeEndpoint& remote)
{
    for (Keepalive& k : m_keepalives)
    {
        if (k.remote == remote)
        {
            k.schedule.NoteSent(SimNowNs());
        }
    }
}

void
IpsecCarrier::RunActions()
{
    if (!m_engine)
    {
        return;
    }
    for (const IkeAction& a : m_engine->TakeActions())
    {
        switch (a.kind)
        {
        case IkeAction::Kind::SEND:
            m_counters.Add("ike-out");
            SendUdp(a.local, a.remote,
                    a.local.port == kNattPort ? UdpEncapIke(a.datagram) : a.datagram, false);
            break;
        case IkeAction::Kind::INSTALL_SA:
            InstallSa(a.sa);
            break;
        case IkeAction::Kind::DELETE_SA:
            DeleteSa(a.spi, a.inbound);
            break;
        }
    }
    ArmTimer();
}

void
IpsecCarrier::ArmTimer()
{
    TimeNs next = m_engine ? m_engine->NextDeadline() : kNever;
    for (const Keepalive& k : m_keepalives)
    {
        next = std::min(next, k.schedule.NextDeadline());
    }
    if (next == kNever || (m_timer.IsRunning() && next >= m_timerAt))
    {
        return;
    }
    m_timer.Cancel();
    m_timerAt = next;
    m_timer = Simulator::Schedule(NanoSeconds(std::max<TimeNs>(0, next - SimNowNs())),
                                  &IpsecCarrier::OnTimer, this);
}

void
IpsecCarrier::OnTimer()
{
    m_timerAt = kNever;
    const TimeNs now = SimNowNs();
    if (m_engine && m_engine->NextDeadline() <= now)
    {
        m_engine->OnTimer(now);
        RunActions();
    }
    const std::vector<SpdSaPair> pairs = m_spd.Pairs();
    for (Keepalive& k : m_keepalives)
    {
        if (!k.schedule.Due(now))
        {
            continue;
        }
        k.schedule.NoteSent(now);
        const bool live = std::any_of(pairs.begin(), pairs.end(),
                                      [&](const SpdSaPair& p)
                                      {
                                          return p.remote == k.remote;
                                      });
        if (live)
        {
            // RFC 3948 §2.3/§4: one octet 0xFF, checksum zero like ESP-in-UDP.
            SendUdp(k.local.port != 0 ? k.local : IkeEndpoint{k.local.addr, kNattPort}, k.remote,
                    UdpEncapKeepalive(), true);
            m_counters.Add("natt-keepalive-out");
        }
    }
    for (const auto& [spi, ev] : m_sad.Poll(now))
    {
        LifetimeEvents({ev}, spi, "lifetime");
    }
    ArmTimer();
}

void
IpsecCarrier::LifetimeEvents(const std::vector<EspSaEvent>& events,
                             uint32_t spi,
                             const std::string& detail)
{
    for (EspSaEvent e : events)
    {
        Note("ipsec/sa/" + SpiHex(spi), EspSaEventName(e), detail);
        if (m_engine)
        {
            // Soft byte / sequence limits start a rekey, hard ones end the pair (the engine
            // keeps the time limits itself): RFC 4301 §4.4.2.1.
            m_engine->SaLifetimeLimit(spi, e, SimNowNs());
        }
    }
    if (!events.empty())
    {
        RunActions();
    }
}

std::string
IpsecCarrier::Ikev1DecryptionTable() const
{
    return m_engine ? m_engine->Ikev1DecryptionTable() : "";
}

std::map<std::string, uint64_t>
IpsecCarrier::AllCounters() const
{
    std::map<std::string, uint64_t> out;
    for (const auto& [name, v] : m_counters.All())
    {
        out["ipsec/" + name] = v;
    }
    return out;
}

} // namespace ns3
