#include "runner/ns3/nat-installer.h"

#include "runner/nat-mapping.h"
#include "runner/ns3/l3-dispatch.h"
#include "runner/units.h"

#include "model/nat/nat-table.h"

#include "ns3/icmpv4.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

#include <algorithm>

namespace ns3
{

/** \brief One NAT router: its rules, one table per (egress interface, public address). */
class NatNode : public EventSink
{
public:
    NatNode(const std::string& name,
            Ptr<Node> node,
            NatPlan plan,
            EventSink* sink,
            std::map<uint32_t, std::string> ifaceNames)
        : m_name(name)
        , m_node(node)
        , m_ipv4(node->GetObject<Ipv4L3Protocol>())
        , m_plan(std::move(plan))
        , m_sink(sink)
        , m_ifaceNames(std::move(ifaceNames))
    {
    }

    ~NatNode() override { m_timer.Cancel(); }

    void
    Emit(const LabEvent& e) override
    {
        if (m_sink)
        {
            LabEvent c = e;
            c.node = m_name;
            m_sink->Emit(c);
        }
    }

    Ptr<const Packet> Filter(Ptr<NetDevice> dev, Ptr<const Packet> in);

    /** \brief Sum of a counter over every table. */
    uint64_t
    Count(const std::string& counter) const
    {
        uint64_t n = 0;
        for (const auto& kv : m_tables)
        {
            n += kv.second.table->GetCounters().Get(counter);
        }
        return n;
    }

