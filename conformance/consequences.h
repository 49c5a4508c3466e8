/**
 * \file
 * \brief One fault, one verdict: failures that follow from an earlier fault on the same flow are
 * reported as consequences of it (shown, with a pointer to the cause, but not counted), the way a
 * compiler suppresses an error cascade.
 *
 * Which failures an earlier fault explains is DATA (GetConsequenceTable()): each row names the
 * rules it explains (globs on rule ids), the rules whose failures explain them (globs), and how far
 * the explanation reaches:
 *  - SAME_FRAME: only a failure on the very frame of the cause (e.g. a wrong header Version makes
 *    tshark misread the rest of that message);
 *  - FLOW: a failure on a later frame of the same flow (the same two addresses), as long as the
 *    flow has not resynchronised: the explanation ends at the first frame of the same sender and
 *    kind (L2TP control or data message with the same header Session ID / PPP protocol / ESP /
 *    IKE) between the cause and the failure on which the explained rule did NOT fail.
 *
 * Failures are visited in frame order, then catalog order; a failure is explained only by one
 * visited before it (a root or a consequence; a consequence points to the root of its chain), so
 * the relation has no cycles. A rule whose every failing frame is a consequence gets the verdict
 * CONSEQUENCE (not counted as failed); a rule with at least one root keeps FAIL with only its root
 * frames in failingFrames.
 */
#ifndef L2TPLAB_CONFORMANCE_CONSEQUENCES_H
#define L2TPLAB_CONFORMANCE_CONSEQUENCES_H

#include "conformance/check.h"
#include "conformance/records.h"

#include <vector>

namespace ns3
{

/** \brief How far a cause explains later failures. */
enum class ConsequenceReach
{
    SAME_FRAME, //!< the cause's own frame only
    FLOW,       //!< later frames of the same flow, until it resynchronises
};

/** \brief One row: failures of `explained` rules are consequences of earlier `causes` failures. */
struct ConsequenceRow
{
    std::vector<const char*> explained; //!< globs on rule ids whose failures are explained
    std::vector<const char*> causes;    //!< globs on rule ids whose failures explain them
    ConsequenceReach reach;             //!< how far
    const char* why;                    //!< one line: why the first fault explains the others
};

/** \brief The table (L2TP, PPP, IPsec rows). */
const std::vector<ConsequenceRow>& GetConsequenceTable();

/**
 * \brief Move every failure explained by an earlier one (GetConsequenceTable()) out of
 * failingFrames into RuleVerdict::consequences, set CONSEQUENCE on rules left with no root frame,
 * and say so in the details. results must be in catalog order.
 */
void AttributeConsequences(std::vector<RuleResult>& results, const RecordSet& records);

/** \brief The detail text of a verdict from its parts: as judged (ComposeJudgedDetail), then its
 * consequences ("frame 9: consequence of RULE at frame 7 (not counted)"). */
std::string ComposeDetail(const RuleVerdict& v);

/**
 * \brief Add the verdict of the same rule on another part of the same capture (engine.h, judging
 * in parts): counts add up; failing frames, consequences and detail lines merge; the verdict is
 * recomputed and the detail composed again. The parts of a capture merge into the verdict of the
 * whole capture, because no rule relates records of two parts (every rule and every consequence
 * stays within one pair of addresses).
 */
void MergeVerdict(RuleVerdict& into, const RuleVerdict& part);

} // namespace ns3

#endif
