#include "model/l2tp/l2tp-endpoint.h"

#include "model/l2tp/l2tp-codec.h"

namespace ns3
{

namespace
{

L2tpTunnelConfig
MakeTunnelConfig(const L2tpEndpointConfig& c)
{
    L2tpTunnelConfig t;
    t.hostName = c.hostName;
    t.vendorName = c.vendorName;
    t.firmwareRevision = c.firmwareRevision;
    t.secret = c.secret;
    t.hideAvps = c.hideAvps && !c.secret.empty();
    t.framingCapabilities = c.framingCapabilities;
    t.bearerCapabilities = c.bearerCapabilities;
    t.sendTieBreaker = c.sendTieBreaker;
    t.maxSessions = c.maxSessionsPerTunnel;
    t.session.sequenceData = c.sequenceData;
    t.channel = c.channel;
    return t;
}

const std::string kEndpointObject = "l2tp/endpoint"; //!< object name of endpoint-level events

} // namespace

// ---- scope: settle deadlines and deletions once the outermost call returns

L2tpEndpoint::Scope::Scope(L2tpEndpoint* e)
    : m_e(e)
{
    ++m_e->m_depth;
}

L2tpEndpoint::Scope::~Scope()
{
    if (--m_e->m_depth == 0)
    {
        m_e->Settle();
    }
}

// ---- construction

L2tpEndpoint::L2tpEndpoint(const L2tpEndpointConfig& cfg, Io* io, EventSink* events)
    : m_cfg(cfg)
    , m_tunnelCfg(MakeTunnelConfig(cfg))
    , m_io(io)
    , m_events(events)
    , m_rng(cfg.seed)
{
}

L2tpEndpoint::~L2tpEndpoint() = default;

L2tpTunnel*
L2tpEndpoint::Find(uint16_t id)
{
    // Every received datagram looks its tunnel up: hashed, not a walk down a 10,000-node tree.
    auto it = m_tunnelIndex.find(id);
    return it == m_tunnelIndex.end() ? nullptr : it->second;
}

const L2tpTunnel*
L2tpEndpoint::FindTunnel(uint16_t tunnelId) const
{
    auto it = m_tunnelIndex.find(tunnelId);
    return it == m_tunnelIndex.end() ? nullptr : it->second;
}

uint16_t
L2tpEndpoint::AllocateTunnelId()
{
    // Random non-zero ids (§5.3: 0 is special) from the seeded generator: deterministic runs,
    // ids that look like real implementations' (RouterOS logs "tunnel 3101"), and a just-closed
    // tunnel's id is unlikely to be reused while stray retransmissions for it are in flight.
    if (m_tunnels.size() >= 65535)
    {
        return 0;
    }
    for (;;)
    {
        uint16_t id = static_cast<uint16_t>(m_rng.NextU32() >> 16);
        if (id != 0 && m_tunnels.find(id) == m_tunnels.end())
        {
            return id;
        }
    }
}

L2tpTunnel*
L2tpEndpoint::CreateTunnel(const L2tpPeer& peer, uint16_t localPort)
{
    uint16_t id = AllocateTunnelId();
    if (id == 0)
    {
        m_counters.Add("tunnel/refused/no-tunnel-id");
        return nullptr;
    }
    L2tpTunnel::Owner* owner = this;
    auto t = std::make_unique<L2tpTunnel>(m_tunnelCfg, owner, id, peer, localPort);
    L2tpTunnel* raw = t.get();
    m_tunnels[id] = std::move(t);
    m_tunnelIndex[id] = raw;
    ++m_liveTunnels;
    return raw;
}

void
L2tpEndpoint::RememberPeerKey(const PeerKey& key, uint16_t id)
{
    m_byPeerTid[key] = id;
    m_peerKeyOf[id] = key;
}

void
L2tpEndpoint::Touch(uint16_t id)
{
    m_touched.push_back(id);
}

void
L2tpEndpoint::Settle()
{
    // Refresh the deadline entry of every tunnel this call touched; delete CLOSED tunnels. Runs
    // only when no tunnel code is on the stack (outermost public call).
    std::vector<uint16_t> touched;
    touched.swap(m_touched);
    for (uint16_t id : touched)
    {
        auto old = m_deadlineOf.find(id);
        if (old != m_deadlineOf.end())
        {
            m_deadlines.erase(old->second); // by position: no search down the set
            m_deadlineOf.erase(old);
        }
        L2tpTunnel* found = Find(id); // hashed: the ordered map's walk missed the cache per level
        if (!found)
        {
            continue;
        }
        L2tpTunnel& t = *found;
        if (t.State() == L2tpTunnelState::CLOSED)
        {
            for (const auto& kv : t.Channel().GetCounters().All())
            {
                m_counters.Add("channel/" + kv.first, kv.second);
            }
            auto key = m_peerKeyOf.find(id);
            if (key != m_peerKeyOf.end())
            {
                auto p = m_byPeerTid.find(key->second);
                if (p != m_byPeerTid.end() && p->second == id)
                {
                    m_byPeerTid.erase(p);
                }
                m_peerKeyOf.erase(key);
            }
            for (auto i = m_initiatedTo.begin(); i != m_initiatedTo.end();)
            {
                i->second.erase(id);
                i = i->second.empty() ? m_initiatedTo.erase(i) : std::next(i);
            }
            m_tunnelIndex.erase(id);
            m_liveSessions -= std::min(m_liveSessions, t.SessionSlots());
            m_tunnels.erase(id);
            continue;
        }
        TimeNs d = t.NextDeadline();
        if (d != kNever)
        {
            m_deadlineOf[id] = m_deadlines.insert({d, id}).first;
        }
    }
}

void
L2tpEndpoint::Drop(const std::string& reason, const L2tpPeer& from, TimeNs now)
{
    m_counters.Add("drop/" + reason);
    if (m_events)
    {
        LabEvent e;
        e.time = now;
        e.object = kEndpointObject;
        e.kind = "drop";
        e.fields = {{"reason", reason}, {"from", ToString(from)}};
        m_events->Emit(e);
    }
}

// ---- inputs

uint16_t
L2tpEndpoint::OpenTunnel(const L2tpPeer& lns, TimeNs now)
{
    Scope scope(this);
    L2tpTunnel* t = CreateTunnel(lns, m_cfg.localPort);
    if (!t)
    {
        return 0;
    }
    uint16_t id = t->LocalId();
    m_initiatedTo[lns.ip].insert(id);
    Touch(id);
    t->Open(now);
    return id;
}

uint16_t
L2tpEndpoint::PlaceCall(uint16_t tunnelId, L2tpCallKind kind, TimeNs now)
{
    Scope scope(this);
    L2tpTunnel* t = Find(tunnelId);
    if (!t)
    {
        m_counters.Add("call/refused/unknown-tunnel");
        return 0;
    }
    Touch(tunnelId);
    return t->PlaceCall(kind, now);
}

void
L2tpEndpoint::CloseSession(uint16_t tunnelId, uint16_t sessionId, uint16_t result, TimeNs now)
{
    Scope scope(this);
    if (L2tpTunnel* t = Find(tunnelId))
    {
        Touch(tunnelId);
        t->CloseSession(sessionId, result, now);
    }
}

void
L2tpEndpoint::CloseTunnel(uint16_t tunnelId, uint16_t result, TimeNs now)
{
    Scope scope(this);
    if (L2tpTunnel* t = Find(tunnelId))
    {
        Touch(tunnelId);
        t->Close(result, 0, "", now);
    }
}

void
L2tpEndpoint::OnDatagram(
    uint16_t localPort, const L2tpPeer& from, const uint8_t* data, size_t len, TimeNs now)
{
    Scope scope(this);
    L2tpHeader h;
    L2tpDecodeError err = DecodeL2tpHeader(data, len, h);
    if (err != L2tpDecodeError::NONE)
    {
        Drop("decode/" + ToString(err), from, now);
        return;
    }
    if (h.isControl)
    {
        L2tpControlMessage m;
        err = DecodeL2tpControl(data, len, m_cfg.secret, m);
        if (err != L2tpDecodeError::NONE)
        {
            Drop("decode/" + ToString(err), from, now);
            return;
        }
        if (m.tunnelId == 0)
        {
            HandleTunnelIdZero(localPort, from, m, now);
            return;
        }
        L2tpTunnel* t = Find(m.tunnelId);
        if (!t)
        {
            // RFC 2661 does not require an answer to a control message for a tunnel we do not
            // have, and we cannot address the peer's tunnel anyway (its id is unknown): count
            // and drop, like §3.1 does for messages that cannot be processed.
            Drop("unknown-tunnel", from, now);
            return;
        }
        Touch(m.tunnelId);
        t->ReceiveControl(m, from, now);
        return;
    }
    L2tpDataMessage d;
    err = DecodeL2tpData(data, len, d);
    if (err != L2tpDecodeError::NONE)
    {
        Drop("decode/" + ToString(err), from, now);
        return;
    }
    L2tpTunnel* t = Find(d.tunnelId);
    if (!t)
    {
        Drop("unknown-tunnel", from, now);
        return;
    }
    Touch(d.tunnelId); // data resets the HELLO timer (§6.5)
    t->ReceiveData(d, now);
}

void
L2tpEndpoint::HandleTunnelIdZero(uint16_t localPort,
                                 const L2tpPeer& from,
                                 const L2tpControlMessage& m,
                                 TimeNs now)
{
    const L2tpMessageType type = m.Type();
    if (type == L2tpMessageType::SCCRQ)
    {
        HandleSccrq(localPort, from, m, now);
        return;
    }
    uint16_t peerTid = 0;
    if (type == L2tpMessageType::STOPCCN && m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, peerTid))
    {
        // §4.4.3: the StopCCN's Assigned Tunnel ID identifies the tunnel "even if a StopCCN is
        // sent before an Assigned Tunnel ID AVP is received".
        auto it = m_byPeerTid.find(PeerKey{from.ip, from.port, peerTid});
        if (it != m_byPeerTid.end())
        {
            if (L2tpTunnel* t = Find(it->second))
            {
                Touch(it->second);
                t->ReceiveControl(m, from, now);
                return;
            }
        }
    }
    Drop("control/tunnel-id-0", from, now);
}

