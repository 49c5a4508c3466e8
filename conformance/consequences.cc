#include "conformance/consequences.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace ns3
{

namespace
{

/** Faults after which tshark (and so every later rule) reads an L2TP message differently. */
#define L2TP_PARSE_FAULTS                                                                \
    "RFC2661-3.1-control-header-bits", "RFC2661-3.1-version", "RFC2661-3.1-well-formed", \
        "RFC2661-3.1-length-field", "RFC2661-4.1-avp-length", "RFC2661-4.4.1-message-type-first"

/** Rules that follow a control connection's state over several messages. */
#define L2TP_STATE_RULES                                                          \
    "RFC2661-5.8-*", "RFC2661-6.5-hello-acked", "RFC2661-4.4.3-header-tunnel-id", \
        "RFC2661-4.4.4-header-session-id", "RFC2661-4.4.3-stopccn-tunnel-id",     \
        "RFC2661-4.4.3-challenge-response", "RFC2661-7.4-*"

/** Faults in a PPP packet's own format (Length, option lengths). */
#define PPP_FORMAT_FAULTS                                                                          \
    "RFC1661-5-length-consistent", "RFC1661-6-option-lengths", "RFC1661-6.4-magic-nonzero",        \
        "RFC1332-3.3-ip-address-length", "RFC1332-3.2-ip-compression-length",                      \
        "RFC3518-5-option-lengths", "RFC1990-5.1.1-mrru-length", "RFC1990-5.1.2-short-seq-length", \
        "RFC1334-2.2-*-length"

/** Every PPP-family rule. */
#define PPP_RULES \
    "RFC1661-*", "RFC1994-*", "RFC2759-*", "RFC1332-*", "RFC3518-*", "RFC1990-*", "RFC1334-*"

const std::vector<ConsequenceRow> kTable = {
    // RFC 2661
    {{"RFC2661-*"},
     {L2TP_PARSE_FAULTS},
     ConsequenceReach::SAME_FRAME,
     "a header or AVP framing fault makes the rest of the message unreadable as sent"},
    {{L2TP_STATE_RULES},
     {L2TP_PARSE_FAULTS},
     ConsequenceReach::FLOW,
     "a misread message (e.g. taken for a ZLB, or not L2TPv2 at all) shifts the Ns/Nr, ID and "
     "session state the later rules follow"},
    {{"RFC2661-5.8-nr-valid", "RFC2661-5.8-zlb-ns", "RFC2661-5.8-control-acked",
      "RFC2661-6.5-hello-acked", "RFC2661-5.8-retransmit-backoff",
      "RFC2661-5.8-initial-retransmit-timeout"},
     {"RFC2661-5.8-ns-increments"},
     ConsequenceReach::FLOW,
     "a wrong Ns makes the peer's acknowledgements and the retransmission grouping look wrong"},
    {{"RFC2661-5.8-control-acked", "RFC2661-6.5-hello-acked"},
     {"RFC2661-5.8-nr-valid", "RFC2661-5.8-zlb-ns"},
     ConsequenceReach::FLOW,
     "acknowledgement is judged from the Nr values"},
    {{"RFC2661-7.4-*", "RFC2661-5.8-control-acked", "RFC2661-6.5-hello-acked"},
     {"RFC2661-4.4.4-header-session-id", "RFC2661-4.4.3-header-tunnel-id",
      "RFC2661-4.4.3-sccrq-tunnel-id-zero", "RFC2661-5.3-assigned-ids-nonzero"},
     ConsequenceReach::FLOW,
     "a message with a wrong Tunnel or Session ID belongs to no tunnel or call (e.g. an ICCN that "
     "establishes no session, so the peer's data looks early)"},
    {{"RFC2661-4.4.4-header-session-id", "RFC2661-4.4.3-header-tunnel-id", "RFC2661-7.4-*"},
     {"RFC2661-6.*-required-avps", "RFC2661-5.3-assigned-ids-nonzero"},
     ConsequenceReach::FLOW,
     "an Assigned Tunnel/Session ID missing (or 0) leaves the IDs used later unassigned"},
    {{PPP_RULES},
     {L2TP_PARSE_FAULTS},
     ConsequenceReach::SAME_FRAME,
     "a PPP packet inside a misframed L2TP data message is misread with it"},
    // PPP family
    {{PPP_RULES},
     {PPP_FORMAT_FAULTS},
     ConsequenceReach::SAME_FRAME,
     "a malformed packet or option makes the rest of that packet unreadable as sent"},
    {{PPP_RULES},
     {"RFC1661-5-length-consistent", "RFC1661-6-option-lengths"},
     ConsequenceReach::FLOW,
     "a malformed Configure-Request changes what the peer can acknowledge"},
    {{"RFC1661-5.2-configure-ack-options", "RFC1661-5.4-configure-reject-options",
      "RFC1661-6.4-magic-loop", "RFC1661-5.8-echo-magic", "RFC1332-3.3-nak-address-nonzero",
      "RFC1994-4.1-md5-value-size", "RFC2759-4-response-value-size"},
     {"RFC1661-5.2-configure-ack-id", "RFC1661-5.3-configure-nak-id",
      "RFC1661-5.4-configure-reject-id", "RFC1661-5.1-identifier-*"},
     ConsequenceReach::FLOW,
     "a reply with the wrong Identifier is matched to the wrong request"},
    {{"RFC2759-4-response-reserved-zero", "RFC2759-4-response-flags-zero", "RFC2759-5-*"},
     {"RFC2759-4-response-value-size"},
     ConsequenceReach::SAME_FRAME,
     "a Response of the wrong size has no Reserved/Flags octets where RFC 2759 puts them"},
    {{"RFC1994-4.2-success-failure-id", "RFC1334-2.2-*-id"},
     {"RFC1994-4.1-response-id", "RFC1334-2.2-*-length"},
     ConsequenceReach::FLOW,
     "an authentication reply is matched to the request its Identifier names"},
    // IPsec family
    {{"RFC2409-*", "RFC3947-*", "RFC4303-*", "RFC3948-2.1-ports-match-ike"},
     {"RFC3948-2.2-non-esp-marker"},
     ConsequenceReach::FLOW,
     "an IKE message without the non-ESP marker is read as ESP (and ESP with a zero SPI as IKE)"},
    {{"RFC3947-*", "RFC2409-5-encryption-flag", "RFC2409-5.5-*"},
     {"RFC2409-5-main-mode-sequence"},
     ConsequenceReach::FLOW,
     "a main-mode message out of sequence shifts the message numbers the other IKE rules use"},
    {{"RFC4303-2.1-spi-from-negotiated-sa", "RFC4303-2.1-spi-not-reserved", "RFC3948-2.2-*"},
     {"RFC4303-2.1-spi-nonzero"},
     ConsequenceReach::SAME_FRAME,
     "an SPI of 0 is no SA at all"},
};

#undef L2TP_PARSE_FAULTS
#undef L2TP_STATE_RULES
#undef PPP_FORMAT_FAULTS
#undef PPP_RULES

/** Where a frame belongs: its flow (unordered address pair), sender and kinds. */
struct FrameInfo
{
    std::string flow;   //!< "a|b", a < b
    std::string sender; //!< source address
    std::string l2tp;   //!< "ctl:<Session ID>" / "data:<Session ID>" / ""
    std::string ppp;    //!< PPP protocol as text / ""
    std::string ipsec;  //!< "esp" / "ike" / "natt" / ""
};

std::string
FlowKey(const std::string& a, const std::string& b)
{
    return a < b ? a + "|" + b : b + "|" + a;
}

std::map<uint32_t, FrameInfo>
IndexFrames(const RecordSet& rs)
{
    std::map<uint32_t, FrameInfo> m;
    auto base = [&m](uint32_t frame, const std::string& src, const std::string& dst) -> FrameInfo&
    {
        FrameInfo& fi = m[frame];
        if (fi.flow.empty() && !src.empty())
        {
            fi.flow = FlowKey(src, dst);
            fi.sender = src;
        }
        return fi;
    };
    for (const auto& r : rs.records)
    {
        // Messages of one call (header Session ID) are judged together by the session rules.
        base(r.frame, r.srcIp, r.dstIp).l2tp =
            (r.isControl ? "ctl:" : "data:") + std::to_string(r.sessionId);
    }
    for (const auto& r : rs.ppp)
    {
        base(r.frame, r.srcIp, r.dstIp).ppp = std::to_string(r.protocol);
    }
    for (const auto& r : rs.esp)
    {
        base(r.frame, r.srcIp, r.dstIp).ipsec = "esp";
    }
    for (const auto& r : rs.ike)
    {
        base(r.frame, r.srcIp, r.dstIp).ipsec = "ike";
    }
    for (const auto& r : rs.natt)
    {
        FrameInfo& fi = base(r.frame, r.srcIp, r.dstIp);
        if (fi.ipsec.empty())
        {
            fi.ipsec = "natt";
        }
    }
    return m;
}

bool
MatchesAny(const std::vector<const char*>& globs, const std::string& id)
{
    return std::any_of(globs.begin(), globs.end(),
                       [&id](const char* g)
                       {
                           return RuleGlobMatch(g, id);
                       });
}

/** Which record kind a rule's failures are compared by when looking for resynchronisation. */
enum class Family
{
    L2TP,
    PPP,
    IPSEC
};

Family
FamilyOf(const std::string& ruleId)
{
    if (ruleId.rfind("RFC2661-", 0) == 0)
    {
        return Family::L2TP;
    }
    const auto& ppp = GetPppRules();
    bool isPpp = std::any_of(ppp.begin(), ppp.end(),
                             [&ruleId](const Rule& r)
                             {
                                 return ruleId == r.id;
                             });
    return isPpp ? Family::PPP : Family::IPSEC;
}

const std::string&
KindFor(Family f, const FrameInfo& fi)
{
    return f == Family::L2TP ? fi.l2tp : (f == Family::PPP ? fi.ppp : fi.ipsec);
}

/** One failure: rule index in results, frame. */
struct Failure
{
    size_t rule;
    uint32_t frame;
    bool consequence{false};
    size_t rootRule{0};
    uint32_t rootFrame{0};
};

/**
 * Has the flow resynchronised between the cause (frame `from`) and the failure (rule, frame `to`):
 * a frame of the same flow, sender and kind strictly between them on which the rule did not fail?
 */
bool
Resynchronised(const std::map<uint32_t, FrameInfo>& frames,
               const std::string& ruleId,
               const std::set<uint32_t>& ruleFails,
               uint32_t from,
               uint32_t to)
{
    auto at = frames.find(to);
    if (at == frames.end())
    {
        return true;
    }
    const Family fam = FamilyOf(ruleId);
    const std::string& kind = KindFor(fam, at->second);
    for (auto it = frames.upper_bound(from); it != frames.end() && it->first < to; ++it)
    {
        const FrameInfo& fi = it->second;
        if (fi.flow == at->second.flow && fi.sender == at->second.sender &&
            KindFor(fam, fi) == kind && !ruleFails.count(it->first))
        {
            return true;
        }
    }
    return false;
}

/** Reach of the explanation of rule j's failures by rule i's, from the table (bit 1: same frame,
 * bit 2: flow); computed once per capture for the rules that failed. */
using ReachMatrix = std::vector<std::vector<uint8_t>>;

ReachMatrix
BuildReach(const std::vector<RuleResult>& results)
{
    ReachMatrix m(results.size(), std::vector<uint8_t>(results.size(), 0));
    for (size_t i = 0; i < results.size(); ++i)
    {
        for (size_t j = 0; j < results.size(); ++j)
        {
            if (i == j || results[i].verdict.verdict != Verdict::FAIL ||
                results[j].verdict.verdict != Verdict::FAIL)
            {
                continue;
            }
            for (const auto& row : kTable)
            {
                if (MatchesAny(row.causes, results[i].id) &&
                    MatchesAny(row.explained, results[j].id))
                {
                    m[i][j] |= row.reach == ConsequenceReach::FLOW ? 3 : 1;
                }
            }
        }
    }
    return m;
}

/** Does failure `cause` (visited earlier) explain failure `f`? */
bool
Explains(const std::vector<RuleResult>& results,
         const ReachMatrix& reach,
         const std::map<uint32_t, FrameInfo>& frames,
         const std::vector<std::set<uint32_t>>& fails,
         const Failure& cause,
         const Failure& f)
{
    uint8_t r = reach[cause.rule][f.rule];
    if (r == 0)
    {
        return false;
    }
    if (cause.frame == f.frame)
    {
        return true;
    }
    if ((r & 2) == 0)
    {
        return false;
    }
    auto cf = frames.find(cause.frame);
    auto ff = frames.find(f.frame);
    bool sameFlow = cf != frames.end() && ff != frames.end() && !cf->second.flow.empty() &&
                    cf->second.flow == ff->second.flow;
    return sameFlow &&
           !Resynchronised(frames, results[f.rule].id, fails[f.rule], cause.frame, f.frame);
}

std::string
FrameText(const std::vector<uint32_t>& frames)
{
    std::string s;
    for (size_t i = 0; i < frames.size(); ++i)
    {
        s += (i ? ", " : "") + std::to_string(frames[i]);
    }
    return s;
}

/** "frames 7, 9: consequence of RULE at frame 6" lines, one per cause. */
std::string
ConsequenceText(const std::vector<RuleConsequence>& cs)
{
    std::map<std::pair<std::string, uint32_t>, std::vector<uint32_t>> byCause;
    for (const auto& c : cs)
    {
        byCause[{c.causeRule, c.causeFrame}].push_back(c.frame);
    }
    std::string s;
    for (const auto& [cause, fr] : byCause)
    {
        s += (s.empty() ? "" : "; ") + std::string(fr.size() > 1 ? "frames " : "frame ") +
             FrameText(fr) + ": consequence of " + cause.first + " at frame " +
             std::to_string(cause.second) + " (not counted)";
    }
    return s;
}

} // namespace

const std::vector<ConsequenceRow>&
GetConsequenceTable()
{
    return kTable;
}

void
AttributeConsequences(std::vector<RuleResult>& results, const RecordSet& records)
{
    std::vector<Failure> all;
    std::vector<std::set<uint32_t>> fails(results.size());
    for (size_t i = 0; i < results.size(); ++i)
    {
        if (results[i].verdict.verdict != Verdict::FAIL)
        {
            continue;
        }
        for (uint32_t fr : results[i].verdict.failingFrames)
        {
            all.push_back(Failure{i, fr});
            fails[i].insert(fr);
        }
    }
    if (all.size() < 2)
    {
        return;
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Failure& a, const Failure& b)
                     {
                         return a.frame != b.frame ? a.frame < b.frame : a.rule < b.rule;
                     });
    std::map<uint32_t, FrameInfo> frames = IndexFrames(records);
    ReachMatrix reach = BuildReach(results);
    for (size_t k = 0; k < all.size(); ++k)
    {
        for (size_t c = 0; c < k; ++c)
        {
            if (Explains(results, reach, frames, fails, all[c], all[k]))
            {
                all[k].consequence = true;
                all[k].rootRule = all[c].consequence ? all[c].rootRule : all[c].rule;
                all[k].rootFrame = all[c].consequence ? all[c].rootFrame : all[c].frame;
                break;
            }
        }
    }
    for (const Failure& f : all)
    {
        if (!f.consequence)
        {
            continue;
        }
        RuleVerdict& v = results[f.rule].verdict;
        v.failingFrames.erase(std::remove(v.failingFrames.begin(), v.failingFrames.end(), f.frame),
                              v.failingFrames.end());
        v.consequences.push_back(RuleConsequence{f.frame, results[f.rootRule].id, f.rootFrame});
    }
    for (auto& r : results)
    {
        RuleVerdict& v = r.verdict;
        if (v.consequences.empty())
        {
            continue;
        }
        if (v.failingFrames.empty())
        {
            v.verdict = Verdict::CONSEQUENCE;
        }
        v.detail = ComposeDetail(v);
    }
}

