#include "runner/ns3/scenario-runner.h"

#include "reports/run-report.h"
#include "runner/ns3/l2tp-installer.h"
#include "runner/ns3/dhcp-installer.h"
#include "runner/ns3/ipsec-installer.h"
#include "runner/ns3/nat-installer.h"
#include "runner/ns3/ppp-installer.h"
#include "runner/ns3/layer-installer.h"
#include "runner/ns3/topology.h"
#include "runner/ns3/traffic-installer.h"
#include "runner/run-judge.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ScenarioRunner");

namespace
{

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

using Installers = std::vector<std::unique_ptr<LayerInstaller>>;

/**
 * \brief Every layer, in installation order. A new layer (ppp, ipsec, nat, traffic, bridge) is
 * one more line here and one installer of its own.
 */
Installers
MakeInstallers()
{
    Installers all;
    auto l2tp = std::make_unique<L2tpInstaller>();
    auto ppp = std::make_unique<PppInstaller>(*l2tp);
    all.push_back(std::move(l2tp));
    all.push_back(std::move(ppp));
    all.push_back(std::make_unique<NatInstaller>());
    all.push_back(std::make_unique<DhcpInstaller>()); // after ppp: a DHCP server may serve a bridge
    all.push_back(std::make_unique<IpsecInstaller>());
    all.push_back(std::make_unique<TrafficInstaller>()); // last: flows use what the layers built
    return all;
}

/** \brief Create <outDir>/pcaps and remove stale captures of an earlier run. */
bool
PrepareOutDir(const std::string& outDir, std::string& error)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(fs::path(outDir) / "pcaps", ec);
    if (ec)
    {
        error = "cannot create " + outDir + "/pcaps: " + ec.message();
        return false;
    }
    // Stale pcaps from an earlier run of a different topology would mislead: start clean.
    for (const auto& entry : fs::directory_iterator(fs::path(outDir) / "pcaps"))
    {
        if (entry.path().extension() == ".pcap")
        {
            fs::remove(entry.path(), ec);
        }
    }
    return true;
}

/**
 * \brief The first installer's answer, else the drop counters' (`net/...`), or "" when no one
 * answers the path.
 */
std::string
SampleState(const Installers& installers,
            const DropCounters& drops,
            const std::string& node,
            const std::string& path)
{
    std::string dropped;
    if (drops.Sample(node, path, dropped))
    {
        return dropped;
    }
    for (const auto& i : installers)
    {
        std::string value;
        if (i->Sample(node, path, value))
        {
            return value;
        }
    }
    return "";
}

/** \brief Snapshot every value a state check needs, at the time it asks for. */
void
ScheduleProbes(const Scenario& sc,
               const Installers& installers,
               const DropCounters& drops,
               MapStateQuery& probes)
{
    for (const StateProbe& p : CollectStateProbes(sc))
    {
        TimeNs at = std::min(p.at, sc.run.duration);
        Simulator::Schedule(NanoSeconds(at),
                            [&probes, &installers, &drops, p]()
                            {
                                probes.Set(p.at, p.node, p.path,
                                           SampleState(installers, drops, p.node, p.path));
                            });
    }
}

/**
 * \brief Records for the report's ladder: the first server's first capture (the LNS sees every
 * tunnel), reusing the judged records when conformance ran on it.
 */
std::vector<RecordSet>
LadderRecords(const Scenario& sc,
              const std::string& outDir,
              const std::vector<RecordSet>& judged,
              std::vector<std::string>& warnings)
{
    std::string ladderPcap;
    for (const ScenarioNode& n : sc.nodes)
    {
        std::vector<const LinkEnd*> ends = sc.InterfacesOf(n.name);
        if (n.role == NodeRole::SERVER && !ends.empty())
        {
            ladderPcap = "pcaps/" + ends[0]->node + "-" + ends[0]->interface + ".pcap";
            break;
        }
    }
    std::vector<RecordSet> ladders;
    for (const RecordSet& rs : judged)
    {
        if (rs.pcap == ladderPcap)
        {
            ladders.push_back(rs);
        }
    }
    if (!ladders.empty() || ladderPcap.empty())
    {
        return ladders;
    }
    RecordSet rs;
    std::string err;
    if (ExtractL2tpRecords((std::filesystem::path(outDir) / ladderPcap).string(), ExtractOptions(),
                           rs, err))
    {
        rs.pcap = ladderPcap;
        ladders.push_back(std::move(rs));
    }
    else
    {
        warnings.push_back("report.html: no ladder diagram: " + err);
    }
    return ladders;
}

/**
 * \brief Sample every L2TP server's tunnels and sessions established through the run (about
 * 240 samples, at least 100 ms apart) for report.html's setup plot and report.json `setup`.
 */