bool
L2tpEndpoint::TieBreak(const L2tpPeer& from, const L2tpControlMessage& m, TimeNs now)
{
    // §4.4.3 Tie Breaker: "The recipient of a SCCRQ must check to see if a SCCRQ has been sent to
    // the peer, and if so, must compare its Tie Breaker value with the received one. The lower
    // value 'wins', and the 'loser' MUST silently discard its tunnel. In the case where a tie
    // breaker is present on both sides, and the value is equal, both sides MUST discard their
    // tunnels. If a tie breaker is received, and an outstanding SCCRQ had no tie breaker value,
    // the initiator which included the Tie Breaker AVP 'wins'. If neither side issues a tie
    // breaker, then two separate tunnels are opened."
    auto it = m_initiatedTo.find(from.ip);
    if (it == m_initiatedTo.end())
    {
        return false;
    }
    uint64_t theirs = 0;
    const bool haveTheirs = m.GetU64(L2tpAvpType::TIE_BREAKER, theirs);
    std::vector<uint16_t> ids(it->second.begin(), it->second.end());
    for (uint16_t id : ids)
    {
        L2tpTunnel* t = Find(id);
        if (!t || t->State() != L2tpTunnelState::WAIT_CTL_REPLY || !t->SentSccrq())
        {
            continue;
        }
        uint64_t ours = 0;
        const bool haveOurs = t->TieBreaker(ours);
        if (!haveOurs && !haveTheirs)
        {
            return false; // two separate tunnels
        }
        Touch(id);
        if (haveOurs && haveTheirs && ours == theirs)
        {
            m_counters.Add("tunnel/tie-breaker-equal");
            t->LoseTieBreak(now);
            t->Close(static_cast<uint16_t>(L2tpStopCcnResult::CHANNEL_ALREADY_EXISTS), 0,
                     "tie breaker equal", now);
            Drop("control/sccrq-tie-breaker-equal", from, now);
            return true;
        }
        const bool weWin = haveOurs && (!haveTheirs || ours < theirs);
        if (weWin)
        {
            // The winner keeps its tunnel and does not answer the loser's SCCRQ; the loser
            // discards its own tunnel and answers ours.
            m_counters.Add("tunnel/tie-breaker-won");
            Drop("control/sccrq-tie-breaker-lost-by-peer", from, now);
            return true;
        }
        t->LoseTieBreak(now);
        uint16_t peerTid = 0;
        m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, peerTid);
        RememberPeerKey(PeerKey{from.ip, from.port, peerTid}, id);
        t->ReceiveControl(m, from, now); // "Re-queue SCCRQ for idle state"
        return true;
    }
    return false;
}

