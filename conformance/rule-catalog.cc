#include "conformance/rule-catalog.h"

#include "model/common/seq16.h"
#include "model/l2tp/l2tp-message-spec.h"
#include "model/common/text.h"

#include <algorithm>
#include <array>
#include <arpa/inet.h>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

namespace ns3
{

namespace
{

constexpr TimeNs kBackoffCap = 8 * kSec;     //!< §5.8: the cap is no less than 8 s
constexpr TimeNs kInitialTimeout = 1 * kSec; //!< §5.8: recommended initial timeout
constexpr double kBackoffGrowth = 1.5; //!< lenient "exponential": each interval ≥ 1.5 × previous
constexpr TimeNs kTimerSlack = 20 * kMs; //!< scheduling jitter allowed on timers
/** A receiver reacts to a message that arrived at its interface within this (its own queues). */
constexpr TimeNs kReceiverReaction = 1 * kSec;
/**
 * Copies of one message within this of the first copy of a group are one transmission event: a
 * backlog released at once by a device or ARP queue before the capture point (l2tp-many-clients,
 * 200 hosts on one CSMA segment, shows such copies up to 18 ms apart).
 */
constexpr TimeNs kSameEvent = 50 * kMs;
constexpr uint16_t kDefaultWindow = 4; //!< §4.4.3: Receive Window Size when the AVP is absent

bool
IsType(const L2tpRecord& r, uint16_t mt)
{
    return r.isControl && r.hasMessageType && r.messageType == mt;
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
    return mt == l2tpmsg::ICRQ || mt == l2tpmsg::ICRP || mt == l2tpmsg::ICCN ||
           mt == l2tpmsg::OCRQ || mt == l2tpmsg::OCRP || mt == l2tpmsg::OCCN ||
           mt == l2tpmsg::CDN || mt == l2tpmsg::WEN || mt == l2tpmsg::SLI;
}

// ---------------------------------------------------------------------------------------------
// PACKET predicates

RuleVerdict
ControlHeaderBits(const RuleContext& c, const Rule&)
{
    RuleJudge j;
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

/** Data messages summarised in their sessions (l2tp-flows.h): each one passed these rules. */
uint32_t
Summarized(const RuleContext& c)
{
    return static_cast<uint32_t>(c.flows.summarizedData);
}

RuleVerdict
VersionTwo(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    j.Check(Summarized(c));
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

/**
 * §3.1: Length is the total length of the message in octets. Judged against the UDP Length of the
 * datagram (UDP Length - 8 octets of UDP header): tshark stops at Length, so AVPs (or a PPP
 * payload) beyond a short Length would be silently invisible to every other rule.
 */
RuleVerdict
LengthField(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    j.Check(static_cast<uint32_t>(c.flows.summarizedLength));
    for (const auto& r : c.records)
    {
        if (!r.hasLength || r.udpLength < 8)
        {
            continue;
        }
        j.Check();
        const uint32_t message = r.udpLength - 8u;
        if (r.length < message)
        {
            j.Fail(r, "Length " + std::to_string(r.length) + " is shorter than the message (" +
                          std::to_string(message) + " octets in the datagram): " +
                          std::to_string(message - r.length) + " octets of " +
                          (r.isControl ? "AVPs" : "payload") + " follow outside it");
        }
        else if (r.length > message)
        {
            j.Fail(r, "Length " + std::to_string(r.length) + " runs past the datagram (" +
                          std::to_string(message) + " octets)");
        }
    }
    return j.Done();
}

/** §4.4.2: a Result Code AVP is 8 octets (no Error Code), or at least 10 (Error Code [+ message]).
 */
RuleVerdict
ResultCodeLength(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            if (!a.IsIetf(l2tpavp::RESULT_CODE))
            {
                continue;
            }
            j.Check();
            if (a.length != 8 && a.length < 10)
            {
                j.Fail(r, "Result Code AVP Length " + std::to_string(a.length) +
                              " (8 without an Error Code, 10 or more with one)");
            }
        }
    }
    return j.Done();
}

RuleVerdict
HeaderReservedBits(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    j.Check(Summarized(c));
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
    RuleJudge j;
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
    RuleJudge j;
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
    RuleJudge j;
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
                j.Fail(r, std::string(FindAvpSpec(rule.param)->name) +
                              " AVP has M=" + (a.mandatory ? "1" : "0") +
                              " H=" + (a.hidden ? "1" : "0") + " (need M=1 H=0)");
            }
        }
    }
    return j.Done();
}

RuleVerdict
AvpLength(const RuleContext& c, const Rule&)
{
    RuleJudge j;
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
            if (e.find("AVP length") != std::string::npos ||
                e.find("AVP Length") != std::string::npos)
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
    RuleJudge j;
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
    RuleJudge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            if (!a.typeKnown || a.vendor != 0)
            {
                continue;
            }
            const AvpSpec* s = FindAvpSpec(a.type);
            if (!s || s->mBit == L2tpMBitRule::MAY)
            {
                continue;
            }
            j.Check();
            bool want = s->mBit == L2tpMBitRule::MUST_SET;
            if (a.mandatory != want)
            {
                j.Fail(r, std::string(s->name) + " AVP has M=" + (a.mandatory ? "1" : "0") +
                              ", RFC 2661 §" + s->section + " requires M=" + (want ? "1" : "0"));
            }
        }
    }
    return j.Done();
}

/**
 * The H-bit rule, driven by the never-hidden column of the model's AVP table (L2tpHideRule): an AVP
 * whose §4.4.x definition says "This AVP MUST NOT be hidden (the H-bit MUST be 0)" carries H=0.
 */
RuleVerdict
AvpHBit(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const auto& r : c.records)
    {
        for (const auto& a : r.avps)
        {
            const AvpSpec* s = a.typeKnown && a.vendor == 0 ? FindAvpSpec(a.type) : nullptr;
            if (!s || s->hide != L2tpHideRule::NEVER_HIDE)
            {
                continue;
            }
            j.Check();
            if (a.hidden)
            {
                j.Fail(r, std::string(s->name) + " AVP is hidden (H=1); RFC 2661 §" + s->section +
                              ": it MUST NOT be hidden");
            }
        }
    }
    return j.Done();
}

