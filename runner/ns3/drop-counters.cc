#include "runner/ns3/drop-counters.h"

#include "runner/drop-reasons.h"

#include "ns3/arp-cache.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/core-module.h"
#include "ns3/csma-net-device.h"
#include "ns3/ethernet-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/mac48-address.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("L2tplabDropCounters");

namespace
{

/** \brief ns-3's IPv4 drop reasons, as rows of kDropReasons. */
const char*
Ipv4Reason(Ipv4L3Protocol::DropReason r)
{
    static const std::map<Ipv4L3Protocol::DropReason, const char*> kMap = {
        {Ipv4L3Protocol::DROP_TTL_EXPIRED, "ttl"},
        {Ipv4L3Protocol::DROP_NO_ROUTE, "no-route"},
        {Ipv4L3Protocol::DROP_BAD_CHECKSUM, "bad-checksum"},
        {Ipv4L3Protocol::DROP_INTERFACE_DOWN, "interface-down"},
        {Ipv4L3Protocol::DROP_ROUTE_ERROR, "route-error"},
        {Ipv4L3Protocol::DROP_FRAGMENT_TIMEOUT, "fragment-timeout"},
        {Ipv4L3Protocol::DROP_DUPLICATE, "duplicate"},
    };
    auto it = kMap.find(r);
    return it == kMap.end() ? "route-error" : it->second;
}

/** \brief True if a frame on a csma segment was meant for `dev` (unicast to it, or group). */
bool
AddressedTo(Ptr<const Packet> p, Ptr<NetDevice> dev)
{
    EthernetHeader eth(false);
    if (p->GetSize() < eth.GetSerializedSize())
    {
        return false;
    }
    p->PeekHeader(eth);
    Mac48Address dst = eth.GetDestination();
    return dst.IsGroup() || dst == Mac48Address::ConvertFrom(dev->GetAddress());
}

/** \brief Connect a trace source; a missing one is a programming error worth a warning. */
template <typename... Args>
void
Connect(Ptr<Object> obj, const char* source, std::function<void(Args...)> f)
{
    if (!obj->TraceConnectWithoutContext(source, Callback<void, Args...>(f)))
    {
        NS_LOG_WARN("no trace source " << source << " on " << obj->GetInstanceTypeId().GetName());
    }
}

} // namespace

DropCounters::DropCounters(EventSink* events)
    : m_events(events)
{
}

void
DropCounters::AttachDevice(const std::string& node,
                           const std::string& iface,
                           Ptr<NetDevice> dev,
                           bool csma,
                           RxReason rxReason)
{
    m_deviceNames[PeekPointer(dev)] = iface;
    Connect(dev, "MacTxDrop",
            std::function<void(Ptr<const Packet>)>(
                [this, node, iface](Ptr<const Packet>)
                {
                    Count(node, iface, "queue-full");
                }));
    Connect(dev, "PhyTxDrop",
            std::function<void(Ptr<const Packet>)>(
                [this, node, iface](Ptr<const Packet>)
                {
                    Count(node, iface, "tx-give-up");
                }));
    Connect(dev, "PhyRxDrop",
            std::function<void(Ptr<const Packet>)>(
                [this, node, iface, dev, csma, rxReason](Ptr<const Packet> p)
                {
                    if (!csma || AddressedTo(p, dev))
                    {
                        Count(node, iface, rxReason());
                    }
                }));
}