void
L2tpEndpoint::HandleSccrq(uint16_t localPort,
                          const L2tpPeer& from,
                          const L2tpControlMessage& m,
                          TimeNs now)
{
    uint16_t peerTid = 0;
    m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, peerTid);
    auto known = m_byPeerTid.find(PeerKey{from.ip, from.port, peerTid});
    if (known != m_byPeerTid.end())
    {
        // A retransmitted SCCRQ (our SCCRP or its ack was lost): the channel acknowledges it.
        if (L2tpTunnel* t = Find(known->second))
        {
            Touch(known->second);
            t->ReceiveControl(m, from, now);
            return;
        }
    }
    if (TieBreak(from, m, now))
    {
        return;
    }
    uint16_t port = localPort;
    if (m_cfg.replyFromEphemeralPort && m_cfg.acceptTunnels)
    {
        uint16_t p = m_io->AllocateLocalPort();
        if (p != 0)
        {
            port = p;
        }
    }
    L2tpTunnel* t = CreateTunnel(from, port);
    if (!t)
    {
        Drop("control/sccrq-no-tunnel-id", from, now);
        return;
    }
    t->CloseAfterPeersLastCall(m_cfg.closeAfterPeersLastCall);
    if (!m_cfg.acceptTunnels)
    {
        // §7.2.1 idle, "Receive SCCRQ, not acceptable": Send StopCCN. Result 4: "Requester is
        // not authorized to establish a control channel".
        m_counters.Add("tunnel/refused/not-accepting");
        t->SetAdmission(static_cast<uint16_t>(L2tpStopCcnResult::NOT_AUTHORIZED), 0,
                        "not accepting tunnels");
    }
    else if (m_cfg.maxTunnels != 0 && m_liveTunnels > m_cfg.maxTunnels)
    {
        // Result 2 with Error Code 4 "Insufficient resources to handle this operation".
        m_counters.Add("tunnel/refused/max-tunnels");
        t->SetAdmission(static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
                        static_cast<uint16_t>(L2tpErrorCode::INSUFFICIENT_RESOURCES),
                        "tunnel limit reached");
    }
    RememberPeerKey(PeerKey{from.ip, from.port, peerTid}, t->LocalId());
    Touch(t->LocalId());
    t->ReceiveControl(m, from, now);
}

