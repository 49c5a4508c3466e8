#include "conformance/l2tp-flows.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <tuple>

namespace ns3
{

namespace
{

/**
 * One side of a tunnel: its address, the Tunnel ID it assigned, and its peer's address. A tunnel
 * lives between two addresses: a message from a third address with the same Tunnel ID is another
 * tunnel and never rebinds this one (so no tunnel, and no rule, relates two pairs of addresses:
 * what judging a capture in parts relies on, docs/conformance.md).
 */
struct SideKey
{
    InternedText ip;   //!< the side's address
    uint16_t id{0};    //!< the Tunnel ID it assigned
    InternedText peer; //!< the other side's address

    bool
    operator==(const SideKey& o) const
    {
        return ip == o.ip && id == o.id && peer == o.peer;
    }
};

/** Hash of a SideKey (the addresses by identity: interned). */
struct SideKeyHash
{
    size_t
    operator()(const SideKey& k) const
    {
        return (InternedTextHash()(k.ip) * 65599u + k.id) * 131u + InternedTextHash()(k.peer);
    }
};

/** Hash of a (tunnel, side, session id) key. */
struct SessionKeyHash
{
    size_t
    operator()(const std::tuple<size_t, int, uint16_t>& k) const
    {
        return (std::get<0>(k) * 131u + static_cast<size_t>(std::get<1>(k))) * 65599u +
               std::get<2>(k);
    }
};

class Builder
{
public:
    explicit Builder(const std::vector<L2tpRecord>& recs) { m_ix.records = &recs; }

    FlowIndex
    Run()
    {
        for (size_t i = 0; i < m_ix.records->size(); ++i)
        {
            Added(i);
        }
        return Finish();
    }

    /** Index records[i] (appended just now, in frame order). */
    void
    Added(size_t i)
    {
        const L2tpRecord& r = m_ix.Rec(i);
        m_ix.tunnelOf.push_back(-1);
        m_ix.senderSide.push_back(-1);
        m_ix.sessionOf.push_back(-1);
        m_ix.captureEnd = std::max(m_ix.captureEnd, r.time);
        if (r.version != 2)
        {
            // L2F / L2TPv3: not this protocol's tunnels (the ID rules still read its AVPs)
        }
        else if (r.isControl)
        {
            Control(i);
        }
        else
        {
            Data(i);
        }
        Announcements(i);
    }

