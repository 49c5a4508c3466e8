/**
 * \file
 * \brief JSON of conformance checks: ONE shape of a checked capture, used by a run's report.json
 * (`conformance.captures[]`) and by `l2tplab check --json` (which adds every rule's verdict).
 * Deterministic: keys in a fixed order, captures in the given order, no wall-clock time.
 */
#ifndef L2TPLAB_REPORTS_JSON_WRITER_H
#define L2TPLAB_REPORTS_JSON_WRITER_H

#include "conformance/check.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ns3
{

/** \brief How much of a check report CheckReportJson() writes. */
enum class CheckJsonDetail
{
    VIOLATIONS, //!< the run's report.json element: counts and the failed rules
    EVERY_RULE, //!< the same, then extraction facts and every rule's verdict (`check --json`)
};

/**
 * \brief One checked capture as JSON, keys in this order: `capture`, `result` ("pass", "fail" or
 * "error"), `error` (only when the capture could not be read), `l2tp_messages`, `tunnels`,
 * `sessions`, `rules` {`total`, `pass`, `fail` (MUST / MUST NOT), `warn` (SHOULD),
 * `not_applicable`}, `violations` [{`id`, `ref`, `level`, `frames`, `detail`}] (every FAIL, SHOULD
 * ones included). EVERY_RULE adds `tshark`, `forced_ports`, `control_messages`, `ppp_packets`,
 * `esp_packets`, `ike_messages`, `natt_datagrams`, `capture_point`, `unmatched_globs` and
 * `results` (one RuleResultJson() per rule, catalog order).
 */
nlohmann::ordered_json CheckReportJson(const CheckReport& report,
                                       CheckJsonDetail detail = CheckJsonDetail::VIOLATIONS);

/** \brief One rule's verdict: id, rfc, section, citation, requirement, level, scope, verdict,
 * failing_frames, detail, checked. */
nlohmann::ordered_json RuleResultJson(const RuleResult& result);

/**
 * \brief `check --json`: `{"captures": [<CheckReportJson EVERY_RULE>...], "summary": {captures,
 * input_errors, total, pass, fail, warn, not_applicable}, "result": "pass" | "fail" | "error"}`
 * as text ("error": some capture could not be read).
 */
std::string ConformanceReportsToJson(const std::vector<CheckReport>& reports);

/** \brief Write ConformanceReportsToJson() to a file; false (and error) on I/O failure. */
bool WriteJsonReport(const std::string& path,
                     const std::vector<CheckReport>& reports,
                     std::string& error);

/** \brief The rule catalog as JSON text (id, rfc, section, requirement, level, scope). */
std::string RuleCatalogToJson();

} // namespace ns3

#endif
