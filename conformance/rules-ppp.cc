/**
 * \file
 * \brief PPP family rules as data: RFC 1661 (LCP and the shared option-negotiation packet format),
 * RFC 1994 (CHAP), RFC 2759 (MS-CHAPv2), RFC 1332 (IPCP), RFC 5072 (IPV6CP), RFC 3518 (BCP),
 * RFC 1990 (MP).
 *
 * A PPP "link" is one L2TP session when the packets ride in L2TP data messages (both directions are
 * tied together by the session index of l2tp-flows.h, whatever the header IDs), else the unordered
 * pair of endpoints (address:port), else the whole capture (a PPP link-type capture). The direction
 * is the L2TP tunnel side, the endpoint order, or `ppp.direction` when the link type records it.
 */
#include "conformance/rule-catalog.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <unordered_map>

namespace ns3
{

namespace
{

constexpr TimeNs kAnswerGrace = 1 * kSec; //!< packets this close to the end need no answer yet

/** Indices of c.ppp, iterated in one direction (a link's records before or after one record). */
template <typename It>
struct IndexRange
{
    It b; //!< first
    It e; //!< past the last

    It
    begin() const
    {
        return b;
    }

    It
    end() const
    {
        return e;
    }
};

/**
 * Where each PPP record sits: its link and the direction it was sent in, plus every link's record
 * indices in capture order. Every pairing rule relates records of ONE link (Opposite, SameSender),
 * so its scans walk that link's records only: linear in the records of a link, not quadratic in
 * the capture (a busy LNS capture holds tens of thousands of links).
 */
struct PppView
{
    std::vector<int> link;   //!< per record: link id
    std::vector<int> dir;    //!< per record: 0/1, or -1 if unknown
    std::vector<size_t> pos; //!< per record: its position among its link's records
    /** Every link's record indices, ascending, one link after the other: link L's are
     * [memberStart[L], memberStart[L + 1]) (one array, not a vector per link: a capture of
     * session setups has a link per session). */
    std::vector<size_t> members;
    std::vector<size_t> memberStart;    //!< per link, plus the end
    std::vector<int> session;           //!< per link: its L2TP session (FlowIndex), or -1
    std::vector<std::string> endpoints; //!< per link: PppEndpointLink name, or ""
    /** Per PPP protocol: its records, ascending. Rules about one protocol walk these, not every
     * record of the capture (a capture of session setups holds millions of PPP packets). */
    std::map<uint16_t, std::vector<size_t>> byProtocol;

    /** Per Code below kCodes (Configure-Request ... Discard-Request, CCP's Reset-Ack = 15): the
     * negotiation records with a header carrying it (IsCode), ascending. */
    static constexpr size_t kCodes = 16;
    std::array<std::vector<size_t>, kCodes> byCode;

    /** The records IsCode(r, code) holds for, ascending. */
    const std::vector<size_t>&
    OfCode(uint8_t code) const
    {
        static const std::vector<size_t> kNone;
        return code < kCodes ? byCode[code] : kNone;
    }

    /** The first record of link l. */
    size_t
    FirstOf(int l) const
    {
        return members[memberStart[static_cast<size_t>(l)]];
    }

    /** The records of one protocol, ascending. */
    const std::vector<size_t>&
    OfProtocol(uint16_t protocol) const
    {
        static const std::vector<size_t> kNone;
        auto it = byProtocol.find(protocol);
        return it == byProtocol.end() ? kNone : it->second;
    }

    using Back = std::reverse_iterator<std::vector<size_t>::const_iterator>;
    using Fwd = std::vector<size_t>::const_iterator;

    /** Same-link records before i, the latest first. */
    IndexRange<Back>
    Before(size_t i) const
    {
        return {Back(Start(i) + static_cast<long>(pos[i])), Back(Start(i))};
    }

    /** Same-link records before i, the oldest first. */
    IndexRange<Fwd>
    Earlier(size_t i) const
    {
        return {Start(i), Start(i) + static_cast<long>(pos[i])};
    }

