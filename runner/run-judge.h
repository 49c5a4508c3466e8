/**
 * \file
 * \brief The run's independent judge: the scenario's own captures, selected by
 * `conformance-captures:`, are read by tshark (conformance/records.h) and judged by the rule
 * catalog with the capture point set to the capturing node's addresses. Plain C++ (no ns-3).
 */
#ifndef L2TPLAB_RUNNER_RUN_JUDGE_H
#define L2TPLAB_RUNNER_RUN_JUDGE_H

#include "conformance/check.h"
#include "conformance/records.h"
#include "runner/scenario.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief Verdicts and the records they were computed from. */
struct RunJudgement
{
    std::vector<CheckReport> reports; //!< one per judged capture (pcap = relative path)
    std::vector<RecordSet> records;   //!< records of the captures that could be read
    bool passed{true};                //!< no capture error and no failed MUST
};

/**
 * \brief The addresses of the node a capture `pcaps/<node>-<iface>.pcap` was written on (the
 * longest node name that prefixes the file's stem wins), formatted as dotted quads.
 */
std::vector<std::string> CapturePoint(const Scenario& sc, const std::string& relPcap);

/** \brief The (first) server's tunnel secret: un-hides AVPs in every capture of the run. */
std::string RunSharedSecret(const Scenario& sc);

/**
 * \brief Judge the selected captures of a run directory.
 * \param pcaps capture paths relative to outDir
 * \return false with `error` only when the judge itself is missing (tshark not found)
 */
bool JudgeRunCaptures(const Scenario& sc,
                      const std::string& outDir,
                      const std::vector<std::string>& pcaps,
                      RunJudgement& out,
                      std::string& error);

} // namespace ns3

#endif
