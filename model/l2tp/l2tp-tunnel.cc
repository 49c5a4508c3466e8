#include "model/l2tp/l2tp-tunnel.h"

#include "model/common/byte-buffer.h"
#include "model/l2tp/l2tp-codec.h"
#include "model/l2tp/l2tp-message-spec.h"

namespace ns3
{

using S = L2tpTunnelState;
using E = L2tpTunnelEvent;
using X = L2tpTunnel;

namespace
{

constexpr uint16_t kProtocolVersion = 0x0100; //!< §4.4.3: Ver 1, Rev 0
constexpr size_t kRandomVectorSize = 16;      //!< §4.3: at least 16 octets recommended
constexpr size_t kChallengeSize = 16;         //!< §4.4.3 Challenge: one or more octets

/** \brief Row helper (keeps the table to one line per cell). */
constexpr X::Table
R(S from, E ev, void (X::*act)(), S to)
{
    return X::Table{from, ev, act, to};
}

} // namespace

// ---- free helpers

std::string
ToString(const L2tpPeer& p)
{
    return std::to_string((p.ip >> 24) & 0xff) + "." + std::to_string((p.ip >> 16) & 0xff) + "." +
           std::to_string((p.ip >> 8) & 0xff) + "." + std::to_string(p.ip & 0xff) + ":" +
           std::to_string(p.port);
}

bool
L2tpReadResultCode(const L2tpAvp& avp, uint16_t& result, uint16_t& error, std::string& msg)
{
    ByteReader r(avp.value);
    result = 0;
    error = 0;
    msg.clear();
    if (!r.ReadU16(result))
    {
        return false;
    }
    if (r.Remaining() >= 2 && r.ReadU16(error))
    {
        msg.assign(r.Current(), r.Current() + r.Remaining());
    }
    return true;
}

bool
L2tpHasRequiredAvps(const L2tpControlMessage& m, std::string* missing)
{
    return ValidateMessage(m, missing);
}

const char*
ToString(L2tpTunnelState s)
{
    switch (s)
    {
    case S::IDLE:
        return "IDLE";
    case S::WAIT_CTL_REPLY:
        return "WAIT_CTL_REPLY";
    case S::WAIT_CTL_CONN:
        return "WAIT_CTL_CONN";
    case S::ESTABLISHED:
        return "ESTABLISHED";
    case S::CLOSING:
        return "CLOSING";
    case S::CLOSED:
        return "CLOSED";
    }
    return "?";
}

const char*
ToString(L2tpTunnelEvent e)
{
    switch (e)
    {
    case E::OPEN:
        return "OPEN";
    case E::RX_SCCRQ_OK:
        return "RX_SCCRQ_OK";
    case E::RX_SCCRQ_BAD:
        return "RX_SCCRQ_BAD";
    case E::RX_SCCRQ_TIE_LOST:
        return "RX_SCCRQ_TIE_LOST";
    case E::RX_SCCRP_OK:
        return "RX_SCCRP_OK";
    case E::RX_SCCRP_BAD:
        return "RX_SCCRP_BAD";
    case E::RX_SCCCN_OK:
        return "RX_SCCCN_OK";
    case E::RX_SCCCN_BAD:
        return "RX_SCCCN_BAD";
    case E::RX_STOPCCN:
        return "RX_STOPCCN";
    case E::RX_HELLO:
        return "RX_HELLO";
    case E::RX_CALL_MESSAGE:
        return "RX_CALL_MESSAGE";
    case E::RX_BAD_MESSAGE:
        return "RX_BAD_MESSAGE";
    case E::LOCAL_CLOSE:
        return "LOCAL_CLOSE";
    case E::CHANNEL_GIVE_UP:
        return "CHANNEL_GIVE_UP";
    case E::HOLD_EXPIRED:
        return "HOLD_EXPIRED";
    }
    return "?";
}

// ---- the transition table
//
// RFC 2661 §7.2.1 "Control Connection States". The RFC returns to idle after "Clean up"; here a
// tunnel that sent or received StopCCN first waits in CLOSING for a full retransmission cycle
// (§5.7: the receiver "MUST ... maintain enough control connection state to properly accept
// StopCCN retransmissions over at least a full retransmission cycle"; §5.8: the state and reliable
// delivery "MUST be maintained and operated for the full retransmission interval after the final
// message exchange"), then reaches CLOSED, which is terminal. A message the table does not expect
// in a state is a protocol error: StopCCN with Result Code 7 (FSM error) unless the message was
// itself not acceptable (then its own Result Code). Every (state, event) pair is listed.

const X::Table X::kTable[] = {
    // idle
    R(S::IDLE, E::OPEN, &X::ActSendSccrq, S::WAIT_CTL_REPLY),
    R(S::IDLE, E::RX_SCCRQ_OK, &X::ActSendSccrp, S::WAIT_CTL_CONN),
    R(S::IDLE, E::RX_SCCRQ_BAD, &X::ActSendStopCcn, S::CLOSING), // "Send StopCCN, Clean up"
    R(S::IDLE, E::RX_SCCRQ_TIE_LOST, nullptr, S::IDLE),
    R(S::IDLE, E::RX_SCCRP_OK, &X::ActSendStopCcn, S::CLOSING), // "Receive SCCRP: Send StopCCN"
    R(S::IDLE, E::RX_SCCRP_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::IDLE, E::RX_SCCCN_OK, &X::ActCleanUp, S::CLOSED), // "Receive SCCCN: Clean up"
    R(S::IDLE, E::RX_SCCCN_BAD, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_STOPCCN, &X::ActPeerStopped, S::CLOSING), // ack, hold (§5.7)
    R(S::IDLE, E::RX_HELLO, nullptr, S::IDLE),
    R(S::IDLE, E::RX_CALL_MESSAGE, &X::ActSendStopCcn, S::CLOSING),
    R(S::IDLE, E::RX_BAD_MESSAGE, &X::ActSendStopCcn, S::CLOSING),
    R(S::IDLE, E::LOCAL_CLOSE, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::CHANNEL_GIVE_UP, &X::ActGiveUp, S::CLOSED),
    R(S::IDLE, E::HOLD_EXPIRED, nullptr, S::IDLE),
    // wait-ctl-reply
    R(S::WAIT_CTL_REPLY, E::OPEN, nullptr, S::WAIT_CTL_REPLY), // calls wait for tunnel-open
    R(S::WAIT_CTL_REPLY, E::RX_SCCRQ_OK, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::RX_SCCRQ_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::RX_SCCRQ_TIE_LOST, &X::ActTieLost, S::IDLE), // clean up, re-queue
    R(S::WAIT_CTL_REPLY, E::RX_SCCRP_OK, &X::ActSendScccnEstablish, S::ESTABLISHED),
    R(S::WAIT_CTL_REPLY, E::RX_SCCRP_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::RX_SCCCN_OK, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::RX_SCCCN_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::RX_STOPCCN, &X::ActPeerStopped, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::RX_HELLO, nullptr, S::WAIT_CTL_REPLY),
    R(S::WAIT_CTL_REPLY, E::RX_CALL_MESSAGE, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::RX_BAD_MESSAGE, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::LOCAL_CLOSE, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_REPLY, E::CHANNEL_GIVE_UP, &X::ActGiveUp, S::CLOSED),
    R(S::WAIT_CTL_REPLY, E::HOLD_EXPIRED, nullptr, S::WAIT_CTL_REPLY),
    // wait-ctl-conn
    R(S::WAIT_CTL_CONN, E::OPEN, nullptr, S::WAIT_CTL_CONN),
    R(S::WAIT_CTL_CONN, E::RX_SCCRQ_OK, &X::ActSendStopCcn, S::CLOSING), // "SCCRP, SCCRQ"
    R(S::WAIT_CTL_CONN, E::RX_SCCRQ_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::RX_SCCRQ_TIE_LOST, nullptr, S::WAIT_CTL_CONN),
    R(S::WAIT_CTL_CONN, E::RX_SCCRP_OK, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::RX_SCCRP_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::RX_SCCCN_OK, &X::ActEstablish, S::ESTABLISHED), // tunnel-open
    R(S::WAIT_CTL_CONN, E::RX_SCCCN_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::RX_STOPCCN, &X::ActPeerStopped, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::RX_HELLO, nullptr, S::WAIT_CTL_CONN),
    R(S::WAIT_CTL_CONN, E::RX_CALL_MESSAGE, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::RX_BAD_MESSAGE, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::LOCAL_CLOSE, &X::ActSendStopCcn, S::CLOSING),
    R(S::WAIT_CTL_CONN, E::CHANNEL_GIVE_UP, &X::ActGiveUp, S::CLOSED),
    R(S::WAIT_CTL_CONN, E::HOLD_EXPIRED, nullptr, S::WAIT_CTL_CONN),
    // established
    R(S::ESTABLISHED, E::OPEN, &X::ActOpenWaitingSessions, S::ESTABLISHED), // new call
    R(S::ESTABLISHED, E::RX_SCCRQ_OK, &X::ActSendStopCcn, S::CLOSING),      // "SCCRQ, SCCRP, SCCCN"
    R(S::ESTABLISHED, E::RX_SCCRQ_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::ESTABLISHED, E::RX_SCCRQ_TIE_LOST, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::RX_SCCRP_OK, &X::ActSendStopCcn, S::CLOSING),
    R(S::ESTABLISHED, E::RX_SCCRP_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::ESTABLISHED, E::RX_SCCCN_OK, &X::ActSendStopCcn, S::CLOSING),
    R(S::ESTABLISHED, E::RX_SCCCN_BAD, &X::ActSendStopCcn, S::CLOSING),
    R(S::ESTABLISHED, E::RX_STOPCCN, &X::ActPeerStopped, S::CLOSING),
    R(S::ESTABLISHED, E::RX_HELLO, nullptr, S::ESTABLISHED), // §6.5: keepalive, just acked
    R(S::ESTABLISHED, E::RX_CALL_MESSAGE, &X::ActDispatchCall, S::ESTABLISHED),
    R(S::ESTABLISHED, E::RX_BAD_MESSAGE, &X::ActSendStopCcn, S::CLOSING),
    R(S::ESTABLISHED, E::LOCAL_CLOSE, &X::ActSendStopCcn, S::CLOSING), // administrative close
    R(S::ESTABLISHED, E::CHANNEL_GIVE_UP, &X::ActGiveUp, S::CLOSED),
    R(S::ESTABLISHED, E::HOLD_EXPIRED, nullptr, S::ESTABLISHED),
    // closing: only acknowledgements (done by the channel) until the hold time is over
    R(S::CLOSING, E::OPEN, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_SCCRQ_OK, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_SCCRQ_BAD, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_SCCRQ_TIE_LOST, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_SCCRP_OK, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_SCCRP_BAD, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_SCCCN_OK, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_SCCCN_BAD, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_STOPCCN, nullptr, S::CLOSING), // both sent StopCCN: just ack
    R(S::CLOSING, E::RX_HELLO, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_CALL_MESSAGE, nullptr, S::CLOSING),
    R(S::CLOSING, E::RX_BAD_MESSAGE, nullptr, S::CLOSING),
    R(S::CLOSING, E::LOCAL_CLOSE, nullptr, S::CLOSING),
    R(S::CLOSING, E::CHANNEL_GIVE_UP, &X::ActFinish, S::CLOSED), // StopCCN never acked
    R(S::CLOSING, E::HOLD_EXPIRED, &X::ActFinish, S::CLOSED),
    // closed (terminal)
    R(S::CLOSED, E::OPEN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SCCRQ_OK, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SCCRQ_BAD, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SCCRQ_TIE_LOST, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SCCRP_OK, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SCCRP_BAD, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SCCCN_OK, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SCCCN_BAD, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_STOPCCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_HELLO, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_CALL_MESSAGE, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_BAD_MESSAGE, nullptr, S::CLOSED),
    R(S::CLOSED, E::LOCAL_CLOSE, nullptr, S::CLOSED),
    R(S::CLOSED, E::CHANNEL_GIVE_UP, nullptr, S::CLOSED),
    R(S::CLOSED, E::HOLD_EXPIRED, nullptr, S::CLOSED),
};

const X::Table*
L2tpTunnel::Rows(size_t& n)
{
    n = sizeof(kTable) / sizeof(kTable[0]);
    return kTable;
}

std::vector<L2tpTunnelState>
L2tpTunnel::AllStates()
{
    return {S::IDLE, S::WAIT_CTL_REPLY, S::WAIT_CTL_CONN, S::ESTABLISHED, S::CLOSING, S::CLOSED};
}

std::vector<L2tpTunnelEvent>
L2tpTunnel::AllEvents()
{
    return {E::OPEN,        E::RX_SCCRQ_OK,     E::RX_SCCRQ_BAD,    E::RX_SCCRQ_TIE_LOST,
            E::RX_SCCRP_OK, E::RX_SCCRP_BAD,    E::RX_SCCCN_OK,     E::RX_SCCCN_BAD,
            E::RX_STOPCCN,  E::RX_HELLO,        E::RX_CALL_MESSAGE, E::RX_BAD_MESSAGE,
            E::LOCAL_CLOSE, E::CHANNEL_GIVE_UP, E::HOLD_EXPIRED};
}

// ---- construction

L2tpTunnel::L2tpTunnel(const L2tpTunnelConfig& cfg,
                       Owner* owner,
                       uint16_t localId,
                       const L2tpPeer& peer,
                       uint16_t localPort)
    : m_cfg(cfg)
    , m_owner(owner)
    , m_localId(localId)
    , m_peer(peer)
    , m_localPort(localPort)
    , m_channel(std::make_unique<L2tpControlChannel>(cfg.channel, this))
    , m_fsm(this, kTable, sizeof(kTable) / sizeof(kTable[0]), S::IDLE)
{
    if (m_cfg.secret.empty())
    {
        m_cfg.hideAvps = false; // §4.3: the H bit MUST only be set if a shared secret exists
    }
    m_fsm.SetObserver(
        [this](S from, E ev, S to, bool handled)
        {
            if (!handled)
            {
                Emit("fsm-miss", {{"state", ToString(from)}, {"event", ToString(ev)}});
                return;
            }
            if (from != to)
            {
                Emit("state",
                     {{"from", ToString(from)}, {"event", ToString(ev)}, {"to", ToString(to)}});
            }
        });
}

L2tpTunnel::~L2tpTunnel() = default;

std::string
L2tpTunnel::ObjectName() const
{
    return "l2tp/tunnel/" + std::to_string(m_localId);
}

void
L2tpTunnel::Emit(const std::string& kind, std::vector<std::pair<std::string, std::string>> f)
{
    if (!m_owner->TunnelWantsEvents())
    {
        return;
    }
    LabEvent e;
    e.time = m_now;
    e.object = ObjectName();
    e.kind = kind;
    e.fields = std::move(f);
    m_owner->TunnelEmit(e);
}

void
L2tpTunnel::Raise(L2tpTunnelEvent e)
{
    m_fsm.Handle(e);
}

bool
L2tpTunnel::IsLive() const
{
    return State() != S::CLOSING && State() != S::CLOSED;
}

bool
L2tpTunnel::TieBreaker(uint64_t& v) const
{
    v = m_tieBreaker;
    return m_hasTieBreaker;
}

// ---- inputs

void
L2tpTunnel::Open(TimeNs now)
{
    m_now = now;
    Raise(E::OPEN);
    ReapSessions();
}

void
L2tpTunnel::SetAdmission(uint16_t result, uint16_t error, const std::string& text)
{
    m_admissionRefused = true;
    m_admissionResult = result;
    m_admissionError = error;
    m_admissionText = text;
}

void
L2tpTunnel::ReceiveControl(const L2tpControlMessage& m, const L2tpPeer& from, TimeNs now)
{
    m_now = now;
    if (State() == S::WAIT_CTL_REPLY && from != m_peer)
    {
        // The LNS may answer from another address/port than the one we sent the SCCRQ to (RFC
        // 2661 §8.1; RouterOS and NAT setups rely on it): from now on talk to that address.
        Emit("peer-address", {{"from", ToString(m_peer)}, {"to", ToString(from)}});
        m_owner->TunnelCount("tunnel/peer-address-changed");
        m_peer = from;
    }
    else if (State() == S::IDLE)
    {
        m_peer = from; // a responder answers where the SCCRQ came from
    }
    m_channel->Receive(m, now);
    ReapSessions();
}

void
L2tpTunnel::LoseTieBreak(TimeNs now)
{
    m_now = now;
    Raise(E::RX_SCCRQ_TIE_LOST);
}

void
L2tpTunnel::Close(uint16_t result, uint16_t error, const std::string& text, TimeNs now)
{
    m_now = now;
    if (!IsLive())
    {
        return;
    }
    m_closeResult = result;
    m_closeError = error;
    m_closeText = text;
    Raise(E::LOCAL_CLOSE);
    ReapSessions();
}

uint16_t
L2tpTunnel::PlaceCall(L2tpCallKind kind, TimeNs now)
{
    m_now = now;
    if (!IsLive())
    {
        return 0;
    }
    if (m_cfg.maxSessions != 0 && SessionCount(false) >= m_cfg.maxSessions)
    {
        m_owner->TunnelCount("call/refused/max-sessions");
        return 0;
    }
    if (kind == L2tpCallKind::OUTGOING && State() == S::ESTABLISHED && !m_peerHasBearer)
    {
        // §6.9: "An LNS MUST have received a Bearer Capabilities AVP during tunnel establishment
        // from an LAC in order to request an outgoing call to that LAC."
        m_owner->TunnelCount("call/refused/no-bearer-capabilities");
        return 0;
    }
    L2tpSession* s = NewSession(kind == L2tpCallKind::INCOMING ? L2tpSessionRole::LAC_INCOMING
                                                               : L2tpSessionRole::LNS_OUTGOING,
                                true);
    if (!s)
    {
        return 0;
    }
    uint16_t id = s->LocalId();
    s->Open(now);   // -> WAIT_TUNNEL
    Raise(E::OPEN); // idle: SCCRQ; established: tunnel-open to waiting sessions
    ReapSessions();
    return id;
}

bool
L2tpTunnel::CloseSession(uint16_t sessionId, uint16_t result, TimeNs now)
{
    m_now = now;
    L2tpSession* s = FindSession(sessionId);
    if (!s)
    {
        return false;
    }
    s->Close(result, 0, "", now);
    ReapSessions();
    return true;
}

bool
L2tpTunnel::SendFrame(uint16_t sessionId, const Bytes& frame, TimeNs now)
{
    m_now = now;
    L2tpSession* s = FindSession(sessionId);
    L2tpDataMessage d;
    if (!s || State() != S::ESTABLISHED || !s->BuildData(frame, d))
    {
        return false;
    }
    d.tunnelId = m_peerTunnelId;
    m_owner->TunnelTransmit(*this, EncodeL2tpData(d));
    return true;
}

void
L2tpTunnel::ReceiveData(const L2tpDataMessage& m, TimeNs now)
{
    m_now = now;
    if (State() != S::ESTABLISHED)
    {
        m_owner->TunnelCount("drop/data/tunnel-not-established");
        return;
    }
    L2tpSession* s = FindSession(m.sessionId);
    if (!s)
    {
        m_owner->TunnelCount("drop/unknown-session");
        return;
    }
    m_channel->NoteActivity(now);
    if (!s->AcceptData(m))
    {
        m_owner->TunnelCount(s->State() == L2tpSessionState::ESTABLISHED
                                 ? "drop/data/stale-sequence"
                                 : "drop/data/session-not-established");
        return;
    }
    m_owner->TunnelDeliverFrame(*this, *s, m.payload);
}

bool
L2tpTunnel::SendSli(uint16_t sessionId, uint32_t sendAccm, uint32_t recvAccm, TimeNs now)
{
    m_now = now;
    L2tpSession* s = FindSession(sessionId);
    return s && s->SendSli(sendAccm, recvAccm, now);
}

bool
L2tpTunnel::SendWen(uint16_t sessionId, const L2tpCallErrors& errors, TimeNs now)
{
    m_now = now;
    L2tpSession* s = FindSession(sessionId);
    return s && s->SendWen(errors, now);
}

void
L2tpTunnel::OnTimer(TimeNs now)
{
    m_now = now;
    if (State() == S::CLOSED)
    {
        return;
    }
    m_channel->OnTimer(now);
    if (State() == S::CLOSING && now >= m_holdUntil)
    {
        Raise(E::HOLD_EXPIRED);
    }
    ReapSessions();
}

TimeNs
L2tpTunnel::NextDeadline() const
{
    if (State() == S::CLOSED)
    {
        return kNever;
    }
    TimeNs t = m_channel->NextDeadline();
    if (State() == S::CLOSING && m_holdUntil < t)
    {
        t = m_holdUntil;
    }
    return t;
}

// ---- sessions

size_t
L2tpTunnel::SessionCount(bool establishedOnly) const
{
    size_t n = 0;
    for (const auto& kv : m_sessions)
    {
        L2tpSessionState st = kv.second->State();
        if (st == L2tpSessionState::CLOSED)
        {
            continue;
        }
        if (!establishedOnly || st == L2tpSessionState::ESTABLISHED)
        {
            ++n;
        }
    }
    return n;
}

L2tpSession*
L2tpTunnel::FindSession(uint16_t id)
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end() || it->second->State() == L2tpSessionState::CLOSED)
    {
        return nullptr;
    }
    return it->second.get();
}

