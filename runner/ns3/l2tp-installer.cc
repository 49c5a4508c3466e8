#include "runner/ns3/l2tp-installer.h"

#include "runner/l2tp-mapping.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <cstdio>

namespace ns3
{

namespace
{

/** \brief Endpoint-wide paths ("l2tp/tunnels", ...); false if `path` is not one. */
bool
SampleEndpoint(const L2tpEndpoint& ep, const std::string& path, std::string& value)
{
    if (path == "l2tp/tunnels" || path == "l2tp/tunnels/established")
    {
        value = std::to_string(ep.TunnelCount(path == "l2tp/tunnels/established"));
        return true;
    }
    if (path == "l2tp/sessions" || path == "l2tp/sessions/established")
    {
        value = std::to_string(ep.SessionCount(path == "l2tp/sessions/established"));
        return true;
    }
    if (path.rfind("l2tp/counters/", 0) == 0)
    {
        value = std::to_string(ep.GetCounters().Get(path.substr(14)));
        return true;
    }
    return false;
}

std::string
SecondsText(TimeNs t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(t) / kSec);
    return buf;
}

/** \brief Interface (`monitor`) paths; false if `field` is not one or the interface is unknown. */
bool
SampleMonitor(const L2tpInterface* i, const std::string& field, std::string& value)
{
    if (!i)
    {
        return false;
    }
    L2tpInterfaceMonitor m = i->Monitor(Simulator::Now().GetNanoSeconds());
    if (field == "status")
    {
        value = ToString(m.status);
    }
    else if (field == "uptime")
    {
        value = SecondsText(m.uptime);
    }
    else if (field == "idle-time")
    {
        value = SecondsText(m.idleTime);
    }
    else if (field == "dials")
    {
        value = std::to_string(m.dials);
    }
    else
    {
        return false;
    }
    return true;
}

/**
 * \brief The server's dynamic interfaces ("<l2tp-N>") still present at the end of the run, in
 * order of creation, with the same fields as the `l2tp-client` entries: the state of the tunnel and
 * of the session each one rides on. Empty object if there is none.
 */
nlohmann::ordered_json
ServerInterfacesJson(const L2tpNodeApplication& app)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    const L2tpEndpoint& ep = app.GetEndpoint();
    for (const L2tpInterface* i : app.GetInterfaces())
    {
        if (i->Kind() == L2tpInterfaceKind::SERVER_DYNAMIC)
        {
            out[i->Name()] = {{"tunnel", ep.TunnelState(i->TunnelId())},
                              {"session", ep.SessionState(i->TunnelId(), i->SessionId())}};
        }
    }
    return out;
}

} // namespace

const char*
L2tpInstaller::Name() const
{
    return "l2tp";
}

void
L2tpInstaller::Install(const InstallContext& ctx)
{
    const Scenario& sc = ctx.scenario;
    for (const ScenarioNode& n : sc.nodes)
    {
        L2tpNodePlan plan = PlanL2tpNode(sc.ConfigFor(n.name), n.name, ctx.seed);
        if (!plan.present)
        {
            continue;
        }
        Ptr<L2tpNodeApplication> app = CreateObject<L2tpNodeApplication>();
        app->Configure(plan.endpoint, n.name, ctx.events);
        app->SetRedialInterval(plan.redialInterval);
        app->SetRedialJitter(plan.redialJitter, plan.endpoint.seed);
        app->SetOneSessionPerHost(plan.oneSessionPerHost);
        // `start: A~B` on the node: its clients start at one deterministic time in the window.
        TimeNs offset =
            n.startFrom + JitterSpan(n.startTo - n.startFrom + 1, JitterKey(n.name, ctx.seed));
        for (const L2tpClientPlan& c : plan.clients)
        {
            L2tpNodeApplication::Client cl;
            cl.name = c.name;
            cl.connectTo = Ipv4Address(c.connectTo);
            cl.startAt = c.startAt + (n.startTo > 0 ? offset : 0);
            cl.onDemand = c.dialOnDemand;
            app->AddClient(cl);
        }
        ctx.topology.GetNode(n.name)->AddApplication(app);
        app->SetStartTime(Seconds(0));
        app->SetStopTime(NanoSeconds(sc.run.duration));
        m_order.push_back(n.name);
        m_apps[n.name] = app;
    }
}

bool
L2tpInstaller::Sample(const std::string& node, const std::string& path, std::string& value) const
{
    auto it = m_apps.find(node);
    if (it == m_apps.end())
    {
        // A node without an endpoint has no tunnels: its l2tp/... counts read 0.
        value = "0";
        return path.rfind("l2tp/", 0) == 0;
    }
    const L2tpNodeApplication& app = *it->second;
    if (SampleEndpoint(app.GetEndpoint(), path, value))
    {
        return true;
    }
    size_t slash = path.find('/');
    if (slash == std::string::npos)
    {
        return false;
    }
    std::string iface = path.substr(0, slash);
    std::string rest = path.substr(slash + 1);
    if (SampleMonitor(app.FindInterface(iface), rest, value))
    {
        return true;
    }
    if (rest == "tunnel/State")
    {
        value = app.ClientTunnelState(iface);
        return true;
    }
    if (rest == "session/State")
    {
        value = app.ClientSessionState(iface);
        return true;
    }
    return false;
}

void
L2tpInstaller::Summarize(std::vector<RunNodeSummary>& nodes) const
{
    for (const std::string& name : m_order)
    {
        const L2tpNodeApplication& app = *m_apps.at(name);
        const L2tpEndpoint& ep = app.GetEndpoint();
        RunNodeSummary s;
        s.node = name;
        s.fields["tunnels"] = ep.TunnelCount(false);
        s.fields["tunnels_established"] = ep.TunnelCount(true);
        s.fields["sessions"] = ep.SessionCount(false);
        s.fields["sessions_established"] = ep.SessionCount(true);
        s.counters = ep.GetCounters().All();
        nlohmann::ordered_json counters = nlohmann::ordered_json::object();
        for (const auto& kv : s.counters)
        {
            counters[kv.first] = kv.second;
        }
        s.fields["counters"] = counters;
        if (!app.GetClients().empty())
        {
            nlohmann::ordered_json cl = nlohmann::ordered_json::object();
            for (const auto& c : app.GetClients())
            {
                cl[c.name] = {{"tunnel", app.ClientTunnelState(c.name)},
                              {"session", app.ClientSessionState(c.name)}};
            }
            s.fields["l2tp-client"] = cl;
        }
        nlohmann::ordered_json servers = ServerInterfacesJson(app);
        if (!servers.empty())
        {
            s.fields["l2tp-server"] = servers;
        }
        MergeNodeSummary(nodes, s);
    }
}

Ptr<L2tpNodeApplication>
L2tpInstaller::GetApplication(const std::string& node) const
{
    auto it = m_apps.find(node);
    return it == m_apps.end() ? nullptr : it->second;
}

} // namespace ns3
