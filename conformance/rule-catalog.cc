#include "conformance/rule-catalog.h"

#include "model/common/seq16.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

constexpr size_t kMaxDetails = 12;          //!< detail lines kept per rule
constexpr TimeNs kAckGrace = 1 * kSec;      //!< messages this close to the end need no ack yet
constexpr TimeNs kBackoffCap = 8 * kSec;    //!< §5.8: the cap is no less than 8 s
constexpr TimeNs kInitialTimeout = 1 * kSec; //!< §5.8: recommended initial timeout
constexpr double kBackoffGrowth = 1.5;      //!< lenient "exponential": each interval ≥ 1.5 × previous
constexpr TimeNs kTimerSlack = 20 * kMs;    //!< scheduling jitter allowed on timers

/** Accumulates what a predicate judged. */
class Judge
{
  public:
    void Check(uint32_t n = 1) { m_checked += n; }

    void Fail(const L2tpRecord& r, const std::string& why)
    {
        m_frames.insert(r.frame);
        if (m_details.size() < kMaxDetails)
        {
            m_details.push_back("frame " + std::to_string(r.frame) + " (" + r.TypeName() + " " +
                                r.Src() + " -> " + r.Dst() + "): " + why);
        }
        else
        {
            ++m_dropped;
        }
    }

    RuleVerdict Done() const
    {
        RuleVerdict v;
        v.checked = m_checked;
        v.failingFrames.assign(m_frames.begin(), m_frames.end());
        if (!m_frames.empty())
        {
            v.verdict = Verdict::FAIL;
        }
        else
        {
            v.verdict = m_checked ? Verdict::PASS : Verdict::NOT_APPLICABLE;
        }
        for (size_t i = 0; i < m_details.size(); ++i)
        {
            v.detail += (i ? "; " : "") + m_details[i];
        }
        if (m_dropped)
        {
            v.detail += "; ... and " + std::to_string(m_dropped) + " more";
        }
        return v;
    }

  private:
    uint32_t m_checked{0};
    std::set<uint32_t> m_frames;
    std::vector<std::string> m_details;
    size_t m_dropped{0};
};

bool
IsType(const L2tpRecord& r, uint16_t mt)
{
    return r.isControl && r.hasMessageType && r.messageType == mt;
}

bool
VisibleU16(const L2tpRecord& r, uint16_t avp, const char* field, uint16_t& v)
{
    uint64_t x = 0;
    if (r.GetUint(avp, field, x))
    {
        v = static_cast<uint16_t>(x);
        return true;
    }
    return false;
}

std::string
Ms(TimeNs t)
{
    std::ostringstream os;
    os << (t / kMs) << " ms";
    return os.str();
}

bool
IsTunnelMessage(uint16_t mt)
{
    return mt == l2tpmsg::SCCRQ || mt == l2tpmsg::SCCRP || mt == l2tpmsg::SCCCN ||
           mt == l2tpmsg::STOPCCN || mt == l2tpmsg::HELLO;
}

bool
IsSessionMessage(uint16_t mt)
{
    return mt == l2tpmsg::ICRQ || mt == l2tpmsg::ICRP || mt == l2tpmsg::ICCN || mt == l2tpmsg::OCRQ ||
           mt == l2tpmsg::OCRP || mt == l2tpmsg::OCCN || mt == l2tpmsg::CDN || mt == l2tpmsg::WEN ||
           mt == l2tpmsg::SLI;
}

// ---------------------------------------------------------------------------------------------
// PACKET predicates

RuleVerdict
ControlHeaderBits(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        if (!r.isControl)
        {
            continue;
        }
        j.Check();
        std::string bad;
        bad += r.lengthBit ? "" : " L=0";
        bad += r.seqBit ? "" : " S=0";
        bad += r.offsetBit ? " O=1" : "";
        bad += r.priorityBit ? " P=1" : "";
        if (!bad.empty())
        {
            j.Fail(r, "control header bits" + bad + " (need T=1 L=1 S=1 O=0 P=0)");
        }
    }
    return j.Done();
}

RuleVerdict
VersionTwo(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        j.Check();
        if (r.version != 2)
        {
            j.Fail(r, "Ver=" + std::to_string(r.version));
        }
    }
    return j.Done();
}

RuleVerdict
HeaderReservedBits(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        j.Check();
        uint16_t reserved = r.flags & 0x34F0;
        if (reserved)
        {
            std::ostringstream os;
            os << "reserved header bits set (flags 0x" << std::hex << r.flags << ")";
            j.Fail(r, os.str());
        }
    }
    return j.Done();
}

RuleVerdict
WellFormed(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        if (!r.isControl)
        {
            continue; // a data message's payload belongs to PPP rules
        }
        j.Check();
        if (r.malformed)
        {
            std::string why = "tshark flags the frame as malformed";
            for (const auto& e : r.expertErrors)
            {
                why += " [" + e + "]";
            }
            j.Fail(r, why);
        }
    }
    return j.Done();
}

RuleVerdict
MessageTypeFirst(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        if (!r.isControl || r.IsZlb())
        {
            continue;
        }
        j.Check();
        if (!r.avps.front().IsIetf(l2tpavp::MESSAGE_TYPE))
        {
            j.Fail(r, "first AVP is type " + std::to_string(r.avps.front().type) + " (vendor " +
                          std::to_string(r.avps.front().vendor) + "), not Message Type");
        }
    }
    return j.Done();
}

/** param = AVP type whose M bit MUST be 1 and H bit MUST be 0. */
RuleVerdict
AvpMandatoryNotHidden(const RuleContext& c, const Rule& rule)
{
    Judge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            if (!a.IsIetf(rule.param))
            {
                continue;
            }
            j.Check();
            if (!a.mandatory || a.hidden)
            {
                j.Fail(r, std::string(FindAvpSpec(rule.param)->name) + " AVP has M=" +
                              (a.mandatory ? "1" : "0") + " H=" + (a.hidden ? "1" : "0") +
                              " (need M=1 H=0)");
            }
        }
    }
    return j.Done();
}