const L2tpSession*
L2tpTunnel::FindSession(uint16_t id) const
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end() || it->second->State() == L2tpSessionState::CLOSED)
    {
        return nullptr;
    }
    return it->second.get();
}

std::vector<uint16_t>
L2tpTunnel::SessionIds() const
{
    std::vector<uint16_t> ids;
    for (const auto& kv : m_sessions)
    {
        if (kv.second->State() != L2tpSessionState::CLOSED)
        {
            ids.push_back(kv.first);
        }
    }
    return ids;
}

uint16_t
L2tpTunnel::AllocateSessionId()
{
    // Random, non-zero (§5.3: 0 is special), unique within the tunnel, from the endpoint's
    // deterministic generator: ids of closed sessions are unlikely to be reused at once.
    if (m_sessions.size() >= 65535)
    {
        return 0;
    }
    for (;;)
    {
        uint16_t id = static_cast<uint16_t>(m_owner->TunnelRandom().NextU32() >> 16);
        if (id != 0 && m_sessions.find(id) == m_sessions.end())
        {
            return id;
        }
    }
}

L2tpSession*
L2tpTunnel::NewSession(L2tpSessionRole role, bool locallyPlaced)
{
    uint16_t id = AllocateSessionId();
    if (id == 0)
    {
        m_owner->TunnelCount("call/refused/no-session-id");
        return nullptr;
    }
    L2tpSessionConfig sc = m_cfg.session;
    auto s = std::make_unique<L2tpSession>(this, role, id, sc, locallyPlaced);
    L2tpSession* raw = s.get();
    m_sessions[id] = std::move(s);
    return raw;
}