    /** Same-link records after i, the oldest first. */
    IndexRange<Fwd>
    After(size_t i) const
    {
        const size_t l = static_cast<size_t>(link[i]);
        return {Start(i) + static_cast<long>(pos[i]) + 1,
                members.begin() + static_cast<long>(memberStart[l + 1])};
    }

private:
    /** Where record i's link's records begin. */
    Fwd
    Start(size_t i) const
    {
        return members.begin() + static_cast<long>(memberStart[static_cast<size_t>(link[i])]);
    }
};

PppView
BuildView(const RuleContext& c)
{
    PppView v;
    std::unordered_map<int, int> bySession;
    std::unordered_map<std::string, int> byName;
    std::vector<size_t> count; // per link: its records
    auto id = [&v, &count](auto& map, const auto& key)
    {
        auto it = map.find(key);
        if (it == map.end())
        {
            it = map.emplace(key, static_cast<int>(count.size())).first;
            count.push_back(0);
            v.session.push_back(-1);
            v.endpoints.emplace_back();
        }
        return it->second;
    };
    v.link.reserve(c.ppp.size());
    v.dir.reserve(c.ppp.size());
    v.pos.reserve(c.ppp.size());
    for (size_t n = 0; n < c.ppp.size(); ++n)
    {
        const PppRecord& r = c.ppp[n];
        int link = -1;
        int dir = -1;
        int session = -1;
        if (r.inL2tp && r.l2tpIndex >= 0 &&
            static_cast<size_t>(r.l2tpIndex) < c.flows.sessionOf.size())
        {
            size_t i = static_cast<size_t>(r.l2tpIndex);
            session = c.flows.sessionOf[i];
            dir = c.flows.senderSide[i];
        }
        else if (r.inL2tp && r.l2tpSession >= 0 &&
                 static_cast<size_t>(r.l2tpSession) < c.flows.sessions.size())
        {
            session = r.l2tpSession; // its data message was counted in the session, not kept
            dir = r.l2tpSender;
        }
        if (session >= 0)
        {
            link = id(bySession, session);
            v.session[static_cast<size_t>(link)] = session;
        }
        else
        {
            dir = -1;
        }
        if (link < 0 && (!r.srcIp.empty() || !r.srcLink.empty()))
        {
            std::string name = PppEndpointLink(r, dir);
            link = id(byName, name);
            v.endpoints[static_cast<size_t>(link)] = name;
        }
        if (link < 0)
        {
            link = id(byName, std::string("link"));
            dir = r.pppDirection;
        }
        v.link.push_back(link);
        v.dir.push_back(dir);
        v.pos.push_back(count[static_cast<size_t>(link)]++);
        v.byProtocol[r.protocol].push_back(n);
        if (r.hasHeader && r.IsNegotiation() && r.code < PppView::kCodes)
        {
            v.byCode[r.code].push_back(n);
        }
    }
    v.memberStart.assign(count.size() + 1, 0);
    for (size_t l = 0; l < count.size(); ++l)
    {
        v.memberStart[l + 1] = v.memberStart[l] + count[l];
    }
    v.members.resize(c.ppp.size());
    for (size_t n = 0; n < c.ppp.size(); ++n)
    {
        v.members[v.memberStart[static_cast<size_t>(v.link[n])] + v.pos[n]] = n;
    }
    return v;
}

/** The view shared by the workers of EvaluateRules: built once, by the first rule that asks. */
struct SharedPppView
{
    std::once_flag built; //!< BuildView ran
    PppView view;         //!< its result
};

/** The capture's link view, built by the first PPP rule that asks (RuleContext::pppView). With
 * several workers the slot is made before they start (PrepareSharedViews) and the first worker
 * that needs the view builds it while the others go on with rules that do not. */
const PppView&
CachedView(const RuleContext& c)
{
    if (!c.pppView)
    {
        c.pppView = std::make_shared<SharedPppView>();
    }
    auto* shared = static_cast<SharedPppView*>(c.pppView.get());
    std::call_once(shared->built,
                   [&]
                   {
                       shared->view = BuildView(c);
                   });
    return shared->view;
}

} // namespace

bool
UsesSharedView(const Rule& rule)
{
    const std::vector<Rule>& ppp = GetPppRules();
    return &rule >= ppp.data() && &rule < ppp.data() + ppp.size();
}

void
PrepareSharedViews(const std::vector<const Rule*>& rules, const RuleContext& c)
{
    if (std::any_of(rules.begin(), rules.end(),
                    [](const Rule* r)
                    {
                        return UsesSharedView(*r);
                    }))
    {
        c.pppView = std::make_shared<SharedPppView>(); // built by the first rule that asks
    }
}

namespace
{

/** True if record j was sent by the peer of record i's sender (unknown directions match). */
bool
Opposite(const PppView& v, size_t i, size_t j)
{
    if (v.link[i] != v.link[j])
    {
        return false;
    }
    if (v.dir[i] < 0 || v.dir[j] < 0)
    {
        return true;
    }
    return v.dir[i] != v.dir[j];
}

/**
 * True if records i and j were provably sent by the same end of one link. Unknown directions (a
 * PPP interface capture without ppp.direction) prove nothing: both ends' packets would look like
 * one sender's, and a rule comparing a sender with itself (its own Magic-Number, its previous
 * Protocol-Reject) would compare it with its peer instead.
 */
bool
SameSender(const PppView& v, size_t i, size_t j)
{
    return v.link[i] == v.link[j] && v.dir[i] >= 0 && v.dir[i] == v.dir[j];
}

std::string
Where(const PppRecord& r)
{
    return r.Describe() + " " + r.Src() + " -> " + r.Dst();
}

std::string
Hex32(uint32_t x)
{
    char b[16];
    std::snprintf(b, sizeof(b), "0x%08x", x);
    return b;
}

bool
IsCode(const PppRecord& r, uint8_t code)
{
    return r.hasHeader && r.IsNegotiation() && r.code == code;
}

/** MatchingRequest: no request matches. */
constexpr int kNoRequest = -1;
/** MatchingRequest: requests of both ends match and differ; the capture does not say which. */
constexpr int kAmbiguousRequest = -2;

/**
 * The latest Configure-Request before record i, of the same protocol, sent by i's peer, with the
 * same Identifier; kNoRequest if none. Where the capture does not tell directions (a PPP interface
 * capture), both ends' requests are candidates: kAmbiguousRequest when candidates with that
 * Identifier differ (each end asked with the same Identifier, RouterOS and pppd both start at 1),
 * since the reply cannot then be paired with its request.
 */
int
MatchingRequest(const RuleContext& c, const PppView& v, size_t i)
{
    const PppRecord& r = c.ppp[i];
    int found = kNoRequest;
    for (size_t k : v.Before(i))
    {
        const PppRecord& q = c.ppp[k];
        if (q.protocol != r.protocol || !IsCode(q, pppcode::CONFIGURE_REQUEST) ||
            !Opposite(v, i, k) || q.identifier != r.identifier)
        {
            continue;
        }
        if (found == kNoRequest)
        {
            found = static_cast<int>(k);
            if (v.dir[i] >= 0 && v.dir[k] >= 0)
            {
                return found; // the peer's, provably
            }
        }
        else if (q.options != c.ppp[static_cast<size_t>(found)].options)
        {
            return kAmbiguousRequest;
        }
    }
    return found;
}

/** True if any Configure-Request of that protocol from i's peer precedes i. */
bool
AnyRequestBefore(const RuleContext& c, const PppView& v, size_t i)
{
    for (size_t k : v.Earlier(i))
    {
        if (c.ppp[k].protocol == c.ppp[i].protocol &&
            IsCode(c.ppp[k], pppcode::CONFIGURE_REQUEST) && Opposite(v, i, k))
        {
            return true;
        }
    }
    return false;
}

std::string
OptionsText(const std::vector<PppOption>& o)
{
    std::string s;
    for (const auto& x : o)
    {
        s += (s.empty() ? "" : ",") + std::to_string(x.type) + "/" + std::to_string(x.length);
    }
    return "[" + s + "]";
}

std::string
HexBytes(const std::vector<uint8_t>& v)
{
    static const char* kHex = "0123456789abcdef";
    std::string s;
    for (uint8_t b : v)
    {
        s += kHex[b >> 4];
        s += kHex[b & 15];
    }
    return s.empty() ? "(none)" : s;
}

/** One option as "type T length L value V". */
std::string
OptionText(const PppOption& o)
{
    return "type " + std::to_string(o.type) + " length " + std::to_string(o.length) + " value " +
           HexBytes(o.value);
}

/**
 * What differs between a Configure-Ack's options and its request's (§5.2): the first option that
 * differs, one missing or added, or the same options reordered.
 */
std::string
OptionsDiff(const std::vector<PppOption>& ack, const std::vector<PppOption>& req)
{
    if (ack.size() == req.size() && std::is_permutation(ack.begin(), ack.end(), req.begin()))
    {
        return "the same options reordered: " + OptionsText(ack) + " instead of the request's " +
               OptionsText(req);
    }
    for (size_t i = 0; i < std::max(ack.size(), req.size()); ++i)
    {
        const std::string pos = "option #" + std::to_string(i + 1);
        if (i >= ack.size())
        {
            return pos + " of the request (" + OptionText(req[i]) + ") is missing from the Ack";
        }
        if (i >= req.size())
        {
            return pos + " (" + OptionText(ack[i]) + ") is not in the request";
        }
        if (!(ack[i] == req[i]))
        {
            return pos + ": the Ack has " + OptionText(ack[i]) + ", the request " +
                   OptionText(req[i]);
        }
    }
    return "the options are equal but the packet Lengths differ";
}

// ---------------------------------------------------------------------------------------------
// RFC 1661

/** §5.2/5.3/5.4: a Configure-Ack/Nak/Reject copies the Identifier of a request from the peer. */
RuleVerdict
ReplyIdentifier(const RuleContext& c, const Rule& rule)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : v.OfCode(static_cast<uint8_t>(rule.param)))
    {
        const PppRecord& r = c.ppp[i];
        if (!IsCode(r, static_cast<uint8_t>(rule.param)) || !AnyRequestBefore(c, v, i))
        {
            continue; // a reply to a request outside the capture cannot be judged
        }
        j.Check();
        if (MatchingRequest(c, v, i) == kNoRequest)
        {
            j.Fail(r.frame, Where(r) + ": Identifier " + std::to_string(r.identifier) +
                                " matches no " + PppProtocolLabel(r.protocol) +
                                " Configure-Request received from the peer");
        }
    }
    return j.Done();
}

/** §5.2: the acknowledged options are exactly the request's, same order, unmodified. */
RuleVerdict
AckOptions(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : v.OfCode(pppcode::CONFIGURE_ACK))
    {
        const PppRecord& r = c.ppp[i];
        if (!IsCode(r, pppcode::CONFIGURE_ACK))
        {
            continue;
        }
        int k = MatchingRequest(c, v, i);
        if (k < 0)
        {
            continue;
        }
        j.Check();
        const PppRecord& q = c.ppp[static_cast<size_t>(k)];
        if (r.options != q.options || r.length != q.length)
        {
            j.Fail(r.frame, Where(r) + ": " + OptionsDiff(r.options, q.options) +
                                " (request: frame " + std::to_string(q.frame) + ")");
        }
    }
    return j.Done();
}

