#include "runner/nat-mapping.h"

namespace ns3
{

bool
NatRulePlan::Matches(const std::string& in,
                     const std::string& out,
                     uint32_t srcAddr,
                     uint32_t dstAddr,
                     uint8_t proto,
                     uint16_t dport) const
{
    return (outInterface.empty() || outInterface == out) &&
           (inInterface.empty() || inInterface == in) && (!hasSrc || src.Contains(srcAddr)) &&
           (!hasDst || dst.Contains(dstAddr)) && (protocol == 0 || protocol == proto) &&
           (dstPort == 0 || dstPort == dport);
}

namespace
{

uint8_t
ProtocolNumber(const std::string& name)
{
    if (name == "tcp")
    {
        return kNatProtoTcp;
    }
    if (name == "udp")
    {
        return kNatProtoUdp;
    }
    if (name == "icmp")
    {
        return kNatProtoIcmp;
    }
    return 0;
}

NatRulePlan
PlanRule(const ConfigObject& o)
{
    NatRulePlan r;
    r.action = o.GetString("action");
    r.where = o.where;
    if (o.Has("out-interface"))
    {
        r.outInterface = o.GetString("out-interface");
    }
    if (o.Has("in-interface"))
    {
        r.inInterface = o.GetString("in-interface");
    }
    bool hostBits = false;
    r.hasSrc = o.Has("src-address") && ParseSubnet(o.GetString("src-address"), r.src, hostBits);
    r.hasDst = o.Has("dst-address") && ParseSubnet(o.GetString("dst-address"), r.dst, hostBits);
    if (o.Has("protocol"))
    {
        r.protocol = ProtocolNumber(o.GetString("protocol"));
    }
    if (o.Has("dst-port"))
    {
        r.dstPort = static_cast<uint16_t>(o.GetInt("dst-port"));
    }
    if (o.Has("to-addresses") && !o.Get("to-addresses").items.empty())
    {
        uint32_t last = 0;
        ParseIpv4Range(o.Get("to-addresses").items.front(), r.toAddress, last);
    }
    return r;
}

} // namespace

bool
PlanNat(const NodeConfig& cfg, NatPlan& out)
{
    out = NatPlan{};
    for (const ConfigObject& o : cfg.List("ip/firewall/nat"))
    {
        if (o.GetString("chain") == "srcnat")
        {
            out.rules.push_back(PlanRule(o));
        }
    }
    if (out.rules.empty())
    {
        return false;
    }
    const ConfigObject ct = cfg.SingleOrDefaults("ip/firewall/connection/tracking");
    out.config.udpTimeout = ct.GetDuration("udp-timeout");
    out.config.udpStreamTimeout = ct.GetDuration("udp-stream-timeout");
    out.config.icmpTimeout = ct.GetDuration("icmp-timeout");
    out.config.genericTimeout = ct.GetDuration("generic-timeout");
    out.config.tcpTimeout = ct.GetDuration("tcp-established-timeout");
    const ConfigObject nat = cfg.SingleOrDefaults("nat");
    ParseNatBehaviour(nat.GetString("mapping"), out.config.mapping);
    ParseNatBehaviour(nat.GetString("filtering"), out.config.filtering);
    out.config.portPreservation = nat.GetBool("port-preservation");
    return true;
}

} // namespace ns3
