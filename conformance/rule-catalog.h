/**
 * \file
 * \brief RFC requirements as DATA: each rule is {id, RFC, section, requirement text, level, scope,
 * predicate}; a predicate looks at the records of one capture (and the tunnels/sessions built from
 * them) and returns a verdict with the failing frame numbers.
 *
 * Requirement texts are paraphrases of the RFC sentences (quote marks are not used on purpose). The
 * AVP table (M-bit rule, never-hidden) and the message table (§6 required AVPs) are the model's
 * (model/l2tp/l2tp-avp-table.h, l2tp-message-spec.h): one source of RFC facts for codec and checks.
 *
 * The catalog is one table per RFC family: RFC 2661 (rule-catalog.cc), the PPP family RFC 1661 /
 * 1994 / 2759 / 1332 / 3518 / 1990 (rules-ppp.cc) and the IPsec family RFC 4303 / 3948 / 3947 /
 * 2409 (rules-ipsec.cc); GetRuleCatalog() is their concatenation, in that order
 * (GetRuleFamilies()).
 *
 * Rule ids: `RFC<number>-<section>-<slug>`. Selection globs match ids case-insensitively with `*`
 * and `?`; a '/' in a glob matches '-' so the scenario spelling `rfc2661/` followed by a star
 * works.
 */
#ifndef L2TPLAB_CONFORMANCE_RULE_CATALOG_H
#define L2TPLAB_CONFORMANCE_RULE_CATALOG_H

#include "conformance/l2tp-flows.h"
#include "conformance/records.h"
#include "model/l2tp/l2tp-avp-table.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/** \brief RFC 2119 level of the requirement. */
enum class RuleLevel
{
    MUST,
    MUST_NOT,
    SHOULD,
};

/** \brief What a rule looks at. */
enum class RuleScope
{
    PACKET,  //!< one message at a time
    FLOW,    //!< one direction of a control connection (Ns/Nr, retransmissions)
    TUNNEL,  //!< both directions of a control connection
    SESSION, //!< one call within a tunnel
    LINK,    //!< both directions of one PPP link (an L2TP session, or an address pair)
    SA,      //!< one IKE SA (cookie pair) or one ESP SA (SPI and direction)
};

/** \brief Outcome of a rule on one capture. */
enum class Verdict
{
    PASS,
    FAIL,
    NOT_APPLICABLE, //!< nothing in the capture the rule could judge
    CONSEQUENCE,    //!< failed only where an earlier fault explains it (conformance/consequences.h)
};

std::string ToString(RuleLevel l);
std::string ToString(RuleScope s);
std::string ToString(Verdict v);

/** \brief A failure explained by an earlier fault (conformance/consequences.h): shown, not counted.
 */
struct RuleConsequence
{
    uint32_t frame{0};      //!< the frame this rule failed on
    std::string causeRule;  //!< id of the root fault's rule
    uint32_t causeFrame{0}; //!< the root fault's frame
};

/**
 * \brief A bounded list of detail lines: the kMaxDetailLines lines with the lowest (frame, text),
 * in that order, and how many others there were. Which lines are kept does not depend on the order
 * they were added in, so the lines of a capture judged in parts (engine.h, memory budget) merge
 * into exactly the lines of the capture judged whole.
 */
struct DetailLines
{
    static constexpr size_t kMaxDetailLines = 12; //!< lines kept per list

    std::vector<std::pair<uint32_t, std::string>> kept; //!< (frame, line), sorted
    uint64_t dropped{0};                                //!< lines not kept

    /** \brief Keep the line if it is among the lowest so far, else count it. */
    void Add(uint32_t frame, std::string line);
    /** \brief Merge another list (as if its lines had been added here). */
    void Merge(const DetailLines& o);
};

/** \brief What a predicate returns. */
struct RuleVerdict
{
    Verdict verdict{Verdict::NOT_APPLICABLE};
    std::vector<uint32_t> failingFrames; //!< sorted, unique
    /** \brief For people: the failure lines, "... and N more", the not-judged lines, the
     * capture-point caveat and the consequences, joined by "; " (ComposeDetail of the parts below).
     */
    std::string detail;
    uint32_t checked{0}; //!< how many items the rule judged
    /** \brief Failures explained by an earlier fault (not in failingFrames), frame order. */
    std::vector<RuleConsequence> consequences;
    DetailLines failures;             //!< "frame N: why" lines of the failures
    DetailLines notes;                //!< items the rule could not judge soundly, and why
    bool reliesOnCapturePoint{false}; //!< a failure rests on --at (kCapturePointCaveat)
};

