#include "reports/run-report.h"

#include "reports/json-writer.h"
#include "reports/junit-writer.h"

#include "model/common/file-io.h"

#include <cstdio>
#include <fstream>

namespace ns3
{

namespace
{

using Json = nlohmann::ordered_json;

Json
ExpectationsJson(const RunReport& r)
{
    Json exps = Json::array();
    for (const HtmlExpectation& e : r.expectations)
    {
        Json j;
        j["id"] = e.id;
        j["result"] = e.pass ? "pass" : "fail";
        j["expected"] = e.expected;
        j["actual"] = e.actual;
        j["ref"] = e.refs;
        exps.push_back(j);
    }
    return exps;
}

Json
FlowsJson(const std::vector<RunFlow>& flows)
{
    Json out = Json::array();
    for (const RunFlow& f : flows)
    {
        Json j;
        j["name"] = f.name;
        j["kind"] = f.kind;
        j["from"] = f.from;
        j["to"] = f.to;
        j["unit"] = f.unit;
        j["sent"] = f.sent;
        j["received"] = f.received;
        j["loss_percent"] = f.lossPercent;
        for (const auto& m : f.metrics)
        {
            j[m.first] = m.second;
        }
        out.push_back(j);
    }
    return out;
}

std::string
Number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

} // namespace

void
MergeNodeSummary(std::vector<RunNodeSummary>& nodes, const RunNodeSummary& s)
{
    for (RunNodeSummary& n : nodes)
    {
        if (n.node == s.node)
        {
            for (const auto& kv : s.fields.items())
            {
                n.fields[kv.key()] = kv.value();
            }
            for (const auto& kv : s.counters)
            {
                n.counters[kv.first] += kv.second;
            }
            return;
        }
    }
    nodes.push_back(s);
}

std::string
RunReportJson(const RunReport& r)
{
    Json report;
    report["scenario"] = r.scenario;
    report["file"] = r.file;
    report["seed"] = r.seed;
    report["duration_s"] = r.durationS;
    report["result"] = r.passed ? "pass" : "fail";
    report["expectations"] = ExpectationsJson(r);
    if (!r.conformanceRules.empty())
    {
        Json conf = Json::array();
        for (const CheckReport& c : r.conformance)
        {
            conf.push_back(CheckReportJson(c, CheckJsonDetail::VIOLATIONS));
        }
        report["conformance"] = {{"rules", r.conformanceRules}, {"captures", conf}};
    }
    Json nodes = Json::object();
    for (const RunNodeSummary& n : r.nodes)
    {
        nodes[n.node] = n.fields;
    }
    report["nodes"] = nodes;
    if (!r.flows.empty())
    {
        report["flows"] = FlowsJson(r.flows);
    }
    if (!r.setup.empty())
    {
        Json setup = Json::object();
        for (const SetupSeries& s : r.setup)
        {
            setup[s.node] = {{"t", s.t}, {"tunnels", s.tunnels}, {"sessions", s.sessions}};
        }
        report["setup"] = setup;
    }
    report["events"] = r.events;
    report["pcaps"] = r.pcaps;
    report["warnings"] = r.warnings;
    return report.dump(2) + "\n";
}

std::string
RunReportJunit(const RunReport& r)
{
    std::vector<JunitCase> cases;
    for (const HtmlExpectation& e : r.expectations)
    {
        std::string refs;
        for (const auto& ref : e.refs)
        {
            refs += (refs.empty() ? "" : ", ") + ref;
        }
        cases.push_back({e.id, e.pass, "expected " + e.expected + "; actual " + e.actual,
                         e.where + (refs.empty() ? "" : " [" + refs + "]")});
    }
    return RunToJunit("l2tplab." + r.scenario, cases, r.conformance);
}

std::string
RunReportHtml(const RunReport& r, const std::vector<RecordSet>& ladders)
{
    HtmlRunInfo info;
    info.title = r.scenario;
    info.description = r.description;
    info.file = r.file;
    info.seed = r.seed;
    info.durationS = r.durationS;
    info.expectations = r.expectations;
    info.warnings = r.warnings;
    for (const RunNodeSummary& n : r.nodes)
    {
        info.nodeCounters.emplace_back(n.node, n.counters);
    }
    info.pcaps = r.pcaps;
    info.setup = r.setup;
    if (!r.flows.empty())
    {
        info.flowHeader = {"flow", "kind", "from", "to", "sent", "received", "loss %", "results"};
    }
    for (const RunFlow& f : r.flows)
    {
        std::string results;
        for (const auto& m : f.metrics)
        {
            results += (results.empty() ? "" : ", ") + m.first + " " + Number(m.second);
        }
        info.flowRows.push_back({f.name, f.kind, f.from, f.to,
                                 std::to_string(f.sent) + " " + f.unit, std::to_string(f.received),
                                 Number(f.lossPercent), results});
    }
    return RenderRunHtml(info, r.conformance, ladders);
}

namespace
{

/** \brief events.jsonl written line by line: a big run's log is hundreds of megabytes as text. */
bool
WriteEventLog(const std::string& path, const EventList& events, std::string& error)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    for (size_t i = 0; f && i < events.size(); ++i)
    {
        f << EventToJson(events[i]) << '\n';
    }
    f.close();
    if (!f)
    {
        error = "cannot write '" + path + "'";
        return false;
    }
    return true;
}

} // namespace

bool
WriteRunOutputs(const std::string& dir,
                const RunReport& r,
                const EventList& events,
                const std::vector<RecordSet>& ladders,
                std::string& error)
{
    return WriteEventLog(dir + "/events.jsonl", events, error) &&
           WriteFile(dir + "/junit.xml", RunReportJunit(r), error) &&
           WriteFile(dir + "/report.json", RunReportJson(r), error) &&
           WriteFile(dir + "/report.html", RunReportHtml(r, ladders), error);
}

} // namespace ns3