/** §5.4: rejected options are a subsequence of the request's options, unmodified. */
RuleVerdict
RejectOptions(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : v.OfCode(pppcode::CONFIGURE_REJECT))
    {
        const PppRecord& r = c.ppp[i];
        if (!IsCode(r, pppcode::CONFIGURE_REJECT))
        {
            continue;
        }
        int k = MatchingRequest(c, v, i);
        if (k < 0)
        {
            continue;
        }
        j.Check();
        const auto& req = c.ppp[static_cast<size_t>(k)].options;
        size_t pos = 0;
        for (const PppOption& o : r.options)
        {
            while (pos < req.size() && req[pos] != o)
            {
                ++pos;
            }
            if (pos == req.size())
            {
                j.Fail(r.frame,
                       Where(r) + ": rejected option type " + std::to_string(o.type) +
                           " is not, in this order and unmodified, in the request (frame " +
                           std::to_string(c.ppp[static_cast<size_t>(k)].frame) + ")");
                break;
            }
            ++pos;
        }
        if (r.options.empty())
        {
            j.Fail(r.frame, Where(r) + ": rejects no option");
        }
    }
    return j.Done();
}

/** §5.3: options without a value (boolean) are rejected, never Nak'd. */
RuleVerdict
NakNoBoolean(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const PppRecord& r : c.ppp)
    {
        if (!IsCode(r, pppcode::CONFIGURE_NAK))
        {
            continue;
        }
        j.Check();
        for (const PppOption& o : r.options)
        {
            if (o.length == 2)
            {
                j.Fail(r.frame, Where(r) + ": Nak'd option type " + std::to_string(o.type) +
                                    " has no value field (Length 2): it must be rejected instead");
            }
        }
    }
    return j.Done();
}

/** §5.5: Terminate-Ack copies the Identifier of the peer's Terminate-Request. */
RuleVerdict
TerminateAckId(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : v.OfCode(pppcode::TERMINATE_ACK))
    {
        const PppRecord& r = c.ppp[i];
        if (!IsCode(r, pppcode::TERMINATE_ACK))
        {
            continue;
        }
        // The Terminate-Requests of the peer since its last Configure-Request (this termination).
        std::set<uint8_t> ids;
        bool anyRequest = false;
        for (size_t k : v.Before(i))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol != r.protocol || !Opposite(v, i, k) || !q.hasHeader)
            {
                continue;
            }
            if (q.code == pppcode::CONFIGURE_REQUEST)
            {
                break;
            }
            if (q.code == pppcode::TERMINATE_REQUEST)
            {
                anyRequest = true;
                ids.insert(q.identifier);
            }
        }
        if (!anyRequest)
        {
            continue; // unsolicited Terminate-Ack (e.g. the RFC 1661 'sta' action): no request
        }
        j.Check();
        if (!ids.count(r.identifier))
        {
            j.Fail(r.frame, Where(r) + ": Identifier " + std::to_string(r.identifier) +
                                " is not that of the peer's Terminate-Request");
        }
    }
    return j.Done();
}

/**
 * The peer's first packet of that protocol after record i that satisfies pred, or -1. Judged only
 * when the capture goes on kAnswerGrace after i.
 */
template <typename P>
int
AnswerAfter(const RuleContext& c, const PppView& v, size_t i, P pred)
{
    for (size_t k : v.After(i))
    {
        if (Opposite(v, i, k) && pred(c.ppp[k]))
        {
            return static_cast<int>(k);
        }
    }
    return -1;
}

/**
 * An unanswered packet i can be blamed on its receiver only if it provably got it: the capture was
 * taken on the receiving host (its destination address is the capture point) and the receiver kept
 * sending on the link at least kAnswerGrace after the packet arrived. Otherwise the packet may have
 * been lost after the capture point (or, seen downstream, the receiver may be gone).
 */
bool
ReceiverProvablyGot(const RuleContext& c, const PppView& v, size_t i)
{
    const PppRecord& r = c.ppp[i];
    if (r.dstIp.empty() || !c.AtCapturePoint(r.dstIp))
    {
        return false;
    }
    for (size_t k : v.After(i))
    {
        if (Opposite(v, i, k) && c.ppp[k].time >= r.time + kAnswerGrace)
        {
            return true;
        }
    }
    // Network-layer packets on the link that were counted, not kept (l2tp-flows.h): the
    // session's, or those of calls the capture did not see set up, by endpoints.
    const size_t link = static_cast<size_t>(v.link[i]);
    const DataSummary* sum = nullptr;
    if (v.session[link] >= 0)
    {
        sum = c.flows.sessions[static_cast<size_t>(v.session[link])].summary;
    }
    else if (!v.endpoints[link].empty())
    {
        auto it = c.flows.pppLinks.find(v.endpoints[link]);
        sum = it == c.flows.pppLinks.end() ? nullptr : it->second.dir;
    }
    for (int side = 0; sum && side < 2; ++side)
    {
        if ((v.dir[i] < 0 || v.dir[i] != side) &&
            sum[side].SentAfter(r.frame, r.time + kAnswerGrace))
        {
            return true;
        }
    }
    return false;
}

/** §5.5: a Terminate-Request is answered by a Terminate-Ack. */
RuleVerdict
TerminateAnswered(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    TimeNs end = c.captureEnd ? c.captureEnd : c.flows.captureEnd;
    for (size_t i : v.OfCode(pppcode::TERMINATE_REQUEST))
    {
        const PppRecord& r = c.ppp[i];
        if (!IsCode(r, pppcode::TERMINATE_REQUEST) || end - r.time < kAnswerGrace)
        {
            continue;
        }
        int a =
            AnswerAfter(c, v, i,
                        [&r](const PppRecord& q)
                        {
                            return q.protocol == r.protocol && IsCode(q, pppcode::TERMINATE_ACK);
                        });
        if (a >= 0)
        {
            j.Check();
        }
        else if (ReceiverProvablyGot(c, v, i))
        {
            j.Check();
            j.Fail(r.frame, Where(r) +
                                ": no Terminate-Ack from the peer, which received it (capture "
                                "point) and kept sending on the link");
        }
    }
    return j.Done();
}

bool
KnownCode(uint16_t protocol, uint8_t code)
{
    if (protocol == pppproto::LCP)
    {
        return code >= 1 && code <= 11;
    }
    if (protocol == pppproto::CCP && (code == 14 || code == 15))
    {
        return true; // RFC 1962 Reset-Request / Reset-Ack
    }
    return code >= 1 && code <= 7;
}

/** §5.6: a Code-Reject carries the rejected packet, whose Code is unknown to the protocol. */
RuleVerdict
CodeRejectWellFormed(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const PppRecord& r : c.ppp)
    {
        if (!IsCode(r, pppcode::CODE_REJECT))
        {
            continue;
        }
        j.Check();
        std::vector<uint8_t> d = r.Data();
        if (d.size() < 4)
        {
            j.Fail(r.frame, Where(r) + ": Rejected-Packet shorter than a packet header (" +
                                std::to_string(d.size()) + " octets)");
        }
        else if (KnownCode(r.protocol, d[0]))
        {
            j.Fail(r.frame, Where(r) + ": rejects Code " + std::to_string(d[0]) + " (" +
                                PppCodeName(r.protocol, d[0]) + "), which the protocol defines");
        }
    }
    return j.Done();
}

