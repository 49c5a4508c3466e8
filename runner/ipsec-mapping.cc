#include "runner/ipsec-mapping.h"

#include "model/ipsec/esp-crypto.h"

#include <algorithm>

namespace ns3
{

uint8_t
IpsecProtocolNumber(const std::string& name)
{
    static const std::pair<const char*, uint8_t> kProtocols[] = {
        {"icmp", 1}, {"tcp", 6}, {"udp", 17}, {"gre", 47}, {"ipsec-esp", 50}};
    for (const auto& p : kProtocols)
    {
        if (name == p.first)
        {
            return p.second;
        }
    }
    return 0;
}

bool
PlanProposal(const ConfigObject& o, IkePhase2Proposal& out)
{
    out = IkePhase2Proposal{};
    out.name = o.GetString("name");
    out.enc.clear();
    out.auth.clear();
    for (const std::string& e : o.GetList("enc-algorithms"))
    {
        EspCipher c;
        if (FindEspCipher(e, c))
        {
            out.enc.push_back(c);
        }
    }
    for (const std::string& a : o.GetList("auth-algorithms"))
    {
        EspIntegrity i;
        if (FindEspIntegrity(a, i))
        {
            out.auth.push_back(i);
        }
    }
    out.lifetime = o.GetDuration("lifetime");
    out.pfsGroup = o.GetString("pfs-group");
    return !out.enc.empty() && !out.auth.empty();
}

namespace
{

/** \brief The built-in `default` proposal, changed by an entry named `default`. */
IkePhase2Proposal
ProposalNamed(const NodeConfig& cfg, const std::string& name)
{
    for (const ConfigObject& o : cfg.List("ip/ipsec/proposal"))
    {
        IkePhase2Proposal p;
        if (o.GetString("name") == name && !o.GetBool("disabled") && PlanProposal(o, p))
        {
            return p;
        }
    }
    return IkePhase2Proposal{};
}

/** \brief Phase 1 settings from a v6 peer or a v7 profile (the same key names). */
void
Phase1From(const ConfigObject& o, IkePeerConfig& p)
{
    p.hash = {o.GetString("hash-algorithm")};
    p.enc = o.GetList("enc-algorithm");
    p.dhGroup = o.GetList("dh-group");
    p.lifetime = o.GetDuration("lifetime");
    p.natTraversal = o.GetBool("nat-traversal");
    p.dpdInterval =
        o.IsSpecial("dpd-interval", "disable-dpd") ? kNever : o.GetDuration("dpd-interval");
    p.dpdMaximumFailures = static_cast<uint32_t>(o.GetInt("dpd-maximum-failures"));
}

SpdGenerate
GenerateOf(const std::string& text)
{
    SpdGenerate g = SpdGenerate::NO;
    ParseSpdGenerate(text, g);
    return g;
}

void
PlanStaticPeers(const NodeConfig& cfg, IpsecPlan& out)
{
    size_t n = 0;
    for (const ConfigObject& o : cfg.List("ip/ipsec/peer"))
    {
        ++n;
        if (o.GetBool("disabled"))
        {
            continue;
        }
        IkePeerConfig p;
        p.name = o.GetString("name").empty() ? "peer" + std::to_string(n) : o.GetString("name");
        p.address = o.GetString("address");
        p.port = static_cast<uint16_t>(o.GetInt("port"));
        p.localAddress = o.GetString("local-address");
        p.passive = o.GetBool("passive");
        p.exchangeMode = o.GetString("exchange-mode");
        p.secret = o.GetString("secret");
        p.sendInitialContact = o.GetBool("send-initial-contact");
        Phase1From(o, p);
        const std::string profile = o.GetString("profile");
        for (const ConfigObject& prof : cfg.List("ip/ipsec/profile"))
        {
            if (!profile.empty() && prof.GetString("name") == profile)
            {
                Phase1From(prof, p);
            }
        }
        SpdGenerate gen = GenerateOf(o.GetString("generate-policy"));
        for (const ConfigObject& id : cfg.List("ip/ipsec/identity"))
        {
            if (id.GetString("peer") == p.name)
            {
                p.secret = id.GetString("secret");
                gen = GenerateOf(id.GetString("generate-policy"));
            }
        }
        p.phase2 = {ProposalNamed(cfg, "default")};
        out.generate.emplace_back(p.name, gen);
        out.peers.push_back(p);
    }
}

void
PlanStaticPolicies(const NodeConfig& cfg, IpsecPlan& out)
{
    size_t n = 0;
    for (const ConfigObject& o : cfg.List("ip/ipsec/policy"))
    {
        if (o.GetBool("disabled"))
        {
            ++n;
            continue;
        }
        SpdPolicy p;
        SpdParsePrefix(o.GetString("src-address"), p.srcAddr, p.srcLen);
        SpdParsePrefix(o.GetString("dst-address"), p.dstAddr, p.dstLen);
        p.protocol = IpsecProtocolNumber(o.GetString("protocol"));
        p.srcPort = static_cast<uint16_t>(o.GetInt("src-port"));
        p.dstPort = static_cast<uint16_t>(o.GetInt("dst-port"));
        ParseSpdAction(o.GetString("action"), p.action);
        ParseSpdLevel(o.GetString("level"), p.level);
        SpdParseIpv4(o.GetString("sa-src-address"), p.saSrc);
        SpdParseIpv4(o.GetString("sa-dst-address"), p.saDst);
        p.peer = o.GetString("peer");
        p.where = "ip/ipsec/policy " + std::to_string(n++);
        out.policies.push_back(p);
        // The policy's proposal is what quick mode offers to its peer (v6: by sa-dst-address).
        const std::string prop = o.GetString("proposal");
        for (IkePeerConfig& peer : out.peers)
        {
            uint32_t a = 0;
            uint8_t len = 0;
            const bool byAddress =
                SpdParsePrefix(peer.address, a, len) && len == 32 && p.saDst != 0 && a == p.saDst;
            if ((p.peer == peer.name || (p.peer.empty() && byAddress)) && prop != "default")
            {
                peer.phase2 = {ProposalNamed(cfg, prop)};
            }
        }
    }
}

void
PlanL2tpClients(const NodeConfig& cfg, IpsecPlan& out)
{
    for (const ConfigObject& o : cfg.List("interface/l2tp-client"))
    {
        if (!o.GetBool("use-ipsec") || o.GetBool("disabled"))
        {
            continue;
        }
        IkePeerConfig p;
        p.name = o.GetString("name");
        p.address = o.GetString("connect-to") + "/32";
        p.localAddress = o.GetString("src-address");
        p.exchangeMode = "main";
        p.secret = o.GetString("ipsec-secret");
        p.phase2 = {ProposalNamed(cfg, "default")};
        SpdPolicy pol;
        if (SpdParseIpv4(p.localAddress, pol.srcAddr))
        {
            pol.srcLen = 32;
        }
        SpdParseIpv4(o.GetString("connect-to"), pol.dstAddr);
        pol.dstLen = 32;
        pol.protocol = 17;
        pol.srcPort = kL2tpUdpPort;
        pol.dstPort = kL2tpUdpPort;
        pol.saSrc = pol.srcAddr;
        pol.saDst = pol.dstAddr;
        pol.peer = p.name;
        pol.where = "l2tp-client " + p.name + " use-ipsec";
        out.generate.emplace_back(p.name, SpdGenerate::NO);
        out.peers.push_back(p);
        out.policies.push_back(pol);
    }
}

bool
PlanL2tpServer(const NodeConfig& cfg, IpsecPlan& out)
{
    const ConfigObject* srv = cfg.Single("interface/l2tp-server/server");
    if (srv == nullptr || srv->GetString("use-ipsec") == "no")
    {
        return false;
    }
    IkePeerConfig p; // the defaults are the manual's printed dynamic peer
    p.name = kL2tpServerPeer;
    p.passive = true;
    p.exchangeMode = "main-l2tp";
    p.secret = srv->GetString("ipsec-secret");
    p.phase2 = {ProposalNamed(cfg, "default")};
    out.generate.emplace_back(p.name, SpdGenerate::PORT_STRICT);
    out.peers.push_back(p);
    if (srv->GetString("use-ipsec") == "required")
    {
        out.refusePlainL2tp = true;
        SpdPolicy guard;
        guard.protocol = 17;
        guard.srcPort = kL2tpUdpPort;
        guard.peer = kL2tpServerPeer;
        guard.where = "l2tp-server use-ipsec=required";
        out.policies.push_back(guard);
    }
    return true;
}

} // namespace

bool
PlanIpsec(const NodeConfig& cfg, IpsecPlan& out)
{
    out = IpsecPlan{};
    PlanStaticPeers(cfg, out);
    PlanStaticPolicies(cfg, out);
    PlanL2tpClients(cfg, out);
    PlanL2tpServer(cfg, out);
    if (out.peers.empty() && out.policies.empty())
    {
        return false;
    }
    const ConfigObject ext = cfg.SingleOrDefaults("ipsec");
    ParseSpdServerMode(ext.GetString("server-behaviour"), out.serverMode);
    out.natKeepalive = ext.IsSpecial("nat-keepalive-interval", "disabled")
                           ? 0
                           : ext.GetDuration("nat-keepalive-interval");
    out.acquireQueue = static_cast<uint32_t>(ext.GetInt("acquire-queue"));
    return true;
}

} // namespace ns3