void
L2tpTunnel::ClearSessions()
{
    std::vector<uint16_t> ids = SessionIds();
    for (uint16_t id : ids)
    {
        if (L2tpSession* s = FindSession(id))
        {
            s->TunnelDown(m_now);
        }
    }
}

void
L2tpTunnel::ReapSessions()
{
    if (!m_needReap)
    {
        return;
    }
    m_needReap = false;
    for (auto it = m_sessions.begin(); it != m_sessions.end();)
    {
        if (it->second->State() == L2tpSessionState::CLOSED)
        {
            it = m_sessions.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

// ---- message building

bool
L2tpTunnel::Hiding() const
{
    return m_cfg.hideAvps;
}

void
L2tpTunnel::AddRandomVector(L2tpControlMessage& m)
{
    // §4.3: a Random Vector AVP MUST precede the first AVP with the H bit set.
    m.Add(L2tpAvpType::RANDOM_VECTOR, m_owner->TunnelRandom().NextBytes(kRandomVectorSize));
}

void
L2tpTunnel::AddAssignedTunnelId(L2tpControlMessage& m)
{
    if (Hiding())
    {
        AddRandomVector(m);
    }
    m.AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, m_localId, Hiding());
}

void
L2tpTunnel::AddCapabilities(L2tpControlMessage& m)
{
    m.AddU16(L2tpAvpType::PROTOCOL_VERSION, kProtocolVersion);
    m.AddString(L2tpAvpType::HOST_NAME, m_cfg.hostName);
    m.AddU32(L2tpAvpType::FRAMING_CAPABILITIES, m_cfg.framingCapabilities);
    // §4.4.3: Bearer Capabilities "MUST be present if the sender can place outgoing calls when
    // requested" — our LAC can always answer an OCRQ, so it is always sent.
    m.AddU32(L2tpAvpType::BEARER_CAPABILITIES, m_cfg.bearerCapabilities);
    m.AddU16(L2tpAvpType::FIRMWARE_REVISION, m_cfg.firmwareRevision);
    m.AddString(L2tpAvpType::VENDOR_NAME, m_cfg.vendorName);
}

void
L2tpTunnel::SendReliable(L2tpControlMessage m)
{
    m_channel->Send(std::move(m), m_now);
}

// ---- checks

void
L2tpTunnel::Reject(uint16_t result, uint16_t error, const std::string& text)
{
    m_closeResult = result;
    m_closeError = error;
    m_closeText = text;
}

bool
L2tpTunnel::CheckCommon(const L2tpControlMessage& m)
{
    // §4.1: "If the M bit is set on an unrecognized AVP within a message associated with the
    // overall tunnel, the entire tunnel (and all sessions within) MUST be terminated."
    if (const L2tpAvp* u = FirstUnknownMandatory(m))
    {
        Reject(static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
               static_cast<uint16_t>(L2tpErrorCode::UNKNOWN_MANDATORY_AVP),
               "unknown mandatory AVP " + std::to_string(u->vendorId) + ":" +
                   std::to_string(u->type));
        return false;
    }
    // §6.x "MUST be present": a message without them is malformed (§7.1: clear the connection).
    // No Error Code names a missing AVP; 2 "Length is wrong" (§4.4.2) is the closest: the
    // message is shorter than its mandatory content.
    std::string missing;
    if (!L2tpHasRequiredAvps(m, &missing))
    {
        Reject(static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
               static_cast<uint16_t>(L2tpErrorCode::LENGTH_WRONG),
               "missing required AVP " + missing);
        return false;
    }
    return true;
}

void
L2tpTunnel::LearnPeer(const L2tpControlMessage& m)
{
    m.GetString(L2tpAvpType::HOST_NAME, m_peerHostName);
    m.GetU32(L2tpAvpType::FRAMING_CAPABILITIES, m_peerFraming);
    m_peerHasBearer = m.GetU32(L2tpAvpType::BEARER_CAPABILITIES, m_peerBearer);
    uint16_t rws = 0;
    if (m.GetU16(L2tpAvpType::RECEIVE_WINDOW_SIZE, rws))
    {
        // §5.8: the peer's window bounds how many unacknowledged messages we may send.
        m_channel->SetPeerReceiveWindow(rws);
    }
    m.GetBytes(L2tpAvpType::CHALLENGE, m_peerChallenge);
}

L2tpTunnelEvent
L2tpTunnel::Classify(const L2tpControlMessage& m)
{
    // Default Result Code for a message the table does not expect in the current state.
    Reject(static_cast<uint16_t>(L2tpStopCcnResult::FSM_ERROR), 0,
           "unexpected " + ToString(m.Type()) + " in " + ToString(State()));
    const L2tpMessageType type = m.Type();
    const L2tpMessageSpec* spec = FindL2tpMessageSpec(type);
    if (!spec)
    {
        // §4.4.1: an unknown Message Type with the M bit set clears the tunnel; without it the
        // message is ignored (the caller checks the M bit; we get here only if it was set).
        Reject(static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
               static_cast<uint16_t>(L2tpErrorCode::FIELD_OUT_OF_RANGE),
               "unknown mandatory message type");
        return E::RX_BAD_MESSAGE;
    }
    if (spec->scope == L2tpMessageScope::SESSION)
    {
        return E::RX_CALL_MESSAGE; // the session applies §4.1 itself (CDN, not StopCCN)
    }
    if (type == L2tpMessageType::STOPCCN)
    {
        return E::RX_STOPCCN; // whatever it carries, the peer is going away
    }
    const bool commonOk = CheckCommon(m);
    if (type == L2tpMessageType::HELLO)
    {
        return commonOk ? E::RX_HELLO : E::RX_BAD_MESSAGE;
    }
    const bool isSccrq = type == L2tpMessageType::SCCRQ;
    const bool isSccrp = type == L2tpMessageType::SCCRP;
    const E bad = isSccrq ? E::RX_SCCRQ_BAD : isSccrp ? E::RX_SCCRP_BAD : E::RX_SCCCN_BAD;
    const E ok = isSccrq ? E::RX_SCCRQ_OK : isSccrp ? E::RX_SCCRP_OK : E::RX_SCCCN_OK;
    if (isSccrq || isSccrp)
    {
        // Learn the peer's tunnel id first so that a StopCCN reaches the right tunnel (§4.4.3).
        uint16_t peerId = 0;
        if (m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, peerId) && peerId != 0 && m_peerTunnelId == 0)
        {
            m_peerTunnelId = peerId;
            m_channel->SetPeerTunnelId(peerId);
        }
    }
    if (isSccrq && m_admissionRefused)
    {
        Reject(m_admissionResult, m_admissionError, m_admissionText);
        return bad;
    }
    if (!commonOk)
    {
        return bad;
    }
    if (isSccrq || isSccrp)
    {
        uint16_t version = 0;
        m.GetU16(L2tpAvpType::PROTOCOL_VERSION, version);
        if (version != kProtocolVersion)
        {
            // §4.4.2 StopCCN Result Code 5: "Requester's protocol version not supported".
            Reject(static_cast<uint16_t>(L2tpStopCcnResult::UNSUPPORTED_PROTOCOL_VERSION), 0,
                   "protocol version " + std::to_string(version >> 8) + "." +
                       std::to_string(version & 0xff) + " not supported");
            return bad;
        }
        uint16_t peerId = 0;
        m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, peerId);
        if (peerId == 0)
        {
            // §5.3: 0 MUST NOT be used as an Assigned Tunnel ID.
            Reject(static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
                   static_cast<uint16_t>(L2tpErrorCode::FIELD_OUT_OF_RANGE),
                   "Assigned Tunnel ID 0");
            return bad;
        }
        LearnPeer(m);
        if (!m_peerChallenge.empty() && m_cfg.secret.empty())
        {
            // §5.1.1: "To participate in tunnel authentication, a single shared secret MUST exist".
            Reject(static_cast<uint16_t>(L2tpStopCcnResult::NOT_AUTHORIZED), 0,
                   "challenged but no secret configured");
            return bad;
        }
    }
    if (!isSccrq && !m_challenge.empty())
    {
        // §5.1.1: the response to our challenge comes in the SCCRP (to an SCCRQ challenge) or
        // SCCCN (to an SCCRP challenge); a missing or wrong one disallows the tunnel.
        Bytes response;
        Bytes expected = ChallengeResponse(static_cast<uint8_t>(type), m_cfg.secret, m_challenge);
        if (!m.GetBytes(L2tpAvpType::CHALLENGE_RESPONSE, response) || response != expected)
        {
            Reject(static_cast<uint16_t>(L2tpStopCcnResult::NOT_AUTHORIZED), 0,
                   response.empty() ? "missing Challenge Response" : "wrong Challenge Response");
            return bad;
        }
    }
    return ok;
}

