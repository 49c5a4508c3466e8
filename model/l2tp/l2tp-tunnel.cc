#include "model/l2tp/l2tp-tunnel.h"

#include "model/common/byte-buffer.h"
#include "model/common/text.h"
#include "model/l2tp/l2tp-codec.h"
#include "model/l2tp/l2tp-message-spec.h"

#include <algorithm>
#include <tuple>

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

constexpr auto Rfc = X::Row::Rfc; //!< a cell of the RFC's table
constexpr auto Def = X::Row::Def; //!< a defensive row of ours

#define A(fn) L2TPLAB_FSM_ACTION(X, fn) //!< an action and its name
#define NOP L2TPLAB_FSM_NO_ACTION       //!< no action

} // namespace

// ---- free helpers

std::string
ToString(const L2tpPeer& p)
{
    return Ipv4Text(p.ip) + ":" + std::to_string(p.port);
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
    return FsmName(s);
}

const char*
ToString(L2tpTunnelEvent e)
{
    return FsmName(e);
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

// clang-format off
const X::Row X::kTable[] = {
    // idle
    Rfc("7.2.1", S::IDLE, E::OPEN, A(ActSendSccrq), S::WAIT_CTL_REPLY,
        "Local Open request: Send SCCRQ"),
    Rfc("7.2.1", S::IDLE, E::RX_SCCRQ_OK, A(ActSendSccrp), S::WAIT_CTL_CONN,
        "Receive SCCRQ, acceptable: Send SCCRP"),
    Rfc("7.2.1", S::IDLE, E::RX_SCCRQ_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, not acceptable: Send StopCCN, Clean up"),
    Def(S::IDLE, E::RX_SCCRQ_TIE_LOST, NOP, S::IDLE,
        "no SCCRQ of ours is pending: nothing to discard"),
    Rfc("7.2.1", S::IDLE, E::RX_SCCRP_OK, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRP: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::IDLE, E::RX_SCCRP_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRP: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::IDLE, E::RX_SCCCN_OK, A(ActCleanUp), S::CLOSED, "Receive SCCCN: Clean up"),
    Rfc("7.2.1", S::IDLE, E::RX_SCCCN_BAD, A(ActCleanUp), S::CLOSED, "Receive SCCCN: Clean up"),
    Rfc("7.2.1", S::IDLE, E::RX_STOPCCN, A(ActPeerStopped), S::CLOSING,
        "Receive StopCCN: Clean up (held in CLOSING for a full retransmission cycle, §5.7)"),
    Def(S::IDLE, E::RX_HELLO, NOP, S::IDLE,
        "§6.5 keepalive: acknowledged by the channel, nothing else"),
    Def(S::IDLE, E::RX_CALL_MESSAGE, A(ActSendStopCcn), S::CLOSING,
        "call message before the tunnel is up: protocol error, Send StopCCN, Clean up"),
    Def(S::IDLE, E::RX_BAD_MESSAGE, A(ActSendStopCcn), S::CLOSING,
        "§4.1/§4.4.1: unknown mandatory AVP or message type: Send StopCCN, Clean up"),
    Def(S::IDLE, E::LOCAL_CLOSE, A(ActCleanUp), S::CLOSED, "nothing was sent: Clean up"),
    Def(S::IDLE, E::CHANNEL_GIVE_UP, A(ActGiveUp), S::CLOSED,
        "§5.8: no acknowledgement after all retries: clear the tunnel and all sessions"),
    Def(S::IDLE, E::HOLD_EXPIRED, NOP, S::IDLE, "no hold time runs in this state"),
    // wait-ctl-reply
    Def(S::WAIT_CTL_REPLY, E::OPEN, NOP, S::WAIT_CTL_REPLY, "the call waits for tunnel-open"),
    Def(S::WAIT_CTL_REPLY, E::RX_SCCRQ_OK, A(ActSendStopCcn), S::CLOSING,
        "SCCRQ while ours is pending, tie won or none sent: Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_REPLY, E::RX_SCCRQ_BAD, A(ActSendStopCcn), S::CLOSING,
        "SCCRQ while ours is pending, tie won or none sent: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_REPLY, E::RX_SCCRQ_TIE_LOST, A(ActTieLost), S::IDLE,
        "Receive SCCRQ, lose tie-breaker: Clean up, Re-queue SCCRQ for idle state"),
    Rfc("7.2.1", S::WAIT_CTL_REPLY, E::RX_SCCRP_OK, A(ActSendScccnEstablish), S::ESTABLISHED,
        "Receive SCCRP, acceptable: Send SCCCN, Send tunnel-open event to waiting sessions"),
    Rfc("7.2.1", S::WAIT_CTL_REPLY, E::RX_SCCRP_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRP, not acceptable: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_REPLY, E::RX_SCCCN_OK, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCCN: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_REPLY, E::RX_SCCCN_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCCN: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_REPLY, E::RX_STOPCCN, A(ActPeerStopped), S::CLOSING,
        "Receive StopCCN: Clean up (held in CLOSING for a full retransmission cycle, §5.7)"),
    Def(S::WAIT_CTL_REPLY, E::RX_HELLO, NOP, S::WAIT_CTL_REPLY,
        "§6.5 keepalive: acknowledged by the channel, nothing else"),
    Def(S::WAIT_CTL_REPLY, E::RX_CALL_MESSAGE, A(ActSendStopCcn), S::CLOSING,
        "call message before the tunnel is up: protocol error, Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_REPLY, E::RX_BAD_MESSAGE, A(ActSendStopCcn), S::CLOSING,
        "§4.1/§4.4.1: unknown mandatory AVP or message type: Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_REPLY, E::LOCAL_CLOSE, A(ActSendStopCcn), S::CLOSING,
        "administrative close before establishment: Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_REPLY, E::CHANNEL_GIVE_UP, A(ActGiveUp), S::CLOSED,
        "§5.8: no acknowledgement after all retries: clear the tunnel and all sessions"),
    Def(S::WAIT_CTL_REPLY, E::HOLD_EXPIRED, NOP, S::WAIT_CTL_REPLY,
        "no hold time runs in this state"),
    // wait-ctl-conn
    Def(S::WAIT_CTL_CONN, E::OPEN, NOP, S::WAIT_CTL_CONN, "the call waits for tunnel-open"),
    Rfc("7.2.1", S::WAIT_CTL_CONN, E::RX_SCCRQ_OK, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_CONN, E::RX_SCCRQ_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP: Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_CONN, E::RX_SCCRQ_TIE_LOST, NOP, S::WAIT_CTL_CONN,
        "no SCCRQ of ours is pending: nothing to discard"),
    Rfc("7.2.1", S::WAIT_CTL_CONN, E::RX_SCCRP_OK, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_CONN, E::RX_SCCRP_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_CONN, E::RX_SCCCN_OK, A(ActEstablish), S::ESTABLISHED,
        "Receive SCCCN, acceptable: Send tunnel-open event to waiting sessions"),
    Rfc("7.2.1", S::WAIT_CTL_CONN, E::RX_SCCCN_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCCN, not acceptable: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::WAIT_CTL_CONN, E::RX_STOPCCN, A(ActPeerStopped), S::CLOSING,
        "Receive StopCCN: Clean up (held in CLOSING for a full retransmission cycle, §5.7)"),
    Def(S::WAIT_CTL_CONN, E::RX_HELLO, NOP, S::WAIT_CTL_CONN,
        "§6.5 keepalive: acknowledged by the channel, nothing else"),
    Def(S::WAIT_CTL_CONN, E::RX_CALL_MESSAGE, A(ActSendStopCcn), S::CLOSING,
        "call message before the tunnel is up: protocol error, Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_CONN, E::RX_BAD_MESSAGE, A(ActSendStopCcn), S::CLOSING,
        "§4.1/§4.4.1: unknown mandatory AVP or message type: Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_CONN, E::LOCAL_CLOSE, A(ActSendStopCcn), S::CLOSING,
        "administrative close before establishment: Send StopCCN, Clean up"),
    Def(S::WAIT_CTL_CONN, E::CHANNEL_GIVE_UP, A(ActGiveUp), S::CLOSED,
        "§5.8: no acknowledgement after all retries: clear the tunnel and all sessions"),
    Def(S::WAIT_CTL_CONN, E::HOLD_EXPIRED, NOP, S::WAIT_CTL_CONN,
        "no hold time runs in this state"),
    // established
    Rfc("7.2.1", S::ESTABLISHED, E::OPEN, A(ActOpenWaitingSessions), S::ESTABLISHED,
        "Local Open request (new call): Send tunnel-open event to waiting sessions"),
    Rfc("7.2.1", S::ESTABLISHED, E::RX_SCCRQ_OK, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP, SCCCN: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::ESTABLISHED, E::RX_SCCRQ_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP, SCCCN: Send StopCCN, Clean up"),
    Def(S::ESTABLISHED, E::RX_SCCRQ_TIE_LOST, NOP, S::ESTABLISHED,
        "no SCCRQ of ours is pending: nothing to discard"),
    Rfc("7.2.1", S::ESTABLISHED, E::RX_SCCRP_OK, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP, SCCCN: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::ESTABLISHED, E::RX_SCCRP_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP, SCCCN: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::ESTABLISHED, E::RX_SCCCN_OK, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP, SCCCN: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::ESTABLISHED, E::RX_SCCCN_BAD, A(ActSendStopCcn), S::CLOSING,
        "Receive SCCRQ, SCCRP, SCCCN: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::ESTABLISHED, E::RX_STOPCCN, A(ActPeerStopped), S::CLOSING,
        "Receive StopCCN: Clean up (held in CLOSING for a full retransmission cycle, §5.7)"),
    Def(S::ESTABLISHED, E::RX_HELLO, NOP, S::ESTABLISHED,
        "§6.5 keepalive: acknowledged by the channel, nothing else"),
    Def(S::ESTABLISHED, E::RX_CALL_MESSAGE, A(ActDispatchCall), S::ESTABLISHED,
        "dispatch to the call state machines (§7.4, §7.5)"),
    Def(S::ESTABLISHED, E::RX_BAD_MESSAGE, A(ActSendStopCcn), S::CLOSING,
        "§4.1/§4.4.1: unknown mandatory AVP or message type: Send StopCCN, Clean up"),
    Rfc("7.2.1", S::ESTABLISHED, E::LOCAL_CLOSE, A(ActSendStopCcn), S::CLOSING,
        "Admin Tunnel Close: Send StopCCN, Clean up"),
    Def(S::ESTABLISHED, E::CHANNEL_GIVE_UP, A(ActGiveUp), S::CLOSED,
        "§5.8: no acknowledgement after all retries: clear the tunnel and all sessions"),
    Def(S::ESTABLISHED, E::HOLD_EXPIRED, NOP, S::ESTABLISHED, "no hold time runs in this state"),
    // closing
    Def(S::CLOSING, E::OPEN, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_SCCRQ_OK, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_SCCRQ_BAD, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_SCCRQ_TIE_LOST, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_SCCRP_OK, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_SCCRP_BAD, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_SCCCN_OK, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_SCCCN_BAD, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_STOPCCN, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_HELLO, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_CALL_MESSAGE, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::RX_BAD_MESSAGE, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::LOCAL_CLOSE, NOP, S::CLOSING,
        "§5.7: only acknowledgements (sent by the channel) until the hold time is over"),
    Def(S::CLOSING, E::CHANNEL_GIVE_UP, A(ActFinish), S::CLOSED,
        "§5.8: our StopCCN was never acknowledged: finish"),
    Def(S::CLOSING, E::HOLD_EXPIRED, A(ActFinish), S::CLOSED,
        "§5.7: the hold time is over: finish"),
    // closed
    Def(S::CLOSED, E::OPEN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SCCRQ_OK, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SCCRQ_BAD, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SCCRQ_TIE_LOST, NOP, S::CLOSED,
        "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SCCRP_OK, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SCCRP_BAD, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SCCCN_OK, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SCCCN_BAD, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_STOPCCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_HELLO, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_CALL_MESSAGE, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_BAD_MESSAGE, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::LOCAL_CLOSE, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::CHANNEL_GIVE_UP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::HOLD_EXPIRED, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
};
// clang-format on

#undef A
#undef NOP

L2tpTunnel::Table
L2tpTunnel::GetTable()
{
    return MakeFsmTable(kTable);
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
    , m_fsm(this, MakeFsmTable(kTable), S::IDLE)
{
    if (m_cfg.secret.empty())
    {
        m_cfg.hideAvps = false; // §4.3: the H bit MUST only be set if a shared secret exists
    }
    m_fsm.SetObserver(
        [this](S from, const L2tpTunnelInput& in, S to, bool handled)
        {
            if (!handled)
            {
                Emit(in.now, "fsm-miss",
                     {{"state", ToString(from)}, {"event", ToString(in.event)}});
                return;
            }
            if (from != to)
            {
                Emit(in.now, "state",
                     {{"from", ToString(from)},
                      {"event", ToString(in.event)},
                      {"to", ToString(to)}});
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
L2tpTunnel::Emit(TimeNs now,
                 const std::string& kind,
                 std::vector<std::pair<std::string, std::string>> f)
{
    if (!m_owner->TunnelWantsEvents())
    {
        return;
    }
    LabEvent e;
    e.time = now;
    e.object = ObjectName();
    e.kind = kind;
    e.fields = std::move(f);
    m_owner->TunnelEmit(e);
}

void
L2tpTunnel::Raise(const L2tpTunnelInput& in)
{
    m_fsm.Handle(in);
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
    Raise({E::OPEN, now, nullptr, {}});
    ReapSessions();
}

void
L2tpTunnel::SetAdmission(uint16_t result, uint16_t error, const std::string& text)
{
    m_admissionRefused = true;
    m_admission = L2tpResultCode{result, error, text};
}

void
L2tpTunnel::ReceiveControl(const L2tpControlMessage& m, const L2tpPeer& from, TimeNs now)
{
    if (State() == S::WAIT_CTL_REPLY && from != m_peer)
    {
        // The LNS may answer from another address/port than the one we sent the SCCRQ to (RFC
        // 2661 §8.1; RouterOS and NAT setups rely on it): from now on talk to that address.
        Emit(now, "peer-address", {{"from", ToString(m_peer)}, {"to", ToString(from)}});
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
    Raise({E::RX_SCCRQ_TIE_LOST, now, nullptr, {}});
}

void
L2tpTunnel::Close(uint16_t result, uint16_t error, const std::string& text, TimeNs now)
{
    if (!IsLive())
    {
        return;
    }
    Raise({E::LOCAL_CLOSE, now, nullptr, L2tpResultCode{result, error, text}});
    ReapSessions();
}

uint16_t
L2tpTunnel::PlaceCall(L2tpCallKind kind, TimeNs now)
{
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
    s->Open(now);                       // -> WAIT_TUNNEL
    Raise({E::OPEN, now, nullptr, {}}); // idle: SCCRQ; established: tunnel-open to waiting sessions
    ReapSessions();
    return id;
}

bool
L2tpTunnel::CloseSession(uint16_t sessionId, uint16_t result, TimeNs now)
{
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
L2tpTunnel::SendFrame(uint16_t sessionId, const Bytes& frame, TimeNs /*now*/)
{
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
    L2tpSession* s = FindSession(sessionId);
    return s && s->SendSli(sendAccm, recvAccm, now);
}

bool
L2tpTunnel::SendWen(uint16_t sessionId, const L2tpCallErrors& errors, TimeNs now)
{
    L2tpSession* s = FindSession(sessionId);
    return s && s->SendWen(errors, now);
}

void
L2tpTunnel::OnTimer(TimeNs now)
{
    if (State() == S::CLOSED)
    {
        return;
    }
    m_channel->OnTimer(now);
    if (m_idleCloseAt <= now)
    {
        m_idleCloseAt = kNever;
        if (State() == S::ESTABLISHED && SessionCount(false) == 0)
        {
            // RFC 2661 §4.4.2 StopCCN Result 1: general request to clear control connection;
            // RouterOS's carries the Result Code alone (no Error Code, no message).
            Raise({E::LOCAL_CLOSE, now, nullptr, L2tpResultCode{1, 0, ""}});
        }
    }
    if (State() == S::CLOSING && now >= m_holdUntil)
    {
        Raise({E::HOLD_EXPIRED, now, nullptr, {}});
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
    TimeNs t = std::min(m_channel->NextDeadline(), m_idleCloseAt);
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
    m_owner->TunnelSessionSlots(1);
    return raw;
}

void
L2tpTunnel::ClearSessions(TimeNs now)
{
    std::vector<uint16_t> ids = SessionIds();
    for (uint16_t id : ids)
    {
        if (L2tpSession* s = FindSession(id))
        {
            s->TunnelDown(now);
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
            m_owner->TunnelSessionSlots(-1);
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
L2tpTunnel::SendReliable(L2tpControlMessage m, TimeNs now)
{
    // RouterOS sends its AVPs in ascending Attribute Type order, as a real RouterOS LNS capture
    // shows (SCCRP 0,2,3,4,6,7,8,9,10; ICRP 0,14; StopCCN 0,1,9). §4.4.1 fixes only Message Type
    // first and, with hiding, a Random Vector before the hidden AVPs it covers (§4.3): a message
    // with hidden AVPs keeps the order it was built in.
    const bool hidden = std::any_of(m.avps.begin(), m.avps.end(),
                                    [](const L2tpAvp& a)
                                    {
                                        return a.hidden;
                                    });
    if (!hidden && m.avps.size() > 2)
    {
        std::stable_sort(m.avps.begin() + 1, m.avps.end(),
                         [](const L2tpAvp& a, const L2tpAvp& b)
                         {
                             return std::make_tuple(a.vendorId != 0, a.vendorId, a.type) <
                                    std::make_tuple(b.vendorId != 0, b.vendorId, b.type);
                         });
    }
    m_channel->Send(std::move(m), now);
}

// ---- checks (pure: they compute a verdict and change nothing)

bool
L2tpTunnel::CheckCommon(const L2tpControlMessage& m, L2tpResultCode& cause) const
{
    // §4.1: "If the M bit is set on an unrecognized AVP within a message associated with the
    // overall tunnel, the entire tunnel (and all sessions within) MUST be terminated."
    if (const L2tpAvp* u = FirstUnknownMandatory(m))
    {
        cause = {static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
                 static_cast<uint16_t>(L2tpErrorCode::UNKNOWN_MANDATORY_AVP),
                 "unknown mandatory AVP " + std::to_string(u->vendorId) + ":" +
                     std::to_string(u->type)};
        return false;
    }
    // §6.x "MUST be present": a message without them is malformed (§7.1: clear the connection).
    // No Error Code names a missing AVP; 2 "Length is wrong" (§4.4.2) is the closest: the
    // message is shorter than its mandatory content.
    std::string missing;
    if (!L2tpHasRequiredAvps(m, &missing))
    {
        cause = {static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
                 static_cast<uint16_t>(L2tpErrorCode::LENGTH_WRONG),
                 "missing required AVP " + missing};
        return false;
    }
    return true;
}

bool
L2tpTunnel::CheckSccrxContent(const L2tpControlMessage& m, L2tpResultCode& cause) const
{
    uint16_t version = 0;
    m.GetU16(L2tpAvpType::PROTOCOL_VERSION, version);
    if (version != kProtocolVersion)
    {
        // §4.4.2 StopCCN Result Code 5: "Requester's protocol version not supported".
        cause = {static_cast<uint16_t>(L2tpStopCcnResult::UNSUPPORTED_PROTOCOL_VERSION), 0,
                 "protocol version " + std::to_string(version >> 8) + "." +
                     std::to_string(version & 0xff) + " not supported"};
        return false;
    }
    uint16_t peerId = 0;
    m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, peerId);
    if (peerId == 0)
    {
        // §5.3: 0 MUST NOT be used as an Assigned Tunnel ID.
        cause = {static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
                 static_cast<uint16_t>(L2tpErrorCode::FIELD_OUT_OF_RANGE), "Assigned Tunnel ID 0"};
        return false;
    }
    return true;
}

bool
L2tpTunnel::CheckCanAnswerChallenge(const L2tpControlMessage& m, L2tpResultCode& cause) const
{
    // The message's Challenge (recorded by Learn) or, if it has none, the one already known.
    const L2tpAvp* challenge = m.Find(L2tpAvpType::CHALLENGE);
    const bool challenged = challenge ? !challenge->value.empty() : !m_peerChallenge.empty();
    if (challenged && m_cfg.secret.empty())
    {
        // §5.1.1: "To participate in tunnel authentication, a single shared secret MUST exist".
        cause = {static_cast<uint16_t>(L2tpStopCcnResult::NOT_AUTHORIZED), 0,
                 "challenged but no secret configured"};
        return false;
    }
    return true;
}

bool
L2tpTunnel::CheckChallengeResponse(const L2tpControlMessage& m, L2tpResultCode& cause) const
{
    if (m.Type() == L2tpMessageType::SCCRQ || m_challenge.empty())
    {
        return true;
    }
    // §5.1.1: the response to our challenge comes in the SCCRP (to an SCCRQ challenge) or SCCCN
    // (to an SCCRP challenge); a missing or wrong one disallows the tunnel.
    Bytes response;
    Bytes expected = ChallengeResponse(static_cast<uint8_t>(m.Type()), m_cfg.secret, m_challenge);
    if (!m.GetBytes(L2tpAvpType::CHALLENGE_RESPONSE, response) || response != expected)
    {
        cause = {static_cast<uint16_t>(L2tpStopCcnResult::NOT_AUTHORIZED), 0,
                 response.empty() ? "missing Challenge Response" : "wrong Challenge Response"};
        return false;
    }
    return true;
}

L2tpTunnel::Verdict
L2tpTunnel::Classify(const L2tpControlMessage& m) const
{
    const L2tpMessageType type = m.Type();
    // Default Result Code for a message the table does not expect in the current state.
    Verdict v{E::RX_BAD_MESSAGE,
              {static_cast<uint16_t>(L2tpStopCcnResult::FSM_ERROR), 0,
               "unexpected " + ToString(type) + " in " + ToString(State())}};
    const L2tpMessageSpec* spec = FindL2tpMessageSpec(type);
    if (!spec)
    {
        // §4.4.1: an unknown Message Type with the M bit set clears the tunnel; without it the
        // message is ignored (the caller checks the M bit; we get here only if it was set).
        v.cause = {static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_ERROR),
                   static_cast<uint16_t>(L2tpErrorCode::FIELD_OUT_OF_RANGE),
                   "unknown mandatory message type"};
        return v;
    }
    if (spec->scope == L2tpMessageScope::SESSION)
    {
        v.event = E::RX_CALL_MESSAGE; // the session applies §4.1 itself (CDN, not StopCCN)
        return v;
    }
    if (type == L2tpMessageType::STOPCCN)
    {
        v.event = E::RX_STOPCCN; // whatever it carries, the peer is going away
        return v;
    }
    L2tpResultCode commonCause;
    const bool commonOk = CheckCommon(m, commonCause);
    if (type == L2tpMessageType::HELLO)
    {
        v.event = commonOk ? E::RX_HELLO : E::RX_BAD_MESSAGE;
        if (!commonOk)
        {
            v.cause = commonCause;
        }
        return v;
    }
    const bool isSccrq = type == L2tpMessageType::SCCRQ;
    const bool isSccrp = type == L2tpMessageType::SCCRP;
    const E bad = isSccrq ? E::RX_SCCRQ_BAD : isSccrp ? E::RX_SCCRP_BAD : E::RX_SCCCN_BAD;
    v.event = bad;
    if (isSccrq || isSccrp)
    {
        // Learn the peer's tunnel id first so that a StopCCN reaches the right tunnel (§4.4.3).
        uint16_t peerId = 0;
        if (m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, peerId) && peerId != 0 && m_peerTunnelId == 0)
        {
            v.learnTunnelId = peerId;
        }
    }
    if (isSccrq && m_admissionRefused)
    {
        v.cause = m_admission;
        return v;
    }
    if (!commonOk)
    {
        v.cause = commonCause;
        return v;
    }
    if (isSccrq || isSccrp)
    {
        if (!CheckSccrxContent(m, v.cause))
        {
            return v;
        }
        v.learnPeer = true; // recorded even if the challenge check below refuses the message
        if (!CheckCanAnswerChallenge(m, v.cause))
        {
            return v;
        }
    }
    if (!CheckChallengeResponse(m, v.cause))
    {
        return v;
    }
    v.event = isSccrq ? E::RX_SCCRQ_OK : isSccrp ? E::RX_SCCRP_OK : E::RX_SCCCN_OK;
    return v;
}

// ---- what a message teaches (applied whatever the event, before the transition)

void
L2tpTunnel::Learn(const Verdict& v, const L2tpControlMessage& m)
{
    if (v.learnTunnelId != 0)
    {
        m_peerTunnelId = v.learnTunnelId;
        m_channel->SetPeerTunnelId(v.learnTunnelId);
    }
    if (v.learnPeer)
    {
        LearnPeer(m);
    }
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

void
L2tpTunnel::RecordCause(const L2tpResultCode& cause)
{
    m_closeResult = cause.result;
    m_closeError = cause.error;
    m_closeText = cause.text;
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
L2tpTunnel::ChannelDeliver(const L2tpControlMessage& m, TimeNs now)
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
    const Verdict v = Classify(m);
    Learn(v, m);
    Raise({v.event, now, &m, v.cause});
}

void
L2tpTunnel::ChannelGiveUp(TimeNs now)
{
    Raise({E::CHANNEL_GIVE_UP, now, nullptr, {}});
}

// ---- actions

void
L2tpTunnel::ActSendSccrq(const L2tpTunnelInput& in)
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
    SendReliable(std::move(m), in.now); // header Tunnel ID 0 until the peer assigns one (§5.3)
}

void
L2tpTunnel::ActSendSccrp(const L2tpTunnelInput& in)
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
    SendReliable(std::move(m), in.now);
}

void
L2tpTunnel::ActSendScccnEstablish(const L2tpTunnelInput& in)
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
    SendReliable(std::move(m), in.now);
    ActEstablish(in);
}

void
L2tpTunnel::ActEstablish(const L2tpTunnelInput& in)
{
    Emit(in.now, "established",
         {{"peer", ToString(m_peer)},
          {"peer-tunnel", std::to_string(m_peerTunnelId)},
          {"peer-host", m_peerHostName},
          {"authenticated", m_challenge.empty() ? "no" : "yes"}});
    ActOpenWaitingSessions(in); // "Send tunnel-open event to waiting sessions"
}

void
L2tpTunnel::ActOpenWaitingSessions(const L2tpTunnelInput& in)
{
    for (uint16_t id : SessionIds())
    {
        if (L2tpSession* s = FindSession(id))
        {
            s->TunnelUp(in.now);
        }
    }
}

void
L2tpTunnel::MarkClosed(const std::string& by, TimeNs now)
{
    if (m_closed)
    {
        return;
    }
    m_closed = true;
    ClearSessions(now); // §6.4: all sessions are cleared without call control messages
    Emit(now, "closed",
         {{"result", std::to_string(m_closeResult)},
          {"error", std::to_string(m_closeError)},
          {"reason", m_closeText},
          {"by", by}});
    if (m_closeResult == static_cast<uint16_t>(L2tpStopCcnResult::NOT_AUTHORIZED))
    {
        Emit(now, "auth-failed", {{"by", by}, {"reason", m_closeText}});
    }
    m_owner->TunnelClosed(*this);
}

void
L2tpTunnel::ActSendStopCcn(const L2tpTunnelInput& in)
{
    // §6.4: Message Type, Assigned Tunnel ID (the one we first sent, so the peer can identify the
    // tunnel even before it learned our id, §4.4.3), Result Code.
    m_sentSccrq = false;
    RecordCause(in.cause);
    if (m_closeResult == 0)
    {
        m_closeResult = static_cast<uint16_t>(L2tpStopCcnResult::GENERAL_REQUEST_TO_CLEAR);
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::STOPCCN);
    AddAssignedTunnelId(m);
    m.AddResult(m_closeResult, m_closeError, m_closeText);
    SendReliable(std::move(m), in.now);
    m_holdUntil = in.now + m_cfg.channel.retransmit.TotalTimeout();
    m_owner->TunnelCount("tunnel/stopccn-sent");
    MarkClosed("local", in.now);
}

void
L2tpTunnel::ActPeerStopped(const L2tpTunnelInput& in)
{
    // §5.7: the receiver of a StopCCN MUST acknowledge it (the channel sends the ZLB) and keep
    // state for a full retransmission cycle.
    m_sentSccrq = false;
    m_closeResult = 0;
    m_closeError = 0;
    m_closeText.clear();
    if (in.msg)
    {
        if (const L2tpAvp* rc = in.msg->Find(L2tpAvpType::RESULT_CODE))
        {
            L2tpReadResultCode(*rc, m_closeResult, m_closeError, m_closeText);
        }
    }
    m_holdUntil = in.now + m_cfg.channel.retransmit.TotalTimeout();
    m_owner->TunnelCount("tunnel/stopccn-received");
    MarkClosed("peer", in.now);
}

void
L2tpTunnel::ActTieLost(const L2tpTunnelInput& in)
{
    // §4.4.3: "The lower value wins, and the loser MUST silently discard its tunnel." §7.2.1:
    // wait-ctl-reply + "Receive SCCRQ, lose tie-breaker": "Clean up, Re-queue SCCRQ for idle
    // state" -> idle. The control connection state is discarded (no StopCCN); the tunnel object
    // (and its waiting calls) stays and answers the winner's SCCRQ, re-queued by the endpoint.
    m_channel->Shutdown();
    m_channel = std::make_unique<L2tpControlChannel>(m_cfg.channel, this);
    m_peerTunnelId = 0;
    m_sentSccrq = false;
    m_hasTieBreaker = false;
    m_challenge.clear();
    m_peerChallenge.clear();
    m_owner->TunnelCount("tunnel/tie-breaker-lost");
    Emit(in.now, "tie-breaker", {{"outcome", "lost"}});
}

void
L2tpTunnel::ActDispatchCall(const L2tpTunnelInput& in)
{
    const L2tpControlMessage& m = *in.msg;
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
        const bool tunnelFull = m_cfg.maxSessions != 0 && SessionCount(false) > m_cfg.maxSessions;
        if (tunnelFull || !m_owner->TunnelAdmitsCall())
        {
            // §7.4.2 "Receive ICRQ, not acceptable": CDN Result 4, "Call failed due to lack of
            // appropriate facilities being available (temporary condition)".
            m_owner->TunnelCount("call/refused/max-sessions");
            s->Refuse(m, static_cast<uint16_t>(L2tpCdnResult::TEMPORARY_LACK_OF_RESOURCES), 0,
                      in.now, tunnelFull ? "tunnel session limit reached" : "max-sessions reached");
            return;
        }
        s->Receive(m, in.now);
        return;
    }
    L2tpSession* s = FindSession(m.sessionId);
    if (s)
    {
        s->Receive(m, in.now);
        return;
    }
    m_owner->TunnelCount("drop/unknown-session");
    Emit(in.now, "drop",
         {{"reason", "unknown-session"},
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
        SendReliable(std::move(cdn), in.now);
    }
}

void
L2tpTunnel::ActGiveUp(const L2tpTunnelInput& in)
{
    // §5.8: no response after the retries: "the tunnel and all sessions within MUST be
    // cleared". Loss of connectivity, so no hold time.
    m_sentSccrq = false;
    RecordCause({0, 0, "peer not responding"});
    m_owner->TunnelCount("tunnel/give-up");
    Emit(in.now, "give-up", {{"peer", ToString(m_peer)}});
    m_channel->Shutdown();
    MarkClosed("give-up", in.now);
}

void
L2tpTunnel::ActCleanUp(const L2tpTunnelInput& in)
{
    m_sentSccrq = false;
    RecordCause(in.cause);
    m_channel->Shutdown();
    MarkClosed("local", in.now);
}

void
L2tpTunnel::ActFinish(const L2tpTunnelInput& /*in*/)
{
    m_channel->Shutdown();
}

// ---- session owner

void
L2tpTunnel::SessionSend(L2tpSession& /*s*/, L2tpControlMessage m, TimeNs now)
{
    SendReliable(std::move(m), now);
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
                        TimeNs now,
                        const std::string& kind,
                        std::vector<std::pair<std::string, std::string>> fields)
{
    if (!m_owner->TunnelWantsEvents())
    {
        return;
    }
    LabEvent e;
    e.time = now;
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
L2tpTunnel::SessionDown(L2tpSession& s, TimeNs now)
{
    m_needReap = true;
    m_owner->TunnelSessionDown(*this, s);
    if (m_closeAfterPeersLastCall && s.ClosedByPeer() && State() == S::ESTABLISHED &&
        SessionCount(false) == 0)
    {
        m_idleCloseAt = now;
    }
}

} // namespace ns3