/** §5.6: a packet with an unknown Code is answered by a Code-Reject carrying it. */
RuleVerdict
UnknownCodeRejected(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    TimeNs end = c.captureEnd ? c.captureEnd : c.flows.captureEnd;
    for (size_t i = 0; i < c.ppp.size(); ++i)
    {
        const PppRecord& r = c.ppp[i];
        if (!r.hasHeader || !r.IsNegotiation() || KnownCode(r.protocol, r.code) ||
            end - r.time < kAnswerGrace)
        {
            continue;
        }
        int a = AnswerAfter(c, v, i,
                            [&r](const PppRecord& q)
                            {
                                std::vector<uint8_t> d = q.Data();
                                return q.protocol == r.protocol &&
                                       IsCode(q, pppcode::CODE_REJECT) && d.size() >= 2 &&
                                       d[0] == r.code && d[1] == r.identifier;
                            });
        if (a >= 0)
        {
            j.Check();
        }
        else if (ReceiverProvablyGot(c, v, i))
        {
            j.Check();
            j.Fail(r.frame,
                   Where(r) + ": unknown Code " + std::to_string(r.code) +
                       " not answered by a Code-Reject carrying it, although the receiver got "
                       "it (capture point) and kept sending on the link");
        }
    }
    return j.Done();
}

/** §5.7: a Protocol-Reject (LCP) carries the Rejected-Protocol field. */
RuleVerdict
ProtocolRejectWellFormed(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (size_t i : CachedView(c).OfProtocol(pppproto::LCP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::LCP || !IsCode(r, pppcode::PROTOCOL_REJECT))
        {
            continue;
        }
        j.Check();
        std::vector<uint8_t> d = r.Data();
        if (d.size() < 2)
        {
            j.Fail(r.frame, Where(r) + ": no Rejected-Protocol field");
        }
        else if ((d[0] << 8 | d[1]) == pppproto::LCP)
        {
            j.Fail(r.frame, Where(r) + ": rejects LCP itself");
        }
    }
    return j.Done();
}

/** §5.7: the Identifier changes for each Protocol-Reject sent. */
RuleVerdict
ProtocolRejectIdChanges(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::LCP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::LCP || !IsCode(r, pppcode::PROTOCOL_REJECT))
        {
            continue;
        }
        for (size_t k : v.Before(i))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol == pppproto::LCP && IsCode(q, pppcode::PROTOCOL_REJECT) &&
                SameSender(v, i, k))
            {
                j.Check();
                if (q.identifier == r.identifier)
                {
                    j.Fail(r.frame, Where(r) +
                                        ": same Identifier as the previous Protocol-Reject "
                                        "(frame " +
                                        std::to_string(q.frame) + ")");
                }
                break;
            }
        }
    }
    return j.Done();
}

/** §5.8: an Echo-Reply copies the Identifier of an Echo-Request from the peer. */
RuleVerdict
EchoReplyId(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::LCP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::LCP || !IsCode(r, pppcode::ECHO_REPLY))
        {
            continue;
        }
        bool anyRequest = false;
        bool match = false;
        for (size_t k : v.Earlier(i))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol == pppproto::LCP && IsCode(q, pppcode::ECHO_REQUEST) &&
                Opposite(v, i, k))
            {
                anyRequest = true;
                match = match || q.identifier == r.identifier;
            }
        }
        if (!anyRequest)
        {
            continue;
        }
        j.Check();
        if (!match)
        {
            j.Fail(r.frame, Where(r) + ": Identifier " + std::to_string(r.identifier) +
                                " matches no Echo-Request from the peer");
        }
    }
    return j.Done();
}

/**
 * The Magic-Number a sender negotiated before record i: the value in its latest Configure-Request
 * that the peer acknowledged. known=false if no acknowledged request was captured or the sender
 * of record i is unknown; value 0 when the acknowledged request had no Magic-Number option.
 */
uint32_t
NegotiatedMagic(const RuleContext& c, const PppView& v, size_t i, bool& known)
{
    known = false;
    if (v.dir[i] < 0)
    {
        // Who sent record i is unknown (a PPP capture without directions): the latest Ack could
        // be either end's, and comparing with the peer's Magic-Number would fail a sound packet.
        return 0;
    }
    for (size_t k : v.Before(i))
    {
        const PppRecord& ack = c.ppp[k];
        if (ack.protocol != pppproto::LCP || !IsCode(ack, pppcode::CONFIGURE_ACK) ||
            !Opposite(v, i, k))
        {
            continue;
        }
        known = true;
        const PppOption* m = ack.FindOption(5);
        if (m && m->value.size() == 4)
        {
            return static_cast<uint32_t>(m->value[0]) << 24 | m->value[1] << 16 | m->value[2] << 8 |
                   m->value[3];
        }
        return 0;
    }
    return 0;
}

/** §5.8: Echo-Request/-Reply and Discard-Request carry the sender's own Magic-Number (0 if none).
 */
RuleVerdict
EchoMagic(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::LCP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::LCP || !r.hasHeader || !r.hasMagic ||
            (r.code != pppcode::ECHO_REQUEST && r.code != pppcode::ECHO_REPLY &&
             r.code != pppcode::DISCARD_REQUEST))
        {
            continue;
        }
        bool known = false;
        uint32_t own = NegotiatedMagic(c, v, i, known);
        if (!known)
        {
            continue;
        }
        j.Check();
        if (r.magic != own)
        {
            j.Fail(r.frame, Where(r) + ": Magic-Number " + Hex32(r.magic) +
                                " is not the sender's negotiated " + Hex32(own));
        }
    }
    return j.Done();
}

/** §6.4: a Magic-Number of zero is never requested, nor acknowledged. */
RuleVerdict
MagicNonZero(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (size_t i : CachedView(c).OfProtocol(pppproto::LCP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::LCP ||
            !(IsCode(r, pppcode::CONFIGURE_REQUEST) || IsCode(r, pppcode::CONFIGURE_ACK)))
        {
            continue;
        }
        const PppOption* m = r.FindOption(5);
        if (!m)
        {
            continue;
        }
        j.Check();
        bool zero = m->value.size() == 4 && m->value[0] == 0 && m->value[1] == 0 &&
                    m->value[2] == 0 && m->value[3] == 0;
        if (m->length != 6)
        {
            j.Fail(r.frame, Where(r) + ": Magic-Number option Length " + std::to_string(m->length) +
                                " (must be 6)");
        }
        else if (zero)
        {
            j.Fail(r.frame, Where(r) + ": Magic-Number 0 " +
                                (r.code == pppcode::CONFIGURE_ACK ? "acknowledged" : "requested"));
        }
    }
    return j.Done();
}

/** §6.4: a Configure-Request carrying the receiver's own Magic-Number is Nak'd, never Acked. */
RuleVerdict
MagicLoop(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::LCP))
    {
        const PppRecord& ack = c.ppp[i];
        if (ack.protocol != pppproto::LCP || !IsCode(ack, pppcode::CONFIGURE_ACK))
        {
            continue;
        }
        const PppOption* peerMagic = ack.FindOption(5);
        if (!peerMagic)
        {
            continue;
        }
        // The acker's own latest requested Magic-Number.
        for (size_t k : v.Before(i))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol == pppproto::LCP && IsCode(q, pppcode::CONFIGURE_REQUEST) &&
                SameSender(v, i, k))
            {
                const PppOption* own = q.FindOption(5);
                if (own)
                {
                    j.Check();
                    if (own->value == peerMagic->value)
                    {
                        j.Fail(ack.frame,
                               Where(ack) +
                                   ": acknowledges the acker's own Magic-Number "
                                   "(looped-back link; it must be Nak'd with another value)");
                    }
                }
                break;
            }
        }
    }
    return j.Done();
}

