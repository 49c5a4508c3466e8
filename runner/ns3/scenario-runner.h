/**
 * \file
 * \brief Builds an ns-3 topology from a loaded Scenario, runs it, and writes the run directory:
 * pcaps/<node>-<iface>.pcap, events.jsonl, report.json.
 */
#ifndef L2TPLAB_RUNNER_SCENARIO_RUNNER_H
#define L2TPLAB_RUNNER_SCENARIO_RUNNER_H

#include "conformance/check.h"
#include "runner/expectations.h"
#include "runner/scenario-loader.h"
#include "runner/scenario.h"
#include "runner/support.h" // CheckSupported (used by RunScenario for its warnings)

#include <string>
#include <vector>

namespace ns3
{

/** \brief How to run. */
struct RunOptions
{
    std::string outDir;       //!< run directory ("" = out/<scenario name>)
    bool overrideSeed{false}; //!< use `seed` instead of the scenario's run.seed
    uint64_t seed{1};         //!< seed when overrideSeed
    bool progress{false};     //!< print a progress line on stderr while running
    /** \brief Judge the captures (tshark) and draw ladders; false: simulation, expectations,
     * pcaps and events only (seed sweeps, golden-digest tests). */
    bool judge{true};
};

/** \brief What a run produced. */
struct RunSummary
{
    std::string name;                       //!< scenario name
    std::string outDir;                     //!< run directory
    bool passed{false};                     //!< every expectation and MUST rule passed
    std::vector<ExpectationResult> results; //!< one per expectation
    std::vector<std::string> warnings;      //!< "file:line:col: warning: ..."
    std::vector<std::string> pcaps;         //!< paths relative to outDir
    /** \brief The link captures (judged by the conformance catalog). A PPP interface capture is
     * linktype PPP without direction, so request/answer pairing rules cannot tell the sides apart
     * there; its frames are judged inside the L2TP data messages of the link captures. */
    std::vector<std::string> linkPcaps;
    std::vector<CheckReport> conformance; //!< one per judged capture (pcap = relative path)
    std::vector<RecordSet> records;       //!< the records each verdict was computed from
    size_t events{0};                     //!< lines in events.jsonl
    double wallSeconds{0};                //!< wall time of the simulation (not in report.json)
    double simSeconds{0};                 //!< simulated duration
};

/**
 * \brief Build, run and write outputs.
 * \return false with `error` set when the run directory cannot be written (environment error)
 */
bool RunScenario(const Scenario& sc, const RunOptions& opt, RunSummary& out, std::string& error);

} // namespace ns3

#endif