std::string
ComposeDetail(const RuleVerdict& v)
{
    std::string d = ComposeJudgedDetail(v);
    if (v.consequences.empty())
    {
        return d;
    }
    const std::string text = ConsequenceText(v.consequences);
    if (v.failingFrames.empty())
    {
        return text + (d.empty() ? "" : " | as judged: " + d);
    }
    return d + (d.empty() ? "" : "; ") + "not counted: " + text;
}

void
MergeVerdict(RuleVerdict& into, const RuleVerdict& part)
{
    into.checked += part.checked;
    std::vector<uint32_t> frames;
    std::set_union(into.failingFrames.begin(), into.failingFrames.end(), part.failingFrames.begin(),
                   part.failingFrames.end(), std::back_inserter(frames));
    into.failingFrames = std::move(frames);
    into.consequences.insert(into.consequences.end(), part.consequences.begin(),
                             part.consequences.end());
    std::stable_sort(into.consequences.begin(), into.consequences.end(),
                     [](const RuleConsequence& a, const RuleConsequence& b)
                     {
                         return a.frame < b.frame;
                     });
    into.failures.Merge(part.failures);
    into.notes.Merge(part.notes);
    into.reliesOnCapturePoint = into.reliesOnCapturePoint || part.reliesOnCapturePoint;
    if (!into.failingFrames.empty())
    {
        into.verdict = Verdict::FAIL;
    }
    else if (!into.consequences.empty())
    {
        into.verdict = Verdict::CONSEQUENCE;
    }
    else
    {
        into.verdict = into.checked ? Verdict::PASS : Verdict::NOT_APPLICABLE;
    }
    into.detail = ComposeDetail(into);
}

} // namespace ns3
