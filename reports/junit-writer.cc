#include "reports/junit-writer.h"

#include "model/common/file-io.h"

#include <sstream>

namespace ns3
{

namespace
{

std::string
BaseName(const std::string& path)
{
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string
FrameList(const std::vector<uint32_t>& frames)
{
    std::string s;
    for (size_t i = 0; i < frames.size() && i < 20; ++i)
    {
        s += (i ? "," : "") + std::to_string(frames[i]);
    }
    if (frames.size() > 20)
    {
        s += ",...";
    }
    return s;
}

} // namespace

std::string
XmlEscape(const std::string& s)
{
    std::string o;
    o.reserve(s.size());
    for (char ch : s)
    {
        unsigned char u = static_cast<unsigned char>(ch);
        switch (ch)
        {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        case '\'':
            o += "&apos;";
            break;
        default:
            if (u < 0x20 && ch != '\n' && ch != '\t' && ch != '\r')
            {
                o += '?'; // not representable in XML 1.0
            }
            else
            {
                o += ch;
            }
        }
    }
    return o;
}

std::string
ConformanceJunitSuites(const std::vector<CheckReport>& reports, JunitTotals& totals)
{
    uint64_t& tests = totals.tests;
    uint64_t& failures = totals.failures;
    uint64_t& errors = totals.errors;
    uint64_t& skipped = totals.skipped;
    std::ostringstream suites;
    for (const auto& rep : reports)
    {
        std::string suite = BaseName(rep.pcap);
        std::string cls = "conformance." + suite;
        std::ostringstream cases;
        uint64_t t = 0;
        uint64_t f = 0;
        uint64_t e = 0;
        uint64_t s = 0;
        if (!rep.ok)
        {
            ++t;
            ++e;
            cases << "    <testcase classname=\"" << XmlEscape(cls)
                  << "\" name=\"read-capture\" time=\"0\">\n"
                  << "      <error message=\"" << XmlEscape(rep.error) << "\" type=\"input\"/>\n"
                  << "    </testcase>\n";
        }
        for (const auto& r : rep.results)
        {
            ++t;
            cases << "    <testcase classname=\"" << XmlEscape(cls) << "\" name=\""
                  << XmlEscape(r.id) << "\" time=\"0\">\n";
            if (r.verdict.verdict == Verdict::FAIL && r.level != RuleLevel::SHOULD)
            {
                ++f;
                std::string msg = r.Citation() + " " + ToString(r.level) +
                                  " violated in frame(s) " + FrameList(r.verdict.failingFrames) +
                                  ": " + r.requirement;
                cases << "      <failure message=\"" << XmlEscape(msg) << "\" type=\""
                      << ToString(r.level) << "\">" << XmlEscape(r.verdict.detail)
                      << "</failure>\n";
            }
            else if (r.verdict.verdict == Verdict::FAIL)
            {
                cases << "      <system-out>WARNING " << XmlEscape(r.Citation())
                      << " SHOULD not met in frame(s) " << FrameList(r.verdict.failingFrames)
                      << ": " << XmlEscape(r.verdict.detail) << "</system-out>\n";
            }
            else if (r.verdict.verdict == Verdict::NOT_APPLICABLE)
            {
                ++s;
                cases << "      <skipped message=\"not applicable: nothing in the capture to "
                         "judge\"/>\n";
            }
            cases << "    </testcase>\n";
        }
        tests += t;
        failures += f;
        errors += e;
        skipped += s;
        suites << "  <testsuite name=\"" << XmlEscape(suite) << "\" tests=\"" << t
               << "\" failures=\"" << f << "\" errors=\"" << e << "\" skipped=\"" << s
               << "\" time=\"0\">\n"
               << "    <properties>\n"
               << "      <property name=\"pcap\" value=\"" << XmlEscape(rep.pcap) << "\"/>\n"
               << "      <property name=\"tshark\" value=\"" << XmlEscape(rep.tsharkVersion)
               << "\"/>\n"
               << "    </properties>\n"
               << cases.str() << "  </testsuite>\n";
    }
    return suites.str();
}

std::string
JunitDocument(const std::string& name, const JunitTotals& t, const std::string& suites)
{
    std::ostringstream doc;
    doc << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites name=\"" << XmlEscape(name) << "\" tests=\"" << t.tests << "\" failures=\""
        << t.failures << "\" errors=\"" << t.errors << "\" skipped=\"" << t.skipped
        << "\" time=\"0\">\n"
        << suites << "</testsuites>\n";
    return doc.str();
}

std::string
ConformanceReportsToJunit(const std::vector<CheckReport>& reports, const std::string& name)
{
    JunitTotals totals;
    std::string suites = ConformanceJunitSuites(reports, totals);
    return JunitDocument(name, totals, suites);
}

std::string
RunToJunit(const std::string& name,
           const std::vector<JunitCase>& expectations,
           const std::vector<CheckReport>& conformance)
{
    JunitTotals totals;
    std::ostringstream cases;
    uint64_t failed = 0;
    for (const JunitCase& c : expectations)
    {
        cases << "    <testcase classname=\"expectations\" name=\"" << XmlEscape(c.name)
              << "\" time=\"0\">\n";
        if (!c.pass)
        {
            ++failed;
            cases << "      <failure message=\"" << XmlEscape(c.message)
                  << "\" type=\"expectation\">" << XmlEscape(c.detail) << "</failure>\n";
        }
        cases << "    </testcase>\n";
    }
    std::ostringstream suites;
    suites << "  <testsuite name=\"expectations\" tests=\"" << expectations.size()
           << "\" failures=\"" << failed << "\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
           << cases.str() << "  </testsuite>\n";
    totals.tests += expectations.size();
    totals.failures += failed;
    suites << ConformanceJunitSuites(conformance, totals);
    return JunitDocument(name, totals, suites.str());
}

bool
WriteJunitReport(const std::string& path,
                 const std::vector<CheckReport>& reports,
                 std::string& error,
                 const std::string& name)
{
    return WriteFile(path, ConformanceReportsToJunit(reports, name), error);
}

} // namespace ns3
