#include "runner/ns3/dhcp-installer.h"

#include "runner/ns3/bcp-bridges.h"
#include "runner/ns3/topology.h"
#include "runner/units.h"

#include "ns3/dhcp-client.h"
#include "ns3/dhcp-helper.h"
#include "ns3/dhcp-server.h"
#include "ns3/internet-module.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

namespace
{

std::string
Dotted(Ipv4Address a)
{
    std::ostringstream o;
    a.Print(o);
    return o.str();
}

/** \brief The first range of ip/pool `name` on the node (0,0 if none). */
std::pair<uint32_t, uint32_t>
PoolRange(const NodeConfig& cfg, const std::string& name)
{
    for (const ConfigObject& p : cfg.List("ip/pool"))
    {
        if (p.GetString("name") != name)
        {
            continue;
        }
        for (const std::string& item : p.GetList("ranges"))
        {
            uint32_t a = 0;
            uint32_t b = 0;
            if (ParseIpv4Range(item, a, b))
            {
                return {a, b};
            }
        }
    }
    return {0, 0};
}

} // namespace

const char*
DhcpInstaller::Name() const
{
    return "dhcp";
}

void
DhcpInstaller::Install(const InstallContext& ctx)
{
    for (const ScenarioNode& n : ctx.scenario.nodes)
    {
        const NodeConfig* cfg = ctx.scenario.ConfigFor(n.name);
        if (cfg == nullptr)
        {
            continue;
        }
        for (const ConfigObject& s : cfg->List("ip/dhcp-server"))
        {
            if (!s.GetBool("disabled"))
            {
                InstallServer(ctx, n.name, s);
            }
        }
        for (const ConfigObject& c : cfg->List("ip/dhcp-client"))
        {
            if (!c.GetBool("disabled"))
            {
                InstallClient(ctx, n.name, c);
            }
        }
    }
}

void
DhcpInstaller::InstallServer(const InstallContext& ctx,
                             const std::string& node,
                             const ConfigObject& s)
{
    const NodeConfig& cfg = *ctx.scenario.ConfigFor(node);
    const auto [first, last] = PoolRange(cfg, s.GetString("address-pool"));
    Ipv4Subnet net;
    uint32_t gateway = 0;
    bool found = false;
    for (const ConfigObject& nw : cfg.List("ip/dhcp-server/network"))
    {
        Ipv4Subnet sn;
        bool hostBits = false;
        if (ParseSubnet(nw.GetString("address"), sn, hostBits) && sn.Contains(first))
        {
            net = sn;
            found = true;
            uint32_t gw = 0;
            gateway = nw.Has("gateway") && ParseIpv4(nw.GetString("gateway"), gw) ? gw : 0;
        }
    }
    if (!found || first == 0)
    {
        ctx.warnings.push_back(s.where.ToString() + ": warning: ip/dhcp-server '" +
                               s.GetString("name") +
                               "' has no ip/pool range inside an ip/dhcp-server/network; not run");
        return;
    }
    TimeNs lease = 0;
    ParseDuration(s.GetString("lease-time"), lease);
    Ptr<DhcpServer> app = CreateObject<DhcpServer>();
    app->SetAttribute("PoolAddresses", Ipv4AddressValue(Ipv4Address(net.network)));
    app->SetAttribute("PoolMask", Ipv4MaskValue(Ipv4Mask(net.Mask())));
    app->SetAttribute("FirstAddress", Ipv4AddressValue(Ipv4Address(first)));
    app->SetAttribute("LastAddress", Ipv4AddressValue(Ipv4Address(last)));
    app->SetAttribute("Gateway", Ipv4AddressValue(Ipv4Address(gateway)));
    app->SetAttribute("LeaseTime", TimeValue(NanoSeconds(lease)));
    ctx.topology.GetNode(node)->AddApplication(app);
    app->SetStartTime(Seconds(0));
}

void
DhcpInstaller::InstallClient(const InstallContext& ctx,
                             const std::string& node,
                             const ConfigObject& c)
{
    const std::string iface = c.GetString("interface");
    Ptr<NetDevice> dev = ctx.topology.GetDevice(node, iface);
    if (!dev)
    {
        dev = FindNodeBridge(node, iface);
    }
    if (!dev)
    {
        ctx.warnings.push_back(c.where.ToString() + ": warning: ip/dhcp-client interface '" +
                               iface + "' is not an interface of node " + node + "; not run");
        return;
    }
    DhcpHelper helper;
    ApplicationContainer apps = helper.InstallDhcpClient(dev);
    // The client draws its transaction ids from an ns-3 random stream. Left unassigned, ns-3
    // numbers it from a process-wide counter, so a second run in one process (Python, the test
    // suites) put other xids in the pcaps than a first: a stream of its own, by install order.
    DynamicCast<DhcpClient>(apps.Get(0))->AssignStreams(kDhcpStreamBase + m_streams++);
    Client& slot = m_clients[node][iface];
    EventSink* events = ctx.events;
    apps.Get(0)->TraceConnectWithoutContext("NewLease",
                                            Callback<void, const Ipv4Address&>(
                                                [&slot, events, node, iface](const Ipv4Address& a)
                                                {
                                                    slot.address = Dotted(a);
                                                    ++slot.leases;
                                                    if (events != nullptr)
                                                    {
                                                        LabEvent e;
                                                        e.time = Simulator::Now().GetNanoSeconds();
                                                        e.node = node;
                                                        e.object = "dhcp-client/" + iface;
                                                        e.kind = "dhcp-lease";
                                                        e.fields = {{"address", slot.address}};
                                                        events->Emit(e);
                                                    }
                                                }));
    apps.Start(Seconds(0));
}

bool
DhcpInstaller::Sample(const std::string& node, const std::string& path, std::string& value) const
{
    // dhcp-client/<interface>/address | leases
    const std::string prefix = "dhcp-client/";
    if (path.compare(0, prefix.size(), prefix) != 0)
    {
        return false;
    }
    const size_t slash = path.rfind('/');
    const std::string iface = path.substr(prefix.size(), slash - prefix.size());
    const std::string what = path.substr(slash + 1);
    if (what != "address" && what != "leases")
    {
        return false;
    }
    Client c;
    auto n = m_clients.find(node);
    if (n != m_clients.end())
    {
        auto it = n->second.find(iface);
        if (it != n->second.end())
        {
            c = it->second;
        }
    }
    value = what == "address" ? c.address : std::to_string(c.leases);
    return true;
}

void
DhcpInstaller::Summarize(std::vector<RunNodeSummary>& nodes) const
{
    for (const auto& [node, ifaces] : m_clients)
    {
        RunNodeSummary s;
        s.node = node;
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        for (const auto& [iface, c] : ifaces)
        {
            j[iface] = {{"address", c.address}, {"leases", c.leases}};
        }
        s.fields["dhcp-client"] = j;
        MergeNodeSummary(nodes, s);
    }
}

} // namespace ns3
