/**
 * \file
 * \brief report.html: one self-contained HTML document (inline CSS, inline SVG, a few lines of
 * inline script that only open collapsed sections before printing; no external CSS, JS, fonts or
 * images, so it works offline and can be mailed as one file).
 *
 * Sections: a summary banner (big PASS/FAIL, expectation and rule counts), the expectations table,
 * conformance per capture (rules failing first, then SHOULD warnings; passed and not-applicable
 * rules collapsed in <details>; failing frame numbers link to their arrow in the ladder), ladder
 * diagrams (reports/ladder.h): one per L2TP control connection, with the PPP control packets of its
 * sessions (LCP, PAP/CHAP, NCPs) as labelled arrows, including a connection seen inside decrypted
 * ESP; one per IKE SA (ISAKMP messages grouped by cookies, with its ESP runs and NAT-keepalives),
 * then counters per node, warnings and pcaps. A failing frame of an IPsec rule links to its
 * IKE/ESP arrow, of any other rule to its L2TP/PPP arrow.
 *
 * Deterministic: same inputs, same bytes (no wall-clock time, fixed number formatting, inputs in
 * the given order). Everything that came from a capture or a scenario file is HTML-escaped.
 */
#ifndef L2TPLAB_REPORTS_HTML_WRITER_H
#define L2TPLAB_REPORTS_HTML_WRITER_H

#include "conformance/check.h"
#include "conformance/records.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief One expectation verdict as the report shows it. */
struct HtmlExpectation
{
    std::string id;                //!< expectation id
    bool pass{false};              //!< verdict
    std::string expected;          //!< human readable expectation
    std::string actual;            //!< human readable outcome
    std::vector<std::string> refs; //!< RFC references ("RFC2661/5.8")
    std::string where;             //!< "file:line:col" in the scenario
};

/** \brief What a scenario run contributes besides conformance verdicts. */
/**
 * \brief An L2TP server's tunnels and sessions established over time (sampled by the runner):
 * report.json `setup.<node>` and the plot of report.html's *Setup over time*.
 */
struct SetupSeries
{
    std::string node;               //!< server node
    std::vector<double> t;          //!< sample times, seconds
    std::vector<uint64_t> tunnels;  //!< tunnels established at t[i]
    std::vector<uint64_t> sessions; //!< sessions established at t[i]
};

/** \brief An inline SVG plot of one series (tunnels and sessions up versus time). */
std::string SetupSvg(const SetupSeries& s, double durationS);

struct HtmlRunInfo
{
    std::string title;                         //!< scenario name
    std::string description;                   //!< scenario description
    std::string file;                          //!< scenario file
    uint64_t seed{0};                          //!< run seed
    double durationS{0};                       //!< simulated duration in seconds
    std::vector<HtmlExpectation> expectations; //!< in declaration order
    std::vector<std::string> warnings;         //!< "file:line:col: warning: ..."
    /** \brief node -> counters (name -> value), nodes in the order given. */
    std::vector<std::pair<std::string, std::map<std::string, uint64_t>>> nodeCounters;
    std::vector<std::string> pcaps;                 //!< capture paths relative to the run directory
    std::vector<std::string> flowHeader;            //!< traffic table columns (empty: no flows)
    std::vector<std::vector<std::string>> flowRows; //!< one row per flow, cells as text
    std::vector<SetupSeries> setup;                 //!< servers' setup over time (may be empty)
};

/**
 * \brief The run's report.html.
 * \param run scenario data
 * \param checks conformance verdicts, one per capture
 * \param ladders records to draw: a RecordSet is drawn with the check whose `pcap` equals its
 *        `pcap` (else, when both lists have the same size, with the check at the same index);
 *        records matching no check get a section of their own
 * \return the document
 */
std::string RenderRunHtml(const HtmlRunInfo& run,
                          const std::vector<CheckReport>& checks,
                          const std::vector<RecordSet>& ladders);

/** \brief The document for `l2tplab check --html`: banner, conformance and ladders only. */
std::string RenderCheckHtml(const std::vector<CheckReport>& checks,
                            const std::vector<RecordSet>& ladders);

/** \brief Write a document; false (and error) on I/O failure. */
bool WriteHtml(const std::string& path, const std::string& html, std::string& error);

/**
 * \brief Escape text for HTML character data and attribute values (& < > " '); control characters
 * other than tab/newline and invalid UTF-8 sequences become U+FFFD.
 */
std::string HtmlEscape(const std::string& s);

} // namespace ns3

#endif
