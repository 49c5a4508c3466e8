#include "runner/run-judge.h"

#include "runner/expectations.h"

#include "conformance/engine.h"

#include <filesystem>

namespace ns3
{

namespace
{

bool
Selected(const Scenario& sc, const std::string& stem)
{
    for (const std::string& g : sc.conformanceCaptures)
    {
        if (GlobMatch(g, stem))
        {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<std::string>
CapturePoint(const Scenario& sc, const std::string& relPcap)
{
    // ns-3 devices apply their receive error model before the sniffer, so the node's own
    // capture shows exactly what reached it; the delivery rules rely on that
    // (docs/conformance.md, "loss before the capture point").
    std::vector<std::string> at;
    std::string stem = std::filesystem::path(relPcap).stem().string();
    size_t best = 0; // the longest node name that prefixes "<node>-<iface>"
    for (const ScenarioNode& n : sc.nodes)
    {
        if (n.name.size() <= best || stem.rfind(n.name + "-", 0) != 0)
        {
            continue;
        }
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
    return at;
}

std::string
RunSharedSecret(const Scenario& sc)
{
    // Every client that authenticates shares the LNS's secret; one with a wrong secret is
    // refused anyway.
    for (const ScenarioNode& n : sc.nodes)
    {
        const NodeConfig* nc = sc.ConfigFor(n.name);
        if (nc && n.role == NodeRole::SERVER)
        {
            std::string s = nc->SingleOrDefaults("l2tp").GetString("tunnel-secret");
            if (!s.empty())
            {
                return s;
            }
        }
    }
    return "";
}

bool
JudgeRunCaptures(const Scenario& sc,
                 const std::string& outDir,
                 const std::vector<std::string>& pcaps,
                 RunJudgement& out,
                 std::string& error)
{
    out = RunJudgement{};
    ExtractOptions eo;
    eo.sharedSecret = RunSharedSecret(sc);
    // A run with IPsec wrote its keys (esp_sa, ikev1_decryption_table) to <run>/keys: the judge
    // decrypts with them, so the L2TP and PPP inside ESP are judged like clear ones.
    const std::filesystem::path keys = std::filesystem::path(outDir) / "keys";
    std::error_code ec;
    if (std::filesystem::exists(keys / "esp_sa", ec))
    {
        eo.wiresharkConfigDir = keys.string();
    }
    for (const std::string& rel : pcaps)
    {
        if (!Selected(sc, std::filesystem::path(rel).stem().string()))
        {
            continue;
        }
        RecordSet rs;
        ExtractOptions po = eo;
        po.capturePoint = CapturePoint(sc, rel);
        // report.html draws every data message in its ladders (runs per direction): keep them.
        po.summarizeData = false;
        CheckReport r = JudgeCapture((std::filesystem::path(outDir) / rel).string(), sc.conformance,
                                     po, EngineOptions(), &rs);
        if (!r.ok)
        {
            if (r.error.find("not found") != std::string::npos)
            {
                error = "conformance: " + r.error;
                return false;
            }
            r.pcap = rel;
            out.reports.push_back(r);
            out.passed = false;
            continue;
        }
        rs.pcap = rel;
        r.pcap = rel;
        out.passed = out.passed && r.Passed();
        out.reports.push_back(r);
        out.records.push_back(std::move(rs));
    }
    return true;
}

} // namespace ns3