bool
L2tpEndpoint::SendFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& pppFrame, TimeNs now)
{
    L2tpTunnel* t = Find(tunnelId);
    if (!t)
    {
        m_counters.Add("tx/drop/unknown-tunnel");
        return false;
    }
    if (!t->SendFrame(sessionId, pppFrame, now))
    {
        m_counters.Add("tx/drop/session-not-established");
        return false;
    }
    return true;
}

void
L2tpEndpoint::SendSli(
    uint16_t tunnelId, uint16_t sessionId, uint32_t sendAccm, uint32_t recvAccm, TimeNs now)
{
    Scope scope(this);
    if (L2tpTunnel* t = Find(tunnelId))
    {
        Touch(tunnelId);
        if (!t->SendSli(sessionId, sendAccm, recvAccm, now))
        {
            m_counters.Add("tx/refused/sli");
        }
    }
}

void
L2tpEndpoint::SendWen(uint16_t tunnelId,
                      uint16_t sessionId,
                      const L2tpCallErrors& errors,
                      TimeNs now)
{
    Scope scope(this);
    if (L2tpTunnel* t = Find(tunnelId))
    {
        Touch(tunnelId);
        if (!t->SendWen(sessionId, errors, now))
        {
            m_counters.Add("tx/refused/wen");
        }
    }
}

void
L2tpEndpoint::OnTimer(TimeNs now)
{
    Scope scope(this);
    std::vector<uint16_t> due;
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now)
    {
        uint16_t id = m_deadlines.begin()->second;
        m_deadlines.erase(m_deadlines.begin());
        m_deadlineOf.erase(id);
        due.push_back(id);
    }
    for (uint16_t id : due)
    {
        if (L2tpTunnel* t = Find(id))
        {
            Touch(id);
            t->OnTimer(now);
        }
    }
}

TimeNs
L2tpEndpoint::NextDeadline() const
{
    return m_deadlines.empty() ? kNever : m_deadlines.begin()->first;
}

// ---- queries