/** \brief The detail text of a verdict as judged (failure lines, notes, caveat), before
 * consequences (consequences.h ComposeDetail adds them). */
std::string ComposeJudgedDetail(const RuleVerdict& v);

/** \brief Shared empty record sets: the default of the RuleContext members added after L2TP. */
const std::vector<PppRecord>& NoPppRecords();
/** \brief Empty ESP record set. */
const std::vector<EspRecord>& NoEspRecords();
/** \brief Empty IKE record set. */
const std::vector<IkeRecord>& NoIkeRecords();
/** \brief Empty NAT-T record set. */
const std::vector<NattRecord>& NoNattRecords();

/**
 * \brief Everything a predicate may look at. `RuleContext{records, flows}` still works (the PPP and
 * IPsec sets are then empty and their rules NOT_APPLICABLE).
 */
struct RuleContext
{
    const std::vector<L2tpRecord>& records;                //!< in frame order
    const FlowIndex& flows;                                //!< tunnels and sessions
    const std::vector<PppRecord>& ppp = NoPppRecords();    //!< PPP packets, frame order
    const std::vector<EspRecord>& esp = NoEspRecords();    //!< ESP packets, frame order
    const std::vector<IkeRecord>& ike = NoIkeRecords();    //!< ISAKMP messages, frame order
    const std::vector<NattRecord>& natt = NoNattRecords(); //!< port-4500 datagrams, frame order
    TimeNs captureEnd{0}; //!< time of the last record of any kind (0: use flows.captureEnd)
    /**
     * \brief Addresses of the host the capture was taken on (ExtractOptions::capturePoint), in
     * canonical text form (NormalizeAddress); empty = unknown. Rules whose verdict depends on what
     * a receiver got (acknowledgement, answer rules) judge a message only when it provably arrived:
     * its destination is the capture point, or the receiver's later traffic proves it.
     */
    std::vector<std::string> capturePoint{};

    /**
     * \brief True if ip (any text form) is one of the capture point's addresses. A true answer
     * is remembered (capturePointRelied): the verdict then rests on the assumption that a message
     * seen at the capture point reached that host.
     */
    bool AtCapturePoint(const std::string& ip) const;
    /** \brief Set by AtCapturePoint when it answered true; CheckRecords resets it per rule. */
    mutable bool capturePointRelied{false};
    /**
     * \brief Per-capture derived data a family of rules shares, built by the first rule that needs
     * it and reused by the others (the PPP rules' link view, rules-ppp.cc): built once per
     * capture instead of once per rule. Opaque here; owned by the context.
     */
    mutable std::shared_ptr<void> pppView{};
};

/**
 * \brief Appended to the detail of a failing verdict that relied on the capture point (--at):
 * tcpdump sees a frame before the host's firewall does.
 */
extern const char* const kCapturePointCaveat;

/**
 * \brief Canonical text of an IPv4/IPv6 address ("2001:DB8:0::1" -> "2001:db8::1"), or "" if the
 * text is not an address. Capture-point addresses and record addresses are compared in this form.
 */
std::string NormalizeAddress(const std::string& ip);

struct Rule;
/** \brief A predicate: pure function of the capture (and of the rule's parameter). */
using RulePredicate = RuleVerdict (*)(const RuleContext&, const Rule&);

/** \brief One requirement. */
struct Rule
{
    const char* id;          //!< "RFC2661-5.8-ns-increments"
    const char* rfc;         //!< "RFC 2661"
    const char* section;     //!< "5.8"
    const char* requirement; //!< paraphrase of the MUST sentence
    RuleLevel level;         //!< MUST / MUST_NOT / SHOULD
    RuleScope scope;         //!< what it looks at
    RulePredicate predicate; //!< the check
    uint16_t param;          //!< predicate parameter (e.g. message type for §6 rules), else 0
};

/** \brief Every rule, in catalog order (ids unique). */
const std::vector<Rule>& GetRuleCatalog();

/** \brief One table of the catalog. */
struct RuleFamily
{
    const char* name;               //!< "RFC 2661", "PPP", "IPsec"
    const std::vector<Rule>* rules; //!< the table
};