/** §5: Length is at least 4 and does not exceed the octets received. */
RuleVerdict
LengthConsistent(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const PppRecord& r : c.ppp)
    {
        if (!r.hasHeader || r.frameTruncated)
        {
            continue;
        }
        j.Check();
        if (r.length < 4)
        {
            j.Fail(r.frame, Where(r) + ": Length " + std::to_string(r.length) + " < 4");
        }
        else if (r.bytes.size() < r.length)
        {
            j.Fail(r.frame, Where(r) + ": Length " + std::to_string(r.length) + " exceeds the " +
                                std::to_string(r.bytes.size()) + " octets received");
        }
    }
    return j.Done();
}

/** Octets of a record, not copied (the rules read millions of packets). */
struct OctetView
{
    const uint8_t* p{nullptr}; //!< first octet
    size_t n{0};               //!< octets

    size_t
    size() const
    {
        return n;
    }

    bool
    empty() const
    {
        return n == 0;
    }

    uint8_t
    operator[](size_t i) const
    {
        return p[i];
    }

    const uint8_t*
    begin() const
    {
        return p;
    }

    const uint8_t*
    end() const
    {
        return p + n;
    }

    /** Different octets. */
    bool
    operator!=(const OctetView& o) const
    {
        return n != o.n || !std::equal(p, p + n, o.p);
    }
};

/** The octets of a packet inside its Length (from Code on), or empty if not all were captured. */
OctetView
Within(const PppRecord& r)
{
    if (!r.hasHeader || r.length < 4 || r.bytes.size() < r.length)
    {
        return {};
    }
    return OctetView{r.bytes.data(), r.length};
}

/**
 * §5.1: the Identifier of a Configure-Request changes whenever the contents of its Options field
 * change (a retransmission may keep it). Judged between consecutive Configure-Requests of one
 * protocol from one sender on one link: equal Identifier and different options fail. (The other
 * half, a new Identifier after a valid reply was received, is not judged: the reply may have been
 * lost after the capture point.) Not judged on captures that do not tell the direction (a PPP
 * interface capture without ppp.direction): both ends' requests would look like one sender's.
 */
RuleVerdict
RequestIdentifierChanges(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : v.OfCode(pppcode::CONFIGURE_REQUEST))
    {
        const PppRecord& r = c.ppp[i];
        if (!IsCode(r, pppcode::CONFIGURE_REQUEST) || v.dir[i] < 0)
        {
            continue; // a capture without directions cannot tell the two senders apart
        }
        for (size_t k : v.Before(i))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol != r.protocol || !IsCode(q, pppcode::CONFIGURE_REQUEST) ||
                !SameSender(v, i, k))
            {
                continue;
            }
            const auto a = Within(r);
            const auto b = Within(q);
            if (!a.empty() && !b.empty())
            {
                j.Check();
                if (q.identifier == r.identifier && a != b)
                {
                    j.Fail(r.frame, Where(r) + ": Identifier " + std::to_string(r.identifier) +
                                        " reused for a changed request (options " +
                                        OptionsText(r.options) + ", frame " +
                                        std::to_string(q.frame) + " had " + OptionsText(q.options) +
                                        ")");
                }
            }
            break;
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// RFC 1334 PAP

namespace papcode
{
constexpr uint8_t REQUEST = 1; //!< Authenticate-Request
constexpr uint8_t ACK = 2;     //!< Authenticate-Ack
constexpr uint8_t NAK = 3;     //!< Authenticate-Nak
} // namespace papcode

/** §2.2.2: an Authenticate-Ack/Nak copies the Identifier of an Authenticate-Request it answers. */
RuleVerdict
PapReplyId(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::PAP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::PAP || !r.hasHeader ||
            (r.code != papcode::ACK && r.code != papcode::NAK))
        {
            continue;
        }
        bool anyRequest = false;
        bool match = false;
        for (size_t k : v.Earlier(i))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol == pppproto::PAP && q.hasHeader && q.code == papcode::REQUEST &&
                Opposite(v, i, k))
            {
                anyRequest = true;
                match = match || q.identifier == r.identifier;
            }
        }
        if (!anyRequest)
        {
            continue; // answers a request outside the capture
        }
        j.Check();
        if (!match)
        {
            j.Fail(r.frame, Where(r) + ": Identifier " + std::to_string(r.identifier) +
                                " matches no Authenticate-Request received from the peer");
        }
    }
    return j.Done();
}

/**
 * §2.2.1/§2.2.2: the Length of a PAP packet is its fields' sum: Authenticate-Request 6 + Peer-ID
 * Length + Passwd-Length; Authenticate-Ack/Nak 5 + Msg-Length.
 */
RuleVerdict
PapLengths(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (size_t i : CachedView(c).OfProtocol(pppproto::PAP))
    {
        const PppRecord& r = c.ppp[i];
        const auto b = Within(r);
        if (r.protocol != pppproto::PAP || b.empty() || r.code < papcode::REQUEST ||
            r.code > papcode::NAK)
        {
            continue;
        }
        j.Check();
        std::string why;
        if (r.code == papcode::REQUEST)
        {
            size_t idLen = b.size() > 4 ? b[4] : 0;
            size_t pwAt = 5 + idLen;
            if (b.size() < 6 || pwAt >= b.size())
            {
                why = "Length " + std::to_string(r.length) +
                      " leaves no room for a Peer-ID Length " + std::to_string(idLen) +
                      " and a Passwd-Length";
            }
            else if (6 + idLen + b[pwAt] != b.size())
            {
                why = "Length " + std::to_string(r.length) + " is not 6 + Peer-ID Length " +
                      std::to_string(idLen) + " + Passwd-Length " + std::to_string(b[pwAt]);
            }
        }
        else if (b.size() < 5 || 5u + b[4] != b.size())
        {
            why =
                "Length " + std::to_string(r.length) + " is not 5 + Msg-Length" +
                (b.size() < 5 ? std::string(" (no Msg-Length octet)") : " " + std::to_string(b[4]));
        }
        if (!why.empty())
        {
            j.Fail(r.frame, Where(r) + ": " + why);
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// RFC 1994 CHAP, RFC 2759 MS-CHAPv2

/** §4.1 / §4.2: Response copies a Challenge's Identifier; Success/Failure copy a Response's. */
RuleVerdict
ChapIdentifier(const RuleContext& c, const Rule& rule)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    bool response = rule.param == chapcode::RESPONSE;
    for (size_t i : CachedView(c).OfProtocol(pppproto::CHAP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::CHAP || !r.hasHeader)
        {
            continue;
        }
        bool applies = response ? r.code == chapcode::RESPONSE
                                : (r.code == chapcode::SUCCESS || r.code == chapcode::FAILURE);
        if (!applies)
        {
            continue;
        }
        uint8_t want = response ? chapcode::CHALLENGE : chapcode::RESPONSE;
        int latest = -1;
        for (size_t k : v.Before(i))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol == pppproto::CHAP && q.hasHeader && q.code == want && Opposite(v, i, k))
            {
                latest = static_cast<int>(k);
                break;
            }
        }
        if (latest < 0)
        {
            continue;
        }
        j.Check();
        const PppRecord& q = c.ppp[static_cast<size_t>(latest)];
        if (q.identifier != r.identifier)
        {
            j.Fail(r.frame, Where(r) + ": Identifier " + std::to_string(r.identifier) +
                                " is not that of the " + PppCodeName(pppproto::CHAP, want) +
                                " it answers (" + std::to_string(q.identifier) + ", frame " +
                                std::to_string(q.frame) + ")");
        }
    }
    return j.Done();
}