    /**
     * What RFC2661-4.4.3-header-tunnel-id and -4.4.4-header-session-id (rule-catalog.cc) know after
     * record i, kept the way they keep it, so that Absorb knows how they would judge a data
     * message: Tunnel IDs announced from one address to another, Session IDs announced by a
     * tunnel side (visible, or hidden), whether the first message between two hosts was an SCCRQ.
     */
    void
    Announcements(size_t i)
    {
        const L2tpRecord& r = m_ix.Rec(i);
        m_pairStart.emplace(std::minmax(r.srcIp, r.dstIp), IsSccrq(r));
        if (!r.isControl)
        {
            return;
        }
        uint16_t a = 0;
        if (r.GetU16(l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", a))
        {
            m_tunnelIds[{r.srcIp, r.dstIp}].insert(a);
        }
        const int t = m_ix.tunnelOf[i];
        const int k = m_ix.senderSide[i];
        if (t < 0)
        {
            return;
        }
        if (r.GetU16(l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", a))
        {
            m_sessionIds[{t, k}].insert(a);
        }
        else
        {
            const AvpRecord* h = r.Find(l2tpavp::ASSIGNED_SESSION_ID);
            if (h && h->hidden)
            {
                m_hiddenSessionIds.insert({t, k});
            }
        }
    }

    static bool
    IsSccrq(const L2tpRecord& r)
    {
        return r.isControl && r.hasMessageType && r.messageType == l2tpmsg::SCCRQ;
    }

    template <typename M, typename K>
    static bool
    Holds(const M& m, const K& key, uint16_t id)
    {
        auto it = m.find(key);
        return it != m.end() && it->second.count(id);
    }

    template <typename M, typename K>
    static bool
    Empty(const M& m, const K& key)
    {
        auto it = m.find(key);
        return it == m.end() || it->second.empty();
    }

    /**
     * A data message every rule passes (see FlowIndexBuilder::Absorb): counted, not indexed. The
     * conditions are those under which each rule that reads data messages passes it:
     *  - RFC2661-3.1-version-2 / -reserved-bits / -length-field: Ver 2, reserved bits 0,
     *    Length (when present) = UDP Length - 8;
     *  - RFC2661-3.1-tunnel-id (HeaderTunnelId): the receiver announced this Tunnel ID to the
     *    sender in a visible Assigned Tunnel ID AVP;
     *  - RFC2661-3.1-session-id (HeaderSessionId): the receiver announced this Session ID in this
     *    tunnel in a visible Assigned Session ID AVP;
     *  - RFC2661-5.4-no-data-before-established: the call's request and ICCN/OCCN were captured
     *    earlier.
     * Messages with anything else (Tunnel/Session ID 0, an unknown session, a capture that began
     * mid-call) stay records, judged as before. The PPP packet goes with its message when it is a
     * network-layer one; a control packet (a kept rider) stays a PPP record and is given the
     * session and sender its message would have had (PppRecord::l2tpSession / l2tpSender).
     */
    bool
    Absorb(const L2tpRecord& r, PppRecord* ppp)
    {
        if (!ppp)
        {
            return false;
        }
        const bool rider = IsKeptPppRider(*ppp);
        if ((!rider && !IsSummarizablePpp(*ppp)) || r.isControl || r.version != 2 ||
            (r.flags & 0x34F0) != 0 || r.tunnelId == 0 || r.sessionId == 0 || !r.avps.empty())
        {
            return false;
        }
        const bool lengthChecked = r.hasLength && r.udpLength >= 8;
        if (lengthChecked && r.length != r.udpLength - 8u)
        {
            return false;
        }
        int t = -1;
        int sender = -1;
        auto it = m_sides.find(SideKey{r.dstIp, r.tunnelId, r.srcIp});
        if (it != m_sides.end() &&
            m_ix.tunnels[it->second.first].side[1 - it->second.second].ip == r.srcIp)
        {
            t = static_cast<int>(it->second.first);
            sender = 1 - it->second.second;
        }
        if (t >= 0 &&
            m_sessions.count(std::make_tuple(static_cast<size_t>(t), 1 - sender, r.sessionId)))
        {
            return InSession(r, static_cast<size_t>(t), sender, lengthChecked,
                             rider ? ppp : nullptr);
        }
        // A kept rider needs its session (the PPP rules' link): in a call set up before the
        // capture there is none, so its message stays a record.
        return !rider && Loose(r, *ppp, t, sender, lengthChecked);
    }

    /**
     * A data message of a session in the index: counted when the session was established in the
     * capture with every ID announced (header-tunnel-id, header-session-id and
     * no-data-before-established then pass it).
     */
    bool
    InSession(const L2tpRecord& r, size_t t, int sender, bool lengthChecked, PppRecord* rider)
    {
        const int receiver = 1 - sender;
        const TunnelFlow& tf = m_ix.tunnels[t];
        if (tf.side[receiver].idFrame == 0 || tf.side[receiver].id != r.tunnelId)
        {
            return false;
        }
        const size_t si = m_sessions.find(std::make_tuple(t, receiver, r.sessionId))->second;
        SessionFlow& ss = m_ix.sessions[si];
        if (ss.idFrame[receiver] == 0 || ss.id[receiver] != r.sessionId || ss.requestType == 0 ||
            ss.establishedFrame == 0)
        {
            return false;
        }
        ss.summary[sender].Add(r, lengthChecked);
        ++m_ix.tunnels[t].summarized[sender];
        Count(r, lengthChecked, true, true);
        if (rider)
        {
            rider->l2tpIndex = -1;
            rider->l2tpSession = static_cast<int>(si);
            rider->l2tpSender = sender;
        }
        return true;
    }

    /**
     * A data message of no session in the index (the call was set up before the capture began):
     * counted when the ID rules either pass it (the receiver announced the ID) or cannot judge it
     * (the capture may not hold the assignment), never when they would fail it or note it. The
     * first message between two hosts is always kept (header-tunnel-id reads it).
     */
    bool
    Loose(const L2tpRecord& r, const PppRecord& ppp, int t, int sender, bool lengthChecked)
    {
        auto pair = m_pairStart.find(std::minmax(r.srcIp, r.dstIp));
        if (pair == m_pairStart.end())
        {
            return false;
        }
        const auto route = std::make_pair(r.dstIp, r.srcIp);
        const bool tunnelIdOk = Holds(m_tunnelIds, route, r.tunnelId);
        if (!tunnelIdOk && !Empty(m_tunnelIds, route) && pair->second)
        {
            return false; // header-tunnel-id fails it
        }
        bool sessionIdOk = false;
        if (t >= 0)
        {
            const auto side = std::make_pair(t, 1 - sender);
            sessionIdOk = Holds(m_sessionIds, side, r.sessionId);
            if (!sessionIdOk &&
                (m_hiddenSessionIds.count(side) || m_ix.tunnels[static_cast<size_t>(t)].startSeen))
            {
                return false; // header-session-id notes or fails it
            }
            m_ix.tunnels[static_cast<size_t>(t)].loose[sender].Add(r, lengthChecked);
            ++m_ix.tunnels[static_cast<size_t>(t)].summarized[sender];
        }
        int dir = 0;
        std::string link = PppEndpointLink(ppp, dir);
        m_ix.pppLinks[link].dir[dir].Add(r, lengthChecked);
        Count(r, lengthChecked, tunnelIdOk, sessionIdOk);
        return true;
    }

    void
    Count(const L2tpRecord& r, bool lengthChecked, bool tunnelIdChecked, bool sessionIdChecked)
    {
        ++m_ix.summarizedData;
        m_ix.summarizedLength += lengthChecked ? 1 : 0;
        m_ix.summarizedTunnelIdChecked += tunnelIdChecked ? 1 : 0;
        m_ix.summarizedSessionIdChecked += sessionIdChecked ? 1 : 0;
        m_ix.captureEnd = std::max(m_ix.captureEnd, r.time);
    }

    FlowIndex
    Finish()
    {
        return std::move(m_ix);
    }

private:
    size_t
    NewTunnel(const std::string& ip0, const std::string& ip1)
    {
        TunnelFlow t;
        t.side[0].ip = ip0;
        t.side[1].ip = ip1;
        m_ix.tunnels.push_back(t);
        return m_ix.tunnels.size() - 1;
    }

    void
    BindSide(size_t t, int k, uint16_t id, uint32_t announcedAt)
    {
        TunnelSide& s = m_ix.tunnels[t].side[k];
        if (!s.idKnown)
        {
            s.id = id;
            s.idKnown = true;
        }
        if (announcedAt && !s.idFrame && s.id == id)
        {
            s.idFrame = announcedAt;
        }
        m_sides[SideKey{s.ip, id, m_ix.tunnels[t].side[1 - k].ip}] = std::make_pair(t, k);
    }

    void
    Assign(size_t i, size_t t, int sender)
    {
        m_ix.tunnelOf[i] = static_cast<int>(t);
        m_ix.senderSide[i] = sender;
        const L2tpRecord& r = m_ix.Rec(i);
        if (r.isControl)
        {
            m_ix.tunnels[t].control[sender].push_back(i);
        }
        else
        {
            m_ix.tunnels[t].data[sender].push_back(i);
        }
    }

    /** Has side k of tunnel t sent anything but SCCRQ? */
    bool
    SentBeyondRequest(size_t t, int k) const
    {
        for (size_t j : m_ix.tunnels[t].control[k])
        {
            const L2tpRecord& r = m_ix.Rec(j);
            if (!(r.hasMessageType && r.messageType == l2tpmsg::SCCRQ))
            {
                return true;
            }
        }
        return false;
    }

    void
    Control(size_t i)
    {
        const L2tpRecord& r = m_ix.Rec(i);
        uint16_t assigned = 0;
        bool hasAssigned =
            r.GetU16(l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", assigned);
        bool isSccrq = r.hasMessageType && r.messageType == l2tpmsg::SCCRQ;
        int t = -1;
        int sender = -1;

        if (r.tunnelId != 0)
        {
            auto it = m_sides.find(SideKey{r.dstIp, r.tunnelId, r.srcIp});
            if (it != m_sides.end() &&
                m_ix.tunnels[it->second.first].side[1 - it->second.second].ip == r.srcIp)
            {
                t = static_cast<int>(it->second.first);
                sender = 1 - it->second.second;
            }
            else
            {
                // Receiver's id not seen yet: a tunnel between these addresses whose receiver-side
                // id is unknown (the SCCRP or the Assigned Tunnel ID was hidden or not captured).
                for (size_t c = m_ix.tunnels.size(); c-- > 0;)
                {
                    TunnelFlow& cand = m_ix.tunnels[c];
                    for (int k = 0; k < 2 && t < 0; ++k)
                    {
                        if (cand.side[k].ip == r.dstIp && !cand.side[k].idKnown &&
                            cand.side[1 - k].ip == r.srcIp &&
                            (!hasAssigned || !cand.side[1 - k].idKnown ||
                             cand.side[1 - k].id == assigned))
                        {
                            t = static_cast<int>(c);
                            sender = 1 - k;
                        }
                    }
                    if (t >= 0)
                    {
                        break;
                    }
                }
                if (t < 0)
                {
                    t = static_cast<int>(NewTunnel(r.srcIp, r.dstIp)); // capture began mid-tunnel
                    sender = 0;
                }
                BindSide(t, 1 - sender, r.tunnelId, 0);
            }
        }
        else if (hasAssigned)
        {
            auto it = m_sides.find(SideKey{r.srcIp, assigned, r.dstIp});
            if (it != m_sides.end() &&
                m_ix.tunnels[it->second.first].side[1 - it->second.second].ip == r.dstIp &&
                !(isSccrq && SentBeyondRequest(it->second.first, it->second.second)))
            {
                t = static_cast<int>(it->second.first);
                sender = it->second.second;
            }
            else
            {
                t = static_cast<int>(NewTunnel(r.srcIp, r.dstIp));
                sender = 0;
                m_ix.tunnels[t].startSeen = isSccrq;
            }
        }
        else
        {
            // Tunnel ID 0 and no visible Assigned Tunnel ID: an SCCRQ with a hidden/missing AVP, or
            // a message sent before the peer's ID was known. Join the latest tunnel between these
            // addresses in which the receiver's ID is still unknown.
            for (size_t c = m_ix.tunnels.size(); c-- > 0 && t < 0;)
            {
                TunnelFlow& cand = m_ix.tunnels[c];
                for (int k = 0; k < 2; ++k)
                {
                    if (cand.side[k].ip == r.srcIp && cand.side[1 - k].ip == r.dstIp &&
                        !cand.side[1 - k].idKnown && !(isSccrq && SentBeyondRequest(c, k)))
                    {
                        t = static_cast<int>(c);
                        sender = k;
                        break;
                    }
                }
            }
            if (t < 0)
            {
                if (!isSccrq)
                {
                    return; // cannot be placed
                }
                t = static_cast<int>(NewTunnel(r.srcIp, r.dstIp));
                sender = 0;
                m_ix.tunnels[t].startSeen = true;
            }
        }
        if (hasAssigned)
        {
            BindSide(t, sender, assigned, r.frame);
        }
        Assign(i, t, sender);
        Session(i, t, sender);
    }

    void
    Data(size_t i)
    {
        const L2tpRecord& r = m_ix.Rec(i);
        auto it = m_sides.find(SideKey{r.dstIp, r.tunnelId, r.srcIp});
        if (it == m_sides.end())
        {
            return;
        }
        size_t t = it->second.first;
        int sender = 1 - it->second.second;
        if (m_ix.tunnels[t].side[sender].ip != r.srcIp)
        {
            return;
        }
        Assign(i, t, sender);
        auto s = m_sessions.find(std::make_tuple(t, 1 - sender, r.sessionId));
        if (s != m_sessions.end())
        {
            m_ix.sessionOf[i] = static_cast<int>(s->second);
            m_ix.sessions[s->second].data.push_back(i);
        }
    }

    int
    FindSession(size_t t, int side, uint16_t id) const
    {
        auto s = m_sessions.find(std::make_tuple(t, side, id));
        return s == m_sessions.end() ? -1 : static_cast<int>(s->second);
    }

    size_t
    NewSession(size_t t)
    {
        SessionFlow s;
        s.tunnel = t;
        m_ix.sessions.push_back(s);
        m_ix.tunnels[t].sessions.push_back(m_ix.sessions.size() - 1);
        return m_ix.sessions.size() - 1;
    }

    void
    BindSession(size_t s, int side, uint16_t id, uint32_t frame)
    {
        SessionFlow& ss = m_ix.sessions[s];
        if (!ss.idKnown[side])
        {
            ss.id[side] = id;
            ss.idKnown[side] = true;
        }
        if (frame && !ss.idFrame[side] && ss.id[side] == id)
        {
            ss.idFrame[side] = frame;
        }
        m_sessions[std::make_tuple(ss.tunnel, side, id)] = s;
    }

    /**
     * True if request `r` is a retransmission of session s's request: the same message with the
     * same Ns (RFC 2661 §5.8: a retransmitted message keeps its Ns; a new call takes the next
     * one), in a session not yet disconnected (no CDN).
     */
    bool
    RepeatsRequest(size_t s, const L2tpRecord& r) const
    {
        const SessionFlow& ss = m_ix.sessions[s];
        const L2tpRecord& first = m_ix.Rec(ss.control.front());
        if (first.messageType != r.messageType || !first.hasSequence || !r.hasSequence ||
            first.ns != r.ns)
        {
            return false;
        }
        return std::none_of(ss.control.begin(), ss.control.end(),
                            [this](size_t c)
                            {
                                return m_ix.Rec(c).messageType == l2tpmsg::CDN;
                            });
    }

    void
    Session(size_t i, size_t t, int k)
    {
        const L2tpRecord& r = m_ix.Rec(i);
        if (!r.hasMessageType)
        {
            return;
        }
        uint16_t mt = r.messageType;
        bool request = mt == l2tpmsg::ICRQ || mt == l2tpmsg::OCRQ;
        bool reply = mt == l2tpmsg::ICRP || mt == l2tpmsg::OCRP;
        bool connected = mt == l2tpmsg::ICCN || mt == l2tpmsg::OCCN;
        bool other = mt == l2tpmsg::CDN || mt == l2tpmsg::WEN || mt == l2tpmsg::SLI;
        if (!request && !reply && !connected && !other)
        {
            return;
        }
        uint16_t own = 0;
        bool hasOwn = r.GetU16(l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", own);
        int s = -1;
        if (request)
        {
            if (hasOwn)
            {
                s = FindSession(t, k, own);
                // A retransmitted request joins its session, also after the reply (a lost reply:
                // the peer retransmits its reply while our retransmission crosses it); a reused
                // ID after the call ended does not.
                if (s >= 0 && !RepeatsRequest(static_cast<size_t>(s), r))
                {
                    s = -1;
                }
            }
            if (s < 0)
            {
                s = static_cast<int>(NewSession(t));
                m_ix.sessions[s].initiator = k;
                m_ix.sessions[s].requestType = mt;
            }
        }
        else
        {
            if (r.sessionId != 0)
            {
                s = FindSession(t, 1 - k, r.sessionId);
            }
            if (s < 0 && hasOwn)
            {
                s = FindSession(t, k, own);
            }
            if (s < 0)
            {
                s = static_cast<int>(NewSession(t));
            }
            if (r.sessionId != 0)
            {
                BindSession(s, 1 - k, r.sessionId, 0);
            }
        }
        if (hasOwn)
        {
            BindSession(s, k, own, r.frame);
        }
        if (connected && !m_ix.sessions[s].establishedFrame)
        {
            m_ix.sessions[s].establishedFrame = r.frame;
        }
        m_ix.sessions[s].control.push_back(i);
        m_ix.sessionOf[i] = s;
    }

    FlowIndex m_ix;
    // Looked up once per message (every data message): hashed, never iterated.
    std::unordered_map<SideKey, std::pair<size_t, int>, SideKeyHash>
        m_sides; //!< (ip, id) → (tunnel, side)
    std::unordered_map<std::tuple<size_t, int, uint16_t>, size_t, SessionKeyHash>
        m_sessions; //!< (tunnel, side, id) → session
    // What the two ID rules know (Announcements): bounded by hosts and tunnels, not packets.
    std::unordered_map<std::pair<InternedText, InternedText>, std::set<uint16_t>, InternedPairHash>
        m_tunnelIds; //!< (from, to) → Tunnel IDs announced
    std::map<std::pair<int, int>, std::set<uint16_t>>
        m_sessionIds;                                 //!< (tunnel, side) → Session IDs announced
    std::set<std::pair<int, int>> m_hiddenSessionIds; //!< (tunnel, side) with a hidden one
    std::unordered_map<std::pair<InternedText, InternedText>, bool, InternedPairHash>
        m_pairStart; //!< (lower, higher address) → the first message was an SCCRQ
};

} // namespace

FlowIndex
BuildFlowIndex(const std::vector<L2tpRecord>& records)
{
    return Builder(records).Run();
}

void
DataSummary::Add(const L2tpRecord& r, bool lengthIsChecked)
{
    firstFrame = n == 0 ? r.frame : firstFrame;
    ++n;
    lengthChecked += lengthIsChecked ? 1 : 0;
    lengthBit += r.lengthBit ? 1 : 0;
    seqBit += r.seqBit ? 1 : 0;
    offsetBit += r.offsetBit ? 1 : 0;
    // Frames only grow: the new point dominates every earlier one whose time is not later.
    while (!frontier.empty() && frontier.back().second <= r.time)
    {
        frontier.pop_back();
    }
    frontier.emplace_back(r.frame, r.time);
}

bool
DataSummary::SentAfter(uint32_t f, TimeNs t) const
{
    // Times descend along the frontier: the first point after f has the latest time among them.
    auto it = std::upper_bound(frontier.begin(), frontier.end(), f,
                               [](uint32_t x, const std::pair<uint32_t, TimeNs>& p)
                               {
                                   return x < p.first;
                               });
    return it != frontier.end() && it->second >= t;
}

const FlowIndex&
FlowIndexOf(const RecordSet& rs, FlowIndex& storage)
{
    if (rs.flows && rs.flows->records == &rs.records)
    {
        return *rs.flows; // built for these very records: used in place, not copied
    }
    storage = rs.flows ? *rs.flows : BuildFlowIndex(rs.records);
    storage.records = &rs.records;
    return storage;
}

class FlowIndexBuilder::Impl : public Builder
{
public:
    using Builder::Builder;
};

FlowIndexBuilder::FlowIndexBuilder(std::vector<L2tpRecord>& records)
    : m_impl(std::make_unique<Impl>(records))
{
}

FlowIndexBuilder::~FlowIndexBuilder() = default;

void
FlowIndexBuilder::Added(size_t i)
{
    m_impl->Added(i);
}

bool
FlowIndexBuilder::Absorb(const L2tpRecord& r, PppRecord* ppp)
{
    return m_impl->Absorb(r, ppp);
}

FlowIndex
FlowIndexBuilder::Finish()
{
    return m_impl->Finish();
}

bool
IsSummarizablePpp(const PppRecord& p)
{
    return p.inL2tp && p.protocol != 0 && p.protocol < 0x8000 && p.protocol != pppproto::MP &&
           !p.hasHeader && !p.isMpHeader && !p.insideMp;
}

bool
IsKeptPppRider(const PppRecord& p)
{
    return p.inL2tp && p.protocol != 0 && !IsSummarizablePpp(p) && p.protocol != pppproto::MP &&
           !p.isMpHeader && !p.insideMp;
}

void
SummarizeDataMessages(RecordSet& rs)
{
    // PPP records of each L2TP record (a data message carries at most one PPP layer to summarise;
    // more than one, e.g. an MP reassembly, keeps the message).
    std::vector<int> pppOf(rs.records.size(), -1);
    for (size_t k = 0; k < rs.ppp.size(); ++k)
    {
        const PppRecord& p = rs.ppp[k];
        if (p.inL2tp && p.l2tpIndex >= 0 && static_cast<size_t>(p.l2tpIndex) < pppOf.size())
        {
            int& slot = pppOf[static_cast<size_t>(p.l2tpIndex)];
            slot = slot == -1 ? static_cast<int>(k) : -2;
        }
    }
    std::vector<L2tpRecord> kept;
    kept.reserve(rs.records.size());
    std::vector<int> newIndex(rs.records.size(), -1);
    std::vector<bool> dropPpp(rs.ppp.size(), false);
    FlowIndexBuilder b(kept);
    uint64_t absorbedPpp = 0;
    for (size_t i = 0; i < rs.records.size(); ++i)
    {
        const int p = pppOf[i];
        if (b.Absorb(rs.records[i], p >= 0 ? &rs.ppp[static_cast<size_t>(p)] : nullptr))
        {
            if (!IsKeptPppRider(rs.ppp[static_cast<size_t>(p)]))
            {
                dropPpp[static_cast<size_t>(p)] = true;
                ++absorbedPpp;
            }
            continue;
        }
        kept.push_back(std::move(rs.records[i]));
        newIndex[i] = static_cast<int>(kept.size() - 1);
        b.Added(kept.size() - 1);
    }
    std::vector<PppRecord> ppp;
    ppp.reserve(rs.ppp.size() - absorbedPpp);
    for (size_t k = 0; k < rs.ppp.size(); ++k)
    {
        if (dropPpp[k])
        {
            continue;
        }
        PppRecord& p = rs.ppp[k];
        if (p.l2tpIndex >= 0 && static_cast<size_t>(p.l2tpIndex) < newIndex.size())
        {
            p.l2tpIndex = newIndex[static_cast<size_t>(p.l2tpIndex)];
        }
        ppp.push_back(std::move(p));
    }
    rs.records = std::move(kept);
    rs.ppp = std::move(ppp);
    rs.summarizedPpp += absorbedPpp;
    auto fi = std::make_shared<FlowIndex>(b.Finish());
    fi->records = &rs.records; // the judge uses it in place (FlowIndexOf)
    rs.flows = std::move(fi);
}

int
LacSide(const FlowIndex& flows, size_t tunnel)
{
    if (tunnel >= flows.tunnels.size())
    {
        return -1;
    }
    const TunnelFlow& t = flows.tunnels[tunnel];
    for (size_t s : t.sessions)
    {
        const SessionFlow& ses = flows.sessions[s];
        if (ses.initiator >= 0 && ses.requestType == l2tpmsg::ICRQ)
        {
            return ses.initiator;
        }
        if (ses.initiator >= 0 && ses.requestType == l2tpmsg::OCRQ)
        {
            return 1 - ses.initiator;
        }
    }
    return t.startSeen ? 0 : -1;
}

} // namespace ns3
