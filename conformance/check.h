/**
 * \file
 * \brief `l2tplab check` as a library call: records from tshark → rules → per-rule verdicts.
 */
#ifndef L2TPLAB_CONFORMANCE_CHECK_H
#define L2TPLAB_CONFORMANCE_CHECK_H

#include "conformance/records.h"
#include "conformance/rule-catalog.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Verdict of one rule on one capture, with the rule's catalog data copied in. */
struct RuleResult
{
    std::string id;                     //!< rule id
    std::string rfc;                    //!< "RFC 2661"
    std::string section;                //!< "5.8"
    std::string requirement;            //!< paraphrase of the requirement
    RuleLevel level{RuleLevel::MUST};   //!< MUST / MUST NOT / SHOULD
    RuleScope scope{RuleScope::PACKET}; //!< what it looked at
    RuleVerdict verdict;                //!< outcome

    /** \brief "RFC 2661 §5.8". */
    std::string
    Citation() const
    {
        return rfc + " \u00a7" + section;
    }
};

/** \brief Counts over the results of one capture. */
struct CheckSummary
{
    uint32_t rules{0};         //!< rules evaluated
    uint32_t passed{0};        //!< PASS
    uint32_t failed{0};        //!< FAIL of a MUST / MUST NOT rule
    uint32_t warnings{0};      //!< FAIL of a SHOULD rule
    uint32_t notApplicable{0}; //!< NOT_APPLICABLE
    uint32_t consequences{0};  //!< CONSEQUENCE: failed only as a consequence of an earlier fault
};

/** \brief Everything `check` says about one capture. */
struct CheckReport
{
    std::string pcap;                  //!< capture checked
    bool ok{true};                     //!< false: input error (see error); no verdicts then
    std::string error;                 //!< why the capture could not be checked
    std::string tsharkVersion;         //!< the oracle used
    std::vector<uint16_t> forcedPorts; //!< non-1701 ports decoded as L2TP
    uint32_t l2tpMessages{0};          //!< L2TP messages judged (kept + summarised)
    uint64_t summarizedData{0};  //!< data messages counted in their sessions, not kept as records
    uint32_t controlMessages{0}; //!< of which control messages
    uint32_t tunnels{0};         //!< control connections found
    uint32_t sessions{0};        //!< sessions found
    uint32_t pppPackets{0};      //!< PPP records extracted
    uint32_t espPackets{0};      //!< ESP records extracted
    uint32_t ikeMessages{0};     //!< ISAKMP records extracted
    uint32_t nattDatagrams{0};   //!< port-4500 datagrams extracted
    std::vector<std::string> capturePoint;   //!< addresses of the capturing host (empty: unknown)
    std::vector<std::string> unmatchedGlobs; //!< globs that selected no rule
    std::vector<RuleResult> results;         //!< in catalog order
    CheckSummary summary;                    //!< counts

    /** \brief Which engine judged ("fast", "tshark"; engine.h). "" = records given directly. */
    std::string engine;
    /** \brief Why the fast engine handed this capture to tshark ("" = it did not). */
    std::string engineFallback;
    /** \brief --cross-check: both engines extracted records and judged. */
    bool crossChecked{false};
    /** \brief --cross-check: records or verdicts that differ ("frame N: ..."); empty = agree. */
    std::vector<std::string> crossCheckDifferences;
    /** \brief Notes for the user (keys given but nothing decrypted, truncated frames, ...). */
    std::vector<std::string> notes;
    uint64_t frames{0};          //!< frames read (fast engine; 0 when unknown)
    uint64_t truncatedFrames{0}; //!< frames captured shorter than on the wire (fast engine)

    /** \brief True if the capture was checked, no MUST/MUST NOT rule failed and a cross-check (if
     * any) found both engines in agreement. */
    bool
    Passed() const
    {
        return ok && summary.failed == 0 && crossCheckDifferences.empty();
    }
};

/** \brief The report of a capture that could not be read (ok == false, `error` says why). */
CheckReport InputErrorReport(const std::string& pcap,
                             const std::vector<std::string>& ruleGlobs,
                             const ExtractOptions& opts,
                             const std::string& error);

/**
 * \brief Check a capture against the rules whose ids match ruleGlobs (empty = all).
 * opts.capturePoint, if set, names the host the capture was taken on (see CheckRecords).
 * Never throws; an unreadable capture or a missing tshark gives ok == false.
 */
CheckReport CheckCapture(const std::string& pcap,
                         const std::vector<std::string>& ruleGlobs,
                         const ExtractOptions& opts = ExtractOptions());

/** \brief Check already extracted records (tests, the libpcap fast path); capture point unknown. */
CheckReport CheckRecords(const RecordSet& records, const std::vector<std::string>& ruleGlobs);

/**
 * \brief Check already extracted records taken on the host owning capturePoint (its IPv4/IPv6
 * addresses, any text form; empty = unknown). The scenario runner passes, for each pcap, the
 * addresses of the node whose interface it was written on. CheckCapture() passes
 * ExtractOptions::capturePoint here.
 * \param threads rules judged at once (EvaluateRules); the report does not depend on it
 */
CheckReport CheckRecords(const RecordSet& records,
                         const std::vector<std::string>& ruleGlobs,
                         const std::vector<std::string>& capturePoint,
                         unsigned threads = 1);

/** \brief Count the verdicts of rep.results into rep.summary. */
void Summarize(CheckReport& rep);

/**
 * \brief Add the report of another part of the same capture, judged with the same rules
 * (ExtractOptions::memoryBudget): counts add up, each rule's verdict merges (consequences.h
 * MergeVerdict), the summary is counted again.
 */
void MergeReport(CheckReport& into, const CheckReport& part);

/** \brief Most threads EvaluateRules uses. */
constexpr unsigned kMaxRuleThreads = 8;

/**
 * \brief Judge `rules` on one capture's context, `threads` rules at a time (0 = one per core, at
 * most kMaxRuleThreads; 1 = on the calling thread). Results are in the order of `rules` and do
 * not depend on the number of threads: predicates are pure, each worker has its own context.
 */
std::vector<RuleResult> EvaluateRules(const std::vector<const Rule*>& rules,
                                      const RuleContext& ctx,
                                      unsigned threads);

} // namespace ns3

#endif