/**
 * CHAP algorithm the authenticator on this link asked for (LCP Authentication-Protocol option
 * c223 + algorithm in an acknowledged request), or -1 if not captured.
 */
int
ChapAlgorithm(const RuleContext& c, const PppView& v, size_t i)
{
    for (size_t k : v.Before(i))
    {
        const PppRecord& ack = c.ppp[k];
        if (ack.protocol != pppproto::LCP || !IsCode(ack, pppcode::CONFIGURE_ACK) ||
            v.link[k] != v.link[i])
        {
            continue;
        }
        const PppOption* a = ack.FindOption(3);
        if (a && a->value.size() == 3 && (a->value[0] << 8 | a->value[1]) == pppproto::CHAP)
        {
            return a->value[2];
        }
    }
    return -1;
}

constexpr int kChapMd5 = 5;     //!< RFC 1994 §2.1
constexpr int kMsChapV2 = 0x81; //!< RFC 2759 §2

/** RFC 1994 §4.1 (MD5: Value-Size 16) / RFC 2759 §4 (Value-Size 49), by param. */
RuleVerdict
ChapValueSize(const RuleContext& c, const Rule& rule)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::CHAP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::CHAP || !r.hasHeader || r.code != chapcode::RESPONSE ||
            !r.hasChapValue || ChapAlgorithm(c, v, i) != rule.param)
        {
            continue;
        }
        j.Check();
        size_t want = rule.param == kChapMd5 ? 16 : 49;
        if (r.chapValueSize != want)
        {
            j.Fail(r.frame, Where(r) + ": Value-Size " + std::to_string(r.chapValueSize) +
                                " (the algorithm needs " + std::to_string(want) + ")");
        }
    }
    return j.Done();
}

/** RFC 2759 §4: MS-CHAPv2 Response: 8 reserved octets zero (param 0) / Flags zero (param 1). */
RuleVerdict
MsChapV2ResponseFields(const RuleContext& c, const Rule& rule)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::CHAP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::CHAP || !r.hasHeader || r.code != chapcode::RESPONSE ||
            !r.hasChapValue || r.ChapValue().size() != 49)
        {
            continue;
        }
        int alg = ChapAlgorithm(c, v, i);
        if (alg != kMsChapV2 && !(alg < 0 && r.chapValueSize == 49))
        {
            continue;
        }
        j.Check();
        if (rule.param == 0)
        {
            bool zero = std::all_of(r.ChapValue().begin() + 16, r.ChapValue().begin() + 24,
                                    [](uint8_t b)
                                    {
                                        return b == 0;
                                    });
            if (!zero)
            {
                j.Fail(r.frame, Where(r) + ": the 8 reserved octets after the Peer-Challenge are "
                                           "not zero");
            }
        }
        else if (r.ChapValue()[48] != 0)
        {
            j.Fail(r.frame, Where(r) + ": Flags octet " + std::to_string(r.ChapValue()[48]) +
                                " (must be 0)");
        }
    }
    return j.Done();
}

/**
 * RFC 2759 §5: the Message of an MS-CHAPv2 Success packet is "S=<auth_string> M=<message>",
 * auth_string the 20-octet Authenticator Response as 40 hexadecimal digits, A-F in upper case.
 * Judged on links where MS-CHAPv2 was negotiated (or whose Response had the 49-octet MS-CHAPv2
 * value when the LCP negotiation was not captured).
 */
