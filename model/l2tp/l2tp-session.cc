#include "model/l2tp/l2tp-session.h"

#include "model/common/byte-buffer.h"
#include "model/common/seq16.h"
#include "model/l2tp/l2tp-codec.h"
#include "model/l2tp/l2tp-tunnel.h"

namespace ns3
{

using S = L2tpSessionState;
using E = L2tpSessionEvent;
using X = L2tpSession;

// ---- names

const char*
ToString(L2tpSessionRole r)
{
    switch (r)
    {
    case L2tpSessionRole::LAC_INCOMING:
        return "LAC_INCOMING";
    case L2tpSessionRole::LNS_INCOMING:
        return "LNS_INCOMING";
    case L2tpSessionRole::LAC_OUTGOING:
        return "LAC_OUTGOING";
    case L2tpSessionRole::LNS_OUTGOING:
        return "LNS_OUTGOING";
    }
    return "?";
}

const char*
ToString(L2tpSessionState s)
{
    return FsmName(s);
}

const char*
ToString(L2tpSessionEvent e)
{
    return FsmName(e);
}

// ---- Call Errors AVP (§4.4.6)

Bytes
L2tpCallErrors::Encode() const
{
    ByteWriter w;
    w.WriteU16(0); // Reserved, MUST be 0
    w.WriteU32(crcErrors);
    w.WriteU32(framingErrors);
    w.WriteU32(hardwareOverruns);
    w.WriteU32(bufferOverruns);
    w.WriteU32(timeoutErrors);
    w.WriteU32(alignmentErrors);
    return w.Take();
}

bool
L2tpCallErrors::Decode(const Bytes& v, L2tpCallErrors& out)
{
    if (v.size() != 26)
    {
        return false;
    }
    ByteReader r(v);
    uint16_t reserved = 0;
    return r.ReadU16(reserved) && r.ReadU32(out.crcErrors) && r.ReadU32(out.framingErrors) &&
           r.ReadU32(out.hardwareOverruns) && r.ReadU32(out.bufferOverruns) &&
           r.ReadU32(out.timeoutErrors) && r.ReadU32(out.alignmentErrors);
}

bool
L2tpCallErrors::operator==(const L2tpCallErrors& o) const
{
    return crcErrors == o.crcErrors && framingErrors == o.framingErrors &&
           hardwareOverruns == o.hardwareOverruns && bufferOverruns == o.bufferOverruns &&
           timeoutErrors == o.timeoutErrors && alignmentErrors == o.alignmentErrors;
}

// ---- transition tables
//
// Every (state, event) pair of a role is listed once. Rows with a nullptr action and to == from
// are "ignore". "Clean up" leads to CLOSED (the RFC's final idle) so the tunnel can delete the
// session. The RFC lists "Receive X, not acceptable" per message; all such cells have the same
// action ("Send CDN, Clean up"), so they share the event RX_NOT_ACCEPTABLE. §4.1 (unknown M-bit
// AVP in a session message: the session MUST be terminated) also raises RX_NOT_ACCEPTABLE.

namespace
{

constexpr auto Rfc = X::Row::Rfc; //!< a cell of the RFC's table
constexpr auto Def = X::Row::Def; //!< a defensive row of ours

#define A(fn) L2TPLAB_FSM_ACTION(X, fn) //!< an action and its name
#define NOP L2TPLAB_FSM_NO_ACTION       //!< no action

} // namespace

// RFC 2661 §7.4.1 LAC Incoming Call States
// clang-format off
const X::Row X::kLacIncoming[] = {
    // idle
    Rfc("7.4.1", S::IDLE, E::OPEN_CALL, NOP, S::WAIT_TUNNEL,
        "Bearer Ring or Ready to indicate incoming conn.: Initiate local tunnel open"),
    Def(S::IDLE, E::TUNNEL_UP, NOP, S::IDLE, "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::BEARER_ANSWER, NOP, S::IDLE,
        "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::RX_ICRQ, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Rfc("7.4.1", S::IDLE, E::RX_ICRP, A(ActCleanUp), S::CLOSED,
        "Receive ICCN, ICRP, CDN: Clean up"),
    Rfc("7.4.1", S::IDLE, E::RX_ICCN, A(ActCleanUp), S::CLOSED,
        "Receive ICCN, ICRP, CDN: Clean up"),
    Def(S::IDLE, E::RX_OCRQ, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Def(S::IDLE, E::RX_OCRP, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Def(S::IDLE, E::RX_OCCN, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Def(S::IDLE, E::RX_NOT_ACCEPTABLE, A(ActCleanUp), S::CLOSED,
        "not acceptable before the call exists: Clean up"),
    Rfc("7.4.1", S::IDLE, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive ICCN, ICRP, CDN: Clean up"),
    Def(S::IDLE, E::RX_WEN, NOP, S::IDLE,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::IDLE, E::RX_SLI, NOP, S::IDLE,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Def(S::IDLE, E::LOCAL_CLOSE, A(ActCleanUp), S::CLOSED,
        "local close before anything was sent: Clean up"),
    Def(S::IDLE, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // wait-tunnel
    Def(S::WAIT_TUNNEL, E::OPEN_CALL, NOP, S::WAIT_TUNNEL,
        "local event without meaning in this state: ignored"),
    Rfc("7.4.1", S::WAIT_TUNNEL, E::TUNNEL_UP, A(ActSendIcrq), S::WAIT_REPLY,
        "tunnel-open: Send ICRQ"),
    Def(S::WAIT_TUNNEL, E::BEARER_ANSWER, NOP, S::WAIT_TUNNEL,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_ICRQ, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_ICRP, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_ICCN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_OCRQ, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_OCRP, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_OCCN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_NOT_ACCEPTABLE, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_CDN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_WEN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_SLI, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Rfc("7.4.1", S::WAIT_TUNNEL, E::LOCAL_CLOSE, A(ActCleanUp), S::CLOSED,
        "Bearer line drop or local close request: Clean up"),
    Def(S::WAIT_TUNNEL, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // wait-reply
    Def(S::WAIT_REPLY, E::OPEN_CALL, NOP, S::WAIT_REPLY,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_REPLY, E::TUNNEL_UP, NOP, S::WAIT_REPLY,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_REPLY, E::BEARER_ANSWER, NOP, S::WAIT_REPLY,
        "local event without meaning in this state: ignored"),
    Rfc("7.4.1", S::WAIT_REPLY, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ: Send CDN, Clean up"),
    Rfc("7.4.1", S::WAIT_REPLY, E::RX_ICRP, A(ActSendIccnUp), S::ESTABLISHED,
        "Receive ICRP, acceptable: Send ICCN"),
    Rfc("7.4.1", S::WAIT_REPLY, E::RX_ICCN, A(ActCleanUp), S::CLOSED,
        "Receive CDN, ICCN: Clean up"),
    Def(S::WAIT_REPLY, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_REPLY, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_REPLY, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Rfc("7.4.1", S::WAIT_REPLY, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRP, Not acceptable: Send CDN, Clean up"),
    Rfc("7.4.1", S::WAIT_REPLY, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN, ICCN: Clean up"),
    Def(S::WAIT_REPLY, E::RX_WEN, NOP, S::WAIT_REPLY,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::WAIT_REPLY, E::RX_SLI, NOP, S::WAIT_REPLY,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Rfc("7.4.1", S::WAIT_REPLY, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Local close request or Bearer line drop: Send CDN, Clean up"),
    Def(S::WAIT_REPLY, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // established
    Def(S::ESTABLISHED, E::OPEN_CALL, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::TUNNEL_UP, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::BEARER_ANSWER, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Rfc("7.4.1", S::ESTABLISHED, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP, ICCN: Send CDN, Clean up"),
    Rfc("7.4.1", S::ESTABLISHED, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP, ICCN: Send CDN, Clean up"),
    Rfc("7.4.1", S::ESTABLISHED, E::RX_ICCN, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP, ICCN: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "not acceptable (§4.1: unknown M-bit AVP terminates the session): Send CDN, Clean up"),
    Rfc("7.4.1", S::ESTABLISHED, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::ESTABLISHED, E::RX_WEN, NOP, S::ESTABLISHED,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::ESTABLISHED, E::RX_SLI, A(ActRecordSli), S::ESTABLISHED,
        "§6.14: the LAC records the new ACCM"),
    Rfc("7.4.1", S::ESTABLISHED, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Bearer line drop or local close request: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // closed
    Def(S::CLOSED, E::OPEN_CALL, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_UP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::BEARER_ANSWER, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_NOT_ACCEPTABLE, NOP, S::CLOSED,
        "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_CDN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_WEN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SLI, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::LOCAL_CLOSE, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_DOWN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
};
// clang-format on

// RFC 2661 §7.4.2 LNS Incoming Call States
// clang-format off
const X::Row X::kLnsIncoming[] = {
    // idle
    Def(S::IDLE, E::OPEN_CALL, NOP, S::IDLE, "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::TUNNEL_UP, NOP, S::IDLE, "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::BEARER_ANSWER, NOP, S::IDLE,
        "local event without meaning in this state: ignored"),
    Rfc("7.4.2", S::IDLE, E::RX_ICRQ, A(ActSendIcrp), S::WAIT_CONNECT,
        "Receive ICRQ, acceptable: Send ICRP"),
    Rfc("7.4.2", S::IDLE, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRP: Send CDN, Clean up"),
    Rfc("7.4.2", S::IDLE, E::RX_ICCN, A(ActCleanUp), S::CLOSED, "Receive ICCN: Clean up"),
    Def(S::IDLE, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::IDLE, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::IDLE, E::RX_OCCN, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Rfc("7.4.2", S::IDLE, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, not acceptable: Send CDN, Clean up"),
    Rfc("7.4.2", S::IDLE, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::IDLE, E::RX_WEN, NOP, S::IDLE,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::IDLE, E::RX_SLI, NOP, S::IDLE,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Def(S::IDLE, E::LOCAL_CLOSE, A(ActCleanUp), S::CLOSED,
        "local close before anything was sent: Clean up"),
    Def(S::IDLE, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // wait-connect
    Def(S::WAIT_CONNECT, E::OPEN_CALL, NOP, S::WAIT_CONNECT,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_CONNECT, E::TUNNEL_UP, NOP, S::WAIT_CONNECT,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_CONNECT, E::BEARER_ANSWER, NOP, S::WAIT_CONNECT,
        "local event without meaning in this state: ignored"),
    Rfc("7.4.2", S::WAIT_CONNECT, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP: Send CDN, Clean up"),
    Rfc("7.4.2", S::WAIT_CONNECT, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP: Send CDN, Clean up"),
    Rfc("7.4.2", S::WAIT_CONNECT, E::RX_ICCN, A(ActUp), S::ESTABLISHED,
        "Receive ICCN, acceptable: Prepare for data"),
    Def(S::WAIT_CONNECT, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_CONNECT, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_CONNECT, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Rfc("7.4.2", S::WAIT_CONNECT, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICCN, not acceptable: Send CDN, Clean up"),
    Rfc("7.4.2", S::WAIT_CONNECT, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::WAIT_CONNECT, E::RX_WEN, NOP, S::WAIT_CONNECT,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::WAIT_CONNECT, E::RX_SLI, NOP, S::WAIT_CONNECT,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Rfc("7.4.2", S::WAIT_CONNECT, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Local Close request: Send CDN, Clean up"),
    Def(S::WAIT_CONNECT, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // established
    Def(S::ESTABLISHED, E::OPEN_CALL, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::TUNNEL_UP, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::BEARER_ANSWER, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Rfc("7.4.2", S::ESTABLISHED, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP, ICCN: Send CDN, Clean up"),
    Rfc("7.4.2", S::ESTABLISHED, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP, ICCN: Send CDN, Clean up"),
    Rfc("7.4.2", S::ESTABLISHED, E::RX_ICCN, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive ICRQ, ICRP, ICCN: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "not acceptable (§4.1: unknown M-bit AVP terminates the session): Send CDN, Clean up"),
    Rfc("7.4.2", S::ESTABLISHED, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::ESTABLISHED, E::RX_WEN, A(ActRecordWen), S::ESTABLISHED,
        "§6.13: the LNS records the Call Errors"),
    Def(S::ESTABLISHED, E::RX_SLI, NOP, S::ESTABLISHED,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Rfc("7.4.2", S::ESTABLISHED, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Local Close request: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // closed
    Def(S::CLOSED, E::OPEN_CALL, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_UP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::BEARER_ANSWER, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_NOT_ACCEPTABLE, NOP, S::CLOSED,
        "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_CDN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_WEN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SLI, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::LOCAL_CLOSE, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_DOWN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
};
// clang-format on

// RFC 2661 §7.5.1 LAC Outgoing Call States
// clang-format off
const X::Row X::kLacOutgoing[] = {
    // idle
    Def(S::IDLE, E::OPEN_CALL, NOP, S::IDLE, "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::TUNNEL_UP, NOP, S::IDLE, "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::BEARER_ANSWER, NOP, S::IDLE,
        "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::IDLE, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::IDLE, E::RX_ICCN, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Rfc("7.5.1", S::IDLE, E::RX_OCRQ, A(ActSendOcrpAnswer), S::WAIT_CS_ANSWER,
        "Receive OCRQ, acceptable: Send OCRP, Open bearer"),
    Rfc("7.5.1", S::IDLE, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRP: Send CDN, Clean up"),
    Rfc("7.5.1", S::IDLE, E::RX_OCCN, A(ActCleanUp), S::CLOSED, "Receive OCCN, CDN: Clean up"),
    Rfc("7.5.1", S::IDLE, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, not acceptable: Send CDN, Clean up"),
    Rfc("7.5.1", S::IDLE, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive OCCN, CDN: Clean up"),
    Def(S::IDLE, E::RX_WEN, NOP, S::IDLE,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::IDLE, E::RX_SLI, NOP, S::IDLE,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Def(S::IDLE, E::LOCAL_CLOSE, A(ActCleanUp), S::CLOSED,
        "local close before anything was sent: Clean up"),
    Def(S::IDLE, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // wait-cs-answer
    Def(S::WAIT_CS_ANSWER, E::OPEN_CALL, NOP, S::WAIT_CS_ANSWER,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_CS_ANSWER, E::TUNNEL_UP, NOP, S::WAIT_CS_ANSWER,
        "local event without meaning in this state: ignored"),
    Rfc("7.5.1", S::WAIT_CS_ANSWER, E::BEARER_ANSWER, A(ActSendOccnUp), S::ESTABLISHED,
        "Bearer answer, framing detected: Send OCCN"),
    Def(S::WAIT_CS_ANSWER, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_CS_ANSWER, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_CS_ANSWER, E::RX_ICCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Rfc("7.5.1", S::WAIT_CS_ANSWER, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Rfc("7.5.1", S::WAIT_CS_ANSWER, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Rfc("7.5.1", S::WAIT_CS_ANSWER, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Def(S::WAIT_CS_ANSWER, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "not acceptable (§4.1: unknown M-bit AVP terminates the session): Send CDN, Clean up"),
    Rfc("7.5.1", S::WAIT_CS_ANSWER, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::WAIT_CS_ANSWER, E::RX_WEN, NOP, S::WAIT_CS_ANSWER,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::WAIT_CS_ANSWER, E::RX_SLI, NOP, S::WAIT_CS_ANSWER,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Rfc("7.5.1", S::WAIT_CS_ANSWER, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Bearer failure: Send CDN, Clean up"),
    Def(S::WAIT_CS_ANSWER, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // established
    Def(S::ESTABLISHED, E::OPEN_CALL, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::TUNNEL_UP, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::BEARER_ANSWER, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_ICCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Rfc("7.5.1", S::ESTABLISHED, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Rfc("7.5.1", S::ESTABLISHED, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Rfc("7.5.1", S::ESTABLISHED, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "not acceptable (§4.1: unknown M-bit AVP terminates the session): Send CDN, Clean up"),
    Rfc("7.5.1", S::ESTABLISHED, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::ESTABLISHED, E::RX_WEN, NOP, S::ESTABLISHED,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::ESTABLISHED, E::RX_SLI, A(ActRecordSli), S::ESTABLISHED,
        "§6.14: the LAC records the new ACCM"),
    Rfc("7.5.1", S::ESTABLISHED, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Bearer line drop or local close request: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // closed
    Def(S::CLOSED, E::OPEN_CALL, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_UP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::BEARER_ANSWER, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_NOT_ACCEPTABLE, NOP, S::CLOSED,
        "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_CDN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_WEN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SLI, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::LOCAL_CLOSE, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_DOWN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
};
// clang-format on

// RFC 2661 §7.5.2 LNS Outgoing Call States
// clang-format off
const X::Row X::kLnsOutgoing[] = {
    // idle
    Rfc("7.5.2", S::IDLE, E::OPEN_CALL, NOP, S::WAIT_TUNNEL,
        "Local open request: Initiate local tunnel-open"),
    Def(S::IDLE, E::TUNNEL_UP, NOP, S::IDLE, "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::BEARER_ANSWER, NOP, S::IDLE,
        "local event without meaning in this state: ignored"),
    Def(S::IDLE, E::RX_ICRQ, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Def(S::IDLE, E::RX_ICRP, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Def(S::IDLE, E::RX_ICCN, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Def(S::IDLE, E::RX_OCRQ, A(ActCleanUp), S::CLOSED,
        "message of the other direction or out of order: Clean up, like the idle cells"),
    Rfc("7.5.2", S::IDLE, E::RX_OCRP, A(ActCleanUp), S::CLOSED,
        "Receive OCCN, OCRP, CDN: Clean up"),
    Rfc("7.5.2", S::IDLE, E::RX_OCCN, A(ActCleanUp), S::CLOSED,
        "Receive OCCN, OCRP, CDN: Clean up"),
    Def(S::IDLE, E::RX_NOT_ACCEPTABLE, A(ActCleanUp), S::CLOSED,
        "not acceptable before the call exists: Clean up"),
    Rfc("7.5.2", S::IDLE, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive OCCN, OCRP, CDN: Clean up"),
    Def(S::IDLE, E::RX_WEN, NOP, S::IDLE,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::IDLE, E::RX_SLI, NOP, S::IDLE,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Def(S::IDLE, E::LOCAL_CLOSE, A(ActCleanUp), S::CLOSED,
        "local close before anything was sent: Clean up"),
    Def(S::IDLE, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // wait-tunnel
    Def(S::WAIT_TUNNEL, E::OPEN_CALL, NOP, S::WAIT_TUNNEL,
        "local event without meaning in this state: ignored"),
    Rfc("7.5.2", S::WAIT_TUNNEL, E::TUNNEL_UP, A(ActSendOcrq), S::WAIT_REPLY,
        "tunnel-open: Send OCRQ"),
    Def(S::WAIT_TUNNEL, E::BEARER_ANSWER, NOP, S::WAIT_TUNNEL,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_ICRQ, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_ICRP, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_ICCN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_OCRQ, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_OCRP, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_OCCN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_NOT_ACCEPTABLE, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_CDN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_WEN, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Def(S::WAIT_TUNNEL, E::RX_SLI, NOP, S::WAIT_TUNNEL,
        "the peer does not know the call yet: ignored"),
    Rfc("7.5.2", S::WAIT_TUNNEL, E::LOCAL_CLOSE, A(ActCleanUp), S::CLOSED,
        "Local close request: Clean up"),
    Def(S::WAIT_TUNNEL, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // wait-reply
    Def(S::WAIT_REPLY, E::OPEN_CALL, NOP, S::WAIT_REPLY,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_REPLY, E::TUNNEL_UP, NOP, S::WAIT_REPLY,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_REPLY, E::BEARER_ANSWER, NOP, S::WAIT_REPLY,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_REPLY, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_REPLY, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_REPLY, E::RX_ICCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Rfc("7.5.2", S::WAIT_REPLY, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCCN, OCRQ: Send CDN, Clean up"),
    Rfc("7.5.2", S::WAIT_REPLY, E::RX_OCRP, NOP, S::WAIT_CONNECT, "Receive OCRP, acceptable: none"),
    Rfc("7.5.2", S::WAIT_REPLY, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCCN, OCRQ: Send CDN, Clean up"),
    Rfc("7.5.2", S::WAIT_REPLY, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRP, not acceptable: Send CDN, Clean up"),
    Rfc("7.5.2", S::WAIT_REPLY, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::WAIT_REPLY, E::RX_WEN, NOP, S::WAIT_REPLY,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::WAIT_REPLY, E::RX_SLI, NOP, S::WAIT_REPLY,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Rfc("7.5.2", S::WAIT_REPLY, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Local close request: Send CDN, Clean up"),
    Def(S::WAIT_REPLY, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // wait-connect
    Def(S::WAIT_CONNECT, E::OPEN_CALL, NOP, S::WAIT_CONNECT,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_CONNECT, E::TUNNEL_UP, NOP, S::WAIT_CONNECT,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_CONNECT, E::BEARER_ANSWER, NOP, S::WAIT_CONNECT,
        "local event without meaning in this state: ignored"),
    Def(S::WAIT_CONNECT, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_CONNECT, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::WAIT_CONNECT, E::RX_ICCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Rfc("7.5.2", S::WAIT_CONNECT, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP: Send CDN, Clean up"),
    Rfc("7.5.2", S::WAIT_CONNECT, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP: Send CDN, Clean up"),
    Rfc("7.5.2", S::WAIT_CONNECT, E::RX_OCCN, A(ActUp), S::ESTABLISHED,
        "Receive OCCN: none (prepare for data)"),
    Def(S::WAIT_CONNECT, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "not acceptable (§4.1: unknown M-bit AVP terminates the session): Send CDN, Clean up"),
    Rfc("7.5.2", S::WAIT_CONNECT, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::WAIT_CONNECT, E::RX_WEN, NOP, S::WAIT_CONNECT,
        "§6.13: WEN goes LAC to LNS, on an established call only: ignored"),
    Def(S::WAIT_CONNECT, E::RX_SLI, NOP, S::WAIT_CONNECT,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Rfc("7.5.2", S::WAIT_CONNECT, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Local close request: Send CDN, Clean up"),
    Def(S::WAIT_CONNECT, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // established
    Def(S::ESTABLISHED, E::OPEN_CALL, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::TUNNEL_UP, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::BEARER_ANSWER, NOP, S::ESTABLISHED,
        "local event without meaning in this state: ignored"),
    Def(S::ESTABLISHED, E::RX_ICRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_ICRP, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Def(S::ESTABLISHED, E::RX_ICCN, A(ActSendCdnCleanUp), S::CLOSED,
        "message of the other direction or out of order: Send CDN, Clean up, like the RFC cells "
        "for unexpected messages"),
    Rfc("7.5.2", S::ESTABLISHED, E::RX_OCRQ, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Rfc("7.5.2", S::ESTABLISHED, E::RX_OCRP, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Rfc("7.5.2", S::ESTABLISHED, E::RX_OCCN, A(ActSendCdnCleanUp), S::CLOSED,
        "Receive OCRQ, OCRP, OCCN: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, A(ActSendCdnCleanUp), S::CLOSED,
        "not acceptable (§4.1: unknown M-bit AVP terminates the session): Send CDN, Clean up"),
    Rfc("7.5.2", S::ESTABLISHED, E::RX_CDN, A(ActCleanUp), S::CLOSED, "Receive CDN: Clean up"),
    Def(S::ESTABLISHED, E::RX_WEN, A(ActRecordWen), S::ESTABLISHED,
        "§6.13: the LNS records the Call Errors"),
    Def(S::ESTABLISHED, E::RX_SLI, NOP, S::ESTABLISHED,
        "§6.14: SLI goes LNS to LAC, on an established call only: ignored"),
    Rfc("7.5.2", S::ESTABLISHED, E::LOCAL_CLOSE, A(ActSendCdnCleanUp), S::CLOSED,
        "Local close request: Send CDN, Clean up"),
    Def(S::ESTABLISHED, E::TUNNEL_DOWN, A(ActCleanUp), S::CLOSED,
        "§6.4: StopCCN clears every session without CDN: Clean up"),
    // closed
    Def(S::CLOSED, E::OPEN_CALL, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_UP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::BEARER_ANSWER, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_ICCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRQ, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCRP, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_OCCN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_NOT_ACCEPTABLE, NOP, S::CLOSED,
        "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_CDN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_WEN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::RX_SLI, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::LOCAL_CLOSE, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
    Def(S::CLOSED, E::TUNNEL_DOWN, NOP, S::CLOSED, "terminal: nothing happens after clean up"),
};
// clang-format on

#undef A
#undef NOP

L2tpSession::Table
L2tpSession::TableFor(L2tpSessionRole role)
{
    switch (role)
    {
    case L2tpSessionRole::LAC_INCOMING:
        return MakeFsmTable(kLacIncoming);
    case L2tpSessionRole::LNS_INCOMING:
        return MakeFsmTable(kLnsIncoming);
    case L2tpSessionRole::LAC_OUTGOING:
        return MakeFsmTable(kLacOutgoing);
    case L2tpSessionRole::LNS_OUTGOING:
        return MakeFsmTable(kLnsOutgoing);
    }
    return Table{};
}

const char*
L2tpSession::SectionFor(L2tpSessionRole role)
{
    switch (role)
    {
    case L2tpSessionRole::LAC_INCOMING:
        return "7.4.1";
    case L2tpSessionRole::LNS_INCOMING:
        return "7.4.2";
    case L2tpSessionRole::LAC_OUTGOING:
        return "7.5.1";
    case L2tpSessionRole::LNS_OUTGOING:
        return "7.5.2";
    }
    return "";
}

std::vector<L2tpSessionState>
L2tpSession::StatesFor(L2tpSessionRole role)
{
    const Table t = TableFor(role);
    std::vector<L2tpSessionState> states;
    for (L2tpSessionState st : FsmAllValues<L2tpSessionState>())
    {
        for (const Row& r : t)
        {
            if (r.from == st)
            {
                states.push_back(st);
                break;
            }
        }
    }
    return states;
}

// ---- construction

L2tpSession::L2tpSession(Owner* owner,
                         L2tpSessionRole role,
                         uint16_t localId,
                         const L2tpSessionConfig& cfg,
                         bool locallyPlaced)
    : m_owner(owner)
    , m_role(role)
    , m_localId(localId)
    , m_cfg(cfg)
    , m_locallyPlaced(locallyPlaced)
    , m_fsm(this, TableFor(role), S::IDLE)
    , m_sendSequence(cfg.sequenceData)
{
    m_fsm.SetObserver(
        [this](S from, const L2tpSessionInput& in, S to, bool handled)
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

bool
L2tpSession::IsLac() const
{
    return m_role == L2tpSessionRole::LAC_INCOMING || m_role == L2tpSessionRole::LAC_OUTGOING;
}

void
L2tpSession::Emit(TimeNs now,
                  const std::string& kind,
                  std::vector<std::pair<std::string, std::string>> f)
{
    m_owner->SessionEmit(*this, now, kind, std::move(f));
}

void
L2tpSession::Raise(const L2tpSessionInput& in)
{
    m_fsm.Handle(in);
}

// ---- inputs

void
L2tpSession::Open(TimeNs now)
{
    Raise({E::OPEN_CALL, now, nullptr, {}});
}

void
L2tpSession::TunnelUp(TimeNs now)
{
    Raise({E::TUNNEL_UP, now, nullptr, {}});
}

void
L2tpSession::TunnelDown(TimeNs now)
{
    if (State() == S::CLOSED)
    {
        return;
    }
    // §6.4: sessions are cleared implicitly by StopCCN (no CDN); report it as such.
    Raise({E::TUNNEL_DOWN, now, nullptr, L2tpResultCode{0, 0, "tunnel closed"}});
}

void
L2tpSession::Close(uint16_t result, uint16_t error, const std::string& message, TimeNs now)
{
    if (State() == S::CLOSED)
    {
        return;
    }
    Raise({E::LOCAL_CLOSE, now, nullptr, L2tpResultCode{result, error, message}});
}

void
L2tpSession::LearnPeerId(const L2tpControlMessage& m)
{
    // Learn the peer's Assigned Session ID from the message that carries it (§4.4.4, §5.3),
    // whatever the message's verdict: a CDN refusing it must reach the peer's session.
    const L2tpMessageType type = m.Type();
    if (m_peerId == 0 && (type == L2tpMessageType::ICRQ || type == L2tpMessageType::ICRP ||
                          type == L2tpMessageType::OCRQ || type == L2tpMessageType::OCRP))
    {
        uint16_t id = 0;
        if (m.GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, id))
        {
            m_peerId = id;
        }
    }
}

L2tpSession::Verdict
L2tpSession::Classify(const L2tpControlMessage& m) const
{
    const L2tpMessageType type = m.Type();
    if (type == L2tpMessageType::CDN)
    {
        // §6.12: the peer MUST clean up whatever the CDN carries (its Result Code is read by the
        // action from the message).
        return {E::RX_CDN, {}};
    }
    // Defaults for a CDN sent because the message is unexpected in our state (§7.4/§7.5 cells
    // "Send CDN, Clean up"): Result 2 (see Error Code) with a message naming the problem.
    Verdict v{E::RX_NOT_ACCEPTABLE,
              {static_cast<uint16_t>(L2tpCdnResult::GENERAL_ERROR),
               static_cast<uint16_t>(L2tpErrorCode::NO_GENERAL_ERROR),
               "unexpected " + ToString(type) + " in " + ToString(State())}};
    // §4.1: "If the M bit is set on an unrecognized AVP within a message associated with a
    // particular session, the session associated with this message MUST be terminated."
    if (const L2tpAvp* u = FirstUnknownMandatory(m))
    {
        v.cause.error = static_cast<uint16_t>(L2tpErrorCode::UNKNOWN_MANDATORY_AVP);
        v.cause.text =
            "unknown mandatory AVP " + std::to_string(u->vendorId) + ":" + std::to_string(u->type);
        return v;
    }
    std::string missing;
    if (!L2tpHasRequiredAvps(m, &missing))
    {
        v.cause.error = static_cast<uint16_t>(L2tpErrorCode::LENGTH_WRONG);
        v.cause.text = "missing required AVP " + missing;
        return v;
    }
    switch (type)
    {
    case L2tpMessageType::ICRQ:
    case L2tpMessageType::ICRP:
    case L2tpMessageType::OCRQ:
    case L2tpMessageType::OCRP:
    {
        uint16_t id = 0;
        if (!m.GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, id) || id == 0)
        {
            // §5.3: 0 MUST NOT be used as an Assigned Session ID.
            v.cause.error = static_cast<uint16_t>(L2tpErrorCode::FIELD_OUT_OF_RANGE);
            v.cause.text = "Assigned Session ID missing or 0";
            return v;
        }
        v.event = type == L2tpMessageType::ICRQ   ? E::RX_ICRQ
                  : type == L2tpMessageType::ICRP ? E::RX_ICRP
                  : type == L2tpMessageType::OCRQ ? E::RX_OCRQ
                                                  : E::RX_OCRP;
        return v;
    }
    case L2tpMessageType::ICCN:
        v.event = E::RX_ICCN;
        return v;
    case L2tpMessageType::OCCN:
        v.event = E::RX_OCCN;
        return v;
    case L2tpMessageType::WEN:
        v.event = E::RX_WEN;
        return v;
    case L2tpMessageType::SLI:
        v.event = E::RX_SLI;
        return v;
    default:
        v.cause.text = "not a call message: " + ToString(type);
        return v;
    }
}

void
L2tpSession::Receive(const L2tpControlMessage& m, TimeNs now)
{
    LearnPeerId(m);
    const Verdict v = Classify(m);
    Raise({v.event, now, &m, v.cause});
}

void
L2tpSession::Refuse(const L2tpControlMessage& m,
                    uint16_t result,
                    uint16_t error,
                    TimeNs now,
                    const std::string& why)
{
    LearnPeerId(m);
    Raise({E::RX_NOT_ACCEPTABLE, now, &m, L2tpResultCode{result, error, why}});
}

bool
L2tpSession::SendWen(const L2tpCallErrors& errors, TimeNs now)
{
    if (State() != S::ESTABLISHED || !IsLac())
    {
        return false;
    }
    // §6.13: WEN carries Message Type and Call Errors; LAC -> LNS.
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::WEN);
    bool hide = m_owner->SessionHideAvps();
    if (hide)
    {
        m.Add(L2tpAvpType::RANDOM_VECTOR, m_owner->SessionRandomVector());
    }
    m.Add(L2tpAvpType::CALL_ERRORS, errors.Encode(), hide);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m), now);
    return true;
}

bool
L2tpSession::SendSli(uint32_t sendAccm, uint32_t recvAccm, TimeNs now)
{
    if (State() != S::ESTABLISHED || IsLac())
    {
        return false;
    }
    // §6.14: SLI carries Message Type and ACCM (Reserved(2), Send ACCM(4), Receive ACCM(4)).
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SLI);
    ByteWriter w;
    w.WriteU16(0);
    w.WriteU32(sendAccm);
    w.WriteU32(recvAccm);
    m.Add(L2tpAvpType::ACCM, w.Take());
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m), now);
    return true;
}

// ---- data channel

bool
L2tpSession::BuildData(const Bytes& frame, L2tpDataMessage& out)
{
    if (State() != S::ESTABLISHED)
    {
        return false;
    }
    out.sessionId = m_peerId;
    out.hasSequence = m_sendSequence;
    if (m_sendSequence)
    {
        out.ns = m_dataNs++;
        out.nr = 0; // §3.1: Nr is reserved in data messages
    }
    out.payload = frame;
    return true;
}

bool
L2tpSession::AcceptData(const L2tpDataMessage& m)
{
    if (State() != S::ESTABLISHED)
    {
        return false;
    }
    if (m.hasSequence)
    {
        // §5.4: sequence numbers let the receiver detect lost and out-of-order packets; a packet
        // older than the next expected one is stale and is dropped.
        if (m_peerSequenced && Seq16Less(m.ns, m_dataNr))
        {
            return false;
        }
        m_peerSequenced = true;
        m_dataNr = static_cast<uint16_t>(m.ns + 1);
    }
    // §5.4: the LNS controls sequencing; the LAC follows what it receives unless Sequencing
    // Required was negotiated ("sequence numbers MUST be present at all times").
    if (IsLac() && !m_sequencingRequired)
    {
        m_sendSequence = m.hasSequence;
    }
    return true;
}

// ---- actions

void
L2tpSession::AddSessionId(L2tpControlMessage& m)
{
    bool hide = m_owner->SessionHideAvps();
    if (hide)
    {
        // §4.3: a Random Vector MUST precede the first hidden AVP.
        m.Add(L2tpAvpType::RANDOM_VECTOR, m_owner->SessionRandomVector());
    }
    m.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, m_localId, hide);
}

void
L2tpSession::ActSendIcrq(const L2tpSessionInput& in)
{
    // §6.6: Message Type, Assigned Session ID, Call Serial Number (Bearer Type etc. optional).
    m_callSerial = m_owner->SessionNextCallSerial();
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    AddSessionId(m);
    m.AddU32(L2tpAvpType::CALL_SERIAL_NUMBER, m_callSerial);
    m.AddU32(L2tpAvpType::BEARER_TYPE, m_owner->SessionBearerType());
    m.sessionId = 0; // §5.3: the peer has not assigned a Session ID yet
    m_owner->SessionSend(*this, std::move(m), in.now);
}

void
L2tpSession::ActSendIcrp(const L2tpSessionInput& in)
{
    // §6.7: Message Type, Assigned Session ID.
    uint32_t serial = 0;
    if (in.msg && in.msg->GetU32(L2tpAvpType::CALL_SERIAL_NUMBER, serial))
    {
        m_callSerial = serial;
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICRP);
    AddSessionId(m);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m), in.now);
}

void
L2tpSession::ActSendIccnUp(const L2tpSessionInput& in)
{
    // §6.8: Message Type, (Tx) Connect Speed, Framing Type; Sequencing Required if we want it.
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICCN);
    m.AddU32(L2tpAvpType::TX_CONNECT_SPEED, m_cfg.txConnectSpeed);
    m.AddU32(L2tpAvpType::FRAMING_TYPE, m_owner->SessionFramingType());
    if (m_cfg.sequenceData)
    {
        m.Add(L2tpAvpType::SEQUENCING_REQUIRED, Bytes{});
        m_sequencingRequired = true;
    }
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m), in.now);
    ActUp(in);
}

void
L2tpSession::ActUp(const L2tpSessionInput& in)
{
    const bool connected = in.msg && (in.msg->Type() == L2tpMessageType::ICCN ||
                                      in.msg->Type() == L2tpMessageType::OCCN);
    if (!IsLac() && connected && in.msg->Find(L2tpAvpType::SEQUENCING_REQUIRED))
    {
        // §4.4.4 Sequencing Required (in the ICCN/OCCN): the LNS MUST then keep sequence numbers
        // on at all times.
        m_sequencingRequired = true;
        m_sendSequence = true;
    }
    m_wasUp = true;
    Emit(in.now, "established",
         {{"role", ToString(m_role)},
          {"peer-session", std::to_string(m_peerId)},
          {"sequencing", m_sendSequence ? "yes" : "no"}});
    m_owner->SessionUp(*this);
}

void
L2tpSession::ActSendOcrq(const L2tpSessionInput& in)
{
    // §6.9: Message Type, Assigned Session ID, Call Serial Number, Minimum BPS, Maximum BPS,
    // Bearer Type, Framing Type, Called Number.
    m_callSerial = m_owner->SessionNextCallSerial();
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::OCRQ);
    AddSessionId(m);
    m.AddU32(L2tpAvpType::CALL_SERIAL_NUMBER, m_callSerial);
    m.AddU32(L2tpAvpType::MINIMUM_BPS, m_cfg.minimumBps);
    m.AddU32(L2tpAvpType::MAXIMUM_BPS, m_cfg.maximumBps);
    m.AddU32(L2tpAvpType::BEARER_TYPE, m_owner->SessionBearerType());
    m.AddU32(L2tpAvpType::FRAMING_TYPE, m_owner->SessionFramingType());
    m.AddString(L2tpAvpType::CALLED_NUMBER, m_cfg.calledNumber);
    m.sessionId = 0;
    m_owner->SessionSend(*this, std::move(m), in.now);
}

void
L2tpSession::ActSendOcrpAnswer(const L2tpSessionInput& in)
{
    // §6.10: Message Type, Assigned Session ID. Then "open call": the simulated bearer answers
    // at once, which raises BEARER_ANSWER (queued behind this action by the engine).
    uint32_t serial = 0;
    if (in.msg && in.msg->GetU32(L2tpAvpType::CALL_SERIAL_NUMBER, serial))
    {
        m_callSerial = serial;
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::OCRP);
    AddSessionId(m);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m), in.now);
    Raise({E::BEARER_ANSWER, in.now, nullptr, {}});
}

void
L2tpSession::ActSendOccnUp(const L2tpSessionInput& in)
{
    // §6.11: Message Type, (Tx) Connect Speed, Framing Type.
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::OCCN);
    m.AddU32(L2tpAvpType::TX_CONNECT_SPEED, m_cfg.txConnectSpeed);
    m.AddU32(L2tpAvpType::FRAMING_TYPE, m_owner->SessionFramingType());
    if (m_cfg.sequenceData)
    {
        m.Add(L2tpAvpType::SEQUENCING_REQUIRED, Bytes{});
        m_sequencingRequired = true;
    }
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m), in.now);
    ActUp(in);
}

void
L2tpSession::ActSendCdnCleanUp(const L2tpSessionInput& in)
{
    // §6.12: Message Type, Result Code, Assigned Session ID (ours, so the peer can identify the
    // call even if it never learned our id).
    m_result = in.cause.result;
    m_error = in.cause.error;
    m_resultText = in.cause.text;
    if (m_result == 0)
    {
        m_result = static_cast<uint16_t>(L2tpCdnResult::ADMINISTRATIVE);
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::CDN);
    m.AddResult(m_result, m_error, m_resultText);
    AddSessionId(m);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m), in.now);
    m_closedByPeer = false;
    ActCleanUp({in.event, in.now, nullptr, L2tpResultCode{m_result, m_error, m_resultText}});
}

void
L2tpSession::ActCleanUp(const L2tpSessionInput& in)
{
    if (in.msg && in.msg->Type() == L2tpMessageType::CDN)
    {
        m_closedByPeer = true;
        const L2tpAvp* rc = in.msg->Find(L2tpAvpType::RESULT_CODE);
        m_result = 0;
        m_error = 0;
        m_resultText.clear();
        if (rc)
        {
            L2tpReadResultCode(*rc, m_result, m_error, m_resultText);
        }
    }
    else
    {
        m_result = in.cause.result;
        m_error = in.cause.error;
        m_resultText = in.cause.text;
    }
    Emit(in.now, "closed",
         {{"result", std::to_string(m_result)},
          {"error", std::to_string(m_error)},
          {"reason", m_resultText},
          {"by", m_closedByPeer ? "peer" : "local"}});
    m_owner->SessionDown(*this, in.now);
}

void
L2tpSession::ActRecordWen(const L2tpSessionInput& in)
{
    const L2tpAvp* a = in.msg ? in.msg->Find(L2tpAvpType::CALL_ERRORS) : nullptr;
    if (a && L2tpCallErrors::Decode(a->value, m_callErrors))
    {
        Emit(in.now, "wen",
             {{"crc", std::to_string(m_callErrors.crcErrors)},
              {"framing", std::to_string(m_callErrors.framingErrors)},
              {"hw-overruns", std::to_string(m_callErrors.hardwareOverruns)},
              {"buf-overruns", std::to_string(m_callErrors.bufferOverruns)},
              {"timeouts", std::to_string(m_callErrors.timeoutErrors)},
              {"alignment", std::to_string(m_callErrors.alignmentErrors)}});
    }
}

void
L2tpSession::ActRecordSli(const L2tpSessionInput& in)
{
    // §6.14: the LAC MUST be able to update its call information on an active session.
    const L2tpAvp* a = in.msg ? in.msg->Find(L2tpAvpType::ACCM) : nullptr;
    if (!a || a->value.size() != 10)
    {
        return;
    }
    ByteReader r(a->value);
    uint16_t reserved = 0;
    uint32_t send = 0;
    uint32_t recv = 0;
    if (r.ReadU16(reserved) && r.ReadU32(send) && r.ReadU32(recv))
    {
        m_sendAccm = send;
        m_recvAccm = recv;
        Emit(in.now, "sli",
             {{"send-accm", std::to_string(send)}, {"recv-accm", std::to_string(recv)}});
    }
}

} // namespace ns3