// ---- control channel sink

void
L2tpTunnel::ChannelTransmit(const L2tpControlMessage& m, bool retransmission)
{
    Bytes wire = EncodeL2tpControl(m, m_cfg.secret);
    if (wire.empty())
    {
        m_owner->TunnelCount("error/encode");
        return;
    }
    if (retransmission)
    {
        m_owner->TunnelCount("tunnel/retransmit");
    }
    m_owner->TunnelTransmit(*this, wire);
}

void
L2tpTunnel::ChannelDeliver(const L2tpControlMessage& m)
{
    if (m.Type() == L2tpMessageType::ZLB)
    {
        return;
    }
    if (!FindL2tpMessageSpec(m.Type()) && !m.avps.front().mandatory)
    {
        // §4.4.1: "If the M-bit is not set, then the implementation MUST ignore an unknown
        // message type."
        m_owner->TunnelCount("ignored/unknown-message-type");
        return;
    }
    const L2tpControlMessage* saved = m_rx;
    m_rx = &m;
    E ev = Classify(m);
    Raise(ev);
    m_rx = saved;
}

void
L2tpTunnel::ChannelGiveUp()
{
    Raise(E::CHANNEL_GIVE_UP);
}

// ---- actions

void
L2tpTunnel::ActSendSccrq()
{
    // §6.1: Message Type, Protocol Version, Host Name, Framing Capabilities, Assigned Tunnel ID;
    // optional Bearer Capabilities, Receive Window Size, Challenge, Tie Breaker, Firmware
    // Revision, Vendor Name.
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
    AddCapabilities(m);
    if (m_cfg.sendTieBreaker)
    {
        m_hasTieBreaker = true;
        m_tieBreaker = m_owner->TunnelRandom().Next();
        m.AddU64(L2tpAvpType::TIE_BREAKER, m_tieBreaker);
    }
    m.AddU16(L2tpAvpType::RECEIVE_WINDOW_SIZE, m_cfg.channel.receiveWindow);
    if (!m_cfg.secret.empty())
    {
        m_challenge = m_owner->TunnelRandom().NextBytes(kChallengeSize);
        m.Add(L2tpAvpType::CHALLENGE, m_challenge);
    }
    AddAssignedTunnelId(m);
    m_sentSccrq = true;
    SendReliable(std::move(m)); // header Tunnel ID 0 until the peer assigns one (§5.3)
}

