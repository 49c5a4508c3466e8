#include "runner/ns3/ipsec-installer.h"

#include "model/ipsec/esp-key-export.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace ns3
{

IkeEngineFactory
DefaultIkeEngineFactory()
{
    return [](EventSink& events, uint64_t seed)
    {
        return MakeIkev1Engine(events, seed);
    };
}

IpsecInstaller::IpsecInstaller(IkeEngineFactory factory)
    : m_factory(std::move(factory))
{
}

IpsecInstaller::~IpsecInstaller() = default;

const char*
IpsecInstaller::Name() const
{
    return "ipsec";
}

void
IpsecInstaller::Install(const InstallContext& ctx)
{
    uint64_t index = 0;
    for (const ScenarioNode& n : ctx.scenario.nodes)
    {
        ++index;
        const NodeConfig* cfg = ctx.scenario.ConfigFor(n.name);
        IpsecPlan plan;
        if (cfg == nullptr || !PlanIpsec(*cfg, plan))
        {
            continue;
        }
        Ptr<Node> node = ctx.topology.GetNode(n.name);
        if (!node)
        {
            continue;
        }
        // Reproducible per node: the run seed and the node's position.
        const uint64_t seed = ctx.seed * 1000003ull + index;
        auto c = std::make_unique<IpsecCarrier>(n.name, node, std::move(plan), ctx.events,
                                                m_factory, seed);
        std::string error;
        if (!c->Attach(error))
        {
            ctx.warnings.push_back("ipsec: " + error);
            continue;
        }
        m_nodes[n.name] = std::move(c);
    }
    if (!m_nodes.empty())
    {
        m_keysDir = (std::filesystem::path(ctx.topology.OutDir()) / "keys").string();
    }
}

IpsecCarrier*
IpsecInstaller::GetCarrier(const std::string& node) const
{
    auto it = m_nodes.find(node);
    return it == m_nodes.end() ? nullptr : it->second.get();
}

bool
IpsecInstaller::Sample(const std::string& node, const std::string& path, std::string& value) const
{
    const IpsecCarrier* c = GetCarrier(node);
    if (path == "ipsec/sas")
    {
        value = std::to_string(c ? c->Sad().Size() : 0);
        return true;
    }
    if (path == "ipsec/policies")
    {
        value = std::to_string(c ? c->Spd().Policies().size() : 0);
        return true;
    }
    for (const char* name : {"esp-out", "esp-in"})
    {
        if (path == std::string("ipsec/") + name)
        {
            value = std::to_string(c ? c->GetCounters().Get(name) : 0);
            return true;
        }
    }
    const std::string drop = "ipsec/drop/";
    if (path.compare(0, drop.size(), drop) == 0)
    {
        value = std::to_string(c ? c->GetCounters().Get(path.substr(6)) : 0);
        return true;
    }
    return false;
}

bool
IpsecInstaller::WriteKeyFiles(const std::string& dir, std::string& error) const
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        error = "cannot create " + dir + ": " + ec.message();
        return false;
    }
    std::vector<EspSaKeyRow> rows;
    std::string ike;
    for (const auto& kv : m_nodes)
    {
        for (const EspSaConfig& cfg : kv.second->KeyLog())
        {
            rows.push_back(EspSaKeyRowFromConfig(cfg));
        }
        ike += kv.second->Ikev1DecryptionTable();
    }
    if (!WriteWiresharkEspSa(dir, rows, error))
    {
        return false;
    }
    // Both ends of an IKE SA know its keys: one line per initiator cookie is enough.
    std::istringstream in(ike);
    std::set<std::string> seen;
    std::string line;
    std::ofstream f(std::filesystem::path(dir) / "ikev1_decryption_table");
    while (std::getline(in, line))
    {
        if (!line.empty() && seen.insert(line).second)
        {
            f << line << "\n";
        }
    }
    if (!f)
    {
        error = "cannot write " + dir + "/ikev1_decryption_table";
        return false;
    }
    return true;
}

void
IpsecInstaller::Summarize(std::vector<RunNodeSummary>& nodes) const
{
    for (const auto& kv : m_nodes)
    {
        const IpsecCarrier& c = *kv.second;
        RunNodeSummary s;
        s.node = c.Name();
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        j["ike-engine"] = c.HasEngine();
        j["sas"] = c.Sad().Size();
        nlohmann::ordered_json pols = nlohmann::ordered_json::array();
        for (const SpdPolicy& p : c.Spd().Policies())
        {
            pols.push_back(IpsecSpd::Print(p));
        }
        j["policies"] = pols;
        j["esp-out"] = c.GetCounters().Get("esp-out");
        j["esp-in"] = c.GetCounters().Get("esp-in");
        uint64_t failed = 0;
        for (const auto& [name, v] : c.GetCounters().All())
        {
            failed += name.rfind("phase1-failed/", 0) == 0 ? v : 0;
        }
        if (failed != 0 || c.GetCounters().Get("phase1-established") != 0)
        {
            // Why no SA came up, in one place: a wrong key reads "auth-failed, cause psk-mismatch".
            nlohmann::ordered_json p1 = nlohmann::ordered_json::object();
            p1["established"] = c.GetCounters().Get("phase1-established");
            p1["failed"] = failed;
            if (!c.LastPhase1Failure().empty())
            {
                p1["last-failure"] = c.LastPhase1Failure();
            }
            j["phase1"] = p1;
        }
        nlohmann::ordered_json counters = nlohmann::ordered_json::object();
        for (const auto& [name, v] : c.GetCounters().All())
        {
            counters[name] = v;
        }
        j["counters"] = counters;
        s.fields["ipsec"] = j;
        s.counters = c.AllCounters();
        MergeNodeSummary(nodes, s);
    }
    std::string error;
    if (!m_keysDir.empty())
    {
        WriteKeyFiles(m_keysDir, error); // best effort: the report says where keys should be
    }
}

} // namespace ns3
