/**
 * \file
 * \brief JUnit XML (junit.xml for CI) from conformance reports: one <testsuite> per capture, one
 * <testcase> per rule. A failed MUST / MUST NOT rule is a <failure> whose message names the RFC
 * citation and the failing frame numbers; a failed SHOULD rule is reported in <system-out> as a
 * warning and does not fail the test case; NOT_APPLICABLE is <skipped>; a capture that could not be
 * read is one <testcase> with an <error>. Deterministic (no timestamps; time="0").
 */
#ifndef L2TPLAB_REPORTS_JUNIT_WRITER_H
#define L2TPLAB_REPORTS_JUNIT_WRITER_H

#include "conformance/check.h"

#include <string>
#include <cstdint>
#include <vector>

namespace ns3
{

/** \brief Counts of a JUnit document. */
struct JunitTotals
{
    uint64_t tests{0};    //!< testcases
    uint64_t failures{0}; //!< failed testcases
    uint64_t errors{0};   //!< testcases that could not run
    uint64_t skipped{0};  //!< skipped (not applicable) testcases
};

/** \brief One testcase of the expectations suite of a run. */
struct JunitCase
{
    std::string name;    //!< expectation id
    bool pass{true};     //!< verdict
    std::string message; //!< failure message (expected vs actual)
    std::string detail;  //!< failure body (refs, location)
};

/** \brief The <testsuite> elements (one per capture) for conformance reports; adds to totals. */
std::string ConformanceJunitSuites(const std::vector<CheckReport>& reports, JunitTotals& totals);

/** \brief A whole JUnit document around already rendered <testsuite> elements. */
std::string JunitDocument(const std::string& name,
                          const JunitTotals& totals,
                          const std::string& suites);

/** \brief A run's junit.xml: an "expectations" suite, then one suite per judged capture. */
std::string RunToJunit(const std::string& name,
                       const std::vector<JunitCase>& expectations,
                       const std::vector<CheckReport>& conformance);

/** \brief The JUnit XML document as text. */
std::string ConformanceReportsToJunit(const std::vector<CheckReport>& reports,
                                      const std::string& name = "l2tplab-conformance");

/** \brief Write ConformanceReportsToJunit() to a file; false (and error) on I/O failure. */
bool WriteJunitReport(const std::string& path,
                      const std::vector<CheckReport>& reports,
                      std::string& error,
                      const std::string& name = "l2tplab-conformance");

/** \brief XML-escape text for attributes and character data. */
std::string XmlEscape(const std::string& s);

} // namespace ns3

#endif
