#include "conformance/l2tp-flows.h"

#include <map>
#include <unordered_map>
#include <tuple>

namespace ns3
{

namespace
{

using SideKey = std::pair<std::string, uint16_t>; //!< (address, assigned tunnel id)

/** Hash of a SideKey. */
struct SideKeyHash
{
    size_t
    operator()(const SideKey& k) const
    {
        return std::hash<std::string>()(k.first) * 65599u + k.second;
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
    explicit Builder(const std::vector<L2tpRecord>& recs)
    {
        m_ix.records = &recs;
        m_ix.tunnelOf.assign(recs.size(), -1);
        m_ix.senderSide.assign(recs.size(), -1);
        m_ix.sessionOf.assign(recs.size(), -1);
    }

    FlowIndex
    Run()
    {
        const auto& recs = *m_ix.records;
        for (size_t i = 0; i < recs.size(); ++i)
        {
            m_ix.captureEnd = std::max(m_ix.captureEnd, recs[i].time);
            if (recs[i].version != 2)
            {
                continue; // L2F / L2TPv3: not this protocol's tunnels
            }
            if (recs[i].isControl)
            {
                Control(i);
            }
            else
            {
                Data(i);
            }
        }
        return std::move(m_ix);
    }

private:
    static bool
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
        m_sides[SideKey(s.ip, id)] = std::make_pair(t, k);
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
            VisibleU16(r, l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", assigned);
        bool isSccrq = r.hasMessageType && r.messageType == l2tpmsg::SCCRQ;
        int t = -1;
        int sender = -1;

        if (r.tunnelId != 0)
        {
            auto it = m_sides.find(SideKey(r.dstIp, r.tunnelId));
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
            auto it = m_sides.find(SideKey(r.srcIp, assigned));
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
        auto it = m_sides.find(SideKey(r.dstIp, r.tunnelId));
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
        bool hasOwn =
            VisibleU16(r, l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", own);
        int s = -1;
        if (request)
        {
            if (hasOwn)
            {
                s = FindSession(t, k, own);
                // A retransmitted request joins its session; a reused ID after the call ended does
                // not.
                if (s >= 0 && (m_ix.sessions[s].control.size() > 1 ||
                               m_ix.Rec(m_ix.sessions[s].control.front()).messageType != mt))
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
};

} // namespace

FlowIndex
BuildFlowIndex(const std::vector<L2tpRecord>& records)
{
    return Builder(records).Run();
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