void
L2tpTunnel::ActSendSccrp()
{
    // §6.2: Message Type, Protocol Version, Framing Capabilities, Host Name, Assigned Tunnel ID;
    // optional Bearer Capabilities, Firmware Revision, Vendor Name, Receive Window Size,
    // Challenge, Challenge Response.
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRP);
    AddCapabilities(m);
    m.AddU16(L2tpAvpType::RECEIVE_WINDOW_SIZE, m_cfg.channel.receiveWindow);
    if (!m_cfg.secret.empty())
    {
        m_challenge = m_owner->TunnelRandom().NextBytes(kChallengeSize);
        m.Add(L2tpAvpType::CHALLENGE, m_challenge);
    }
    AddAssignedTunnelId(m); // adds the Random Vector when hiding
    if (!m_peerChallenge.empty())
    {
        // §5.1.1: a Challenge in the SCCRQ MUST be answered in the SCCRP.
        m.Add(L2tpAvpType::CHALLENGE_RESPONSE,
              ChallengeResponse(static_cast<uint8_t>(L2tpMessageType::SCCRP), m_cfg.secret,
                                m_peerChallenge),
              Hiding());
    }
    SendReliable(std::move(m));
}

void
L2tpTunnel::ActSendScccnEstablish()
{
    // §6.3: Message Type; Challenge Response if the SCCRP carried a Challenge (§5.1.1).
    m_sentSccrq = false;
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCCN);
    if (!m_peerChallenge.empty())
    {
        if (Hiding())
        {
            AddRandomVector(m);
        }
        m.Add(L2tpAvpType::CHALLENGE_RESPONSE,
              ChallengeResponse(static_cast<uint8_t>(L2tpMessageType::SCCCN), m_cfg.secret,
                                m_peerChallenge),
              Hiding());
    }
    SendReliable(std::move(m));
    ActEstablish();
}

