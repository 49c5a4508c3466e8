#include "runner/ns3/scenario-runner.h"

#include "model/l2tp/ns3/l2tp-node-application.h"
#include "reports/html-writer.h"
#include "reports/junit-writer.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ScenarioRunner");

namespace
{

using Json = nlohmann::ordered_json;

std::string
Where(const SourceLocation& w, const std::string& kind, const std::string& msg)
{
    return w.ToString() + ": " + kind + ": " + msg;
}

/** \brief Everything built for one link. */
struct BuiltLink
{
    const ScenarioLink* spec{nullptr};
    std::vector<Ptr<NetDevice>> devices;       //!< same order as spec->ends
    std::vector<Ptr<RateErrorModel>> rxErrors; //!< receive error model per device
};

/**
 * \brief Receive-side loss rate of end `i` of a link: loss is applied where frames arrive, so
 * a-to-b loss (frames sent by end 0) lands on end 1 and b-to-a on end 0 (p2p).
 */
double
ReceiveLoss(LossDirection dir, double loss, size_t i)
{
    bool lossy = dir == LossDirection::BOTH || (dir == LossDirection::A_TO_B && i == 1) ||
                 (dir == LossDirection::B_TO_A && i == 0);
    return lossy ? loss : 0.0;
}

/** \brief Deterministic 64-bit mix of the run seed and a node name (endpoint DetRandom seeds). */
uint64_t
SeedFor(uint64_t seed, const std::string& name)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (unsigned char c : name)
    {
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

/** \brief The node's L2TP endpoint configuration from RouterOS menus + the `l2tp` knobs. */
L2tpEndpointConfig
EndpointConfigFor(const Scenario& sc, const NodeConfig& nc, const std::string& node, uint64_t seed)
{
    L2tpEndpointConfig cfg;
    cfg.hostName = node;
    cfg.seed = SeedFor(seed, node);
    if (const ConfigObject* srv = nc.Single("interface/l2tp-server/server"))
    {
        cfg.acceptTunnels = srv->GetBool("enabled");
        if (!srv->IsSpecial("max-sessions", "unlimited"))
        {
            cfg.maxTunnels = static_cast<uint32_t>(srv->GetInt("max-sessions"));
        }
    }
    ConfigObject k = nc.SingleOrDefaults("l2tp");
    cfg.channel.helloInterval =
        k.IsSpecial("hello-interval", "disabled") ? 0 : k.GetDuration("hello-interval");
    cfg.channel.receiveWindow = static_cast<uint16_t>(k.GetInt("receive-window"));
    cfg.channel.retransmit.initial = k.GetDuration("retransmit-initial");
    cfg.channel.retransmit.cap = k.GetDuration("retransmit-cap");
    cfg.channel.retransmit.maxRetries = static_cast<unsigned>(k.GetInt("max-retransmits"));
    cfg.channel.ackDelay = k.GetDuration("ack-delay");
    cfg.secret = k.GetString("tunnel-secret");
    cfg.hideAvps = k.GetBool("hide-avps");
    cfg.replyFromEphemeralPort = k.GetString("reply-from-port") == "ephemeral";
    cfg.sequenceData = k.GetBool("data-sequencing");
    (void)sc;
    return cfg;
}

/** \brief Prints "name: sim 12.0/30.0 s" on stderr at most once per wall second. */
class Progress
{
public:
    Progress(std::string name, double duration, bool enabled)
        : m_name(std::move(name))
        , m_duration(duration)
        , m_enabled(enabled && isatty(2))
    {
        m_last = std::chrono::steady_clock::now();
    }
    void
    Start()
    {
        if (m_enabled)
        {
            Simulator::Schedule(Seconds(0.1), &Progress::Tick, this);
        }
    }
    void
    Tick()
    {
        auto now = std::chrono::steady_clock::now();
        if (now - m_last > std::chrono::seconds(1))
        {
            m_last = now;
            m_printed = true;
            std::fprintf(stderr, "\r%s: sim %.1f/%.1f s", m_name.c_str(),
                         Simulator::Now().GetSeconds(), m_duration);
            std::fflush(stderr);
        }
        Simulator::Schedule(Seconds(0.1), &Progress::Tick, this);
    }
    void
    Finish()
    {
        if (m_printed)
        {
            std::fprintf(stderr, "\r%*s\r", 60, "");
        }
    }

private:
    std::string m_name;
    double m_duration;
    bool m_enabled;
    bool m_printed{false};
    std::chrono::steady_clock::time_point m_last;
};

} // namespace

bool
RunScenario(const Scenario& sc, const RunOptions& opt, RunSummary& out, std::string& error)
{
    namespace fs = std::filesystem;
    out = RunSummary{};
    out.name = sc.name;
    out.outDir = opt.outDir.empty() ? "out/" + sc.name : opt.outDir;
    out.simSeconds = static_cast<double>(sc.run.duration) / kSec;
    uint64_t seed = opt.overrideSeed ? opt.seed : sc.run.seed;
    {
        std::vector<ScenarioError> ignored; // the caller has refused unsupported scenarios already
        CheckSupported(sc, ignored, out.warnings);
    }

    std::error_code ec;
    fs::create_directories(fs::path(out.outDir) / "pcaps", ec);
    if (ec)
    {
        error = "cannot create " + out.outDir + "/pcaps: " + ec.message();
        return false;
    }
    // Stale pcaps from an earlier run of a different topology would mislead: start clean.
    for (const auto& entry : fs::directory_iterator(fs::path(out.outDir) / "pcaps"))
    {
        if (entry.path().extension() == ".pcap")
        {
            fs::remove(entry.path(), ec);
        }
    }

    RngSeedManager::SetSeed(static_cast<uint32_t>(seed ? seed : 1));
    RngSeedManager::SetRun(1);
    int64_t stream = 0;

    EventLog events;
    std::map<std::string, Ptr<Node>> nodes;
    for (const ScenarioNode& n : sc.nodes)
    {
        Ptr<Node> node = CreateObject<Node>();
        Names::Add(n.name, node);
        nodes[n.name] = node;
    }
    InternetStackHelper stack;
    for (const ScenarioNode& n : sc.nodes)
    {
        stack.Install(nodes[n.name]);
    }

    // Links, addresses, error models, pcaps.
    std::vector<BuiltLink> built;
    std::vector<Ptr<PcapFileWrapper>> pcapFiles;
    PointToPointHelper p2p;
    CsmaHelper csma;
    for (const ScenarioLink& l : sc.links)
    {
        BuiltLink bl;
        bl.spec = &l;
        NetDeviceContainer devs;
        if (l.type == LinkType::P2P)
        {
            p2p.SetDeviceAttribute("DataRate", DataRateValue(DataRate(l.rateBps)));
            p2p.SetDeviceAttribute("Mtu", UintegerValue(l.mtu));
            p2p.SetChannelAttribute("Delay", TimeValue(NanoSeconds(l.delay)));
            devs = p2p.Install(nodes[l.ends[0].node], nodes[l.ends[1].node]);
        }
        else
        {
            csma.SetChannelAttribute("DataRate", DataRateValue(DataRate(l.rateBps)));
            csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(l.delay)));
            csma.SetDeviceAttribute("Mtu", UintegerValue(l.mtu));
            NodeContainer nc;
            for (const LinkEnd& e : l.ends)
            {
                nc.Add(nodes[e.node]);
            }
            devs = csma.Install(nc);
        }
        for (size_t i = 0; i < l.ends.size(); ++i)
        {
            const LinkEnd& e = l.ends[i];
            Ptr<NetDevice> dev = devs.Get(i);
            bl.devices.push_back(dev);
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
            em->SetRate(ReceiveLoss(l.lossDirection, l.loss, i));
            stream += em->AssignStreams(stream);
            dev->SetAttribute("ReceiveErrorModel", PointerValue(em));
            bl.rxErrors.push_back(em);
            if (e.hasAddress)
            {
                Ptr<Ipv4> ipv4 = nodes[e.node]->GetObject<Ipv4>();
                int32_t idx = ipv4->AddInterface(dev);
                ipv4->AddAddress(
                    idx, Ipv4InterfaceAddress(
                             Ipv4Address(e.address),
                             Ipv4Mask(e.prefixLength == 0 ? 0u : ~0u << (32 - e.prefixLength))));
                ipv4->SetUp(idx);
            }
            // Pcap files are created and hooked here (not through the link helpers' EnablePcap)
            // so the runner owns them and can close them before the judge reads them.
            std::string rel = "pcaps/" + e.node + "-" + e.interface + ".pcap";
            std::string path = (fs::path(out.outDir) / rel).string();
            PcapHelper ph;
            if (l.type == LinkType::P2P)
            {
                Ptr<PcapFileWrapper> f = ph.CreateFile(path, std::ios::out, PcapHelper::DLT_PPP);
                ph.HookDefaultSink<PointToPointNetDevice>(DynamicCast<PointToPointNetDevice>(dev),
                                                          "PromiscSniffer", f);
                pcapFiles.push_back(f);
            }
            else
            {
                Ptr<PcapFileWrapper> f = ph.CreateFile(path, std::ios::out, PcapHelper::DLT_EN10MB);
                ph.HookDefaultSink<CsmaNetDevice>(DynamicCast<CsmaNetDevice>(dev), "Sniffer", f);
                pcapFiles.push_back(f);
            }
            out.pcaps.push_back(rel);
        }
        built.push_back(bl);
    }
    std::sort(out.pcaps.begin(), out.pcaps.end());

    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    Ipv4StaticRoutingHelper staticHelper;
    for (const ScenarioNode& n : sc.nodes)
    {
        const NodeConfig* nc = sc.ConfigFor(n.name);
        if (!nc)
        {
            continue;
        }
        Ptr<Ipv4> ipv4 = nodes[n.name]->GetObject<Ipv4>();
        Ptr<Ipv4StaticRouting> sr = staticHelper.GetStaticRouting(ipv4);
        for (const ConfigObject& r : nc->List("ip/route"))
        {
            Ipv4Subnet dst;
            bool hostBits = false;
            ParseSubnet(r.GetString("dst-address"), dst, hostBits);
            uint32_t gw = 0;
            ParseIpv4(r.GetString("gateway"), gw);
            int32_t ifIndex = -1;
            for (uint32_t i = 0; i < ipv4->GetNInterfaces() && ifIndex < 0; ++i)
            {
                for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
                {
                    Ipv4InterfaceAddress ia = ipv4->GetAddress(i, a);
                    if (ia.GetMask().IsMatch(ia.GetLocal(), Ipv4Address(gw)) &&
                        ia.GetLocal() != Ipv4Address::GetLoopback())
                    {
                        ifIndex = static_cast<int32_t>(i);
                    }
                }
            }
            if (ifIndex < 0)
            {
                out.warnings.push_back(Where(r.where, "warning",
                                             "ip/route gateway " + r.GetString("gateway") +
                                                 " is not on any connected subnet; route ignored"));
                continue;
            }
            Ipv4Mask mask(dst.prefixLength == 0 ? 0u : ~0u << (32 - dst.prefixLength));
            sr->AddNetworkRouteTo(Ipv4Address(dst.network), mask, Ipv4Address(gw),
                                  static_cast<uint32_t>(ifIndex),
                                  static_cast<uint32_t>(r.GetInt("distance")));
        }
    }

    // L2TP endpoints.
    std::map<std::string, Ptr<L2tpNodeApplication>> apps;
    for (const ScenarioNode& n : sc.nodes)
    {
        const NodeConfig* nc = sc.ConfigFor(n.name);
        if (!nc)
        {
            continue;
        }
        const ConfigObject* srv = nc->Single("interface/l2tp-server/server");
        const auto& clients = nc->List("interface/l2tp-client");
        bool serving = srv && srv->GetBool("enabled");
        if (!serving && clients.empty())
        {
            continue;
        }
        Ptr<L2tpNodeApplication> app = CreateObject<L2tpNodeApplication>();
        app->Configure(EndpointConfigFor(sc, *nc, n.name, seed), n.name, &events);
        {
            ConfigObject k = nc->SingleOrDefaults("l2tp");
            app->SetRedialInterval(
                k.IsSpecial("redial-interval", "disabled") ? 0 : k.GetDuration("redial-interval"));
        }
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
                L2tpNodeApplication::Client cl;
                cl.name =
                    count == 1 ? c.GetString("name") : c.GetString("name") + std::to_string(i + 1);
                cl.connectTo = Ipv4Address(static_cast<uint32_t>(c.GetInt("connect-to")));
                // Interfaces come up one after another, 1 ms apart (readable captures).
                cl.startAt = stagger;
                stagger += kMs;
                app->AddClient(cl);
            }
        }
        nodes[n.name]->AddApplication(app);
        app->SetStartTime(Seconds(0));
        app->SetStopTime(NanoSeconds(sc.run.duration));
        apps[n.name] = app;
    }

    // Faults.
    for (const FaultSpec& f : sc.faults)
    {
        BuiltLink* bl = nullptr;
        for (BuiltLink& b : built)
        {
            if (b.spec->name == f.link)
            {
                bl = &b;
            }
        }
        if (!bl)
        {
            continue;
        }
        Simulator::Schedule(NanoSeconds(f.at),
                            [bl, f, &events]()
                            {
                                const ScenarioLink& l = *bl->spec;
                                for (size_t i = 0; i < bl->rxErrors.size(); ++i)
                                {
                                    double rate = f.action == FaultAction::DOWN ? 1.0
                                                  : f.action == FaultAction::UP
                                                      ? ReceiveLoss(l.lossDirection, l.loss, i)
                                                      : ReceiveLoss(f.lossDirection, f.value, i);
                                    bl->rxErrors[i]->SetRate(rate);
                                }
                                LabEvent e;
                                e.time = Simulator::Now().GetNanoSeconds();
                                e.object = "link/" + l.name;
                                e.kind = "fault";
                                e.fields = {{"name", f.name},
                                            {"action", f.action == FaultAction::DOWN ? "down"
                                                       : f.action == FaultAction::UP ? "up"
                                                                                     : "loss"}};
                                events.Emit(e);
                            });
    }

    // State probes: sample values at the times expectations ask for.
    MapStateQuery probes;
    auto sample = [&apps](const std::string& node, const std::string& path) -> std::string
    {
        auto it = apps.find(node);
        if (it == apps.end())
        {
            return path.rfind("l2tp/", 0) == 0 ? "0" : "";
        }
        const L2tpEndpoint& ep = it->second->GetEndpoint();
        if (path == "l2tp/tunnels")
        {
            return std::to_string(ep.TunnelCount(false));
        }
        if (path == "l2tp/tunnels/established")
        {
            return std::to_string(ep.TunnelCount(true));
        }
        if (path == "l2tp/sessions")
        {
            return std::to_string(ep.SessionCount(false));
        }
        if (path == "l2tp/sessions/established")
        {
            return std::to_string(ep.SessionCount(true));
        }
        if (path.rfind("l2tp/counters/", 0) == 0)
        {
            return std::to_string(ep.GetCounters().Get(path.substr(14)));
        }
        size_t slash = path.find('/');
        if (slash != std::string::npos)
        {
            std::string iface = path.substr(0, slash);
            std::string rest = path.substr(slash + 1);
            if (rest == "tunnel/State")
            {
                return it->second->ClientTunnelState(iface);
            }
            if (rest == "session/State")
            {
                return it->second->ClientSessionState(iface);
            }
        }
        return "";
    };
    for (const StateProbe& p : CollectStateProbes(sc))
    {
        TimeNs at = std::min(p.at, sc.run.duration);
        Simulator::Schedule(NanoSeconds(at),
                            [&probes, &sample, p]()
                            {
                                probes.Set(p.at, p.node, p.path, sample(p.node, p.path));
                            });
    }

    Progress progress(sc.name, out.simSeconds, opt.progress);
    progress.Start();
    Simulator::Stop(NanoSeconds(sc.run.duration));
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    out.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.Finish();

    // Final per-node summary (before the simulator tears the objects down).
    Json nodesJson = Json::object();
    std::vector<std::pair<std::string, std::map<std::string, uint64_t>>> nodeCounters;
    for (const ScenarioNode& n : sc.nodes)
    {
        auto it = apps.find(n.name);
        if (it == apps.end())
        {
            continue;
        }
        const L2tpEndpoint& ep = it->second->GetEndpoint();
        Json j;
        j["tunnels"] = ep.TunnelCount(false);
        j["tunnels_established"] = ep.TunnelCount(true);
        j["sessions"] = ep.SessionCount(false);
        j["sessions_established"] = ep.SessionCount(true);
        Json counters = Json::object();
        for (const auto& kv : ep.GetCounters().All())
        {
            counters[kv.first] = kv.second;
        }
        j["counters"] = counters;
        nodeCounters.emplace_back(n.name, ep.GetCounters().All());
        if (!it->second->GetClients().empty())
        {
            Json cl = Json::object();
            for (const auto& c : it->second->GetClients())
            {
                cl[c.name] = {{"tunnel", it->second->ClientTunnelState(c.name)},
                              {"session", it->second->ClientSessionState(c.name)}};
            }
            j["l2tp-client"] = cl;
        }
        nodesJson[n.name] = j;
    }
    for (auto& f : pcapFiles)
    {
        f->Close();
    }
    pcapFiles.clear();
    Simulator::Destroy();
    Names::Clear();

    out.results = EvaluateExpectations(sc, events.Events(), probes);
    out.passed = true;
    for (const ExpectationResult& r : out.results)
    {
        out.passed = out.passed && r.pass;
    }
    out.events = events.Events().size();

    // Conformance: the independent judge (tshark) over the captures the scenario selects.
    if (!sc.conformance.empty())
    {
        // Hidden AVPs are un-hidden with the (first) LNS's tunnel secret: every client that
        // authenticates shares it; a client with a wrong secret is refused anyway.
        ExtractOptions eo;
        for (const ScenarioNode& n : sc.nodes)
        {
            const NodeConfig* nc = sc.ConfigFor(n.name);
            if (nc && n.role == NodeRole::SERVER && eo.sharedSecret.empty())
            {
                eo.sharedSecret = nc->SingleOrDefaults("l2tp").GetString("tunnel-secret");
            }
        }
        for (const std::string& rel : out.pcaps)
        {
            std::string stem = fs::path(rel).stem().string();
            bool selected = false;
            for (const std::string& g : sc.conformanceCaptures)
            {
                selected = selected || GlobMatch(g, stem);
            }
            if (!selected)
            {
                continue;
            }
            RecordSet rs;
            std::string err;
            if (!ExtractL2tpRecords((fs::path(out.outDir) / rel).string(), eo, rs, err))
            {
                if (err.find("not found") != std::string::npos)
                {
                    error = "conformance: " + err;
                    return false;
                }
                CheckReport bad;
                bad.pcap = rel;
                bad.ok = false;
                bad.error = err;
                out.conformance.push_back(bad);
                out.passed = false;
                continue;
            }
            rs.pcap = rel;
            // Capture point: every address of the node this pcap was written on. ns-3 devices
            // apply their receive error model before the sniffer, so the node's own capture shows
            // exactly what reached it; the delivery rules rely on that (docs/conformance.md).
            std::vector<std::string> at;
            std::string stemName = fs::path(rel).stem().string();
            size_t best = 0; // the longest node name that prefixes "<node>-<iface>"
            for (const ScenarioNode& n : sc.nodes)
            {
                if (n.name.size() > best && stemName.rfind(n.name + "-", 0) == 0)
                {
                    best = n.name.size();
                    at.clear();
                    for (const LinkEnd* e : sc.InterfacesOf(n.name))
                    {
                        if (e->hasAddress)
                        {
                            at.push_back(FormatIpv4(e->address));
                        }
                    }
                }
            }
            CheckReport r = CheckRecords(rs, sc.conformance, at);
            r.pcap = rel;
            out.passed = out.passed && r.Passed();
            out.conformance.push_back(r);
            out.records.push_back(std::move(rs));
        }
    }

    // events.jsonl
    {
        std::ofstream f(fs::path(out.outDir) / "events.jsonl", std::ios::binary);
        for (const LabEvent& e : events.Events())
        {
            f << EventToJson(e) << '\n';
        }
        if (!f)
        {
            error = "cannot write " + out.outDir + "/events.jsonl";
            return false;
        }
    }
    // report.json (deterministic: no wall-clock values)
    Json report;
    report["scenario"] = sc.name;
    report["file"] = sc.file;
    report["seed"] = seed;
    report["duration_s"] = out.simSeconds;
    report["result"] = out.passed ? "pass" : "fail";
    Json exps = Json::array();
    for (const ExpectationResult& r : out.results)
    {
        Json j;
        j["id"] = r.id;
        j["result"] = r.pass ? "pass" : "fail";
        j["expected"] = r.expected;
        j["actual"] = r.actual;
        j["ref"] = r.refs;
        exps.push_back(j);
    }
    report["expectations"] = exps;
    if (!sc.conformance.empty())
    {
        Json conf = Json::array();
        for (const CheckReport& r : out.conformance)
        {
            Json j;
            j["capture"] = r.pcap;
            j["result"] = !r.ok ? "error" : (r.Passed() ? "pass" : "fail");
            if (!r.ok)
            {
                j["error"] = r.error;
            }
            j["l2tp_messages"] = r.l2tpMessages;
            j["tunnels"] = r.tunnels;
            j["sessions"] = r.sessions;
            j["rules"] = {{"total", r.summary.rules},
                          {"pass", r.summary.passed},
                          {"fail", r.summary.failed},
                          {"warn", r.summary.warnings},
                          {"not_applicable", r.summary.notApplicable}};
            Json fails = Json::array();
            for (const RuleResult& rr : r.results)
            {
                if (rr.verdict.verdict != Verdict::FAIL)
                {
                    continue;
                }
                fails.push_back({{"id", rr.id},
                                 {"ref", rr.Citation()},
                                 {"level", ToString(rr.level)},
                                 {"frames", rr.verdict.failingFrames},
                                 {"detail", rr.verdict.detail}});
            }
            j["violations"] = fails;
            conf.push_back(j);
        }
        report["conformance"] = {{"rules", sc.conformance}, {"captures", conf}};
    }
    report["nodes"] = nodesJson;
    report["events"] = out.events;
    report["pcaps"] = out.pcaps;
    report["warnings"] = out.warnings;
    {
        std::vector<JunitCase> cases;
        for (const ExpectationResult& r : out.results)
        {
            std::string refs;
            for (const auto& ref : r.refs)
            {
                refs += (refs.empty() ? "" : ", ") + ref;
            }
            cases.push_back({r.id, r.pass, "expected " + r.expected + "; actual " + r.actual,
                             r.where.ToString() + (refs.empty() ? "" : " [" + refs + "]")});
        }
        std::ofstream f(fs::path(out.outDir) / "junit.xml", std::ios::binary);
        f << RunToJunit("l2tplab." + sc.name, cases, out.conformance);
        if (!f)
        {
            error = "cannot write " + out.outDir + "/junit.xml";
            return false;
        }
    }
    {
        std::ofstream f(fs::path(out.outDir) / "report.json", std::ios::binary);
        f << report.dump(2) << '\n';
        if (!f)
        {
            error = "cannot write " + out.outDir + "/report.json";
            return false;
        }
    }
    // report.html: the ladder is drawn from the first server's first capture (the LNS sees every
    // tunnel), reusing the judged records when conformance ran on it.
    {
        HtmlRunInfo info;
        info.title = sc.name;
        info.description = sc.description;
        info.file = sc.file;
        info.seed = seed;
        info.durationS = out.simSeconds;
        for (const ExpectationResult& r : out.results)
        {
            info.expectations.push_back(
                {r.id, r.pass, r.expected, r.actual, r.refs, r.where.ToString()});
        }
        info.warnings = out.warnings;
        info.nodeCounters = nodeCounters;
        info.pcaps = out.pcaps;
        std::string ladderPcap;
        for (const ScenarioNode& n : sc.nodes)
        {
            if (ladderPcap.empty() && n.role == NodeRole::SERVER)
            {
                for (const LinkEnd* e : sc.InterfacesOf(n.name))
                {
                    ladderPcap = "pcaps/" + e->node + "-" + e->interface + ".pcap";
                    break;
                }
            }
        }
        std::vector<RecordSet> ladders;
        for (const RecordSet& rs : out.records)
        {
            if (rs.pcap == ladderPcap)
            {
                ladders.push_back(rs);
            }
        }
        if (ladders.empty() && !ladderPcap.empty())
        {
            RecordSet rs;
            std::string err;
            if (ExtractL2tpRecords((fs::path(out.outDir) / ladderPcap).string(), ExtractOptions(),
                                   rs, err))
            {
                rs.pcap = ladderPcap;
                ladders.push_back(std::move(rs));
            }
            else
            {
                out.warnings.push_back("report.html: no ladder diagram: " + err);
            }
        }
        std::string err;
        if (!WriteHtml((fs::path(out.outDir) / "report.html").string(),
                       RenderRunHtml(info, out.conformance, ladders), err))
        {
            error = err;
            return false;
        }
    }
    return true;
}

} // namespace ns3