/** \brief The tables GetRuleCatalog() concatenates, in order. */
const std::vector<RuleFamily>& GetRuleFamilies();
/** \brief RFC 2661 rules (rule-catalog.cc). */
const std::vector<Rule>& GetL2tpRules();
/** \brief RFC 1661, 1994, 2759, 1332, 3518, 1990 rules (rules-ppp.cc). */
const std::vector<Rule>& GetPppRules();
/** \brief RFC 4303, 3948, 3947, 2409 rules (rules-ipsec.cc). */
const std::vector<Rule>& GetIpsecRules();

/**
 * \brief Make the slots of the views that several of `rules` share (RuleContext::pppView) now, so
 * that rules judged on copies of `c` at the same time share them (EvaluateRules with threads): the
 * first rule that needs a view builds it once, the others wait for it.
 */
void PrepareSharedViews(const std::vector<const Rule*>& rules, const RuleContext& c);

/** \brief True for a rule that reads a view PrepareSharedViews makes (the PPP rules). */
bool UsesSharedView(const Rule& rule);

/**
 * \brief Accumulates what a predicate judged: items checked, failing frames, bounded detail lines
 * ("frame N: why", or "frame N (TYPE src -> dst): why" for an L2TP record), then the items it
 * could not judge soundly ("not judged: ..."). The one judge of every rule table.
 */
class RuleJudge
{
public:
    /** \brief Count n judged items. */
    void
    Check(uint32_t n = 1)
    {
        m_checked += n;
    }
    /** \brief Record a failure at a frame with a reason ("frame N: why" in the detail). */
    void Fail(uint32_t frame, const std::string& why);
    /** \brief Record a failure of an L2TP message ("frame N (SCCRQ a -> b): why"). */
    void Fail(const L2tpRecord& r, const std::string& why);
    /** \brief Something about an L2TP message the rule could not judge soundly, and why. */
    void Note(const L2tpRecord& r, const std::string& why);
    /** \brief The verdict: FAIL if any failure, PASS if anything judged, else NOT_APPLICABLE;
     * detail = the failure lines (lowest frames first), then the notes. */
    RuleVerdict Done() const;

private:
    uint32_t m_checked{0};          //!< items judged
    std::vector<uint32_t> m_frames; //!< failing frames (unsorted, may repeat)
    DetailLines m_details;          //!< failure lines
    DetailLines m_notes;            //!< not-judged lines
};

/** \brief Case-insensitive glob ('*', '?'; '/' matches '-') against a rule id. */
bool RuleGlobMatch(const std::string& glob, const std::string& id);

/**
 * \brief Rules whose id matches any glob (empty list or "*" = all), in catalog order.
 * \param unmatched globs that matched no rule (reported as input errors by callers)
 */
std::vector<const Rule*> SelectRules(const std::vector<std::string>& globs,
                                     std::vector<std::string>* unmatched = nullptr);

/**
 * \brief One row of the RFC 2661 §4.4 AVP table. The conformance engine keeps no copy of its own:
 * the rows are the model's (model/l2tp/l2tp-avp-table.h, kL2tpAvpTable), so the M-bit rule, the
 * H-bit rule (never-hidden column) and the names in reports read the same facts as the codec.
 */
using AvpSpec = L2tpAvpInfo;

/**
 * \brief One row of the RFC 2661 §6 message table as the checks need it: a view of the model's
 * kL2tpMessageSpecs row (model/l2tp/l2tp-message-spec.h), built from it, not declared again.
 */
struct MessageSpec
{
    uint16_t type;                  //!< Message Type
    std::string name;               //!< short name ("SCCRQ", "StopCCN", ...)
    const char* section;            //!< §6.x
    std::vector<uint16_t> required; //!< Attribute Types that MUST be present (attribute-type order)
};

/** \brief Row of an IETF Attribute Type in the model's AVP table, or nullptr (unknown/reserved). */
const AvpSpec* FindAvpSpec(uint16_t type);
/** \brief The §6 message table (derived from kL2tpMessageSpecs, §6 order). */
const std::vector<MessageSpec>& GetMessageSpecs();
/** \brief Row for a Message Type, or nullptr. */
const MessageSpec* FindMessageSpec(uint16_t type);

/** \brief Run one rule on a capture. */
RuleVerdict EvaluateRule(const Rule& rule, const RuleContext& ctx);

} // namespace ns3

#endif