void
L2tpTunnel::ActEstablish()
{
    Emit("established", {{"peer", ToString(m_peer)},
                         {"peer-tunnel", std::to_string(m_peerTunnelId)},
                         {"peer-host", m_peerHostName},
                         {"authenticated", m_challenge.empty() ? "no" : "yes"}});
    ActOpenWaitingSessions(); // "Send tunnel-open event to waiting sessions"
}

void
L2tpTunnel::ActOpenWaitingSessions()
{
    for (uint16_t id : SessionIds())
    {
        if (L2tpSession* s = FindSession(id))
        {
            s->TunnelUp(m_now);
        }
    }
}

void
L2tpTunnel::MarkClosed(const std::string& by)
{
    if (m_closed)
    {
        return;
    }
    m_closed = true;
    ClearSessions(); // §6.4: all sessions are cleared without call control messages
    Emit("closed", {{"result", std::to_string(m_closeResult)},
                    {"error", std::to_string(m_closeError)},
                    {"reason", m_closeText},
                    {"by", by}});
    if (m_closeResult == static_cast<uint16_t>(L2tpStopCcnResult::NOT_AUTHORIZED))
    {
        Emit("auth-failed", {{"by", by}, {"reason", m_closeText}});
    }
    m_owner->TunnelClosed(*this);
}

