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
#include <vector>

namespace ns3
{

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