RuleVerdict
MsChapV2Success(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::CHAP))
    {
        const PppRecord& r = c.ppp[i];
        const auto b = Within(r);
        if (r.protocol != pppproto::CHAP || b.empty() || r.code != chapcode::SUCCESS)
        {
            continue;
        }
        int alg = ChapAlgorithm(c, v, i);
        bool v2Response = false;
        for (size_t k : v.Before(alg < 0 ? i : v.FirstOf(v.link[i])))
        {
            const PppRecord& q = c.ppp[k];
            if (q.protocol == pppproto::CHAP && q.hasHeader && q.code == chapcode::RESPONSE &&
                Opposite(v, i, k))
            {
                v2Response = q.hasChapValue && q.chapValueSize == 49;
                break;
            }
        }
        if (alg != kMsChapV2 && !(alg < 0 && v2Response))
        {
            continue;
        }
        j.Check();
        std::string m(b.begin() + 4, b.end());
        bool ok = m.size() >= 42 && m.compare(0, 2, "S=") == 0 &&
                  std::all_of(m.begin() + 2, m.begin() + 42,
                              [](char ch)
                              {
                                  return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F');
                              }) &&
                  (m.size() == 42 || m[42] == ' ');
        if (!ok)
        {
            std::string shown = m.substr(0, 48);
            for (char& ch : shown)
            {
                ch = (ch >= 32 && ch < 127) ? ch : '.';
            }
            j.Fail(r.frame, Where(r) + ": Message \"" + shown +
                                "\" is not S= followed by 40 upper-case hexadecimal digits");
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// Option lengths (RFC 1332, RFC 3518, RFC 1990) and IPCP Nak

struct OptionLength
{
    uint16_t protocol;
    uint8_t type;
    uint8_t minLength;
    uint8_t maxLength;
};

/** Fixed option lengths per rule (param indexes the table group). */
const std::vector<std::vector<OptionLength>> kOptionLengths = {
    // 0: RFC 1332 IPCP IP-Address (§3.3): 6.
    {{pppproto::IPCP, 3, 6, 6}},
    // 1: RFC 1332 IP-Compression-Protocol (§3.2): at least 4.
    {{pppproto::IPCP, 2, 4, 255}},
    // 2: RFC 3518 §5 BCP options with a fixed length.
    {{pppproto::BCP, 1, 4, 4},  // Bridge-Identification
     {pppproto::BCP, 2, 4, 4},  // Line-Identification
     {pppproto::BCP, 3, 3, 3},  // MAC-Support
     {pppproto::BCP, 4, 3, 3},  // Tinygram-Compression
     {pppproto::BCP, 6, 8, 8},  // MAC-Address
     {pppproto::BCP, 8, 3, 3}}, // IEEE-802-Tagged-Frame
    // 3: RFC 1990 §5.1.1 MRRU: 4.
    {{pppproto::LCP, 17, 4, 4}},
    // 4: RFC 1990 §5.1.2 Short Sequence Number Header Format: 2.
    {{pppproto::LCP, 18, 2, 2}},
    // 5: RFC 1661 §6.1-6.6 LCP options (Magic-Number has its own rule, RFC1661-6.4-magic-nonzero).
    {{pppproto::LCP, 1, 4, 4},   // Maximum-Receive-Unit
     {pppproto::LCP, 2, 6, 6},   // Async-Control-Character-Map (RFC 1662 §7.1)
     {pppproto::LCP, 3, 4, 255}, // Authentication-Protocol
     {pppproto::LCP, 4, 4, 255}, // Quality-Protocol
     {pppproto::LCP, 7, 2, 2},   // Protocol-Field-Compression
     {pppproto::LCP, 8, 2, 2}},  // Address-and-Control-Field-Compression
    // 6: RFC 5072 §4.1 IPV6CP Interface-Identifier: 10.
    {{pppproto::IPV6CP, 1, 10, 10}},
};

RuleVerdict
OptionLengths(const RuleContext& c, const Rule& rule)
{
    RuleJudge j;
    const auto& table = kOptionLengths.at(rule.param);
    auto inTable = [&table](uint16_t protocol)
    {
        return std::any_of(table.begin(), table.end(),
                           [protocol](const OptionLength& ol)
                           {
                               return ol.protocol == protocol;
                           });
    };
    // The records of the table's protocols, in capture order (one protocol in every group today).
    const PppView& v = CachedView(c);
    std::vector<size_t> records;
    for (const auto& [protocol, of] : v.byProtocol)
    {
        if (inTable(protocol))
        {
            std::vector<size_t> merged;
            std::merge(records.begin(), records.end(), of.begin(), of.end(),
                       std::back_inserter(merged));
            records.swap(merged);
        }
    }
    for (size_t i : records)
    {
        const PppRecord& r = c.ppp[i];
        if (!r.hasOptions || !inTable(r.protocol) || IsCode(r, pppcode::CONFIGURE_REJECT))
        {
            continue; // a Reject copies the options it refuses as received (§5.4)
        }
        for (const PppOption& o : r.options)
        {
            for (const OptionLength& ol : table)
            {
                if (ol.protocol != r.protocol || ol.type != o.type)
                {
                    continue;
                }
                j.Check();
                if (o.length < ol.minLength || o.length > ol.maxLength)
                {
                    std::string want = ol.minLength == ol.maxLength
                                           ? std::to_string(ol.minLength)
                                           : ">= " + std::to_string(ol.minLength);
                    j.Fail(r.frame, Where(r) + ": option type " + std::to_string(o.type) +
                                        " Length " + std::to_string(o.length) + " (must be " +
                                        want + ")");
                }
            }
        }
    }
    return j.Done();
}

/** RFC 1332 §3.3: a Nak of a proposed IP-Address gives a usable (non-zero) address. */
RuleVerdict
IpcpNakAddress(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    for (size_t i : CachedView(c).OfProtocol(pppproto::IPCP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::IPCP || !IsCode(r, pppcode::CONFIGURE_NAK))
        {
            continue;
        }
        const PppOption* a = r.FindOption(3);
        int k = MatchingRequest(c, v, i);
        if (!a || k < 0 || !c.ppp[static_cast<size_t>(k)].FindOption(3) || a->value.size() != 4)
        {
            continue;
        }
        j.Check();
        if (a->value == std::vector<uint8_t>{0, 0, 0, 0})
        {
            j.Fail(r.frame, Where(r) + ": Nak'd IP-Address is 0.0.0.0");
        }
    }
    return j.Done();
}

/**
 * RFC 5072 §4.1: a Configure-Nak of an Interface-Identifier (zero, or equal to the receiver's own)
 * suggests a non-zero identifier for the peer.
 */
RuleVerdict
Ipv6cpNakInterfaceId(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (size_t i : CachedView(c).OfProtocol(pppproto::IPV6CP))
    {
        const PppRecord& r = c.ppp[i];
        if (r.protocol != pppproto::IPV6CP || !IsCode(r, pppcode::CONFIGURE_NAK))
        {
            continue;
        }
        const PppOption* id = r.FindOption(1);
        if (!id || id->value.size() != 8)
        {
            continue; // the length rule judges a malformed option
        }
        j.Check();
        if (id->value == std::vector<uint8_t>(8, 0))
        {
            j.Fail(r.frame, Where(r) + ": Nak'd Interface-Identifier is zero");
        }
    }
    return j.Done();
}

/** RFC 1990 §3: the sequence number increases with every fragment (per sender and link). */
RuleVerdict
MpSequence(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    const PppView& v = CachedView(c);
    std::map<std::pair<int, int>, size_t> last;
    for (size_t i = 0; i < c.ppp.size(); ++i)
    {
        const PppRecord& r = c.ppp[i];
        if (!r.isMpHeader || r.insideMp)
        {
            continue;
        }
        auto key = std::make_pair(v.link[i], v.dir[i]);
        auto it = last.find(key);
        if (it != last.end())
        {
            const PppRecord& p = c.ppp[it->second];
            uint32_t mod = r.mpShortSequence ? (1u << 12) : (1u << 24);
            uint32_t delta = (r.mpSequence + mod - p.mpSequence) % mod;
            j.Check();
            if (delta == 0 || delta >= mod / 2)
            {
                j.Fail(r.frame, Where(r) + ": sequence " + std::to_string(r.mpSequence) +
                                    " does not increase from " + std::to_string(p.mpSequence) +
                                    " (frame " + std::to_string(p.frame) + ")");
            }
        }
        last[key] = i;
    }
    return j.Done();
}

using L = RuleLevel;
using S = RuleScope;

const std::vector<Rule> kPppRules = {
    // RFC 1661 — LCP and the option-negotiation packet format shared by the NCPs
    {"RFC1661-5-length-consistent", "RFC 1661", "5",
     "The Length field of an LCP/NCP/CHAP/PAP packet is at least 4 and does not exceed the octets "
     "received; octets beyond Length are padding.",
     L::MUST, S::PACKET, &LengthConsistent, 0},
    {"RFC1661-5.2-configure-ack-id", "RFC 1661", "5.2",
     "A Configure-Ack carries the Identifier of the Configure-Request it acknowledges.", L::MUST,
     S::LINK, &ReplyIdentifier, pppcode::CONFIGURE_ACK},
    {"RFC1661-5.2-configure-ack-options", "RFC 1661", "5.2",
     "The Configuration Options of a Configure-Ack are exactly those of the request it "
     "acknowledges: not reordered, not modified.",
     L::MUST, S::LINK, &AckOptions, 0},
    {"RFC1661-5.3-configure-nak-id", "RFC 1661", "5.3",
     "A Configure-Nak carries the Identifier of the Configure-Request it answers.", L::MUST,
     S::LINK, &ReplyIdentifier, pppcode::CONFIGURE_NAK},
    {"RFC1661-5.3-configure-nak-no-boolean", "RFC 1661", "5.3",
     "Options without a value field (boolean options) are answered with Configure-Reject, never "
     "carried in a Configure-Nak.",
     L::MUST, S::PACKET, &NakNoBoolean, 0},
    {"RFC1661-5.4-configure-reject-id", "RFC 1661", "5.4",
     "A Configure-Reject carries the Identifier of the Configure-Request it answers.", L::MUST,
     S::LINK, &ReplyIdentifier, pppcode::CONFIGURE_REJECT},
    {"RFC1661-5.4-configure-reject-options", "RFC 1661", "5.4",
     "A Configure-Reject carries only options taken from the request, in the request's order and "
     "unmodified.",
     L::MUST, S::LINK, &RejectOptions, 0},
    {"RFC1661-5.5-terminate-ack-id", "RFC 1661", "5.5",
     "A Terminate-Ack sent in reply to a Terminate-Request carries that request's Identifier.",
     L::MUST, S::LINK, &TerminateAckId, 0},
    {"RFC1661-5.5-terminate-request-answered", "RFC 1661", "5.5",
     "On reception of a Terminate-Request a Terminate-Ack is transmitted.", L::MUST, S::LINK,
     &TerminateAnswered, 0},
    {"RFC1661-5.6-code-reject-wellformed", "RFC 1661", "5.6",
     "A Code-Reject carries a copy of the rejected packet (at least its 4-octet header), and the "
     "rejected Code is one the protocol does not define.",
     L::MUST, S::PACKET, &CodeRejectWellFormed, 0},
    {"RFC1661-5.6-unknown-code-rejected", "RFC 1661", "5.6",
     "A packet with an unknown Code is reported back to its sender by a Code-Reject.", L::MUST,
     S::LINK, &UnknownCodeRejected, 0},
    {"RFC1661-5.7-protocol-reject-wellformed", "RFC 1661", "5.7",
     "A Protocol-Reject carries the 2-octet Rejected-Protocol field (never LCP itself) followed by "
     "the rejected information.",
     L::MUST, S::PACKET, &ProtocolRejectWellFormed, 0},
    {"RFC1661-5.7-protocol-reject-id-changes", "RFC 1661", "5.7",
     "The Identifier is changed for each Protocol-Reject sent.", L::MUST, S::LINK,
     &ProtocolRejectIdChanges, 0},
    {"RFC1661-5.8-echo-reply-id", "RFC 1661", "5.8",
     "An Echo-Reply carries the Identifier of the Echo-Request it answers.", L::MUST, S::LINK,
     &EchoReplyId, 0},
    {"RFC1661-5.8-echo-magic", "RFC 1661", "5.8",
     "Echo-Request, Echo-Reply and Discard-Request carry the sender's own negotiated Magic-Number "
     "(zero when none was negotiated), never the peer's.",
     L::MUST, S::LINK, &EchoMagic, 0},
    {"RFC1661-5.1-identifier-changes", "RFC 1661", "5.1",
     "The Identifier of a Configure-Request changes whenever the contents of its Options field "
     "change (only a retransmission of the same request may keep it).",
     L::MUST, S::LINK, &RequestIdentifierChanges, 0},
    {"RFC1661-6-option-lengths", "RFC 1661", "6.1-6.6",
     "LCP options have their defined lengths: Maximum-Receive-Unit 4, Async-Control-Character-Map "
     "6, Authentication-Protocol and Quality-Protocol at least 4, Protocol-Field-Compression and "
     "Address-and-Control-Field-Compression 2 (a Configure-Reject, which copies what it refuses, "
     "is not judged).",
     L::MUST, S::PACKET, &OptionLengths, 5},
    {"RFC1661-6.4-magic-nonzero", "RFC 1661", "6.4",
     "A Magic-Number option is 6 octets long and its value is not zero (zero is illegal and is "
     "always Nak'd if not rejected).",
     L::MUST, S::PACKET, &MagicNonZero, 0},
    {"RFC1661-6.4-magic-loop", "RFC 1661", "6.4",
     "A Configure-Request whose Magic-Number equals the receiver's own is not acknowledged: the "
     "receiver Naks it with a different value (loop-back detection).",
     L::MUST, S::LINK, &MagicLoop, 0},
    // RFC 1994 — CHAP
    {"RFC1994-4.1-response-id", "RFC 1994", "4.1",
     "A CHAP Response carries the Identifier of the Challenge it answers.", L::MUST, S::LINK,
     &ChapIdentifier, chapcode::RESPONSE},
    {"RFC1994-4.2-success-failure-id", "RFC 1994", "4.2",
     "A CHAP Success or Failure carries the Identifier of the Response it answers.", L::MUST,
     S::LINK, &ChapIdentifier, chapcode::SUCCESS},
    {"RFC1994-4.1-md5-value-size", "RFC 1994", "4.1, 2.1",
     "With CHAP algorithm 5 (MD5) negotiated, a Response Value is the 16-octet MD5 digest.",
     L::MUST, S::LINK, &ChapValueSize, kChapMd5},
    // RFC 2759 — MS-CHAPv2
    {"RFC2759-4-response-value-size", "RFC 2759", "4",
     "With MS-CHAPv2 (algorithm 0x81) negotiated, a Response has Value-Size 49.", L::MUST, S::LINK,
     &ChapValueSize, kMsChapV2},
    {"RFC2759-4-response-reserved-zero", "RFC 2759", "4",
     "The 8 octets after the 16-octet Peer-Challenge in an MS-CHAPv2 Response are reserved and "
     "zero.",
     L::MUST, S::PACKET, &MsChapV2ResponseFields, 0},
    {"RFC2759-4-response-flags-zero", "RFC 2759", "4",
     "The Flags octet (the last of the 49-octet MS-CHAPv2 Response value) is zero.", L::MUST,
     S::PACKET, &MsChapV2ResponseFields, 1},
    {"RFC2759-5-success-message", "RFC 2759", "5",
     "The Message of an MS-CHAPv2 Success packet is S= followed by the Authenticator Response as "
     "40 hexadecimal digits in upper case (then optionally a space and M=<message>).",
     L::MUST, S::LINK, &MsChapV2Success, 0},
    // RFC 1334 — PAP
    {"RFC1334-2.2-ack-nak-id", "RFC 1334", "2.2.2",
     "An Authenticate-Ack or Authenticate-Nak carries the Identifier of the Authenticate-Request "
     "it answers.",
     L::MUST, S::LINK, &PapReplyId, 0},
    {"RFC1334-2.2-packet-length", "RFC 1334", "2.2.1, 2.2.2",
     "The Length of a PAP packet is the sum of its fields: 6 + Peer-ID Length + Passwd-Length for "
     "an Authenticate-Request, 5 + Msg-Length for an Authenticate-Ack or Nak.",
     L::MUST, S::PACKET, &PapLengths, 0},
    // RFC 1332 — IPCP
    {"RFC1332-3.3-ip-address-length", "RFC 1332", "3.3", "The IP-Address option is 6 octets long.",
     L::MUST, S::PACKET, &OptionLengths, 0},
    {"RFC1332-3.2-ip-compression-length", "RFC 1332", "3.2",
     "The IP-Compression-Protocol option is at least 4 octets long.", L::MUST, S::PACKET,
     &OptionLengths, 1},
    {"RFC1332-3.3-nak-address-nonzero", "RFC 1332", "3.3",
     "A Configure-Nak of a requested IP-Address gives an address acceptable as the peer's address "
     "(not 0.0.0.0, which only asks the other end to provide one).",
     L::MUST, S::LINK, &IpcpNakAddress, 0},
    // RFC 5072 — IPV6CP
    {"RFC5072-4.1-interface-id-length", "RFC 5072", "4.1",
     "The Interface-Identifier option is 10 octets long (a 64-bit identifier).", L::MUST, S::PACKET,
     &OptionLengths, 6},
    {"RFC5072-4.1-nak-interface-id-nonzero", "RFC 5072", "4.1",
     "A Configure-Nak of an Interface-Identifier (zero, or equal to the receiver's own) suggests "
     "a non-zero Interface-Identifier for the peer.",
     L::MUST, S::PACKET, &Ipv6cpNakInterfaceId, 0},
    // RFC 3518 — BCP
    {"RFC3518-5-option-lengths", "RFC 3518", "5",
     "BCP options have their defined lengths: Bridge-Identification and Line-Identification 4, "
     "MAC-Support and Tinygram-Compression 3, MAC-Address 8, IEEE-802-Tagged-Frame 3.",
     L::MUST, S::PACKET, &OptionLengths, 2},
    // RFC 1990 — MP
    {"RFC1990-5.1.1-mrru-length", "RFC 1990", "5.1.1",
     "The Multilink MRRU LCP option is 4 octets long.", L::MUST, S::PACKET, &OptionLengths, 3},
    {"RFC1990-5.1.2-short-seq-length", "RFC 1990", "5.1.2",
     "The Short Sequence Number Header Format LCP option is 2 octets long.", L::MUST, S::PACKET,
     &OptionLengths, 4},
    {"RFC1990-3-sequence-increases", "RFC 1990", "3",
     "The MP sequence number is incremented for every fragment transmitted: on one member link it "
     "never repeats or goes back (modulo 2^24, or 2^12 with short sequence numbers).",
     L::MUST, S::LINK, &MpSequence, 0},
};

} // namespace

const std::vector<Rule>&
GetPppRules()
{
    return kPppRules;
}

} // namespace ns3