RuleVerdict
AvpLength(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            j.Check();
            if (a.length < 6)
            {
                j.Fail(r, "AVP Length " + std::to_string(a.length) + " < 6");
            }
        }
        // tshark stops at an AVP whose Length is < 6 or runs past the message, and says so.
        for (const auto& e : r.expertErrors)
        {
            if (e.find("AVP length") != std::string::npos || e.find("AVP Length") != std::string::npos)
            {
                j.Check();
                j.Fail(r, "tshark: " + e);
            }
        }
    }
    return j.Done();
}

RuleVerdict
AvpReservedBits(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            if (!a.rawHeaderKnown)
            {
                continue;
            }
            j.Check();
            if (a.rawFlagsWord & 0x3C00)
            {
                j.Fail(r, "AVP type " + std::to_string(a.type) + " has reserved bits set");
            }
        }
    }
    return j.Done();
}

RuleVerdict
AvpMBit(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            if (!a.typeKnown || a.vendor != 0)
            {
                continue;
            }
            const AvpSpec* s = FindAvpSpec(a.type);
            if (!s || s->mBit == MBitRule::UNSPECIFIED)
            {
                continue;
            }
            j.Check();
            bool want = s->mBit == MBitRule::MUST_BE_1;
            if (a.mandatory != want)
            {
                j.Fail(r, std::string(s->name) + " AVP has M=" + (a.mandatory ? "1" : "0") +
                              ", RFC 2661 §" + s->section + " requires M=" + (want ? "1" : "0"));
            }
        }
    }
    return j.Done();
}

RuleVerdict
RandomVectorPrecedesHidden(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        auto firstHidden = std::find_if(r.avps.begin(), r.avps.end(), [](const AvpRecord& a) {
            return a.hidden;
        });
        if (firstHidden == r.avps.end())
        {
            continue;
        }
        j.Check();
        bool rv = std::any_of(r.avps.begin(), firstHidden, [](const AvpRecord& a) {
            return a.IsIetf(l2tpavp::RANDOM_VECTOR);
        });
        if (!rv)
        {
            j.Fail(r, "hidden AVP #" + std::to_string(firstHidden - r.avps.begin() + 1) +
                          " is not preceded by a Random Vector AVP");
        }
    }
    return j.Done();
}

/** param = message type. */
RuleVerdict
RequiredAvps(const RuleContext& c, const Rule& rule)
{
    Judge j;
    const MessageSpec* spec = FindMessageSpec(rule.param);
    for (const auto& r : c.records)
    {
        if (!IsType(r, rule.param))
        {
            continue;
        }
        j.Check();
        std::string missing;
        for (uint16_t t : spec->required)
        {
            if (!r.Find(t))
            {
                const AvpSpec* a = FindAvpSpec(t);
                missing += std::string(missing.empty() ? "" : ", ") + (a ? a->name : "?");
            }
        }
        if (!missing.empty())
        {
            j.Fail(r, "missing " + missing);
        }
    }
    return j.Done();
}

RuleVerdict
AssignedIdsNonZero(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        uint16_t v = 0;
        if (VisibleU16(r, l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", v))
        {
            j.Check();
            if (v == 0)
            {
                j.Fail(r, "Assigned Tunnel ID is 0");
            }
        }
        if (VisibleU16(r, l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", v))
        {
            j.Check();
            if (v == 0)
            {
                j.Fail(r, "Assigned Session ID is 0");
            }
        }
    }
    return j.Done();
}

RuleVerdict
HostNameLength(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            if (!a.IsIetf(l2tpavp::HOST_NAME))
            {
                continue;
            }
            j.Check();
            if (a.length < 7)
            {
                j.Fail(r, "Host Name is empty");
            }
        }
    }
    return j.Done();
}

RuleVerdict
ProtocolVersionValue(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        uint64_t ver = 0;
        uint64_t rev = 0;
        if (!r.GetUint(l2tpavp::PROTOCOL_VERSION, "l2tp.avp.protocol_version", ver) ||
            !r.GetUint(l2tpavp::PROTOCOL_VERSION, "l2tp.avp.protocol_revision", rev))
        {
            continue;
        }
        j.Check();
        if (ver != 1 || rev != 0)
        {
            j.Fail(r, "Protocol Version " + std::to_string(ver) + "." + std::to_string(rev) +
                          " (need 1.0)");
        }
    }
    return j.Done();
}