size_t
L2tpEndpoint::TunnelCount(bool establishedOnly) const
{
    if (!establishedOnly)
    {
        return m_tunnels.size();
    }
    size_t n = 0;
    for (const auto& kv : m_tunnels)
    {
        if (kv.second->State() == L2tpTunnelState::ESTABLISHED)
        {
            ++n;
        }
    }
    return n;
}

void
L2tpEndpoint::TunnelSessionSlots(int delta)
{
    const size_t n = static_cast<size_t>(delta < 0 ? -delta : delta);
    m_liveSessions = delta < 0 ? m_liveSessions - std::min(m_liveSessions, n) : m_liveSessions + n;
}

bool
L2tpEndpoint::TunnelAdmitsCall() const
{
    // The new call's session is already held: more than the limit means this one is over it.
    return !m_cfg.maxSessions || m_liveSessions <= *m_cfg.maxSessions;
}

size_t
L2tpEndpoint::SessionCount(bool establishedOnly) const
{
    if (establishedOnly)
    {
        return m_establishedSessions;
    }
    size_t n = 0;
    for (const auto& kv : m_tunnels)
    {
        n += kv.second->SessionCount(false);
    }
    return n;
}

std::string
L2tpEndpoint::TunnelState(uint16_t tunnelId) const
{
    const L2tpTunnel* t = FindTunnel(tunnelId);
    return t ? ToString(t->State()) : ToString(L2tpTunnelState::CLOSED);
}

std::string
L2tpEndpoint::SessionState(uint16_t tunnelId, uint16_t sessionId) const
{
    const L2tpTunnel* t = FindTunnel(tunnelId);
    const L2tpSession* s = t ? t->FindSession(sessionId) : nullptr;
    return s ? ToString(s->State()) : ToString(L2tpSessionState::CLOSED);
}

std::vector<uint16_t>
L2tpEndpoint::TunnelIds() const
{
    std::vector<uint16_t> ids;
    ids.reserve(m_tunnels.size());
    for (const auto& kv : m_tunnels)
    {
        ids.push_back(kv.first);
    }
    return ids;
}

const Counters&
L2tpEndpoint::GetCounters() const
{
    m_allCounters = m_counters;
    for (const auto& kv : m_tunnels)
    {
        for (const auto& c : kv.second->Channel().GetCounters().All())
        {
            m_allCounters.Add("channel/" + c.first, c.second);
        }
    }
    return m_allCounters;
}

// ---- tunnel owner

void
L2tpEndpoint::TunnelTransmit(L2tpTunnel& t, const Bytes& datagram)
{
    m_io->SendDatagram(t.LocalPort(), t.Peer(), datagram);
}

bool
L2tpEndpoint::TunnelWantsEvents() const
{
    return m_events != nullptr;
}

void
L2tpEndpoint::TunnelEmit(const LabEvent& e)
{
    if (m_events)
    {
        m_events->Emit(e);
    }
}

void
L2tpEndpoint::TunnelCount(const std::string& counter)
{
    m_counters.Add(counter);
}

DetRandom&
L2tpEndpoint::TunnelRandom()
{
    return m_rng;
}

uint32_t
L2tpEndpoint::TunnelNextCallSerial()
{
    return ++m_callSerial;
}

void
L2tpEndpoint::TunnelClosed(L2tpTunnel& t)
{
    if (m_liveTunnels > 0)
    {
        --m_liveTunnels;
    }
    Touch(t.LocalId());
    m_io->TunnelDown(t.LocalId());
}

void
L2tpEndpoint::TunnelSessionUp(L2tpTunnel& t, L2tpSession& s)
{
    ++m_establishedSessions;
    m_io->SessionUp(t.LocalId(), s.LocalId());
}

void
L2tpEndpoint::TunnelSessionDown(L2tpTunnel& t, L2tpSession& s)
{
    if (s.WasUp() && m_establishedSessions > 0)
    {
        --m_establishedSessions;
    }
    if (s.WasUp() || s.LocallyPlaced())
    {
        m_io->SessionDown(t.LocalId(), s.LocalId());
    }
}

void
L2tpEndpoint::TunnelDeliverFrame(L2tpTunnel& t, L2tpSession& s, const Bytes& frame)
{
    m_io->DeliverFrame(t.LocalId(), s.LocalId(), frame);
}

} // namespace ns3
