#include "runner/l2tp-mapping.h"

namespace ns3
{

namespace
{

/** \brief Time value of a knob whose special word `disabled` means 0 (off). */
TimeNs
DurationOrOff(const ConfigObject& o, const std::string& key)
{
    return o.IsSpecial(key, "disabled") ? 0 : o.GetDuration(key);
}

/** \brief The `l2tp` knobs: RFC 2661 parameters RouterOS does not expose. */
void
ApplyKnobs(const ConfigObject& k, L2tpEndpointConfig& cfg)
{
    cfg.channel.helloInterval = DurationOrOff(k, "hello-interval");
    cfg.channel.receiveWindow = static_cast<uint16_t>(k.GetInt("receive-window"));
    cfg.channel.retransmit.initial = k.GetDuration("retransmit-initial");
    cfg.channel.retransmit.cap = k.GetDuration("retransmit-cap");
    cfg.channel.retransmit.maxRetries = static_cast<unsigned>(k.GetInt("max-retransmits"));
    cfg.channel.retransmit.jitter = k.Get("retransmit-jitter").real;
    cfg.channel.ackDelay = k.GetDuration("ack-delay");
    cfg.secret = k.GetString("tunnel-secret");
    cfg.hideAvps = k.GetBool("hide-avps");
    cfg.replyFromEphemeralPort = k.GetString("reply-from-port") == "ephemeral";
    cfg.sequenceData = k.GetBool("data-sequencing");
}

} // namespace

uint64_t
NodeSeed(uint64_t runSeed, const std::string& node)
{
    uint64_t h = 1469598103934665603ULL ^ runSeed;
    for (unsigned char c : node)
    {
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

L2tpNodePlan
PlanL2tpNode(const NodeConfig* nc, const std::string& node, uint64_t runSeed)
{
    L2tpNodePlan plan;
    if (!nc)
    {
        return plan;
    }
    const ConfigObject* srv = nc->Single("interface/l2tp-server/server");
    const std::vector<ConfigObject>& clients = nc->List("interface/l2tp-client");
    bool serving = srv && srv->GetBool("enabled");
    if (!serving && clients.empty())
    {
        return plan;
    }
    plan.present = true;
    L2tpEndpointConfig& cfg = plan.endpoint;
    cfg.hostName = node; // the node name stands for the router's /system identity
    // What a RouterOS LNS announces in its SCCRP (a real RouterOS capture): Framing Capabilities
    // sync only, Vendor Name "MikroTik" and Firmware Revision 1, the last two with M=0 (RFC 2661
    // §4.4.3). No capture of a RouterOS client's SCCRQ was at hand: a client-only node keeps
    // async+sync framing.
    cfg.framingCapabilities = serving ? 0x1 : 0x3;
    cfg.closeAfterPeersLastCall = serving; // a RouterOS LNS clears a tunnel its peer left idle
    cfg.vendorName = "MikroTik";
    cfg.firmwareRevision = 1;
    cfg.seed = NodeSeed(runSeed, node);
    if (srv)
    {
        cfg.acceptTunnels = srv->GetBool("enabled");
        plan.oneSessionPerHost = srv->GetBool("one-session-per-host");
        if (!srv->IsSpecial("max-sessions", "unlimited"))
        {
            cfg.maxSessions = static_cast<uint32_t>(srv->GetInt("max-sessions"));
        }
    }
    ConfigObject k = nc->SingleOrDefaults("l2tp");
    ApplyKnobs(k, cfg);
    cfg.channel.retransmit.jitterSeed = cfg.seed;
    plan.redialInterval = DurationOrOff(k, "redial-interval");
    plan.redialJitter = k.GetDuration("redial-jitter");

    TimeNs stagger = 0;
    for (const ConfigObject& c : clients)
    {
        if (c.GetBool("disabled"))
        {
            continue;
        }
        int64_t count = c.Has("count") ? c.GetInt("count") : 1;
        for (int64_t i = 0; i < count; ++i)
        {
            L2tpClientPlan cl;
            cl.name =
                count == 1 ? c.GetString("name") : c.GetString("name") + std::to_string(i + 1);
            cl.connectTo = static_cast<uint32_t>(c.GetInt("connect-to"));
            // Interfaces come up one after another, 1 ms apart (readable captures).
            cl.startAt = stagger;
            cl.dialOnDemand = c.GetBool("dial-on-demand");
            stagger += kMs;
            plan.clients.push_back(cl);
        }
    }
    return plan;
}

} // namespace ns3
