#include "runner/ns3/bcp-bridges.h"

#include "runner/ns3/topology.h"
#include "runner/ppp-mapping.h"

#include "ns3/internet-module.h"
#include "ns3/mac48-address.h"
#include "ns3/names.h"

#include <vector>

namespace ns3
{

namespace
{

/** \brief The Names entry of a bridge (cleared with every other name after a run). */
std::string
BridgeKey(const std::string& node, const std::string& name)
{
    return "l2tplab-bridge." + node + "." + name;
}

/** \brief Move every IPv4 address of `port` to the bridge (RouterOS /ip address manual). */
void
MoveAddresses(Ptr<Ipv4> ipv4, Ptr<NetDevice> port, std::vector<Ipv4InterfaceAddress>& out)
{
    const int32_t idx = ipv4 ? ipv4->GetInterfaceForDevice(port) : -1;
    if (idx < 0)
    {
        return;
    }
    ipv4->SetDown(idx);
    while (ipv4->GetNAddresses(idx) > 0)
    {
        out.push_back(ipv4->GetAddress(idx, 0));
        ipv4->RemoveAddress(idx, 0);
    }
    // ns-3 walks every interface's first address (UDP broadcast): keep a placeholder 0.0.0.0/32
    // on the port's (down) interface, which no route, ARP request or socket ever matches.
    ipv4->AddAddress(idx, Ipv4InterfaceAddress(Ipv4Address::GetAny(), Ipv4Mask::GetOnes()));
}

} // namespace

NodeBridges
BuildNodeBridges(const std::string& node, const NodeConfig& cfg, Topology& topology)
{
    NodeBridges out;
    Ptr<Node> n = topology.GetNode(node);
    if (!n)
    {
        return out;
    }
    Ptr<Ipv4> ipv4 = n->GetObject<Ipv4>();
    for (const ConfigObject& b : cfg.List("interface/bridge"))
    {
        const std::string name = b.GetString("name");
        Ptr<BridgeNetDevice> br = CreateObject<BridgeNetDevice>();
        n->AddDevice(br);
        uint64_t mac = 0;
        if (b.GetString("auto-mac") == "no" && ParseMacAddress(b.GetString("admin-mac"), mac))
        {
            uint8_t octets[6];
            for (int i = 0; i < 6; ++i)
            {
                octets[i] = static_cast<uint8_t>(mac >> (8 * (5 - i)));
            }
            Mac48Address a;
            a.CopyFrom(octets);
            br->SetAddress(a);
        }
        std::vector<Ipv4InterfaceAddress> moved;
        for (const ConfigObject& p : cfg.List("interface/bridge/port"))
        {
            Ptr<NetDevice> dev = topology.GetDevice(node, p.GetString("interface"));
            if (p.GetString("bridge") != name || !dev)
            {
                continue;
            }
            MoveAddresses(ipv4, dev, moved);
            br->AddBridgePort(dev);
        }
        if (ipv4 && !moved.empty())
        {
            const uint32_t idx = ipv4->AddInterface(br);
            for (const Ipv4InterfaceAddress& a : moved)
            {
                ipv4->AddAddress(idx, a);
            }
            ipv4->SetUp(idx);
        }
        out[name] = br;
        Names::Add(BridgeKey(node, name), br);
    }
    return out;
}

Ptr<BridgeNetDevice>
FindNodeBridge(const std::string& node, const std::string& name)
{
    return Names::Find<BridgeNetDevice>(BridgeKey(node, name));
}

} // namespace ns3