RuleVerdict
RandomVectorPrecedesHidden(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const auto& r : c.records)
    {
        auto firstHidden = std::find_if(r.avps.begin(), r.avps.end(),
                                        [](const AvpRecord& a)
                                        {
                                            return a.hidden;
                                        });
        if (firstHidden == r.avps.end())
        {
            continue;
        }
        j.Check();
        bool rv = std::any_of(r.avps.begin(), firstHidden,
                              [](const AvpRecord& a)
                              {
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
    RuleJudge j;
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
    RuleJudge j;
    for (const auto& r : c.records)
    {
        uint16_t v = 0;
        if (r.GetU16(l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", v))
        {
            j.Check();
            if (v == 0)
            {
                j.Fail(r, "Assigned Tunnel ID is 0");
            }
        }
        if (r.GetU16(l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", v))
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
    RuleJudge j;
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
    RuleJudge j;
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
    RuleJudge j;
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

/** Is this an SCCRQ or SCCRP (the first new message of its direction, Ns 0 by §5.8)? */
bool
IsStartMessage(const L2tpRecord& r)
{
    return IsType(r, l2tpmsg::SCCRQ) || IsType(r, l2tpmsg::SCCRP);
}

/**
 * Receive Window Size that `side` announced in its SCCRQ/SCCRP: the AVP value, kDefaultWindow if
 * the captured SCCRQ/SCCRP has none (§4.4.3); 0 if unknown (not captured, hidden, or 0).
 */
uint16_t
AnnouncedWindow(const RuleContext& c, const TunnelFlow& t, int side)
{
    for (size_t i : t.control[side])
    {
        const L2tpRecord& r = c.flows.Rec(i);
        if (!IsStartMessage(r))
        {
            continue;
        }
        if (!r.Find(l2tpavp::RECEIVE_WINDOW_SIZE))
        {
            return kDefaultWindow;
        }
        uint16_t w = 0;
        r.GetU16(l2tpavp::RECEIVE_WINDOW_SIZE, "l2tp.avp.receive_window_size", w);
        return w;
    }
    return 0;
}

/**
 * Highest Nr that `side` sent before `frame`: an upper bound of what the other side can know to be
 * acknowledged then (every acknowledgement it got passed the capture point first). 0 if `side` sent
 * nothing yet and the tunnel start was captured; false if unknown.
 */
bool
AckedBefore(const RuleContext& c, const TunnelFlow& t, int side, uint32_t frame, uint16_t& nr)
{
    bool known = false;
    for (size_t i : t.control[side])
    {
        const L2tpRecord& r = c.flows.Rec(i);
        if (r.frame >= frame)
        {
            break;
        }
        if (r.hasSequence && (!known || Seq16Less(nr, r.nr)))
        {
            nr = r.nr;
            known = true;
        }
    }
    if (!known && t.startSeen)
    {
        nr = 0;
        known = true;
    }
    return known;
}

/**
 * The most Ns values a sender may have outstanding towards `receiver`: its announced window, but
 * never less than the default 4 a sender may assume before it learns the window. 0 if unknown.
 */
uint16_t
SenderWindowBound(const RuleContext& c, const TunnelFlow& t, int receiver)
{
    uint16_t w = AnnouncedWindow(c, t, receiver);
    return w ? std::max(w, kDefaultWindow) : 0;
}

/**
 * §5.8, provable at the capture point: the peer's Nr n says it received, in order, every Ns below
 * n. A message reaches the peer only by passing the capture point, so an Ns below n that the
 * capture never showed before that Nr was never sent: if the sender had already sent a new message
 * with a higher Ns, it skipped that value (a correct receiver would not acknowledge past the gap,
 * so the receiver's Nr is then wrong too; the skip is the first fault). Judged from the sender's
 * first Ns (0 when its SCCRQ/SCCRP was captured, else the lowest Ns seen), gaps up to 256 values.
 */
void
ProvenSkips(const RuleContext& c, const TunnelFlow& t, int k, RuleJudge& j)
{
    std::map<uint16_t, uint32_t> firstSeen; // Ns -> frame of its first transmission
    bool startSeen = false;
    for (size_t i : t.control[k])
    {
        const L2tpRecord& r = c.flows.Rec(i);
        if (!r.IsZlb() && r.hasSequence && !firstSeen.count(r.ns))
        {
            firstSeen[r.ns] = r.frame;
            startSeen = startSeen || (IsStartMessage(r) && r.ns == 0);
        }
    }
    if (firstSeen.empty())
    {
        return;
    }
    // The sender's first new message: Ns below it were sent before the capture (unless its
    // SCCRQ/SCCRP was captured, then the first Ns is 0).
    const L2tpRecord* first = nullptr;
    for (size_t i : t.control[k])
    {
        const L2tpRecord& r = c.flows.Rec(i);
        if (!r.IsZlb() && r.hasSequence)
        {
            first = &r;
            break;
        }
    }
    uint16_t next = startSeen ? 0 : first->ns; // lowest Ns not yet proven delivered
    for (size_t i : t.control[1 - k])
    {
        const L2tpRecord& ack = c.flows.Rec(i);
        if (!ack.hasSequence || ack.frame <= first->frame || !Seq16Less(next, ack.nr) ||
            Seq16Distance(next, ack.nr) > 256)
        {
            continue; // nothing newly acknowledged (or an Nr nr-valid judges)
        }
        for (uint16_t v = next; v != ack.nr; ++v)
        {
            auto seen = firstSeen.find(v);
            if (seen != firstSeen.end() && seen->second < ack.frame)
            {
                continue;
            }
            // The first new message sent with a higher Ns before the acknowledgement skipped v.
            uint32_t skipperFrame = 0;
            for (const auto& [ns, frame] : firstSeen)
            {
                if (frame < ack.frame && Seq16Less(v, ns) &&
                    (!skipperFrame || frame < skipperFrame))
                {
                    skipperFrame = frame;
                }
            }
            for (size_t m : t.control[k])
            {
                const L2tpRecord& r = c.flows.Rec(m);
                if (skipperFrame && r.frame == skipperFrame)
                {
                    j.Fail(r, "Ns " + std::to_string(v) + " was skipped: the peer's Nr " +
                                  std::to_string(ack.nr) + " (frame " + std::to_string(ack.frame) +
                                  ") acknowledges it, yet no message with that Ns passed the "
                                  "capture point before");
                    break;
                }
            }
        }
        next = ack.nr;
    }
}

RuleVerdict
NsIncrements(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    ForEachDirection(
        c,
        [&](const TunnelFlow& t, int k)
        {
            uint16_t window = SenderWindowBound(c, t, 1 - k);
            std::map<uint16_t, uint16_t> sent; // Ns → message type of its first seen transmission
            for (size_t i : t.control[k])
            {
                const L2tpRecord& r = c.flows.Rec(i);
                if (r.IsZlb() || !r.hasSequence)
                {
                    continue;
                }
                j.Check();
                if (IsStartMessage(r) && r.ns != 0)
                {
                    j.Fail(r, "the first message of a direction of a control connection has Ns " +
                                  std::to_string(r.ns) + " (need 0)");
                }
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
                sent[r.ns] = r.messageType;
                sent.erase(static_cast<uint16_t>(r.ns - 0x8000)); // keep half the space only
                // A new Ns may skip values (messages lost before the capture point, retransmitted
                // later or never), but every skipped message is unacknowledged, so the skip is
                // bounded by the receiver's window counted from the last acknowledgement the
                // capture shows.
                uint16_t acked = 0;
                if (window && !IsStartMessage(r) && AckedBefore(c, t, 1 - k, r.frame, acked) &&
                    Seq16LessEq(acked, r.ns) && Seq16Distance(acked, r.ns) >= window)
                {
                    j.Fail(r, "new message with Ns " + std::to_string(r.ns) +
                                  ", but the peer had acknowledged only up to Nr " +
                                  std::to_string(acked) + " and at most " + std::to_string(window) +
                                  " messages may be outstanding (receive window): Ns values were "
                                  "skipped, which no loss before the capture point explains");
                }
            }
            ProvenSkips(c, t, k, j);
        });
    return j.Done();
}

RuleVerdict
ZlbNs(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    ForEachDirection(
        c,
        [&](const TunnelFlow& t, int k)
        {
            uint16_t window = SenderWindowBound(c, t, 1 - k);
            bool lowKnown = false;
            uint16_t low = 0;      // the next Ns is at least this
            uint32_t lowFrame = 0; // where that was shown
            for (size_t i : t.control[k])
            {
                const L2tpRecord& r = c.flows.Rec(i);
                if (!r.hasSequence)
                {
                    continue;
                }
                if (!r.IsZlb())
                {
                    uint16_t n = static_cast<uint16_t>(r.ns + 1);
                    if (!lowKnown || Seq16Less(low, n))
                    {
                        low = n;
                        lowFrame = r.frame;
                        lowKnown = true;
                    }
                    continue;
                }
                bool judged = false;
                if (lowKnown)
                {
                    judged = true;
                    if (Seq16Less(r.ns, low))
                    {
                        j.Fail(r, "ZLB has Ns " + std::to_string(r.ns) + ", but frame " +
                                      std::to_string(lowFrame) +
                                      " already showed the next Ns to be at least " +
                                      std::to_string(low) +
                                      " (a ZLB carries the next Ns; Ns never goes back)");
                    }
                }
                uint16_t acked = 0;
                if (window && AckedBefore(c, t, 1 - k, r.frame, acked))
                {
                    judged = true;
                    uint16_t most = static_cast<uint16_t>(acked + window);
                    if (Seq16Less(most, r.ns))
                    {
                        j.Fail(r, "ZLB has Ns " + std::to_string(r.ns) +
                                      ", but with the peer's last acknowledgement Nr " +
                                      std::to_string(acked) + " and at most " +
                                      std::to_string(window) +
                                      " messages outstanding the next Ns is at most " +
                                      std::to_string(most) +
                                      " (a ZLB does not consume a sequence number)");
                    }
                }
                if (judged)
                {
                    j.Check();
                }
                if (!lowKnown || Seq16Less(low, r.ns))
                {
                    low = r.ns;
                    lowFrame = r.frame;
                    lowKnown = true;
                }
            }
        });
    return j.Done();
}

/** Next Ns the given side would send, judged from its new messages before `frame`; false if none.
 */
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
    RuleJudge j;
    ForEachDirection(
        c,
        [&](const TunnelFlow& t, int k)
        {
            bool haveLast = false;
            uint16_t lastNr = 0;
            // Nr of the first transmission of each message (Ns, type). A retransmission is judged
            // here for acknowledging unsent messages and for going below its first Nr; whether
            // its Nr was updated is RFC2661-5.8-retransmit-nr-updated (one fault, one verdict).
            std::map<std::pair<uint16_t, uint16_t>, uint16_t> firstNr;
            for (size_t i : t.control[k])
            {
                const L2tpRecord& r = c.flows.Rec(i);
                if (!r.hasSequence)
                {
                    continue;
                }
                const std::pair<uint16_t, uint16_t> key{r.ns, r.messageType};
                auto orig = r.IsZlb() ? firstNr.end() : firstNr.find(key);
                if (orig != firstNr.end())
                {
                    // A retransmission: judged for acknowledging unsent messages, and for an Nr
                    // below the one its first transmission carried; not against later messages.
                    j.Check();
                    uint16_t peerNext = 0;
                    if (PeerNext(c, t, 1 - k, r.frame, peerNext) && Seq16Less(peerNext, r.nr))
                    {
                        j.Fail(r, "Nr " + std::to_string(r.nr) +
                                      " acknowledges messages never sent (peer's next Ns is " +
                                      std::to_string(peerNext) + ")");
                    }
                    else if (Seq16Less(r.nr, orig->second))
                    {
                        j.Fail(r, "retransmission with Nr " + std::to_string(r.nr) +
                                      ", below the Nr " + std::to_string(orig->second) +
                                      " of its first transmission");
                    }
                    continue;
                }
                if (!r.IsZlb())
                {
                    firstNr[key] = r.nr;
                }
                uint16_t peerNext = 0;
                bool judged = false;
                if (PeerNext(c, t, 1 - k, r.frame, peerNext))
                {
                    judged = true;
                    if (Seq16Less(peerNext, r.nr))
                    {
                        j.Fail(r, "Nr " + std::to_string(r.nr) +
                                      " acknowledges messages never sent (peer's next Ns is " +
                                      std::to_string(peerNext) + ")");
                    }
                }
                else if (t.startSeen && !t.control[1 - k].empty() &&
                         c.flows.Rec(t.control[1 - k].front()).frame > r.frame)
                {
                    judged = true; // the peer has sent nothing yet: nothing to acknowledge
                    if (r.nr != 0)
                    {
                        j.Fail(r, "Nr " + std::to_string(r.nr) +
                                      " before the peer sent anything (need 0)");
                    }
                }
                if (haveLast)
                {
                    judged = true;
                    if (Seq16Less(r.nr, lastNr))
                    {
                        j.Fail(r, "Nr went back from " + std::to_string(lastNr) + " to " +
                                      std::to_string(r.nr));
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

/**
 * §5.8: "The retransmitted message contains the same Ns value, but the Nr value MUST be updated
 * with the sequence number of the next expected message." Provable at any capture point: once a
 * sender has acknowledged up to Nr = b (in any message or ZLB), the next message it expects is at
 * least b, so a later retransmission carrying an Nr below b was not updated.
 */
RuleVerdict
RetransmitNrUpdated(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    ForEachDirection(
        c,
        [&](const TunnelFlow& t, int k)
        {
            bool haveBest = false;
            uint16_t bestNr = 0;
            uint64_t bestFrame = 0;
            std::set<std::pair<uint16_t, uint16_t>> sent; // (Ns, type) of messages seen
            for (size_t i : t.control[k])
            {
                const L2tpRecord& r = c.flows.Rec(i);
                if (!r.hasSequence)
                {
                    continue;
                }
                const std::pair<uint16_t, uint16_t> key{r.ns, r.messageType};
                if (!r.IsZlb() && !sent.insert(key).second)
                {
                    j.Check(); // a retransmission
                    if (haveBest && Seq16Less(r.nr, bestNr))
                    {
                        j.Fail(r, "retransmission of Ns " + std::to_string(r.ns) + " carries Nr " +
                                      std::to_string(r.nr) + ", but its sender had acknowledged " +
                                      "up to Nr " + std::to_string(bestNr) + " in frame " +
                                      std::to_string(bestFrame) +
                                      " (the Nr was not updated to the next expected message)");
                    }
                }
                if (!haveBest || Seq16Less(bestNr, r.nr))
                {
                    haveBest = true;
                    bestNr = r.nr;
                    bestFrame = r.frame;
                }
            }
        });
    return j.Done();
}

/**
 * Proof that the receiver side `rx` delivered (processed in order) the other side's messages up to
 * and including Ns n, the highest Nr rx ever sent being e (so Ns e..n are unacknowledged).
 */
struct DeliveryProof
{
    bool proven{false};
    const L2tpRecord* culprit{nullptr}; //!< rx message sent after delivery without acknowledging n
    std::string how;                    //!< why delivery is proven (fail detail)
    std::string whyNot;                 //!< why it is not (not-judged note)
};

/** Message types whose Assigned Tunnel/Session ID AVP the peer then uses in its headers. */
bool
AnnouncesIds(const L2tpRecord& r)
{
    return r.isControl && !r.IsZlb();
}

/**
 * Processing proof: an rx control message uses in its header an ID (Assigned Tunnel ID or Assigned
 * Session ID) that the sender announced only in messages with Ns ≥ n, so rx had processed such a
 * message, hence (in-order delivery) Ns n, before it built that message.
 */
void
ProveByIds(const RuleContext& c, const TunnelFlow& t, int tx, uint16_t n, DeliveryProof& p)
{
    int rx = 1 - tx;
    for (size_t a : t.control[tx])
    {
        const L2tpRecord& ann = c.flows.Rec(a);
        if (!AnnouncesIds(ann) || !ann.hasSequence || !Seq16LessEq(n, ann.ns))
        {
            continue;
        }
        for (uint16_t avp : {l2tpavp::ASSIGNED_TUNNEL_ID, l2tpavp::ASSIGNED_SESSION_ID})
        {
            uint16_t id = 0;
            const char* field = avp == l2tpavp::ASSIGNED_TUNNEL_ID ? "l2tp.avp.assigned_tunnel_id"
                                                                   : "l2tp.avp.assigned_session_id";
            if (!ann.GetU16(avp, field, id) || id == 0)
            {
                continue;
            }
            for (size_t q : t.control[rx])
            {
                const L2tpRecord& use = c.flows.Rec(q);
                if (use.frame <= ann.frame || !use.hasSequence)
                {
                    continue;
                }
                uint16_t hdr = avp == l2tpavp::ASSIGNED_TUNNEL_ID ? use.tunnelId : use.sessionId;
                if (hdr != id)
                {
                    continue;
                }
                // rx could have learned the ID from any tx message carrying it before `use`: all
                // of them must have Ns ≥ n.
                bool onlyLater = true;
                for (size_t o : t.control[tx])
                {
                    const L2tpRecord& other = c.flows.Rec(o);
                    if (other.frame >= use.frame)
                    {
                        break;
                    }
                    uint16_t v = 0;
                    if (other.hasSequence && other.GetU16(avp, field, v) && v == id &&
                        !Seq16LessEq(n, other.ns))
                    {
                        onlyLater = false;
                        break;
                    }
                }
                if (!onlyLater)
                {
                    break;
                }
                p.proven = true;
                p.culprit = &use;
                p.how = "the receiver's frame " + std::to_string(use.frame) + " (" +
                        use.TypeName() + ", Nr " + std::to_string(use.nr) + ") uses the " +
                        (avp == l2tpavp::ASSIGNED_TUNNEL_ID ? "Tunnel" : "Session") + " ID " +
                        std::to_string(id) + " announced in frame " + std::to_string(ann.frame) +
                        " (Ns " + std::to_string(ann.ns) + "), so it had delivered Ns " +
                        std::to_string(n) + " before building it, yet acknowledges only up to Nr " +
                        std::to_string(use.nr);
                return;
            }
        }
    }
}

/**
 * Arrival proof: the capture was taken on the receiver, every unacknowledged Ns e..n arrived there
 * (within the receiver's window), and the receiver later sent a ZLB (a ZLB is built when sent,
 * never a retransmission) at least kReceiverReaction after the last of them arrived.
 */
void
ProveByArrival(const RuleContext& c,
               const TunnelFlow& t,
               int tx,
               uint16_t n,
               uint16_t e,
               const L2tpRecord& m,
               DeliveryProof& p)
{
    int rx = 1 - tx;
    if (!c.AtCapturePoint(m.dstIp))
    {
        p.whyNot = "the capture point is not the receiver " + m.dstIp +
                   " and none of its later messages proves it got Ns " + std::to_string(n) +
                   " (it may have been lost after the capture point)";
        return;
    }
    uint16_t w = AnnouncedWindow(c, t, rx);
    w = w ? w : 1; // unknown window: only the next expected message must be accepted
    if (Seq16Distance(e, n) >= w)
    {
        p.whyNot = "Ns " + std::to_string(n) + " is beyond the receiver's window (" +
                   std::to_string(w) + " from its Nr " + std::to_string(e) + "): it may discard it";
        return;
    }
    TimeNs arrived = 0;
    uint32_t arrivedFrame = 0;
    for (uint16_t s = e;; s = static_cast<uint16_t>(s + 1))
    {
        const L2tpRecord* first = nullptr;
        for (size_t i : t.control[tx])
        {
            const L2tpRecord& r = c.flows.Rec(i);
            if (!r.IsZlb() && r.hasSequence && r.ns == s)
            {
                first = &r;
                break;
            }
        }
        if (!first)
        {
            p.whyNot = "Ns " + std::to_string(s) +
                       " never arrived at the receiver, so it cannot deliver Ns " +
                       std::to_string(n) + " in order";
            return;
        }
        if (first->time >= arrived)
        {
            arrived = first->time;
            arrivedFrame = first->frame;
        }
        if (s == n)
        {
            break;
        }
    }
    for (size_t q : t.control[rx])
    {
        const L2tpRecord& z = c.flows.Rec(q);
        if (z.IsZlb() && z.hasSequence && z.time >= arrived + kReceiverReaction)
        {
            p.proven = true;
            p.culprit = &z;
            p.how = "Ns " + std::to_string(e) + ".." + std::to_string(n) +
                    " had arrived at the receiver (the capture point) by frame " +
                    std::to_string(arrivedFrame) + ", and its ZLB in frame " +
                    std::to_string(z.frame) + ", " + Ms(z.time - arrived) +
                    " later, still has Nr " + std::to_string(z.nr);
            return;
        }
    }
    p.whyNot = "the receiver sent no ZLB at least " + Ms(kReceiverReaction) + " after Ns " +
               std::to_string(n) + " arrived (it may have stopped)";
}

/** param = HELLO: only HELLO messages; 0: every non-ZLB control message except HELLO. */
RuleVerdict
Acknowledged(const RuleContext& c, const Rule& rule)
{
    RuleJudge j;
    ForEachDirection(
        c,
        [&](const TunnelFlow& t, int k)
        {
            int rx = 1 - k;
            bool anyRx = false;
            uint16_t e = 0; // highest Nr the receiver ever sent (cumulative acknowledgement)
            for (size_t q : t.control[rx])
            {
                const L2tpRecord& r = c.flows.Rec(q);
                if (r.hasSequence && (!anyRx || Seq16Less(e, r.nr)))
                {
                    e = r.nr;
                    anyRx = true;
                }
            }
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
                if (anyRx && Seq16Less(r.ns, e))
                {
                    j.Check(); // acknowledged (cumulative Nr beyond it)
                    continue;
                }
                if (!anyRx)
                {
                    j.Note(r, "the receiver sent nothing on this control connection: delivery not "
                              "proven");
                    continue;
                }
                DeliveryProof p;
                ProveByIds(c, t, k, r.ns, p);
                if (!p.proven)
                {
                    ProveByArrival(c, t, k, r.ns, e, r, p);
                }
                if (!p.proven)
                {
                    j.Note(r, "not acknowledged, but " + p.whyNot);
                    continue;
                }
                j.Check();
                j.Fail(r, "Ns " + std::to_string(r.ns) +
                              " never acknowledged by the peer (no Nr > " + std::to_string(r.ns) +
                              "), although " + p.how);
            }
        });
    return j.Done();
}

/** Retransmissions: transmissions of the same new message (same Ns and type) in one direction. */
template <typename F>
void
ForEachRetransmittedMessage(const RuleContext& c, F f)
{
    ForEachDirection(c,
                     [&](const TunnelFlow& t, int k)
                     {
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

/**
 * Transmission events of one message: copies less than kSameEvent after the first copy of their
 * group are one event (a backlog released at once by a device or ARP queue before the capture
 * point); an event is represented by its last copy. Groups are anchored at their first copy, so a
 * sender retransmitting every few milliseconds still shows one event per kSameEvent.
 */
std::vector<const L2tpRecord*>
TransmissionEvents(const RuleContext& c, const std::vector<size_t>& tx)
{
    std::vector<const L2tpRecord*> ev;
    TimeNs groupStart = 0;
    for (size_t i : tx)
    {
        const L2tpRecord& r = c.flows.Rec(i);
        if (!ev.empty() && r.time - groupStart < kSameEvent)
        {
            ev.back() = &r;
        }
        else
        {
            ev.push_back(&r);
            groupStart = r.time;
        }
    }
    return ev;
}

/** A timer value x with its tolerance taken off: 5 % and kTimerSlack. */
TimeNs
Tolerant(TimeNs x)
{
    return x - x / 20 - kTimerSlack;
}

/**
 * Lower bound of the LAST true retransmission interval inside one observed interval `obs` (the
 * observed interval may be the sum of consecutive true intervals, copies in between having been
 * lost before the capture point), given that its first true interval is at least `firstLow`.
 * True intervals obey d' ≥ Tolerant(min(g·d, cap)): once one reaches cap/g the following ones are
 * ≥ Tolerant(cap); before that each is ≥ a·d − slack with a = 0.95·g, so a block summing to obs
 * ends with an interval ≥ obs·(a−1)/a − slack/(a−1).
 */
TimeNs
LastIntervalBound(TimeNs obs, TimeNs firstLow)
{
    const double a = 0.95 * kBackoffGrowth;
    const TimeNs e = static_cast<TimeNs>(static_cast<double>(kTimerSlack) / (a - 1));
    TimeNs geometric = static_cast<TimeNs>(static_cast<double>(obs) * (a - 1) / a) - e;
    TimeNs bound = std::min(Tolerant(kBackoffCap), geometric);
    if (firstLow >= e)
    {
        bound = std::max(bound, firstLow); // later intervals of the block are no shorter
    }
    return std::max<TimeNs>(bound, 0);
}

RuleVerdict
RetransmitBackoff(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    ForEachRetransmittedMessage(
        c,
        [&](const std::vector<size_t>& tx)
        {
            std::vector<const L2tpRecord*> ev = TransmissionEvents(c, tx);
            if (ev.size() < 3)
            {
                return;
            }
            TimeNs last = LastIntervalBound(ev[1]->time - ev[0]->time, 0);
            for (size_t n = 2; n < ev.size(); ++n)
            {
                const L2tpRecord& r = *ev[n];
                TimeNs prev = ev[n - 1]->time - ev[n - 2]->time;
                TimeNs cur = r.time - ev[n - 1]->time;
                TimeNs need = std::min(
                    static_cast<TimeNs>(kBackoffGrowth * static_cast<double>(last)), kBackoffCap);
                j.Check();
                if (cur < Tolerant(need))
                {
                    j.Fail(r, "retransmission of Ns " + std::to_string(r.ns) + " after " + Ms(cur) +
                                  ", previous interval " + Ms(prev) +
                                  ": even if copies were lost before the capture point "
                                  "(an observed interval may span several), the interval must have "
                                  "grown to at least " +
                                  Ms(need) + " (growth 1.5x, cap >= 8 s)");
                    last = LastIntervalBound(cur, 0);
                    continue;
                }
                last = LastIntervalBound(cur, Tolerant(need));
            }
        });
    return j.Done();
}

RuleVerdict
InitialTimeout(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    ForEachRetransmittedMessage(
        c,
        [&](const std::vector<size_t>& tx)
        {
            std::vector<const L2tpRecord*> ev = TransmissionEvents(c, tx);
            if (ev.size() < 2)
            {
                j.Note(c.flows.Rec(tx[1]), "copies of Ns " + std::to_string(c.flows.Rec(tx[1]).ns) +
                                               " less than " + Ms(kSameEvent) +
                                               " apart count as one transmission (queue backlog)");
                return;
            }
            const L2tpRecord& a = *ev[0];
            const L2tpRecord& b = *ev[1];
            j.Check();
            if (b.time - a.time < Tolerant(kInitialTimeout))
            {
                j.Fail(b,
                       "retransmission of Ns " + std::to_string(b.ns) + " " + Ms(b.time - a.time) +
                           " after the previous copy (recommended initial timeout 1 s; an interval "
                           "observed behind a lossy path can only be longer than the true one)");
            }
        });
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// TUNNEL and SESSION predicates

/**
 * Did `side` of tunnel t provably receive the peer's control message of frame `frame` before it
 * sent r? Yes if one of its control messages up to r acknowledges that message's Ns (Nr beyond it),
 * or if the capture was taken on side's host and r left kReceiverReaction after the message
 * arrived.
 */
bool
ReceivedBefore(
    const RuleContext& c, const TunnelFlow& t, int side, uint32_t frame, const L2tpRecord& r)
{
    const L2tpRecord* ann = nullptr;
    for (size_t i : t.control[1 - side])
    {
        if (c.flows.Rec(i).frame == frame)
        {
            ann = &c.flows.Rec(i);
            break;
        }
    }
    if (!ann)
    {
        return false;
    }
    if (c.AtCapturePoint(ann->dstIp) && r.time >= ann->time + kReceiverReaction)
    {
        return true;
    }
    if (!ann->hasSequence)
    {
        return false;
    }
    for (size_t i : t.control[side])
    {
        const L2tpRecord& q = c.flows.Rec(i);
        if (q.frame > r.frame)
        {
            break;
        }
        if (q.hasSequence && Seq16Less(ann->ns, q.nr))
        {
            return true;
        }
    }
    return false;
}

RuleVerdict
HeaderTunnelId(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    j.Check(static_cast<uint32_t>(c.flows.summarizedTunnelIdChecked));
    // (from address, to address) → Tunnel IDs `from` assigned in messages to `to`, so far.
    using AddressPair = std::pair<InternedText, InternedText>;
    std::unordered_map<AddressPair, std::set<uint16_t>, InternedPairHash> announced;
    std::unordered_map<AddressPair, size_t, InternedPairHash> firstAnnounced; // record index
    // (lower address, higher address) → the first message between them was an SCCRQ: the capture
    // began before any tunnel between them, so an ID neither end announced was never assigned.
    // Otherwise (a capture begun on a busy LNS) tunnels set up before it may use IDs whose
    // assignment the capture does not hold, and an ID not announced in it is not judged.
    std::unordered_map<AddressPair, bool, InternedPairHash> pairStartSeen;
    for (size_t i = 0; i < c.records.size(); ++i)
    {
        const L2tpRecord& r = c.records[i];
        AddressPair pair = std::minmax(r.srcIp, r.dstIp);
        auto seen = pairStartSeen.find(pair);
        if (seen == pairStartSeen.end())
        {
            seen = pairStartSeen.emplace(std::move(pair), IsType(r, l2tpmsg::SCCRQ)).first;
        }
        const bool coveredPair = seen->second;
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
                if (peer.idFrame == 0 || peer.idFrame >= r.frame)
                {
                    j.Check();
                }
                else if (ReceivedBefore(c, c.flows.tunnels[t], k, peer.idFrame, r))
                {
                    j.Check();
                    j.Fail(r, "Tunnel ID 0 although the peer assigned " + std::to_string(peer.id) +
                                  " in frame " + std::to_string(peer.idFrame) +
                                  ", which the sender had received");
                }
                else
                {
                    j.Note(r, "Tunnel ID 0 after the peer's assignment in frame " +
                                  std::to_string(peer.idFrame) +
                                  ", which may have been lost after the capture point");
                }
            }
            else if (!announced[{r.dstIp, r.srcIp}].empty())
            {
                // Not attributable to a tunnel (no Assigned Tunnel ID of its own), yet the receiver
                // had already assigned Tunnel IDs to this sender: judged only when the capture was
                // taken on the sender (the assignment provably arrived).
                size_t ai = firstAnnounced[{r.dstIp, r.srcIp}];
                const L2tpRecord& ann = c.records[ai];
                int at = c.flows.tunnelOf[ai];
                bool got = c.AtCapturePoint(r.srcIp) && r.time >= ann.time + kReceiverReaction;
                if (!got && at >= 0 && c.flows.senderSide[ai] >= 0)
                {
                    got = ReceivedBefore(c, c.flows.tunnels[at], 1 - c.flows.senderSide[ai],
                                         ann.frame, r);
                }
                if (got)
                {
                    j.Check();
                    j.Fail(r, "Tunnel ID 0 although " + r.dstIp + " had assigned a Tunnel ID to " +
                                  r.srcIp + " in frame " + std::to_string(ann.frame) +
                                  ", which the sender had received");
                }
                else
                {
                    j.Note(r, "Tunnel ID 0 although " + r.dstIp + " had assigned a Tunnel ID to " +
                                  r.srcIp + ", which may not have reached it");
                }
            }
        }
        else
        {
            const auto& ids = announced[{r.dstIp, r.srcIp}];
            if (ids.count(r.tunnelId))
            {
                j.Check();
            }
            else if (!ids.empty() && coveredPair)
            {
                j.Check();
                {
                    std::string list;
                    for (uint16_t id : ids)
                    {
                        list += (list.empty() ? "" : ",") + std::to_string(id);
                    }
                    j.Fail(r, "Tunnel ID " + std::to_string(r.tunnelId) +
                                  " was never assigned by " + r.dstIp + " (it assigned " + list +
                                  ")");
                }
            }
        }
        uint16_t a = 0;
        if (r.isControl && r.GetU16(l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", a))
        {
            if (announced[{r.srcIp, r.dstIp}].empty())
            {
                firstAnnounced[{r.srcIp, r.dstIp}] = i;
            }
            announced[{r.srcIp, r.dstIp}].insert(a);
        }
    }
    return j.Done();
}

/**
 * \brief The session a control message with Session ID 0 belongs to: its indexed session, or,
 * when that one has no peer assignment (e.g. a CDN with Session ID 0 indexed apart from the call it
 * clears: a retransmitted ICRQ opens a session of its own in the index), the call of the tunnel
 * whose sender-assigned ID is the message's own and to which the peer assigned an ID. nullptr if
 * neither is known.
 */
const SessionFlow*
SessionOfIdZero(const RuleContext& c, size_t i)
{
    const L2tpRecord& r = c.records[i];
    int t = c.flows.tunnelOf[i];
    int k = c.flows.senderSide[i];
    int s = c.flows.sessionOf[i];
    const SessionFlow* ss = s >= 0 ? &c.flows.sessions[s] : nullptr;
    bool ownKnown = ss && ss->idKnown[k];
    uint16_t own = ownKnown ? ss->id[k] : 0;
    if (!ownKnown)
    {
        ownKnown = r.GetU16(l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", own);
    }
    if (!ownKnown || (ss && ss->idFrame[1 - k] != 0))
    {
        return ss;
    }
    for (size_t x : c.flows.tunnels[t].sessions)
    {
        const SessionFlow& cand = c.flows.sessions[x];
        if (cand.idKnown[k] && cand.id[k] == own && cand.idFrame[1 - k] != 0)
        {
            return &cand;
        }
    }
    return ss;
}

/** \brief A session message with Session ID 0 (§4.4.4): wrong once the peer's assignment for the
 * call provably reached the sender. */
void
JudgeSessionIdZero(const RuleContext& c, size_t i, RuleJudge& j)
{
    const L2tpRecord& r = c.records[i];
    int t = c.flows.tunnelOf[i];
    int k = c.flows.senderSide[i];
    const SessionFlow* ss = SessionOfIdZero(c, i);
    if (!ss || ss->idFrame[1 - k] == 0 || ss->idFrame[1 - k] >= r.frame)
    {
        j.Check();
    }
    else if (ReceivedBefore(c, c.flows.tunnels[t], k, ss->idFrame[1 - k], r))
    {
        j.Check();
        j.Fail(r, "Session ID 0 although the peer assigned " + std::to_string(ss->id[1 - k]) +
                      " in frame " + std::to_string(ss->idFrame[1 - k]) +
                      ", which the sender had received");
    }
    else
    {
        j.Note(r, "Session ID 0 after the peer's assignment in frame " +
                      std::to_string(ss->idFrame[1 - k]) +
                      ", which may have been lost after the capture point");
    }
}

RuleVerdict
HeaderSessionId(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    j.Check(static_cast<uint32_t>(c.flows.summarizedSessionIdChecked));
    // (tunnel, side) → Session IDs that side assigned so far.
    std::map<std::pair<int, int>, std::set<uint16_t>> announced;
    // (tunnel, side) → that side also sent a hidden Assigned Session ID (§4.3) the capture cannot
    // read: an unknown Session ID from the other side may be that one, so it is not judged.
    std::set<std::pair<int, int>> hiddenAssignment;
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
                j.Fail(r, "tunnel message with Session ID " + std::to_string(r.sessionId) +
                              " (need 0)");
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
            if (r.sessionId == 0 && r.isControl)
            {
                JudgeSessionIdZero(c, i, j);
            }
            else if (!ids.count(r.sessionId) && hiddenAssignment.count({t, 1 - k}))
            {
                j.Note(r, "Session ID " + std::to_string(r.sessionId) +
                              " may be one the peer assigned in a hidden AVP (no secret to "
                              "un-hide it)");
            }
            else if (ids.count(r.sessionId))
            {
                j.Check();
            }
            else if (c.flows.tunnels[t].startSeen)
            {
                // The tunnel's SCCRQ is in the capture, so every call of it is: never assigned.
                // A tunnel that began before the capture may carry calls set up before it too.
                j.Check();
                j.Fail(r, "Session ID " + std::to_string(r.sessionId) +
                              " was never assigned by the peer in this tunnel");
            }
        }
        uint16_t a = 0;
        if (t >= 0 && r.isControl &&
            r.GetU16(l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", a))
        {
            announced[{t, k}].insert(a);
        }
        else if (t >= 0 && r.isControl)
        {
            const AvpRecord* h = r.Find(l2tpavp::ASSIGNED_SESSION_ID);
            if (h && h->hidden)
            {
                hiddenAssignment.insert({t, k});
            }
        }
    }
    return j.Done();
}

RuleVerdict
StopCcnTunnelId(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (size_t i = 0; i < c.records.size(); ++i)
    {
        const L2tpRecord& r = c.records[i];
        uint16_t a = 0;
        int t = c.flows.tunnelOf[i];
        if (!IsType(r, l2tpmsg::STOPCCN) || t < 0 ||
            !r.GetU16(l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", a))
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
            j.Fail(r, "StopCCN carries Assigned Tunnel ID " + std::to_string(a) +
                          ", but the sender assigned " + std::to_string(own.id) + " in frame " +
                          std::to_string(own.idFrame));
        }
    }
    return j.Done();
}

RuleVerdict
ChallengeResponse(const RuleContext& c, const Rule&)
{
    RuleJudge j;
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
    RuleJudge j;
    for (const auto& s : c.flows.sessions)
    {
        if (!s.requestType)
        {
            continue; // the call setup was not captured
        }
        // The side that sends the ICCN (ICRQ initiator) or OCCN (OCRQ receiver) may send data right
        // after it: if that ICCN/OCCN was lost before the capture point, its data legitimately
        // precedes the retransmission the capture shows. Only the other side is judged: it can
        // receive the ICCN/OCCN only after the capture point saw it.
        int establisher = s.requestType == l2tpmsg::ICRQ ? s.initiator : 1 - s.initiator;
        // Summarised data messages all came after the ICCN/OCCN (l2tp-flows.h).
        j.Check(static_cast<uint32_t>(establisher == 0 ? s.summary[1].n : s.summary[0].n));
        for (size_t d : s.data)
        {
            const L2tpRecord& r = c.flows.Rec(d);
            if (c.flows.senderSide[d] == establisher)
            {
                if (!s.establishedFrame || r.frame < s.establishedFrame)
                {
                    j.Note(r, "data from the sender of the ICCN/OCCN before the capture shows it "
                              "(it may have been lost before the capture point)");
                }
                continue;
            }
            j.Check();
            if (!s.establishedFrame || r.frame < s.establishedFrame)
            {
                j.Fail(r,
                       "data message before the session was established (" +
                           std::string(s.establishedFrame ? "ICCN/OCCN in frame " +
                                                                std::to_string(s.establishedFrame)
                                                          : "no ICCN/OCCN captured") +
                           ")");
            }
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// Tables

using L = RuleLevel;
using S = RuleScope;

const std::vector<Rule> kL2tpRules = {
    // §3.1 header
    {"RFC2661-3.1-control-header-bits", "RFC 2661", "3.1",
     "Control messages have the T, L and S bits set to 1 and the O and P bits set to 0.", L::MUST,
     S::PACKET, &ControlHeaderBits, 0},
    {"RFC2661-3.1-version", "RFC 2661", "3.1", "The Ver field of an L2TP (v2) message is 2.",
     L::MUST, S::PACKET, &VersionTwo, 0},
    {"RFC2661-3.1-length-field", "RFC 2661", "3.1",
     "When the L bit is set (always on control messages, optionally on data messages), the Length "
     "field is the total length of the message in octets: no AVP or payload octet follows it "
     "outside, and it does not run past the datagram.",
     L::MUST, S::PACKET, &LengthField, 0},
    {"RFC2661-3.1-reserved-bits", "RFC 2661", "3.1",
     "Reserved header bits are 0 on outgoing messages.", L::MUST, S::PACKET, &HeaderReservedBits,
     0},
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
     "Type, Host Name, Assigned Tunnel ID; 0 for e.g. Tie Breaker, Firmware Revision, Vendor "
     "Name).",
     L::MUST, S::PACKET, &AvpMBit, 0},
    {"RFC2661-4.4-h-bit", "RFC 2661", "4.4",
     "An AVP whose definition says it MUST NOT be hidden is sent with the H bit 0: Message Type, "
     "Result Code, Protocol Version, Tie Breaker, Host Name, Receive Window Size, Q.931 Cause "
     "Code, Random Vector and Sequencing Required (the never-hidden column of the model's AVP "
     "table).",
     L::MUST, S::PACKET, &AvpHBit, 0},
    {"RFC2661-4.4.1-message-type-first", "RFC 2661", "4.4.1",
     "The Message Type AVP is the first AVP of a control message, right after the header.", L::MUST,
     S::PACKET, &MessageTypeFirst, 0},
    {"RFC2661-4.4.1-message-type-flags", "RFC 2661", "4.4.1",
     "The Message Type AVP has the M bit set to 1 and is not hidden (H bit 0).", L::MUST, S::PACKET,
     &AvpMandatoryNotHidden, l2tpavp::MESSAGE_TYPE},
    {"RFC2661-4.4.1-random-vector-flags", "RFC 2661", "4.4.1",
     "The Random Vector AVP has the M bit set to 1 and is never hidden (H bit 0).", L::MUST,
     S::PACKET, &AvpMandatoryNotHidden, l2tpavp::RANDOM_VECTOR},
    {"RFC2661-4.4.2-result-code-length", "RFC 2661", "4.4.2",
     "The Result Code AVP is 8 octets long when it carries no Error Code, and at least 10 when it "
     "does (Error Code, then an optional Error Message): never 9 or less than 8.",
     L::MUST, S::PACKET, &ResultCodeLength, 0},
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
     "An SCCRQ carries Message Type, Protocol Version, Host Name, Framing Capabilities and "
     "Assigned "
     "Tunnel ID.",
     L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::SCCRQ},
    {"RFC2661-6.2-sccrp-required-avps", "RFC 2661", "6.2",
     "An SCCRP carries Message Type, Protocol Version, Framing Capabilities, Host Name and "
     "Assigned "
     "Tunnel ID.",
     L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::SCCRP},
    {"RFC2661-6.4-stopccn-required-avps", "RFC 2661", "6.4",
     "A StopCCN carries Message Type, Assigned Tunnel ID and Result Code.", L::MUST, S::PACKET,
     &RequiredAvps, l2tpmsg::STOPCCN},
    {"RFC2661-6.6-icrq-required-avps", "RFC 2661", "6.6",
     "An ICRQ carries Message Type, Assigned Session ID and Call Serial Number.", L::MUST,
     S::PACKET, &RequiredAvps, l2tpmsg::ICRQ},
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
     "A WEN carries Message Type and Call Errors.", L::MUST, S::PACKET, &RequiredAvps,
     l2tpmsg::WEN},
    {"RFC2661-6.14-sli-required-avps", "RFC 2661", "6.14", "An SLI carries Message Type and ACCM.",
     L::MUST, S::PACKET, &RequiredAvps, l2tpmsg::SLI},
    // §5.8 reliable delivery
    {"RFC2661-5.8-ns-increments", "RFC 2661", "5.8",
     "Ns starts at 0 and increases by one (modulo 2^16) for each new non-ZLB control message of a "
     "direction of a control connection; a retransmission repeats the Ns of the original.",
     L::MUST, S::FLOW, &NsIncrements, 0},
    {"RFC2661-5.8-zlb-ns", "RFC 2661", "5.8",
     "A ZLB carries the next Ns to be sent and does not increment it.", L::MUST, S::FLOW, &ZlbNs,
     0},
    {"RFC2661-5.8-nr-valid", "RFC 2661", "5.8",
     "Nr is the next Ns expected from the peer: it never acknowledges a message the peer has not "
     "sent and never goes backwards.",
     L::MUST, S::FLOW, &NrValid, 0},
    {"RFC2661-5.8-retransmit-nr-updated", "RFC 2661", "5.8",
     "A retransmitted message repeats its Ns, but its Nr is updated to the next message expected "
     "from the peer (never below an Nr its sender already sent).",
     L::MUST, S::FLOW, &RetransmitNrUpdated, 0},
    {"RFC2661-5.8-control-acked", "RFC 2661", "5.8",
     "Every control message (other than a ZLB) is acknowledged by the peer, by piggy-backed Nr or "
     "by "
     "a ZLB (HELLO has its own rule).",
     L::MUST, S::FLOW, &Acknowledged, 0},
    {"RFC2661-6.5-hello-acked", "RFC 2661", "6.5, 5.8",
     "A HELLO, like any control message, is acknowledged by the peer (keepalive).", L::MUST,
     S::FLOW, &Acknowledged, l2tpmsg::HELLO},
    {"RFC2661-5.8-retransmit-backoff", "RFC 2661", "5.8",
     "Each subsequent retransmission of a message uses an exponentially growing interval; the cap "
     "on "
     "the interval is no less than 8 seconds.",
     L::MUST, S::FLOW, &RetransmitBackoff, 0},
    {"RFC2661-5.8-initial-retransmit-timeout", "RFC 2661", "5.8",
     "The first retransmission comes no sooner than the recommended initial timeout of 1 second.",
     L::SHOULD, S::FLOW, &InitialTimeout, 0},
    // §4.4.3 / §4.4.4 identifiers
    {"RFC2661-4.4.3-header-tunnel-id", "RFC 2661", "4.4.3",
     "Once the peer's Assigned Tunnel ID is received, it is placed in the Tunnel ID header field "
     "of "
     "every control and data message sent on that tunnel (e.g. SCCRP and SCCCN use the peer's ID).",
     L::MUST, S::TUNNEL, &HeaderTunnelId, 0},
    {"RFC2661-4.4.4-header-session-id", "RFC 2661", "4.4.4",
     "Session messages carry the peer's Assigned Session ID in the Session ID header field once it "
     "is "
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

/** Rule ids compare case-insensitively, and '/' (the scenario spelling) matches '-'. */
std::string
Fold(const std::string& s)
{
    std::string out = s;
    for (char& ch : out)
    {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        ch = ch == '/' ? '-' : ch;
    }
    return out;
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
    case Verdict::CONSEQUENCE:
        return "CONSEQUENCE";
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
    static const std::vector<Rule> kAll = []
    {
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
DetailLines::Add(uint32_t frame, std::string line)
{
    std::pair<uint32_t, std::string> item{frame, std::move(line)};
    if (kept.size() == kMaxDetailLines)
    {
        ++dropped;
        if (!(item < kept.back()))
        {
            return;
        }
        kept.pop_back();
    }
    kept.insert(std::upper_bound(kept.begin(), kept.end(), item), std::move(item));
}

void
DetailLines::Merge(const DetailLines& o)
{
    dropped += o.dropped;
    for (const auto& [frame, line] : o.kept)
    {
        Add(frame, line);
    }
}

namespace
{

/** "frame 7 (SCCRQ 10.0.0.1:1701 -> 10.0.0.2:1701)": where a detail line about a record starts. */
std::string
Where(const L2tpRecord& r)
{
    return "frame " + std::to_string(r.frame) + " (" + r.TypeName() + " " + r.Src() + " -> " +
           r.Dst() + ")";
}

} // namespace

void
RuleJudge::Fail(uint32_t frame, const std::string& why)
{
    m_frames.push_back(frame);
    m_details.Add(frame, "frame " + std::to_string(frame) + ": " + why);
}

void
RuleJudge::Fail(const L2tpRecord& r, const std::string& why)
{
    m_frames.push_back(r.frame);
    m_details.Add(r.frame, Where(r) + ": " + why);
}

void
RuleJudge::Note(const L2tpRecord& r, const std::string& why)
{
    m_notes.Add(r.frame, Where(r) + ": " + why);
}

RuleVerdict
RuleJudge::Done() const
{
    RuleVerdict v;
    v.checked = m_checked;
    std::set<uint32_t> frames(m_frames.begin(), m_frames.end());
    v.failingFrames.assign(frames.begin(), frames.end());
    v.verdict =
        !frames.empty() ? Verdict::FAIL : (m_checked ? Verdict::PASS : Verdict::NOT_APPLICABLE);
    v.failures = m_details;
    v.notes = m_notes;
    v.detail = ComposeJudgedDetail(v);
    return v;
}

std::string
ComposeJudgedDetail(const RuleVerdict& v)
{
    std::string d;
    for (size_t i = 0; i < v.failures.kept.size(); ++i)
    {
        d += (i ? "; " : "") + v.failures.kept[i].second;
    }
    if (v.failures.dropped)
    {
        d += "; ... and " + std::to_string(v.failures.dropped) + " more";
    }
    for (size_t i = 0; i < v.notes.kept.size(); ++i)
    {
        d +=
            (d.empty() ? "" : "; ") + std::string(i ? "" : "not judged: ") + v.notes.kept[i].second;
    }
    if (v.notes.dropped)
    {
        d += "; ... and " + std::to_string(v.notes.dropped) + " more not judged";
    }
    if (v.reliesOnCapturePoint)
    {
        d += (d.empty() ? "" : "; ") + std::string(kCapturePointCaveat);
    }
    return d;
}

const AvpSpec*
FindAvpSpec(uint16_t type)
{
    // The rules ask once per AVP of every message: a direct table over the low types (all of
    // RFC 2661's), the model's binary search for the rest.
    constexpr uint16_t kDirect = 128;
    static const std::array<const AvpSpec*, kDirect> kByType = []
    {
        std::array<const AvpSpec*, kDirect> t{};
        for (uint16_t i = 0; i < kDirect; ++i)
        {
            t[i] = FindL2tpAvpInfo(i);
        }
        return t;
    }();
    return type < kDirect ? kByType[type] : FindL2tpAvpInfo(type);
}

const std::vector<MessageSpec>&
GetMessageSpecs()
{
    static const std::vector<MessageSpec> kSpecs = []
    {
        std::vector<MessageSpec> out;
        for (const L2tpMessageSpec& m : kL2tpMessageSpecs)
        {
            MessageSpec v{static_cast<uint16_t>(m.type), ToString(m.type), m.section, {}};
            for (L2tpAvpType t : m.RequiredAvps())
            {
                v.required.push_back(static_cast<uint16_t>(t));
            }
            out.push_back(std::move(v));
        }
        return out;
    }();
    return kSpecs;
}

const MessageSpec*
FindMessageSpec(uint16_t type)
{
    for (const auto& m : GetMessageSpecs())
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
    return GlobMatch(Fold(glob), Fold(id), kGlobNoSeparator);
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

std::string
NormalizeAddress(const std::string& ip)
{
    unsigned char buf[sizeof(struct in6_addr)];
    char text[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, ip.c_str(), buf) == 1 && inet_ntop(AF_INET, buf, text, sizeof(text)))
    {
        return text;
    }
    if (inet_pton(AF_INET6, ip.c_str(), buf) == 1 && inet_ntop(AF_INET6, buf, text, sizeof(text)))
    {
        return text;
    }
    return "";
}

const char* const kCapturePointCaveat =
    "relies on --at: a message captured on that host is taken to have reached it (a host "
    "firewall that drops after the capture point would break this)";

bool
RuleContext::AtCapturePoint(const std::string& ip) const
{
    if (capturePoint.empty())
    {
        return false;
    }
    std::string n = NormalizeAddress(ip);
    for (const auto& a : capturePoint)
    {
        if (a == ip || (!n.empty() && NormalizeAddress(a) == n))
        {
            capturePointRelied = true;
            return true;
        }
    }
    return false;
}

} // namespace ns3
