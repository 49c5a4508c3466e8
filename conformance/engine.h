/**
 * \file
 * \brief Which engine judges a capture: the fast engine (libpcap and our own tshark-faithful
 * decoders, fast-records.h / fast-layers.h) by default, or tshark (records.h), the independent
 * oracle; `--cross-check` runs both and reports every record or verdict that differs
 * (record-diff.h). `l2tplab check` and the conformance step of `l2tplab run` call JudgeCapture().
 *
 * The fast engine is never silently weaker: a capture holding something it does not decode the
 * way tshark does (MP fragments, GRE, AH, an unknown link type, ESP/IKE to decrypt with --keys,
 * hidden AVPs with a secret, ...) is judged by tshark, and the report says so and why
 * (CheckReport::engineFallback).
 */
#ifndef L2TPLAB_CONFORMANCE_ENGINE_H
#define L2TPLAB_CONFORMANCE_ENGINE_H

#include "conformance/check.h"
#include "conformance/fast-records.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief Record extraction engine. */
enum class CheckEngine
{
    FAST,   //!< libpcap + our decoders (default)
    TSHARK, //!< tshark's dissectors, the oracle
};

/** \brief "fast" / "tshark". */
const char* ToString(CheckEngine e);

/** \brief Parse "fast" / "tshark". \return false on anything else. */
bool ParseCheckEngine(const std::string& s, CheckEngine& e);

/** \brief How to judge. */
struct EngineOptions
{
    CheckEngine engine{CheckEngine::FAST}; //!< who extracts the records
    bool crossCheck{false};                //!< run both, fail on any difference
    FastProgress progress{nullptr};        //!< fast engine progress callback (optional)
    void* progressCtx{nullptr};            //!< its context
    /** \brief Threads one capture is judged with (0 = one per core, 1 = everything on the
     * calling thread): rules judged at once (check.h EvaluateRules), and with two or more the fast
     * engine decodes frames on a second thread while the first files the records
     * (ExtractOptions::threads). The report does not depend on it. */
    unsigned threads{0};
};

/**
 * \brief Extract a capture's records with the chosen engine (falling back to tshark when the
 * fast engine cannot decode it) and judge them against the rules matching ruleGlobs.
 * \param pcap the capture
 * \param ruleGlobs rule id globs (empty = all)
 * \param opts extraction options (capture point, secret, keys, ports)
 * \param eng engine choice
 * \param records optional: receives the records judged (the oracle's under --cross-check)
 * \return the report; ok == false (and error) when the capture cannot be read or tshark is
 * needed and missing
 */
CheckReport JudgeCapture(const std::string& pcap,
                         const std::vector<std::string>& ruleGlobs,
                         const ExtractOptions& opts,
                         const EngineOptions& eng,
                         RecordSet* records = nullptr);

/**
 * \brief Rule-by-rule comparison of two reports of the same capture (verdict, failing frames and,
 * unless onlyOutcome, detail and checked count). \return "rule: tshark '...' vs fast '...'" lines.
 */
std::vector<std::string> DiffVerdicts(const CheckReport& tshark,
                                      const CheckReport& fast,
                                      bool onlyOutcome);

} // namespace ns3

#endif
