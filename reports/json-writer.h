/**
 * \file
 * \brief JSON report of conformance checks over one or more captures (report.json). Deterministic:
 * sorted keys, captures in the given order, no wall-clock time.
 */
#ifndef L2TPLAB_REPORTS_JSON_WRITER_H
#define L2TPLAB_REPORTS_JSON_WRITER_H

#include "conformance/check.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief `{"captures": [<CheckReportToJson>...], "summary": {...}, "passed": bool}` as text. */
std::string ConformanceReportsToJson(const std::vector<CheckReport>& reports);

/** \brief Write ConformanceReportsToJson() to a file; false (and error) on I/O failure. */
bool WriteJsonReport(const std::string& path,
                     const std::vector<CheckReport>& reports,
                     std::string& error);

} // namespace ns3

#endif