void
L2tpTunnel::ActSendStopCcn()
{
    // §6.4: Message Type, Assigned Tunnel ID (the one we first sent, so the peer can identify the
    // tunnel even before it learned our id, §4.4.3), Result Code.
    m_sentSccrq = false;
    if (m_closeResult == 0)
    {
        m_closeResult = static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_REQUEST_TO_CLEAR);
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::STOPCCN);
    AddAssignedTunnelId(m);
    m.AddResult(m_closeResult, m_closeError, m_closeText);
    SendReliable(std::move(m));
    m_holdUntil = m_now + m_cfg.channel.retransmit.TotalTimeout();
    m_owner->TunnelCount("tunnel/stopccn-sent");
    MarkClosed("local");
}

void
L2tpTunnel::ActPeerStopped()
{
    // §5.7: the receiver of a StopCCN MUST acknowledge it (the channel sends the ZLB) and keep
    // state for a full retransmission cycle.
    m_sentSccrq = false;
    m_closeResult = 0;
    m_closeError = 0;
    m_closeText.clear();
    if (m_rx)
    {
        if (const L2tpAvp* rc = m_rx->Find(L2tpAvpType::RESULT_CODE))
        {
            L2tpReadResultCode(*rc, m_closeResult, m_closeError, m_closeText);
        }
    }
    m_holdUntil = m_now + m_cfg.channel.retransmit.TotalTimeout();
    m_owner->TunnelCount("tunnel/stopccn-received");
    MarkClosed("peer");
}