RuleVerdict
SccrqTunnelIdZero(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& r : c.records)
    {
        if (!IsType(r, l2tpmsg::SCCRQ))
        {
            continue;
        }
        j.Check();
        if (r.tunnelId != 0 || r.sessionId != 0)
        {
            j.Fail(r, "header Tunnel ID " + std::to_string(r.tunnelId) + ", Session ID " +
                          std::to_string(r.sessionId) + " (need 0, 0)");
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// FLOW predicates: one direction of a control connection.

/** Walks the control messages of each direction of each tunnel. */
template <typename F>
void
ForEachDirection(const RuleContext& c, F f)
{
    for (const auto& t : c.flows.tunnels)
    {
        for (int k = 0; k < 2; ++k)
        {
            f(t, k);
        }
    }
}

/** Is this the first message of a direction whose very start was captured? */
bool
DirectionStartSeen(const TunnelFlow& t, const L2tpRecord& first)
{
    return t.startSeen && (IsType(first, l2tpmsg::SCCRQ) || IsType(first, l2tpmsg::SCCRP));
}

RuleVerdict
NsIncrements(const RuleContext& c, const Rule&)
{
    Judge j;
    ForEachDirection(c, [&](const TunnelFlow& t, int k) {
        bool known = false;
        uint16_t expected = 0;
        std::map<uint16_t, uint16_t> sent; // Ns → message type of its first transmission
        for (size_t i : t.control[k])
        {
            const L2tpRecord& r = c.flows.Rec(i);
            if (r.IsZlb() || !r.hasSequence)
            {
                continue;
            }
            j.Check();
            auto it = sent.find(r.ns);
            if (it != sent.end())
            {
                if (it->second != r.messageType)
                {
                    j.Fail(r, "Ns " + std::to_string(r.ns) + " already used by a " +
                                  L2tpMessageTypeName(it->second) + " (not a retransmission)");
                }
                continue; // a retransmission repeats its Ns
            }
            if (!known)
            {
                if (DirectionStartSeen(t, r) && r.ns != 0)
                {
                    j.Fail(r, "first message of the control connection has Ns " +
                                  std::to_string(r.ns) + " (need 0)");
                }
            }
            else if (r.ns != expected)
            {
                j.Fail(r, "Ns " + std::to_string(r.ns) + ", expected " + std::to_string(expected) +
                              " (one more than the previous new message)");
            }
            known = true;
            expected = static_cast<uint16_t>(r.ns + 1);
            sent[r.ns] = r.messageType;
            sent.erase(static_cast<uint16_t>(r.ns - 0x8000)); // keep half the space only
        }
    });
    return j.Done();
}

RuleVerdict
ZlbNs(const RuleContext& c, const Rule&)
{
    Judge j;
    ForEachDirection(c, [&](const TunnelFlow& t, int k) {
        bool known = false;
        uint16_t next = 0;
        std::set<uint16_t> seen;
        for (size_t i : t.control[k])
        {
            const L2tpRecord& r = c.flows.Rec(i);
            if (!r.hasSequence)
            {
                continue;
            }
            if (!r.IsZlb())
            {
                if (!seen.count(r.ns) && (!known || Seq16LessEq(next, static_cast<uint16_t>(r.ns + 1))))
                {
                    next = static_cast<uint16_t>(r.ns + 1);
                    known = true;
                }
                seen.insert(r.ns);
                continue;
            }
            if (!known)
            {
                continue;
            }
            j.Check();
            if (r.ns != next)
            {
                j.Fail(r, "ZLB has Ns " + std::to_string(r.ns) + ", the next Ns to send is " +
                              std::to_string(next) + " (a ZLB does not consume a sequence number)");
            }
        }
    });
    return j.Done();
}

/** Next Ns the given side would send, judged from its new messages before `frame`; false if none. */
bool
PeerNext(const RuleContext& c, const TunnelFlow& t, int side, uint32_t frame, uint16_t& next)
{
    bool known = false;
    for (size_t i : t.control[side])
    {
        const L2tpRecord& r = c.flows.Rec(i);
        if (r.frame >= frame)
        {
            break;
        }
        if (r.IsZlb() || !r.hasSequence)
        {
            continue;
        }
        uint16_t n = static_cast<uint16_t>(r.ns + 1);
        if (!known || Seq16Less(next, n))
        {
            next = n;
            known = true;
        }
    }
    return known;
}

RuleVerdict
NrValid(const RuleContext& c, const Rule&)
{
    Judge j;
    ForEachDirection(c, [&](const TunnelFlow& t, int k) {
        bool haveLast = false;
        uint16_t lastNr = 0;
        for (size_t i : t.control[k])
        {
            const L2tpRecord& r = c.flows.Rec(i);
            if (!r.hasSequence)
            {
                continue;
            }
            uint16_t peerNext = 0;
            bool judged = false;
            if (PeerNext(c, t, 1 - k, r.frame, peerNext))
            {
                judged = true;
                if (Seq16Less(peerNext, r.nr))
                {
                    j.Fail(r, "Nr " + std::to_string(r.nr) + " acknowledges messages never sent (peer's next Ns is " +
                                  std::to_string(peerNext) + ")");
                }
            }
            else if (t.startSeen && !t.control[1 - k].empty() &&
                     c.flows.Rec(t.control[1 - k].front()).frame > r.frame)
            {
                judged = true; // the peer has sent nothing yet: nothing to acknowledge
                if (r.nr != 0)
                {
                    j.Fail(r, "Nr " + std::to_string(r.nr) + " before the peer sent anything (need 0)");
                }
            }
            if (haveLast)
            {
                judged = true;
                if (Seq16Less(r.nr, lastNr))
                {
                    j.Fail(r, "Nr went back from " + std::to_string(lastNr) + " to " + std::to_string(r.nr));
                }
            }
            if (judged)
            {
                j.Check();
            }
            haveLast = true;
            lastNr = r.nr;
        }
    });
    return j.Done();
}

/** param = HELLO: only HELLO messages; 0: every non-ZLB control message except HELLO. */
RuleVerdict
Acknowledged(const RuleContext& c, const Rule& rule)
{
    Judge j;
    ForEachDirection(c, [&](const TunnelFlow& t, int k) {
        std::set<uint16_t> done;
        for (size_t i : t.control[k])
        {
            const L2tpRecord& r = c.flows.Rec(i);
            if (r.IsZlb() || !r.hasSequence || !r.hasMessageType || done.count(r.ns))
            {
                continue;
            }
            bool hello = r.messageType == l2tpmsg::HELLO;
            if (hello != (rule.param == l2tpmsg::HELLO))
            {
                continue;
            }
            done.insert(r.ns);
            if (c.flows.captureEnd - r.time < kAckGrace)
            {
                continue; // too close to the end of the capture to judge
            }
            j.Check();
            bool acked = false;
            for (size_t p : t.control[1 - k])
            {
                const L2tpRecord& q = c.flows.Rec(p);
                if (q.frame > r.frame && q.hasSequence && Seq16Less(r.ns, q.nr))
                {
                    acked = true;
                    break;
                }
            }
            if (!acked)
            {
                j.Fail(r, "Ns " + std::to_string(r.ns) + " never acknowledged by the peer (no later Nr > " +
                              std::to_string(r.ns) + ")");
            }
        }
    });
    return j.Done();
}

/** Retransmissions: transmissions of the same new message (same Ns and type) in one direction. */
template <typename F>
void
ForEachRetransmittedMessage(const RuleContext& c, F f)
{
    ForEachDirection(c, [&](const TunnelFlow& t, int k) {
        std::map<uint16_t, std::vector<size_t>> byNs;
        std::vector<uint16_t> order;
        for (size_t i : t.control[k])
        {
            const L2tpRecord& r = c.flows.Rec(i);
            if (r.IsZlb() || !r.hasSequence)
            {
                continue;
            }
            auto& v = byNs[r.ns];
            if (!v.empty() && c.flows.Rec(v.front()).messageType != r.messageType)
            {
                continue; // not the same message
            }
            if (v.empty())
            {
                order.push_back(r.ns);
            }
            v.push_back(i);
        }
        for (uint16_t ns : order)
        {
            if (byNs[ns].size() >= 2)
            {
                f(byNs[ns]);
            }
        }
    });
}

RuleVerdict
RetransmitBackoff(const RuleContext& c, const Rule&)
{
    Judge j;
    ForEachRetransmittedMessage(c, [&](const std::vector<size_t>& tx) {
        for (size_t n = 2; n < tx.size(); ++n)
        {
            const L2tpRecord& a = c.flows.Rec(tx[n - 2]);
            const L2tpRecord& b = c.flows.Rec(tx[n - 1]);
            const L2tpRecord& r = c.flows.Rec(tx[n]);
            TimeNs prev = b.time - a.time;
            TimeNs cur = r.time - b.time;
            TimeNs need = std::min(static_cast<TimeNs>(kBackoffGrowth * static_cast<double>(prev)), kBackoffCap);
            j.Check();
            if (cur + kTimerSlack + need / 20 < need)
            {
                j.Fail(r, "retransmission #" + std::to_string(n) + " of Ns " + std::to_string(r.ns) +
                              " after " + Ms(cur) + ", previous interval " + Ms(prev) +
                              " (need growth to at least " + Ms(need) + "; cap >= 8 s)");
            }
        }
    });
    return j.Done();
}

RuleVerdict
InitialTimeout(const RuleContext& c, const Rule&)
{
    Judge j;
    ForEachRetransmittedMessage(c, [&](const std::vector<size_t>& tx) {
        const L2tpRecord& a = c.flows.Rec(tx[0]);
        const L2tpRecord& b = c.flows.Rec(tx[1]);
        j.Check();
        if (b.time - a.time + kTimerSlack + kInitialTimeout / 20 < kInitialTimeout)
        {
            j.Fail(b, "first retransmission of Ns " + std::to_string(b.ns) + " after " +
                          Ms(b.time - a.time) + " (recommended initial timeout 1 s)");
        }
    });
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// TUNNEL and SESSION predicates

RuleVerdict
HeaderTunnelId(const RuleContext& c, const Rule&)
{
    Judge j;
    // (from address, to address) → Tunnel IDs `from` assigned in messages to `to`, so far.
    std::map<std::pair<std::string, std::string>, std::set<uint16_t>> announced;
    for (size_t i = 0; i < c.records.size(); ++i)
    {
        const L2tpRecord& r = c.records[i];
        if (r.version != 2 || IsType(r, l2tpmsg::SCCRQ))
        {
            // SCCRQ: its own rule. Still record its announcement below.
        }
        else if (r.tunnelId == 0)
        {
            int t = c.flows.tunnelOf[i];
            int k = c.flows.senderSide[i];
            if (t >= 0)
            {
                const TunnelSide& peer = c.flows.tunnels[t].side[1 - k];
                j.Check();
                if (peer.idFrame != 0 && peer.idFrame < r.frame)
                {
                    j.Fail(r, "Tunnel ID 0 although the peer assigned " + std::to_string(peer.id) +
                                  " in frame " + std::to_string(peer.idFrame));
                }
            }
            else if (!announced[{r.dstIp, r.srcIp}].empty())
            {
                // Not attributable to a tunnel (no Assigned Tunnel ID of its own), yet the receiver
                // had already assigned Tunnel IDs to this sender.
                j.Check();
                j.Fail(r, "Tunnel ID 0 although " + r.dstIp + " had assigned a Tunnel ID to " + r.srcIp);
            }
        }
        else
        {
            const auto& ids = announced[{r.dstIp, r.srcIp}];
            if (!ids.empty())
            {
                j.Check();
                if (!ids.count(r.tunnelId))
                {
                    std::string list;
                    for (uint16_t id : ids)
                    {
                        list += (list.empty() ? "" : ",") + std::to_string(id);
                    }
                    j.Fail(r, "Tunnel ID " + std::to_string(r.tunnelId) + " was never assigned by " +
                                  r.dstIp + " (it assigned " + list + ")");
                }
            }
        }
        uint16_t a = 0;
        if (r.isControl && VisibleU16(r, l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", a))
        {
            announced[{r.srcIp, r.dstIp}].insert(a);
        }
    }
    return j.Done();
}

RuleVerdict
HeaderSessionId(const RuleContext& c, const Rule&)
{
    Judge j;
    // (tunnel, side) → Session IDs that side assigned so far.
    std::map<std::pair<int, int>, std::set<uint16_t>> announced;
    for (size_t i = 0; i < c.records.size(); ++i)
    {
        const L2tpRecord& r = c.records[i];
        int t = c.flows.tunnelOf[i];
        int k = c.flows.senderSide[i];
        if (r.isControl && (r.IsZlb() || !r.hasMessageType))
        {
            continue;
        }
        if (r.isControl && IsTunnelMessage(r.messageType))
        {
            j.Check();
            if (r.sessionId != 0)
            {
                j.Fail(r, "tunnel message with Session ID " + std::to_string(r.sessionId) + " (need 0)");
            }
        }
        else if (r.isControl && (r.messageType == l2tpmsg::ICRQ || r.messageType == l2tpmsg::OCRQ))
        {
            j.Check();
            if (r.sessionId != 0)
            {
                j.Fail(r, "call request with Session ID " + std::to_string(r.sessionId) +
                              " before the peer assigned one (need 0)");
            }
        }
        else if (t >= 0 && (!r.isControl || IsSessionMessage(r.messageType)))
        {
            const auto& ids = announced[{t, 1 - k}];
            int s = c.flows.sessionOf[i];
            if (r.sessionId == 0 && r.isControl)
            {
                j.Check();
                if (s >= 0)
                {
                    const SessionFlow& ss = c.flows.sessions[s];
                    if (ss.idFrame[1 - k] != 0 && ss.idFrame[1 - k] < r.frame)
                    {
                        j.Fail(r, "Session ID 0 although the peer assigned " +
                                      std::to_string(ss.id[1 - k]) + " in frame " +
                                      std::to_string(ss.idFrame[1 - k]));
                    }
                }
            }
            else if (!ids.empty() || c.flows.tunnels[t].startSeen)
            {
                j.Check();
                if (!ids.count(r.sessionId))
                {
                    j.Fail(r, "Session ID " + std::to_string(r.sessionId) +
                                  " was never assigned by the peer in this tunnel");
                }
            }
        }
        uint16_t a = 0;
        if (t >= 0 && r.isControl &&
            VisibleU16(r, l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", a))
        {
            announced[{t, k}].insert(a);
        }
    }
    return j.Done();
}

RuleVerdict
StopCcnTunnelId(const RuleContext& c, const Rule&)
{
    Judge j;
    for (size_t i = 0; i < c.records.size(); ++i)
    {
        const L2tpRecord& r = c.records[i];
        uint16_t a = 0;
        int t = c.flows.tunnelOf[i];
        if (!IsType(r, l2tpmsg::STOPCCN) || t < 0 ||
            !VisibleU16(r, l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", a))
        {
            continue;
        }
        const TunnelSide& own = c.flows.tunnels[t].side[c.flows.senderSide[i]];
        if (own.idFrame == 0 || own.idFrame >= r.frame)
        {
            continue;
        }
        j.Check();
        if (a != own.id)
        {
            j.Fail(r, "StopCCN carries Assigned Tunnel ID " + std::to_string(a) + ", but the sender assigned " +
                          std::to_string(own.id) + " in frame " + std::to_string(own.idFrame));
        }
    }
    return j.Done();
}

RuleVerdict
ChallengeResponse(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& t : c.flows.tunnels)
    {
        for (int k = 0; k < 2; ++k)
        {
            // (challenger's message, answerer's message that must carry the response)
            for (auto pair : {std::make_pair(l2tpmsg::SCCRQ, l2tpmsg::SCCRP),
                              std::make_pair(l2tpmsg::SCCRP, l2tpmsg::SCCCN)})
            {
                uint32_t challengeFrame = 0;
                for (size_t i : t.control[k])
                {
                    const L2tpRecord& r = c.flows.Rec(i);
                    if (IsType(r, pair.first) && r.Find(l2tpavp::CHALLENGE))
                    {
                        challengeFrame = r.frame;
                        break;
                    }
                }
                if (!challengeFrame)
                {
                    continue;
                }
                for (size_t i : t.control[1 - k])
                {
                    const L2tpRecord& r = c.flows.Rec(i);
                    if (!IsType(r, pair.second) || r.frame < challengeFrame)
                    {
                        continue;
                    }
                    j.Check();
                    if (!r.Find(l2tpavp::CHALLENGE_RESPONSE))
                    {
                        j.Fail(r, "no Challenge Response although a Challenge was sent in frame " +
                                      std::to_string(challengeFrame));
                    }
                }
            }
        }
    }
    return j.Done();
}

RuleVerdict
NoDataBeforeEstablished(const RuleContext& c, const Rule&)
{
    Judge j;
    for (const auto& s : c.flows.sessions)
    {
        if (!s.requestType)
        {
            continue; // the call setup was not captured
        }
        for (size_t d : s.data)
        {
            const L2tpRecord& r = c.flows.Rec(d);
            j.Check();
            if (!s.establishedFrame || r.frame < s.establishedFrame)
            {
                j.Fail(r, "data message before the session was established (" +
                              std::string(s.establishedFrame ? "ICCN/OCCN in frame " + std::to_string(s.establishedFrame)
                                                             : "no ICCN/OCCN captured") +
                              ")");
            }
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// Tables

const std::vector<AvpSpec> kAvpSpecs = {
    // §4.4.1 AVPs applicable to all control messages
    {0, "Message Type", MBitRule::MUST_BE_1, true, "4.4.1"},
    {36, "Random Vector", MBitRule::MUST_BE_1, true, "4.4.1"},
    // §4.4.2 result and error codes
    {1, "Result Code", MBitRule::MUST_BE_1, false, "4.4.2"},
    // §4.4.3 control connection management AVPs
    {2, "Protocol Version", MBitRule::MUST_BE_1, false, "4.4.3"},
    {3, "Framing Capabilities", MBitRule::MUST_BE_1, false, "4.4.3"},
    {4, "Bearer Capabilities", MBitRule::MUST_BE_1, false, "4.4.3"},
    {5, "Tie Breaker", MBitRule::MUST_BE_0, false, "4.4.3"},
    {6, "Firmware Revision", MBitRule::MUST_BE_0, false, "4.4.3"},
    {7, "Host Name", MBitRule::MUST_BE_1, false, "4.4.3"},
    {8, "Vendor Name", MBitRule::MUST_BE_0, false, "4.4.3"},
    {9, "Assigned Tunnel ID", MBitRule::MUST_BE_1, false, "4.4.3"},
    {10, "Receive Window Size", MBitRule::MUST_BE_1, false, "4.4.3"},
    {11, "Challenge", MBitRule::MUST_BE_1, false, "4.4.3"},
    {13, "Challenge Response", MBitRule::MUST_BE_1, false, "4.4.3"},
    // §4.4.4 call management AVPs
    {12, "Q.931 Cause Code", MBitRule::MUST_BE_1, false, "4.4.4"},
    {14, "Assigned Session ID", MBitRule::MUST_BE_1, false, "4.4.4"},
    {15, "Call Serial Number", MBitRule::MUST_BE_1, false, "4.4.4"},
    {16, "Minimum BPS", MBitRule::MUST_BE_1, false, "4.4.4"},
    {17, "Maximum BPS", MBitRule::MUST_BE_1, false, "4.4.4"},
    {18, "Bearer Type", MBitRule::MUST_BE_1, false, "4.4.4"},
    {19, "Framing Type", MBitRule::MUST_BE_1, false, "4.4.4"},
    {21, "Called Number", MBitRule::MUST_BE_1, false, "4.4.4"},
    {22, "Calling Number", MBitRule::MUST_BE_1, false, "4.4.4"},
    {23, "Sub-Address", MBitRule::MUST_BE_1, false, "4.4.4"},
    {24, "(Tx) Connect Speed", MBitRule::MUST_BE_1, false, "4.4.4"},
    {25, "Physical Channel ID", MBitRule::MUST_BE_0, false, "4.4.4"},
    {37, "Private Group ID", MBitRule::MUST_BE_0, false, "4.4.4"},
    {38, "Rx Connect Speed", MBitRule::MUST_BE_0, false, "4.4.4"},
    {39, "Sequencing Required", MBitRule::MUST_BE_1, false, "4.4.4"},
    // §4.4.5 proxy LCP and authentication AVPs
    {26, "Initial Received LCP CONFREQ", MBitRule::MUST_BE_0, false, "4.4.5"},
    {27, "Last Sent LCP CONFREQ", MBitRule::MUST_BE_0, false, "4.4.5"},
    {28, "Last Received LCP CONFREQ", MBitRule::MUST_BE_0, false, "4.4.5"},
    {29, "Proxy Authen Type", MBitRule::MUST_BE_0, false, "4.4.5"},
    {30, "Proxy Authen Name", MBitRule::MUST_BE_0, false, "4.4.5"},
    {31, "Proxy Authen Challenge", MBitRule::MUST_BE_0, false, "4.4.5"},
    {32, "Proxy Authen ID", MBitRule::MUST_BE_0, false, "4.4.5"},
    {33, "Proxy Authen Response", MBitRule::MUST_BE_0, false, "4.4.5"},
    // §4.4.6 call status AVPs
    {34, "Call Errors", MBitRule::MUST_BE_1, false, "4.4.6"},
    {35, "ACCM", MBitRule::MUST_BE_1, false, "4.4.6"},
};

const std::vector<MessageSpec> kMessageSpecs = {
    {l2tpmsg::SCCRQ, "SCCRQ", "6.1", {0, 2, 7, 3, 9}},
    {l2tpmsg::SCCRP, "SCCRP", "6.2", {0, 2, 3, 7, 9}},
    {l2tpmsg::SCCCN, "SCCCN", "6.3", {0}},
    {l2tpmsg::STOPCCN, "StopCCN", "6.4", {0, 9, 1}},
    {l2tpmsg::HELLO, "HELLO", "6.5", {0}},
    {l2tpmsg::ICRQ, "ICRQ", "6.6", {0, 14, 15}},
    {l2tpmsg::ICRP, "ICRP", "6.7", {0, 14}},
    {l2tpmsg::ICCN, "ICCN", "6.8", {0, 24, 19}},
    {l2tpmsg::OCRQ, "OCRQ", "6.9", {0, 14, 15, 16, 17, 18, 19, 21}},
    {l2tpmsg::OCRP, "OCRP", "6.10", {0, 14}},
    {l2tpmsg::OCCN, "OCCN", "6.11", {0, 24, 19}},
    {l2tpmsg::CDN, "CDN", "6.12", {0, 1, 14}},
    {l2tpmsg::WEN, "WEN", "6.13", {0, 34}},
    {l2tpmsg::SLI, "SLI", "6.14", {0, 35}},
};

using L = RuleLevel;
using S = RuleScope;

const std::vector<Rule> kL2tpRules = {
    // §3.1 header
    {"RFC2661-3.1-control-header-bits", "RFC 2661", "3.1",
     "Control messages have the T, L and S bits set to 1 and the O and P bits set to 0.", L::MUST,
     S::PACKET, &ControlHeaderBits, 0},
    {"RFC2661-3.1-version", "RFC 2661", "3.1",
     "The Ver field of an L2TP (v2) message is 2.", L::MUST, S::PACKET, &VersionTwo, 0},
    {"RFC2661-3.1-reserved-bits", "RFC 2661", "3.1",
     "Reserved header bits are 0 on outgoing messages.", L::MUST, S::PACKET, &HeaderReservedBits, 0},
    {"RFC2661-3.1-well-formed", "RFC 2661", "3.1, 4.1",
     "A control message is well formed: its Length and every AVP Length fit the datagram (tshark "
     "reports no malformed packet and no expert error).",
     L::MUST, S::PACKET, &WellFormed, 0},
    // §4.1 AVP format
    {"RFC2661-4.1-avp-length", "RFC 2661", "4.1",
     "The AVP Length covers the 6-octet AVP header, so it is at least 6, and it does not run past "
     "the message.",
     L::MUST, S::PACKET, &AvpLength, 0},
    {"RFC2661-4.1-avp-reserved-bits", "RFC 2661", "4.1", "AVP reserved bits are set to 0.", L::MUST,
     S::PACKET, &AvpReservedBits, 0},
    // §4.3 hiding
    {"RFC2661-4.3-random-vector-precedes-hidden", "RFC 2661", "4.3",
     "If any AVP of a message is hidden, a Random Vector AVP is present and precedes the first "
     "hidden AVP.",
     L::MUST, S::PACKET, &RandomVectorPrecedesHidden, 0},
    // §4.4 AVPs
    {"RFC2661-4.4-m-bit", "RFC 2661", "4.4",
     "Each AVP defined by RFC 2661 carries the M bit its definition prescribes (1 for e.g. Message "
     "Type, Host Name, Assigned Tunnel ID; 0 for e.g. Tie Breaker, Firmware Revision, Vendor Name).",
     L::MUST, S::PACKET, &AvpMBit, 0},
    {"RFC2661-4.4.1-message-type-first", "RFC 2661", "4.4.1",
     "The Message Type AVP is the first AVP of a control message, right after the header.", L::MUST,
     S::PACKET, &MessageTypeFirst, 0},
    {"RFC2661-4.4.1-message-type-flags", "RFC 2661", "4.4.1",
     "The Message Type AVP has the M bit set to 1 and is not hidden (H bit 0).", L::MUST, S::PACKET,
     &AvpMandatoryNotHidden, l2tpavp::MESSAGE_TYPE},
    {"RFC2661-4.4.1-random-vector-flags", "RFC 2661", "4.4.1",
     "The Random Vector AVP has the M bit set to 1 and is never hidden (H bit 0).", L::MUST,
     S::PACKET, &AvpMandatoryNotHidden, l2tpavp::RANDOM_VECTOR},
    {"RFC2661-4.4.3-protocol-version-value", "RFC 2661", "4.4.3",
     "The Protocol Version AVP carries version 1, revision 0.", L::MUST, S::PACKET,
     &ProtocolVersionValue, 0},
    {"RFC2661-4.4.3-host-name-length", "RFC 2661", "4.4.3",
     "The Host Name is at least one octet long.", L::MUST, S::PACKET, &HostNameLength, 0},
    {"RFC2661-4.4.3-sccrq-tunnel-id-zero", "RFC 2661", "4.4.3",
     "Before the peer's Assigned Tunnel ID is known, the header Tunnel ID is 0: an SCCRQ carries "
     "Tunnel ID 0 (and Session ID 0).",
     L::MUST, S::PACKET, &SccrqTunnelIdZero, 0},
    {"RFC2661-5.3-assigned-ids-nonzero", "RFC 2661", "5.3",
     "0 is never used as an Assigned Tunnel ID or Assigned Session ID.", L::MUST_NOT, S::PACKET,
     &AssignedIdsNonZero, 0},
    // §6 required AVPs per message
    {"RFC2661-6.1-sccrq-required-avps", "RFC 2661", "6.1",
     "An SCCRQ carries Message Type, Protocol Version, Host Name, Framing Capabilities and Assigned "
     "Tunnel ID.",
     L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::SCCRQ},
    {"RFC2661-6.2-sccrp-required-avps", "RFC 2661", "6.2",
     "An SCCRP carries Message Type, Protocol Version, Framing Capabilities, Host Name and Assigned "
     "Tunnel ID.",
     L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::SCCRP},
    {"RFC2661-6.4-stopccn-required-avps", "RFC 2661", "6.4",
     "A StopCCN carries Message Type, Assigned Tunnel ID and Result Code.", L::MUST, S::PACKET,
     &RequiredAvps, l2tpmsg::STOPCCN},
    {"RFC2661-6.6-icrq-required-avps", "RFC 2661", "6.6",
     "An ICRQ carries Message Type, Assigned Session ID and Call Serial Number.", L::MUST, S::PACKET,
     &RequiredAvps, l2tpmsg::ICRQ},
    {"RFC2661-6.7-icrp-required-avps", "RFC 2661", "6.7",
     "An ICRP carries Message Type and Assigned Session ID.", L::MUST, S::PACKET, &RequiredAvps,
     l2tpmsg::ICRP},
    {"RFC2661-6.8-iccn-required-avps", "RFC 2661", "6.8",
     "An ICCN carries Message Type, (Tx) Connect Speed and Framing Type.", L::MUST, S::PACKET,
     &RequiredAvps, l2tpmsg::ICCN},
    {"RFC2661-6.9-ocrq-required-avps", "RFC 2661", "6.9",
     "An OCRQ carries Message Type, Assigned Session ID, Call Serial Number, Minimum BPS, Maximum "
     "BPS, Bearer Type, Framing Type and Called Number.",
     L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::OCRQ},
    {"RFC2661-6.10-ocrp-required-avps", "RFC 2661", "6.10",
     "An OCRP carries Message Type and Assigned Session ID.", L::MUST, S::PACKET, &RequiredAvps,
     l2tpmsg::OCRP},
    {"RFC2661-6.11-occn-required-avps", "RFC 2661", "6.11",
     "An OCCN carries Message Type, (Tx) Connect Speed and Framing Type.", L::MUST, S::PACKET,
     &RequiredAvps, l2tpmsg::OCCN},
    {"RFC2661-6.12-cdn-required-avps", "RFC 2661", "6.12",
     "A CDN carries Message Type, Result Code and Assigned Session ID.", L::MUST, S::PACKET,
     &RequiredAvps, l2tpmsg::CDN},
    {"RFC2661-6.13-wen-required-avps", "RFC 2661", "6.13",
     "A WEN carries Message Type and Call Errors.", L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::WEN},
    {"RFC2661-6.14-sli-required-avps", "RFC 2661", "6.14",
     "An SLI carries Message Type and ACCM.", L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::SLI},
    // §5.8 reliable delivery
    {"RFC2661-5.8-ns-increments", "RFC 2661", "5.8",
     "Ns starts at 0 and increases by one (modulo 2^16) for each new non-ZLB control message of a "
     "direction of a control connection; a retransmission repeats the Ns of the original.",
     L::MUST, S::FLOW, &NsIncrements, 0},
    {"RFC2661-5.8-zlb-ns", "RFC 2661", "5.8",
     "A ZLB carries the next Ns to be sent and does not increment it.", L::MUST, S::FLOW, &ZlbNs, 0},
    {"RFC2661-5.8-nr-valid", "RFC 2661", "5.8",
     "Nr is the next Ns expected from the peer: it never acknowledges a message the peer has not "
     "sent and never goes backwards.",
     L::MUST, S::FLOW, &NrValid, 0},
    {"RFC2661-5.8-control-acked", "RFC 2661", "5.8",
     "Every control message (other than a ZLB) is acknowledged by the peer, by piggy-backed Nr or by "
     "a ZLB (HELLO has its own rule).",
     L::MUST, S::FLOW, &Acknowledged, 0},
    {"RFC2661-6.5-hello-acked", "RFC 2661", "6.5, 5.8",
     "A HELLO, like any control message, is acknowledged by the peer (keepalive).", L::MUST,
     S::FLOW, &Acknowledged, l2tpmsg::HELLO},
    {"RFC2661-5.8-retransmit-backoff", "RFC 2661", "5.8",
     "Each subsequent retransmission of a message uses an exponentially growing interval; the cap on "
     "the interval is no less than 8 seconds.",
     L::MUST, S::FLOW, &RetransmitBackoff, 0},
    {"RFC2661-5.8-initial-retransmit-timeout", "RFC 2661", "5.8",
     "The first retransmission comes no sooner than the recommended initial timeout of 1 second.",
     L::SHOULD, S::FLOW, &InitialTimeout, 0},
    // §4.4.3 / §4.4.4 identifiers
    {"RFC2661-4.4.3-header-tunnel-id", "RFC 2661", "4.4.3",
     "Once the peer's Assigned Tunnel ID is received, it is placed in the Tunnel ID header field of "
     "every control and data message sent on that tunnel (e.g. SCCRP and SCCCN use the peer's ID).",
     L::MUST, S::TUNNEL, &HeaderTunnelId, 0},
    {"RFC2661-4.4.4-header-session-id", "RFC 2661", "4.4.4",
     "Session messages carry the peer's Assigned Session ID in the Session ID header field once it is "
     "received, 0 before that; tunnel messages carry Session ID 0.",
     L::MUST, S::SESSION, &HeaderSessionId, 0},
    {"RFC2661-4.4.3-stopccn-tunnel-id", "RFC 2661", "4.4.3",
     "The Assigned Tunnel ID AVP in a StopCCN is the same as the one first sent to the peer.",
     L::MUST, S::TUNNEL, &StopCcnTunnelId, 0},
    {"RFC2661-4.4.3-challenge-response", "RFC 2661", "4.4.3, 5.1.1",
     "An SCCRP (SCCCN) carries a Challenge Response AVP if a Challenge was received in the SCCRQ "
     "(SCCRP).",
     L::MUST, S::TUNNEL, &ChallengeResponse, 0},
    {"RFC2661-7.4-no-data-before-established", "RFC 2661", "7.4.1, 7.5.1",
     "No data message is sent for a session before it is established (ICCN/OCCN), per the session "
     "state machines.",
     L::MUST_NOT, S::SESSION, &NoDataBeforeEstablished, 0},
};

char
Fold(char ch)
{
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return ch == '/' ? '-' : ch;
}

bool
GlobAt(const std::string& g, size_t gi, const std::string& s, size_t si)
{
    while (gi < g.size())
    {
        if (g[gi] == '*')
        {
            for (size_t k = si; k <= s.size(); ++k)
            {
                if (GlobAt(g, gi + 1, s, k))
                {
                    return true;
                }
            }
            return false;
        }
        if (si >= s.size() || (g[gi] != '?' && Fold(g[gi]) != Fold(s[si])))
        {
            return false;
        }
        ++gi;
        ++si;
    }
    return si == s.size();
}

} // namespace

std::string
ToString(RuleLevel l)
{
    switch (l)
    {
    case RuleLevel::MUST:
        return "MUST";
    case RuleLevel::MUST_NOT:
        return "MUST NOT";
    case RuleLevel::SHOULD:
        return "SHOULD";
    }
    return "?";
}

std::string
ToString(RuleScope s)
{
    switch (s)
    {
    case RuleScope::PACKET:
        return "PACKET";
    case RuleScope::FLOW:
        return "FLOW";
    case RuleScope::TUNNEL:
        return "TUNNEL";
    case RuleScope::SESSION:
        return "SESSION";
    case RuleScope::LINK:
        return "LINK";
    case RuleScope::SA:
        return "SA";
    }
    return "?";
}

std::string
ToString(Verdict v)
{
    switch (v)
    {
    case Verdict::PASS:
        return "PASS";
    case Verdict::FAIL:
        return "FAIL";
    case Verdict::NOT_APPLICABLE:
        return "NOT_APPLICABLE";
    }
    return "?";
}

const std::vector<Rule>&
GetL2tpRules()
{
    return kL2tpRules;
}

const std::vector<RuleFamily>&
GetRuleFamilies()
{
    static const std::vector<RuleFamily> kFamilies = {
        {"RFC 2661", &GetL2tpRules()},
        {"PPP", &GetPppRules()},
        {"IPsec", &GetIpsecRules()},
    };
    return kFamilies;
}

const std::vector<Rule>&
GetRuleCatalog()
{
    static const std::vector<Rule> kAll = [] {
        std::vector<Rule> all;
        for (const RuleFamily& f : GetRuleFamilies())
        {
            all.insert(all.end(), f.rules->begin(), f.rules->end());
        }
        return all;
    }();
    return kAll;
}

const std::vector<PppRecord>&
NoPppRecords()
{
    static const std::vector<PppRecord> kNone;
    return kNone;
}

const std::vector<EspRecord>&
NoEspRecords()
{
    static const std::vector<EspRecord> kNone;
    return kNone;
}

const std::vector<IkeRecord>&
NoIkeRecords()
{
    static const std::vector<IkeRecord> kNone;
    return kNone;
}

const std::vector<NattRecord>&
NoNattRecords()
{
    static const std::vector<NattRecord> kNone;
    return kNone;
}

void
RuleJudge::Fail(uint32_t frame, const std::string& why)
{
    m_frames.push_back(frame);
    if (m_details.size() < kMaxDetails)
    {
        m_details.push_back("frame " + std::to_string(frame) + ": " + why);
    }
    else
    {
        ++m_dropped;
    }
}

RuleVerdict
RuleJudge::Done() const
{
    RuleVerdict v;
    v.checked = m_checked;
    std::set<uint32_t> frames(m_frames.begin(), m_frames.end());
    v.failingFrames.assign(frames.begin(), frames.end());
    v.verdict = !frames.empty() ? Verdict::FAIL
                                : (m_checked ? Verdict::PASS : Verdict::NOT_APPLICABLE);
    for (size_t i = 0; i < m_details.size(); ++i)
    {
        v.detail += (i ? "; " : "") + m_details[i];
    }
    if (m_dropped)
    {
        v.detail += "; ... and " + std::to_string(m_dropped) + " more";
    }
    return v;
}

const std::vector<AvpSpec>&
GetAvpSpecs()
{
    return kAvpSpecs;
}

const AvpSpec*
FindAvpSpec(uint16_t type)
{
    for (const auto& a : kAvpSpecs)
    {
        if (a.type == type)
        {
            return &a;
        }
    }
    return nullptr;
}

const std::vector<MessageSpec>&
GetMessageSpecs()
{
    return kMessageSpecs;
}

const MessageSpec*
FindMessageSpec(uint16_t type)
{
    for (const auto& m : kMessageSpecs)
    {
        if (m.type == type)
        {
            return &m;
        }
    }
    return nullptr;
}

bool
RuleGlobMatch(const std::string& glob, const std::string& id)
{
    return GlobAt(glob, 0, id, 0);
}

std::vector<const Rule*>
SelectRules(const std::vector<std::string>& globs, std::vector<std::string>* unmatched)
{
    std::vector<const Rule*> out;
    std::vector<bool> used(globs.size(), false);
    for (const auto& r : GetRuleCatalog())
    {
        bool take = globs.empty();
        for (size_t g = 0; g < globs.size(); ++g)
        {
            if (RuleGlobMatch(globs[g], r.id))
            {
                take = true;
                used[g] = true;
            }
        }
        if (take)
        {
            out.push_back(&r);
        }
    }
    if (unmatched)
    {
        unmatched->clear();
        for (size_t g = 0; g < globs.size(); ++g)
        {
            if (!used[g])
            {
                unmatched->push_back(globs[g]);
            }
        }
    }
    return out;
}

RuleVerdict
EvaluateRule(const Rule& rule, const RuleContext& ctx)
{
    return rule.predicate(ctx, rule);
}

} // namespace ns3