void
ScheduleSetupSamples(const Scenario& sc,
                     const Installers& installers,
                     std::vector<SetupSeries>& out)
{
    for (const ScenarioNode& n : sc.nodes)
    {
        if (n.role == NodeRole::SERVER &&
            !SampleState(installers, DropCounters(nullptr), n.name, "l2tp/tunnels").empty())
        {
            out.push_back(SetupSeries{n.name, {}, {}, {}});
        }
    }
    const TimeNs step = std::max<TimeNs>(100 * kMs, sc.run.duration / 240);
    for (size_t i = 0; i < out.size(); ++i)
    {
        for (TimeNs at = 0; at <= sc.run.duration; at += step)
        {
            Simulator::Schedule(
                NanoSeconds(std::min(at, sc.run.duration - 1)),
                [&out, &installers, i]()
                {
                    SetupSeries& s = out[i];
                    DropCounters none(nullptr);
                    s.t.push_back(Simulator::Now().GetSeconds());
                    s.tunnels.push_back(std::stoull(
                        "0" + SampleState(installers, none, s.node, "l2tp/tunnels/established")));
                    s.sessions.push_back(std::stoull(
                        "0" + SampleState(installers, none, s.node, "l2tp/sessions/established")));
                });
        }
    }
}

/** \brief The report's header and expectation rows. */
RunReport
StartReport(const Scenario& sc, uint64_t seed, const RunSummary& out)
{
    RunReport report;
    report.scenario = sc.name;
    report.file = sc.file;
    report.description = sc.description;
    report.seed = seed;
    report.durationS = out.simSeconds;
    report.conformanceRules = sc.conformance;
    return report;
}

/** \brief Build the network, install every layer, run the simulation, collect node summaries. */
void
Simulate(const Scenario& sc,
         uint64_t seed,
         const RunOptions& opt,
         RunSummary& out,
         EventLog& events,
         MapStateQuery& probes,
         RunReport& report)
{
    RngSeedManager::SetSeed(static_cast<uint32_t>(seed ? seed : 1));
    RngSeedManager::SetRun(1);
    // Real IPv4/UDP/ICMP checksums, as every real host writes them: without this ns-3 leaves them
    // zero and tshark flags every ICMP reply "Bad checksum" in our captures.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    int64_t stream = 0;
    Topology topology(sc, out.outDir, stream);
    out.pcaps = topology.Pcaps();
    out.linkPcaps = out.pcaps;
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    topology.WithdrawPrivateRoutes();
    topology.InstallStubRoutes();
    topology.InstallStaticRoutes(out.warnings);

    Installers installers = MakeInstallers();
    InstallContext ctx{sc, topology, seed, &events, out.warnings};
    for (auto& installer : installers)
    {
        installer->Install(ctx);
    }
    topology.AssignStreams(stream);
    topology.ScheduleLinkFaults(&events);
    DropCounters drops(&events);
    topology.CountDrops(drops);
    ScheduleProbes(sc, installers, drops, probes);
    ScheduleSetupSamples(sc, installers, report.setup);

    Progress progress(sc.name, out.simSeconds, opt.progress);
    progress.Start();
    Simulator::Stop(NanoSeconds(sc.run.duration));
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    out.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.Finish();

    // Summaries before the simulator tears the objects down; captures closed before the judge.
    for (const auto& installer : installers)
    {
        installer->Summarize(report.nodes);
        installer->Report(report);
    }
    topology.Summarize(report.nodes);
    drops.Summarize(report.nodes);
    topology.CloseCaptures();
    out.pcaps = topology.Pcaps(); // layers add captures while the simulation runs (PPP interfaces)
    Simulator::Destroy();
    Names::Clear();
}

} // namespace

bool
RunScenario(const Scenario& sc, const RunOptions& opt, RunSummary& out, std::string& error)
{
    out = RunSummary{};
    out.name = sc.name;
    out.outDir = opt.outDir.empty() ? "out/" + sc.name : opt.outDir;
    out.simSeconds = static_cast<double>(sc.run.duration) / kSec;
    uint64_t seed = opt.overrideSeed ? opt.seed : sc.run.seed;
    {
        std::vector<ScenarioError> ignored; // the caller has refused unsupported scenarios already
        CheckSupported(sc, ignored, out.warnings);
    }
    if (!PrepareOutDir(out.outDir, error))
    {
        return false;
    }

    EventLog events;
    MapStateQuery probes;
    RunReport report = StartReport(sc, seed, out);
    Simulate(sc, seed, opt, out, events, probes, report);

    out.results = EvaluateExpectations(sc, events, probes);
    out.passed = true;
    for (const ExpectationResult& r : out.results)
    {
        out.passed = out.passed && r.pass;
        report.expectations.push_back(
            {r.id, r.pass, r.expected, r.actual, r.refs, r.where.ToString()});
    }
    out.events = events.Size();

    // Conformance: the independent judge (tshark) over the captures the scenario selects.
    if (!sc.conformance.empty() && opt.judge)
    {
        RunJudgement judged;
        if (!JudgeRunCaptures(sc, out.outDir, out.linkPcaps, judged, error))
        {
            return false;
        }
        out.passed = out.passed && judged.passed;
        out.conformance = std::move(judged.reports);
        out.records = std::move(judged.records);
    }
    std::vector<RecordSet> ladders;
    if (opt.judge)
    {
        ladders = LadderRecords(sc, out.outDir, out.records, out.warnings);
    }

    report.passed = out.passed;
    report.conformance = out.conformance;
    report.events = out.events;
    report.pcaps = out.pcaps;
    report.warnings = out.warnings;
    return WriteRunOutputs(out.outDir, report, events, ladders, error);
}

} // namespace ns3