void
L2tpTunnel::ActTieLost()
{
    // §4.4.3: "The lower value wins, and the loser MUST silently discard its tunnel." §7.2.1:
    // wait-ctl-reply + "Receive SCCRQ, lose tie-breaker": "Clean up, Re-queue SCCRQ for state
    // machine" -> idle. The control connection state is discarded (no StopCCN); the tunnel object
    // (and its waiting calls) stays and answers the winner's SCCRQ, re-queued by the endpoint.
    m_channel->Shutdown();
    m_channel = std::make_unique<L2tpControlChannel>(m_cfg.channel, this);
    m_peerTunnelId = 0;
    m_sentSccrq = false;
    m_hasTieBreaker = false;
    m_challenge.clear();
    m_peerChallenge.clear();
    m_owner->TunnelCount("tunnel/tie-breaker-lost");
    Emit("tie-breaker", {{"outcome", "lost"}});
}

void
L2tpTunnel::ActDispatchCall()
{
    const L2tpControlMessage& m = *m_rx;
    const L2tpMessageType type = m.Type();
    if (m.sessionId == 0)
    {
        if (type != L2tpMessageType::ICRQ && type != L2tpMessageType::OCRQ)
        {
            m_owner->TunnelCount("drop/control/session-id-0");
            return;
        }
        L2tpSession* s = NewSession(type == L2tpMessageType::ICRQ ? L2tpSessionRole::LNS_INCOMING
                                                                  : L2tpSessionRole::LAC_OUTGOING,
                                    false);
        if (!s)
        {
            return;
        }
        if (m_cfg.maxSessions != 0 && SessionCount(false) > m_cfg.maxSessions)
        {
            // §7.4.2 "Receive ICRQ, not acceptable": CDN Result 4, "Call failed due to lack of
            // appropriate facilities being available (temporary condition)".
            m_owner->TunnelCount("call/refused/max-sessions");
            s->Refuse(m, static_cast<uint16_t>(L2tpCdnResult::TEMPORARY_LACK_OF_RESOURCES), 0,
                      m_now);
            return;
        }
        s->Receive(m, m_now);
        return;
    }
    L2tpSession* s = FindSession(m.sessionId);
    if (s)
    {
        s->Receive(m, m_now);
        return;
    }
    m_owner->TunnelCount("drop/unknown-session");
    Emit("drop", {{"reason", "unknown-session"},
                  {"session", std::to_string(m.sessionId)},
                  {"message", ToString(type)}});
    uint16_t peerSession = 0;
    if (type != L2tpMessageType::CDN && m.GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, peerSession) &&
        peerSession != 0)
    {
        // The peer knows a session we do not: tell it with CDN, Result 2, Error Code 5 "The
        // Session ID is invalid in this context" (§4.4.2). A CDN is never answered (§6.12).
        L2tpControlMessage cdn = L2tpControlMessage::Make(L2tpMessageType::CDN);
        cdn.AddResult(static_cast<uint16_t>(L2tpCdnResult::GENERAL_ERROR),
                      static_cast<uint16_t>(L2tpErrorCode::INVALID_SESSION_ID), "");
        cdn.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, m.sessionId);
        cdn.sessionId = peerSession;
        SendReliable(std::move(cdn));
    }
}

void
L2tpTunnel::ActGiveUp()
{
    // §5.8: no response after the retries: "the tunnel and all sessions within MUST be
    // cleared". Loss of connectivity, so no hold time.
    m_sentSccrq = false;
    m_closeResult = 0;
    m_closeError = 0;
    m_closeText = "peer not responding";
    m_owner->TunnelCount("tunnel/give-up");
    Emit("give-up", {{"peer", ToString(m_peer)}});
    m_channel->Shutdown();
    MarkClosed("give-up");
}

void
L2tpTunnel::ActCleanUp()
{
    m_sentSccrq = false;
    m_channel->Shutdown();
    MarkClosed("local");
}

void
L2tpTunnel::ActFinish()
{
    m_channel->Shutdown();
}

// ---- session owner

void
L2tpTunnel::SessionSend(L2tpSession& /*s*/, L2tpControlMessage m)
{
    SendReliable(std::move(m));
}

bool
L2tpTunnel::SessionHideAvps() const
{
    return Hiding();
}

Bytes
L2tpTunnel::SessionRandomVector()
{
    return m_owner->TunnelRandom().NextBytes(kRandomVectorSize);
}

uint32_t
L2tpTunnel::SessionNextCallSerial()
{
    return m_owner->TunnelNextCallSerial();
}

uint32_t
L2tpTunnel::SessionBearerType() const
{
    // §4.4.4: Bearer Type bits in an OCRQ MUST have been offered in the LAC's Bearer
    // Capabilities.
    return m_peerHasBearer ? (m_cfg.bearerCapabilities & m_peerBearer) : 0;
}

uint32_t
L2tpTunnel::SessionFramingType() const
{
    // §4.4.3/§4.4.4: only a framing the peer advertised may be requested; prefer synchronous.
    uint32_t common = m_cfg.framingCapabilities & m_peerFraming;
    if (common & 0x1)
    {
        return 0x1;
    }
    if (common & 0x2)
    {
        return 0x2;
    }
    return 0x1;
}

void
L2tpTunnel::SessionEmit(L2tpSession& s,
                        const std::string& kind,
                        std::vector<std::pair<std::string, std::string>> fields)
{
    if (!m_owner->TunnelWantsEvents())
    {
        return;
    }
    LabEvent e;
    e.time = m_now;
    e.object = ObjectName() + "/session/" + std::to_string(s.LocalId());
    e.kind = kind;
    e.fields = std::move(fields);
    m_owner->TunnelEmit(e);
}

void
L2tpTunnel::SessionUp(L2tpSession& s)
{
    m_owner->TunnelSessionUp(*this, s);
}

void
L2tpTunnel::SessionDown(L2tpSession& s)
{
    m_needReap = true;
    m_owner->TunnelSessionDown(*this, s);
}

} // namespace ns3
