#include "reports/json-writer.h"

#include "model/common/file-io.h"

namespace ns3
{

using Json = nlohmann::ordered_json;

Json
RuleResultJson(const RuleResult& r)
{
    Json j;
    j["id"] = r.id;
    j["rfc"] = r.rfc;
    j["section"] = r.section;
    j["citation"] = r.Citation();
    j["requirement"] = r.requirement;
    j["level"] = ToString(r.level);
    j["scope"] = ToString(r.scope);
    j["verdict"] = ToString(r.verdict.verdict);
    j["failing_frames"] = r.verdict.failingFrames;
    j["detail"] = r.verdict.detail;
    j["checked"] = r.verdict.checked;
    Json cs = Json::array();
    for (const auto& c : r.verdict.consequences)
    {
        cs.push_back({{"frame", c.frame}, {"cause", c.causeRule}, {"cause_frame", c.causeFrame}});
    }
    j["consequences"] = cs;
    return j;
}

/** Failures of other rules that are consequences of rule `id`'s faults: [{id, frames, causes}]. */
static Json
CausedBy(const CheckReport& r, const std::string& id)
{
    Json out = Json::array();
    for (const RuleResult& rr : r.results)
    {
        std::vector<uint32_t> frames;
        std::vector<uint32_t> causes;
        for (const auto& c : rr.verdict.consequences)
        {
            if (c.causeRule == id)
            {
                frames.push_back(c.frame);
                causes.push_back(c.causeFrame);
            }
        }
        if (!frames.empty())
        {
            out.push_back({{"id", rr.id}, {"frames", frames}, {"cause_frames", causes}});
        }
    }
    return out;
}

Json
CheckReportJson(const CheckReport& r, CheckJsonDetail detail)
{
    Json j;
    j["capture"] = r.pcap;
    j["result"] = !r.ok ? "error" : (r.Passed() ? "pass" : "fail");
    if (!r.ok)
    {
        j["error"] = r.error;
    }
    if (!r.engine.empty())
    {
        j["engine"] = r.engine; // "fast", "tshark" or "fast+tshark" (--cross-check)
    }
    if (!r.engineFallback.empty())
    {
        j["engine_fallback"] = r.engineFallback;
    }
    if (r.crossChecked)
    {
        j["cross_check"] = {{"agree", r.crossCheckDifferences.empty()},
                            {"differences", r.crossCheckDifferences}};
    }
    if (!r.notes.empty())
    {
        j["notes"] = r.notes;
    }
    j["l2tp_messages"] = r.l2tpMessages;
    if (r.summarizedData > 0)
    {
        // Of those, data messages judged as counts in their sessions (docs/conformance.md).
        j["data_messages_summarized"] = r.summarizedData;
    }
    j["tunnels"] = r.tunnels;
    j["sessions"] = r.sessions;
    j["rules"] = {{"total", r.summary.rules},
                  {"pass", r.summary.passed},
                  {"fail", r.summary.failed},
                  {"warn", r.summary.warnings},
                  {"not_applicable", r.summary.notApplicable},
                  {"consequence", r.summary.consequences}};
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
        Json caused = CausedBy(r, rr.id);
        if (!caused.empty())
        {
            fails.back()["consequences"] = caused;
        }
    }
    j["violations"] = fails;
    if (detail == CheckJsonDetail::EVERY_RULE)
    {
        j["tshark"] = r.tsharkVersion;
        j["forced_ports"] = r.forcedPorts;
        j["control_messages"] = r.controlMessages;
        j["ppp_packets"] = r.pppPackets;
        j["esp_packets"] = r.espPackets;
        j["ike_messages"] = r.ikeMessages;
        j["natt_datagrams"] = r.nattDatagrams;
        j["capture_point"] = r.capturePoint;
        j["unmatched_globs"] = r.unmatchedGlobs;
        Json results = Json::array();
        for (const auto& rr : r.results)
        {
            results.push_back(RuleResultJson(rr));
        }
        j["results"] = results;
    }
    return j;
}

std::string
ConformanceReportsToJson(const std::vector<CheckReport>& reports)
{
    Json captures = Json::array();
    uint64_t rules = 0;
    uint64_t passed = 0;
    uint64_t failed = 0;
    uint64_t warnings = 0;
    uint64_t na = 0;
    uint64_t consequences = 0;
    uint64_t inputErrors = 0;
    for (const auto& r : reports)
    {
        captures.push_back(CheckReportJson(r, CheckJsonDetail::EVERY_RULE));
        rules += r.summary.rules;
        passed += r.summary.passed;
        failed += r.summary.failed;
        warnings += r.summary.warnings;
        na += r.summary.notApplicable;
        consequences += r.summary.consequences;
        inputErrors += r.ok ? 0 : 1;
    }
    Json j;
    j["captures"] = captures;
    j["summary"] = {{"captures", reports.size()},
                    {"input_errors", inputErrors},
                    {"total", rules},
                    {"pass", passed},
                    {"fail", failed},
                    {"warn", warnings},
                    {"not_applicable", na},
                    {"consequence", consequences}};
    j["result"] = inputErrors ? "error" : (failed ? "fail" : "pass");
    return j.dump(2) + "\n";
}

bool
WriteJsonReport(const std::string& path,
                const std::vector<CheckReport>& reports,
                std::string& error)
{
    return WriteFile(path, ConformanceReportsToJson(reports), error);
}

std::string
RuleCatalogToJson()
{
    Json arr = Json::array();
    for (const auto& r : GetRuleCatalog())
    {
        arr.push_back({{"id", r.id},
                       {"rfc", r.rfc},
                       {"section", r.section},
                       {"requirement", r.requirement},
                       {"level", ToString(r.level)},
                       {"scope", ToString(r.scope)}});
    }
    return arr.dump(2);
}

} // namespace ns3