    /** \brief Packets dropped (or, inbound, left untranslated) for `reason`, every interface:
     * the tables' drop/<reason> and the node's <iface>/drop/<reason>. */
    uint64_t
    Drops(const std::string& reason) const
    {
        uint64_t n = Count("drop/" + reason);
        const std::string suffix = "/drop/" + reason;
        for (const auto& [name, v] : m_drops.All())
        {
            if (name.size() > suffix.size() &&
                name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            {
                n += v;
            }
        }
        return n;
    }

    /** \brief Every drop reason with its total (Drops), for the node summary. */
    std::map<std::string, uint64_t>
    AllDrops() const
    {
        std::map<std::string, uint64_t> out;
        for (const auto& kv : m_tables)
        {
            for (const auto& [name, v] : kv.second.table->GetCounters().All())
            {
                if (name.rfind("drop/", 0) == 0)
                {
                    out[name.substr(5)] += v;
                }
            }
        }
        for (const auto& [name, v] : m_drops.All())
        {
            const size_t at = name.find("/drop/");
            if (at != std::string::npos)
            {
                out[name.substr(at + 6)] += v;
            }
        }
        return out;
    }

    size_t
    Mappings(const std::string& iface) const
    {
        size_t n = 0;
        for (const auto& kv : m_tables)
        {
            if (iface.empty() || kv.second.iface == iface)
            {
                n += kv.second.table->Size();
            }
        }
        return n;
    }

    /** \brief Every table's counters, prefixed nat/<iface>/. */
    std::map<std::string, uint64_t>
    AllCounters() const
    {
        std::map<std::string, uint64_t> out;
        for (const auto& kv : m_tables)
        {
            for (const auto& [name, v] : kv.second.table->GetCounters().All())
            {
                out["nat/" + kv.second.iface + "/" + name] += v;
            }
        }
        for (const auto& [name, v] : m_drops.All())
        {
            out["nat/" + name] += v;
        }
        return out;
    }

    const std::string&
    Name() const
    {
        return m_name;
    }

private:
    struct Table
    {
        std::string iface;
        std::unique_ptr<NatTable> table;
    };

    /** \brief The packet's 5-tuple; false (with why) when it cannot be translated. */
    bool Extract(Ptr<const Packet> in, const Ipv4Header& ip, NatPacket& np, std::string& why) const;
    Ptr<const Packet> Rewrite(Ptr<const Packet> in, const NatPacket& to) const;
    Ptr<const Packet> Inbound(Table& t, Ptr<const Packet> in, const Ipv4Header& ip);
    Ptr<const Packet> Outbound(Ptr<const Packet> in, const Ipv4Header& ip, int32_t inIf);
    Table& TableFor(uint32_t ifIndex, uint32_t publicAddress);
    void ArmTimer();
    void OnTimer();

    std::string
    IfaceName(int32_t i) const
    {
        auto it = m_ifaceNames.find(static_cast<uint32_t>(i));
        return it == m_ifaceNames.end() ? "" : it->second;
    }

    std::string m_name;
    Ptr<Node> m_node;
    Ptr<Ipv4L3Protocol> m_ipv4;
    NatPlan m_plan;
    EventSink* m_sink;
    std::map<uint32_t, std::string> m_ifaceNames;            //!< IPv4 interface index -> name
    std::map<std::pair<uint32_t, uint32_t>, Table> m_tables; //!< (if index, public address)
    Counters m_drops;                                        //!< before any table is involved
    EventId m_timer;
    TimeNs m_timerAt{kNever};
};

namespace
{

TimeNs
SimNowNs()
{
    return Simulator::Now().GetNanoSeconds();
}

constexpr uint8_t kIcmpEchoReply = 0;
constexpr uint8_t kIcmpEcho = 8;

} // namespace

bool
NatNode::Extract(Ptr<const Packet> in, const Ipv4Header& ip, NatPacket& np, std::string& why) const
{
    np.protocol = ip.GetProtocol();
    np.src = ip.GetSource().Get();
    np.dst = ip.GetDestination().Get();
    const bool ports =
        np.protocol == kNatProtoUdp || np.protocol == kNatProtoTcp || np.protocol == kNatProtoIcmp;
    if (ports && (ip.GetFragmentOffset() != 0 || !ip.IsLastFragment()))
    {
        why = "fragment";
        return false;
    }
    Ptr<Packet> p = in->Copy();
    Ipv4Header skip;
    p->RemoveHeader(skip);
    if (np.protocol == kNatProtoUdp)
    {
        UdpHeader u;
        p->PeekHeader(u);
        np.srcPort = u.GetSourcePort();
        np.dstPort = u.GetDestinationPort();
    }
    else if (np.protocol == kNatProtoTcp)
    {
        TcpHeader t;
        p->PeekHeader(t);
        np.srcPort = t.GetSourcePort();
        np.dstPort = t.GetDestinationPort();
    }
    else if (np.protocol == kNatProtoIcmp)
    {
        Icmpv4Header h;
        p->RemoveHeader(h);
        if (h.GetType() != kIcmpEcho && h.GetType() != kIcmpEchoReply)
        {
            why = "icmp-error";
            return false;
        }
        Icmpv4Echo e;
        p->PeekHeader(e);
        np.srcPort = np.dstPort = e.GetIdentifier();
    }
    return true;
}

Ptr<const Packet>
NatNode::Rewrite(Ptr<const Packet> in, const NatPacket& to) const
{
    Ptr<Packet> p = in->Copy();
    Ipv4Header ip;
    p->RemoveHeader(ip);
    if (p->GetSize() > ip.GetPayloadSize())
    {
        p->RemoveAtEnd(p->GetSize() - ip.GetPayloadSize()); // link-layer padding
    }
    const Ipv4Address src(to.src);
    const Ipv4Address dst(to.dst);
    if (to.protocol == kNatProtoUdp)
    {
        UdpHeader old;
        p->RemoveHeader(old);
        // A fresh header: a deserialized UdpHeader keeps the received length minus 8 and
        // serializes it as the length field (ns-3.37), which would cut 8 octets per translation.
        UdpHeader u;
        u.SetSourcePort(to.srcPort);
        u.SetDestinationPort(to.dstPort);
        if (old.GetChecksum() == 0)
        {
            u.ForceChecksum(0); // RFC 768: no checksum; keep it that way (RFC 3948 ESP-in-UDP)
        }
        else
        {
            u.EnableChecksums();
            u.InitializeChecksum(src, dst, kNatProtoUdp);
        }
        p->AddHeader(u);
    }
    else if (to.protocol == kNatProtoTcp)
    {
        TcpHeader t;
        p->RemoveHeader(t);
        t.SetSourcePort(to.srcPort);
        t.SetDestinationPort(to.dstPort);
        t.EnableChecksums();
        t.InitializeChecksum(src, dst, kNatProtoTcp);
        p->AddHeader(t);
    }
    else if (to.protocol == kNatProtoIcmp)
    {
        Icmpv4Header h;
        p->RemoveHeader(h);
        Icmpv4Echo e;
        p->RemoveHeader(e);
        // The echo request leaves with the public identifier, the reply returns with the inside
        // one: whichever side is translated carries the mapped value in both port fields.
        e.SetIdentifier(h.GetType() == kIcmpEcho ? to.srcPort : to.dstPort);
        p->AddHeader(e);
        h.EnableChecksum();
        p->AddHeader(h);
    }
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.EnableChecksum();
    p->AddHeader(ip);
    return p;
}

NatNode::Table&
NatNode::TableFor(uint32_t ifIndex, uint32_t publicAddress)
{
    auto key = std::make_pair(ifIndex, publicAddress);
    auto it = m_tables.find(key);
    if (it == m_tables.end())
    {
        Table t;
        t.iface = IfaceName(static_cast<int32_t>(ifIndex));
        NatConfig c = m_plan.config;
        c.publicAddress = publicAddress;
        t.table = std::make_unique<NatTable>(c, this, "nat/" + t.iface);
        it = m_tables.emplace(key, std::move(t)).first;
    }
    return it->second;
}

Ptr<const Packet>
NatNode::Inbound(Table& t, Ptr<const Packet> in, const Ipv4Header& ip)
{
    NatPacket np;
    std::string why;
    if (!Extract(in, ip, np, why))
    {
        m_drops.Add(t.iface + "/untranslated/" + why);
        return in; // for the router itself, as far as the NAT can tell
    }
    NatVerdict v = t.table->Inbound(np, SimNowNs());
    ArmTimer();
    if (!v.pass)
    {
        return in; // no mapping (or filtered): the router's own stack answers or drops it
    }
    return Rewrite(in, v.out);
}

Ptr<const Packet>
NatNode::Outbound(Ptr<const Packet> in, const Ipv4Header& ip, int32_t inIf)
{
    Ptr<Ipv4RoutingProtocol> routing = m_ipv4->GetRoutingProtocol();
    Socket::SocketErrno err;
    Ptr<Ipv4Route> rt = routing ? routing->RouteOutput(nullptr, ip, nullptr, err) : nullptr;
    if (!rt || !rt->GetOutputDevice())
    {
        return in;
    }
    const int32_t outIf = m_ipv4->GetInterfaceForDevice(rt->GetOutputDevice());
    NatPacket np;
    std::string why;
    const bool ok = Extract(in, ip, np, why);
    const std::string inName = IfaceName(inIf);
    const std::string outName = IfaceName(outIf);
    for (const NatRulePlan& r : m_plan.rules)
    {
        if (!r.Matches(inName, outName, np.src, np.dst, np.protocol, np.dstPort))
        {
            continue;
        }
        if (r.action == "accept")
        {
            return in;
        }
        if (!ok)
        {
            m_drops.Add(outName + "/drop/" + why);
            return nullptr;
        }
        uint32_t pub = r.toAddress;
        if (r.action == "masquerade")
        {
            if (m_ipv4->GetNAddresses(outIf) == 0)
            {
                m_drops.Add(outName + "/drop/no-address");
                return nullptr;
            }
            pub = m_ipv4->GetAddress(outIf, 0).GetLocal().Get();
        }
        Table& t = TableFor(static_cast<uint32_t>(outIf), pub);
        NatVerdict v = t.table->Outbound(np, SimNowNs());
        ArmTimer();
        return v.pass ? Rewrite(in, v.out) : nullptr;
    }
    return in;
}

Ptr<const Packet>
NatNode::Filter(Ptr<NetDevice> dev, Ptr<const Packet> in)
{
    Ipv4Header ip;
    if (in->PeekHeader(ip) == 0)
    {
        return in;
    }
    const int32_t inIf = m_ipv4->GetInterfaceForDevice(dev);
    const Ipv4Address dst = ip.GetDestination();
    if (dst.IsBroadcast() || dst.IsMulticast() || inIf < 0)
    {
        return in;
    }
    auto t = m_tables.find({static_cast<uint32_t>(inIf), dst.Get()});
    if (t != m_tables.end())
    {
        return Inbound(t->second, in, ip);
    }
    if (m_ipv4->IsDestinationAddress(dst, static_cast<uint32_t>(inIf)))
    {
        return in; // for the router itself: the IPv4 layer's own test (addresses, broadcasts)
    }
    return Outbound(in, ip, inIf);
}

void
NatNode::ArmTimer()
{
    TimeNs next = kNever;
    for (const auto& kv : m_tables)
    {
        next = std::min(next, kv.second.table->NextExpiry());
    }
    if (next == kNever || next >= m_timerAt)
    {
        return;
    }
    m_timer.Cancel();
    m_timerAt = next;
    m_timer = Simulator::Schedule(NanoSeconds(std::max<TimeNs>(0, next - SimNowNs())),
                                  &NatNode::OnTimer, this);
}

void
NatNode::OnTimer()
{
    m_timerAt = kNever;
    const TimeNs now = SimNowNs();
    for (auto& kv : m_tables)
    {
        kv.second.table->Expire(now);
    }
    ArmTimer();
}

NatInstaller::NatInstaller() = default;
NatInstaller::~NatInstaller() = default;

const char*
NatInstaller::Name() const
{
    return "nat";
}

void
NatInstaller::Install(const InstallContext& ctx)
{
    for (const ScenarioNode& n : ctx.scenario.nodes)
    {
        const NodeConfig* cfg = ctx.scenario.ConfigFor(n.name);
        NatPlan plan;
        if (cfg == nullptr || !PlanNat(*cfg, plan))
        {
            continue;
        }
        Ptr<Node> node = ctx.topology.GetNode(n.name);
        Ptr<Ipv4L3Protocol> ipv4 = node ? node->GetObject<Ipv4L3Protocol>() : nullptr;
        if (!ipv4)
        {
            continue;
        }
        std::map<uint32_t, std::string> names;
        for (const ScenarioLink& l : ctx.scenario.links)
        {
            for (const LinkEnd& e : l.ends)
            {
                Ptr<NetDevice> dev =
                    e.node == n.name ? ctx.topology.GetDevice(n.name, e.interface) : nullptr;
                const int32_t i = dev ? ipv4->GetInterfaceForDevice(dev) : -1;
                if (i >= 0)
                {
                    names[static_cast<uint32_t>(i)] = e.interface;
                }
            }
        }
        auto nat = std::make_unique<NatNode>(n.name, node, std::move(plan), ctx.events, names);
        L2tpLabL3Dispatch::SetIpv4Filter(node, MakeCallback(&NatNode::Filter, nat.get()));
        m_nodes[n.name] = std::move(nat);
    }
}

bool
NatInstaller::Sample(const std::string& node, const std::string& path, std::string& value) const
{
    auto it = m_nodes.find(node);
    const NatNode* nat = it == m_nodes.end() ? nullptr : it->second.get();
    if (path == "nat/mappings")
    {
        value = std::to_string(nat ? nat->Mappings("") : 0);
        return true;
    }
    for (const char* c :
         {"mappings-created", "mappings-expired", "translated-out", "translated-in"})
    {
        if (path == std::string("nat/") + c)
        {
            value = std::to_string(nat ? nat->Count(c) : 0);
            return true;
        }
    }
    if (path.rfind("nat/drop/", 0) == 0)
    {
        value = std::to_string(nat ? nat->Drops(path.substr(9)) : 0);
        return true;
    }
    const std::string suffix = "/nat/mappings";
    if (path.size() > suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
    {
        value =
            std::to_string(nat ? nat->Mappings(path.substr(0, path.size() - suffix.size())) : 0);
        return true;
    }
    return false;
}

void
NatInstaller::Summarize(std::vector<RunNodeSummary>& nodes) const
{
    for (const auto& kv : m_nodes)
    {
        const NatNode& nat = *kv.second;
        RunNodeSummary s;
        s.node = nat.Name();
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        j["mappings"] = nat.Mappings("");
        j["mappings-created"] = nat.Count("mappings-created");
        j["translated-out"] = nat.Count("translated-out");
        j["translated-in"] = nat.Count("translated-in");
        j["mappings-expired"] = nat.Count("mappings-expired");
        nlohmann::ordered_json drops = nlohmann::ordered_json::object();
        for (const auto& [reason, v] : nat.AllDrops())
        {
            drops[reason] = v;
        }
        j["drops"] = drops;
        s.fields["nat"] = j;
        s.counters = nat.AllCounters();
        MergeNodeSummary(nodes, s);
    }
}

} // namespace ns3
