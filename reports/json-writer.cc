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
    return j;
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
    uint64_t inputErrors = 0;
    for (const auto& r : reports)
    {
        captures.push_back(CheckReportJson(r, CheckJsonDetail::EVERY_RULE));
        rules += r.summary.rules;
        passed += r.summary.passed;
        failed += r.summary.failed;
        warnings += r.summary.warnings;
        na += r.summary.notApplicable;
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
                    {"not_applicable", na}};
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
