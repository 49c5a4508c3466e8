#include "reports/run-report.h"

#include "reports/junit-writer.h"

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

/** \brief One judged capture as report.json shows it (`pass`/`fail`, violations only). */
Json
CaptureJson(const CheckReport& r)
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
    return j;
}

bool
WriteText(const std::string& path, const std::string& text, std::string& error)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f)
    {
        error = "cannot write " + path;
        return false;
    }
    return true;
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
            conf.push_back(CaptureJson(c));
        }
        report["conformance"] = {{"rules", r.conformanceRules}, {"captures", conf}};
    }
    Json nodes = Json::object();
    for (const RunNodeSummary& n : r.nodes)
    {
        nodes[n.node] = n.fields;
    }
    report["nodes"] = nodes;
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
    return RenderRunHtml(info, r.conformance, ladders);
}

std::string
EventLogJsonl(const std::vector<LabEvent>& events)
{
    std::string out;
    for (const LabEvent& e : events)
    {
        out += EventToJson(e);
        out += '\n';
    }
    return out;
}

bool
WriteRunOutputs(const std::string& dir,
                const RunReport& r,
                const std::vector<LabEvent>& events,
                const std::vector<RecordSet>& ladders,
                std::string& error)
{
    return WriteText(dir + "/events.jsonl", EventLogJsonl(events), error) &&
           WriteText(dir + "/junit.xml", RunReportJunit(r), error) &&
           WriteText(dir + "/report.json", RunReportJson(r), error) &&
           WriteText(dir + "/report.html", RunReportHtml(r, ladders), error);
}

} // namespace ns3
