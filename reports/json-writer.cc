#include "reports/json-writer.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace ns3
{

std::string
ConformanceReportsToJson(const std::vector<CheckReport>& reports)
{
    nlohmann::json captures = nlohmann::json::array();
    uint64_t rules = 0;
    uint64_t passed = 0;
    uint64_t failed = 0;
    uint64_t warnings = 0;
    uint64_t na = 0;
    uint64_t inputErrors = 0;
    for (const auto& r : reports)
    {
        captures.push_back(nlohmann::json::parse(CheckReportToJson(r)));
        rules += r.summary.rules;
        passed += r.summary.passed;
        failed += r.summary.failed;
        warnings += r.summary.warnings;
        na += r.summary.notApplicable;
        inputErrors += r.ok ? 0 : 1;
    }
    nlohmann::json j;
    j["captures"] = captures;
    j["summary"] = {{"captures", reports.size()},
                    {"input_errors", inputErrors},
                    {"rules", rules},
                    {"passed", passed},
                    {"failed", failed},
                    {"warnings", warnings},
                    {"not_applicable", na}};
    j["passed"] = failed == 0 && inputErrors == 0;
    return j.dump(2) + "\n";
}

bool
WriteJsonReport(const std::string& path,
                const std::vector<CheckReport>& reports,
                std::string& error)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
    {
        error = "cannot write '" + path + "'";
        return false;
    }
    out << ConformanceReportsToJson(reports);
    out.close();
    if (!out)
    {
        error = "cannot write '" + path + "'";
        return false;
    }
    return true;
}

} // namespace ns3