void
DropCounters::AttachNode(const std::string& node, Ptr<Node> n)
{
    Ptr<Ipv4L3Protocol> ip = n->GetObject<Ipv4L3Protocol>();
    if (!ip)
    {
        return;
    }
    Connect(ip, "Drop",
            std::function<void(const Ipv4Header&, Ptr<const Packet>, Ipv4L3Protocol::DropReason,
                               Ptr<Ipv4>, uint32_t)>(
                [this, node](const Ipv4Header&, Ptr<const Packet>, Ipv4L3Protocol::DropReason r,
                             Ptr<Ipv4> ipv4, uint32_t index)
                {
                    Ptr<NetDevice> dev =
                        index < ipv4->GetNInterfaces() ? ipv4->GetNetDevice(index) : nullptr;
                    Count(node, InterfaceName(node, dev, index), Ipv4Reason(r));
                }));
    if (Ptr<ArpL3Protocol> arp = n->GetObject<ArpL3Protocol>())
    {
        Connect(arp, "Drop",
                std::function<void(Ptr<const Packet>)>(
                    [this, node](Ptr<const Packet>)
                    {
                        Count(node, "arp", "arp-unresolved");
                    }));
    }
    for (uint32_t i = 0; i < ip->GetNInterfaces(); ++i)
    {
        Ptr<ArpCache> cache = ip->GetInterface(i)->GetArpCache();
        if (!cache)
        {
            continue;
        }
        std::string iface = InterfaceName(node, ip->GetNetDevice(i), i);
        Connect(cache, "Drop",
                std::function<void(Ptr<const Packet>)>(
                    [this, node, iface](Ptr<const Packet>)
                    {
                        Count(node, iface, "arp-failed");
                    }));
    }
}

std::string
DropCounters::InterfaceName(const std::string& /* node */, Ptr<NetDevice> dev, uint32_t index) const
{
    if (dev)
    {
        auto it = m_deviceNames.find(PeekPointer(dev));
        if (it != m_deviceNames.end())
        {
            return it->second;
        }
    }
    return index == 0 ? "lo" : "if" + std::to_string(index);
}

void
DropCounters::Count(const std::string& node, const std::string& iface, const char* reason)
{
    auto& byIface = m_counts[node];
    if (byIface.empty())
    {
        m_order.push_back(node);
    }
    uint64_t n = ++byIface[iface][reason];
    if (m_events && DropIsLogged(n))
    {
        LabEvent e;
        e.time = Simulator::Now().GetNanoSeconds();
        e.node = node;
        e.object = "net/" + iface;
        e.kind = "drop";
        e.fields = {{"reason", reason}, {"count", std::to_string(n)}};
        m_events->Emit(e);
    }
}

uint64_t
DropCounters::Get(const std::string& node,
                  const std::string& iface,
                  const std::string& reason) const
{
    auto n = m_counts.find(node);
    if (n == m_counts.end())
    {
        return 0;
    }
    auto i = n->second.find(iface);
    if (i == n->second.end())
    {
        return 0;
    }
    auto r = i->second.find(reason);
    return r == i->second.end() ? 0 : r->second;
}

bool
DropCounters::Sample(const std::string& node, const std::string& path, std::string& value) const
{
    // net/<iface>/drop/<reason>
    const std::string kPrefix = "net/";
    size_t mid = path.find("/drop/", kPrefix.size());
    if (path.compare(0, kPrefix.size(), kPrefix) != 0 || mid == std::string::npos)
    {
        return false;
    }
    std::string iface = path.substr(kPrefix.size(), mid - kPrefix.size());
    std::string reason = path.substr(mid + 6);
    if (iface.empty() || !FindDropReason(reason))
    {
        return false;
    }
    value = std::to_string(Get(node, iface, reason));
    return true;
}

void
DropCounters::Summarize(std::vector<RunNodeSummary>& nodes) const
{
    for (const std::string& node : m_order)
    {
        RunNodeSummary s;
        s.node = node;
        nlohmann::ordered_json drops = nlohmann::ordered_json::object();
        for (const auto& [iface, reasons] : m_counts.at(node))
        {
            for (const auto& [reason, n] : reasons)
            {
                drops[iface][reason] = n;
                s.counters["net/" + iface + "/drop/" + reason] = n;
            }
        }
        s.fields["drops"] = drops;
        MergeNodeSummary(nodes, s);
    }
}

} // namespace ns3
