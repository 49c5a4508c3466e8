/**
 * \file
 * \brief A scenario run's outputs assembled from plain data: events.jsonl, report.json,
 * junit.xml and report.html. The runner fills a RunReport (each layer installer contributes its
 * node summary and counters); nothing here knows ns-3 or the scenario schema.
 */
#ifndef L2TPLAB_REPORTS_RUN_REPORT_H
#define L2TPLAB_REPORTS_RUN_REPORT_H

#include "conformance/check.h"
#include "reports/html-writer.h"

#include "model/common/events.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/** \brief What one node reports at the end of a run (layers merge into one entry per node). */
struct RunNodeSummary
{
    std::string node;                         //!< node name
    nlohmann::ordered_json fields;            //!< report.json `nodes.<node>` object, in order
    std::map<std::string, uint64_t> counters; //!< counters shown in report.html
};

/**
 * \brief One traffic flow's results (report.json `flows[]`, report.html's Traffic table). `sent`
 * and `received` count packets (icmp-echo, udp) or bytes (tcp, see `unit`).
 */
struct RunFlow
{
    std::string name;                                    //!< traffic name
    std::string kind;                                    //!< icmp-echo, udp, tcp
    std::string from;                                    //!< source node
    std::string to;                                      //!< destination address
    std::string unit;                                    //!< "packets" or "bytes"
    uint64_t sent{0};                                    //!< sent so far
    uint64_t received{0};                                //!< received (in time, for icmp-echo)
    double lossPercent{0};                               //!< 100 x (sent - received) / sent
    std::vector<std::pair<std::string, double>> metrics; //!< e.g. ("rtt_avg_ms", 0.42), in order
};

/** \brief Everything the run's files say (no wall-clock values: output is deterministic). */
struct RunReport
{
    std::string scenario;                      //!< scenario name
    std::string file;                          //!< scenario file as given
    std::string description;                   //!< scenario description (report.html)
    uint64_t seed{0};                          //!< run seed
    double durationS{0};                       //!< simulated duration
    bool passed{false};                        //!< every expectation and MUST rule passed
    std::vector<HtmlExpectation> expectations; //!< verdicts in declaration order
    std::vector<std::string> conformanceRules; //!< rule globs (empty: no conformance section)
    std::vector<CheckReport> conformance;      //!< one per judged capture
    std::vector<RunNodeSummary> nodes;         //!< nodes in scenario order
    size_t events{0};                          //!< lines in events.jsonl
    std::vector<std::string> pcaps;            //!< capture paths relative to the run directory
    std::vector<std::string> warnings;         //!< "file:line:col: warning: ..."
    std::vector<RunFlow> flows;                //!< traffic flows in declaration order
    std::vector<SetupSeries> setup;            //!< L2TP servers' setup over time
};

/** \brief Add `s` to the node's entry (created at the end if new; fields appended in order). */
void MergeNodeSummary(std::vector<RunNodeSummary>& nodes, const RunNodeSummary& s);

/** \brief report.json text (2-space indented, trailing newline). */
std::string RunReportJson(const RunReport& r);

/** \brief junit.xml text: one case per expectation, one suite per judged capture. */
std::string RunReportJunit(const RunReport& r);

/** \brief report.html text; `ladders` are the records to draw (see RenderRunHtml). */
std::string RunReportHtml(const RunReport& r, const std::vector<RecordSet>& ladders);

/**
 * \brief Write events.jsonl, junit.xml, report.json and report.html into `dir`.
 * \return false with `error` ("cannot write DIR/FILE") on the first I/O failure
 */
bool WriteRunOutputs(const std::string& dir,
                     const RunReport& r,
                     const EventList& events,
                     const std::vector<RecordSet>& ladders,
                     std::string& error);

} // namespace ns3

#endif
