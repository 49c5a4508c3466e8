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
    switch (s)
    {
    case S::IDLE:
        return "IDLE";
    case S::WAIT_TUNNEL:
        return "WAIT_TUNNEL";
    case S::WAIT_REPLY:
        return "WAIT_REPLY";
    case S::WAIT_CONNECT:
        return "WAIT_CONNECT";
    case S::WAIT_CS_ANSWER:
        return "WAIT_CS_ANSWER";
    case S::ESTABLISHED:
        return "ESTABLISHED";
    case S::CLOSED:
        return "CLOSED";
    }
    return "?";
}

const char*
ToString(L2tpSessionEvent e)
{
    switch (e)
    {
    case E::OPEN_CALL:
        return "OPEN_CALL";
    case E::TUNNEL_UP:
        return "TUNNEL_UP";
    case E::BEARER_ANSWER:
        return "BEARER_ANSWER";
    case E::RX_ICRQ:
        return "RX_ICRQ";
    case E::RX_ICRP:
        return "RX_ICRP";
    case E::RX_ICCN:
        return "RX_ICCN";
    case E::RX_OCRQ:
        return "RX_OCRQ";
    case E::RX_OCRP:
        return "RX_OCRP";
    case E::RX_OCCN:
        return "RX_OCCN";
    case E::RX_NOT_ACCEPTABLE:
        return "RX_NOT_ACCEPTABLE";
    case E::RX_CDN:
        return "RX_CDN";
    case E::RX_WEN:
        return "RX_WEN";
    case E::RX_SLI:
        return "RX_SLI";
    case E::LOCAL_CLOSE:
        return "LOCAL_CLOSE";
    case E::TUNNEL_DOWN:
        return "TUNNEL_DOWN";
    }
    return "?";
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

/** \brief Row helper (keeps the tables to one line per cell). */
constexpr X::Table
R(S from, E ev, void (X::*act)(), S to)
{
    return X::Table{from, ev, act, to};
}

} // namespace

// RFC 2661 §7.4.1 LAC Incoming Call States
const X::Table X::kLacIncoming[] = {
    // idle
    R(S::IDLE, E::OPEN_CALL, nullptr, S::WAIT_TUNNEL), // bearer ring: initiate tunnel open
    R(S::IDLE, E::TUNNEL_UP, nullptr, S::IDLE),
    R(S::IDLE, E::BEARER_ANSWER, nullptr, S::IDLE),
    R(S::IDLE, E::RX_ICRQ, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_ICRP, &X::ActCleanUp, S::CLOSED), // "Receive ICCN, ICRP, CDN: Clean up"
    R(S::IDLE, E::RX_ICCN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCRQ, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCRP, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCCN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_NOT_ACCEPTABLE, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_WEN, nullptr, S::IDLE),
    R(S::IDLE, E::RX_SLI, nullptr, S::IDLE),
    R(S::IDLE, E::LOCAL_CLOSE, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // wait-tunnel
    R(S::WAIT_TUNNEL, E::OPEN_CALL, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::TUNNEL_UP, &X::ActSendIcrq, S::WAIT_REPLY), // tunnel-open: send ICRQ
    R(S::WAIT_TUNNEL, E::BEARER_ANSWER, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_ICRQ, nullptr, S::WAIT_TUNNEL), // nothing can address us yet
    R(S::WAIT_TUNNEL, E::RX_ICRP, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_ICCN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_OCRQ, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_OCRP, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_OCCN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_NOT_ACCEPTABLE, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_CDN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_WEN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_SLI, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::LOCAL_CLOSE, &X::ActCleanUp, S::CLOSED), // bearer drop: clean up
    R(S::WAIT_TUNNEL, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // wait-reply
    R(S::WAIT_REPLY, E::OPEN_CALL, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::TUNNEL_UP, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::BEARER_ANSWER, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_ICRP, &X::ActSendIccnUp, S::ESTABLISHED), // acceptable: send ICCN
    R(S::WAIT_REPLY, E::RX_ICCN, &X::ActCleanUp, S::CLOSED),         // "Receive CDN, ICCN"
    R(S::WAIT_REPLY, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_WEN, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::RX_SLI, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // established
    R(S::ESTABLISHED, E::OPEN_CALL, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::TUNNEL_UP, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::BEARER_ANSWER, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_WEN, nullptr, S::ESTABLISHED), // WEN goes LAC -> LNS only (§6.13)
    R(S::ESTABLISHED, E::RX_SLI, &X::ActRecordSli, S::ESTABLISHED), // §6.14
    R(S::ESTABLISHED, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // closed (terminal)
    R(S::CLOSED, E::OPEN_CALL, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_UP, nullptr, S::CLOSED),
    R(S::CLOSED, E::BEARER_ANSWER, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_NOT_ACCEPTABLE, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_CDN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_WEN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SLI, nullptr, S::CLOSED),
    R(S::CLOSED, E::LOCAL_CLOSE, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_DOWN, nullptr, S::CLOSED),
};

// RFC 2661 §7.4.2 LNS Incoming Call States
const X::Table X::kLnsIncoming[] = {
    // idle
    R(S::IDLE, E::OPEN_CALL, nullptr, S::IDLE),
    R(S::IDLE, E::TUNNEL_UP, nullptr, S::IDLE),
    R(S::IDLE, E::BEARER_ANSWER, nullptr, S::IDLE),
    R(S::IDLE, E::RX_ICRQ, &X::ActSendIcrp, S::WAIT_CONNECT), // acceptable: send ICRP
    R(S::IDLE, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED), // "Receive ICRP: Send CDN"
    R(S::IDLE, E::RX_ICCN, &X::ActCleanUp, S::CLOSED),        // "Receive ICCN: Clean up"
    R(S::IDLE, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCCN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED), // not acceptable
    R(S::IDLE, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_WEN, nullptr, S::IDLE),
    R(S::IDLE, E::RX_SLI, nullptr, S::IDLE),
    R(S::IDLE, E::LOCAL_CLOSE, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // wait-connect
    R(S::WAIT_CONNECT, E::OPEN_CALL, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::TUNNEL_UP, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::BEARER_ANSWER, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_ICCN, &X::ActUp, S::ESTABLISHED), // prepare for data
    R(S::WAIT_CONNECT, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_WEN, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::RX_SLI, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // established
    R(S::ESTABLISHED, E::OPEN_CALL, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::TUNNEL_UP, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::BEARER_ANSWER, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_WEN, &X::ActRecordWen, S::ESTABLISHED), // §6.13
    R(S::ESTABLISHED, E::RX_SLI, nullptr, S::ESTABLISHED), // SLI goes LNS -> LAC only (§6.14)
    R(S::ESTABLISHED, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // closed (terminal)
    R(S::CLOSED, E::OPEN_CALL, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_UP, nullptr, S::CLOSED),
    R(S::CLOSED, E::BEARER_ANSWER, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_NOT_ACCEPTABLE, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_CDN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_WEN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SLI, nullptr, S::CLOSED),
    R(S::CLOSED, E::LOCAL_CLOSE, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_DOWN, nullptr, S::CLOSED),
};

// RFC 2661 §7.5.1 LAC Outgoing Call States
const X::Table X::kLacOutgoing[] = {
    // idle
    R(S::IDLE, E::OPEN_CALL, nullptr, S::IDLE),
    R(S::IDLE, E::TUNNEL_UP, nullptr, S::IDLE),
    R(S::IDLE, E::BEARER_ANSWER, nullptr, S::IDLE),
    R(S::IDLE, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_ICCN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCRQ, &X::ActSendOcrpAnswer, S::WAIT_CS_ANSWER), // send OCRP, open call
    R(S::IDLE, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),         // "Receive OCRP: Send CDN"
    R(S::IDLE, E::RX_OCCN, &X::ActCleanUp, S::CLOSED),                // "Receive OCCN, CDN"
    R(S::IDLE, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_WEN, nullptr, S::IDLE),
    R(S::IDLE, E::RX_SLI, nullptr, S::IDLE),
    R(S::IDLE, E::LOCAL_CLOSE, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // wait-cs-answer
    R(S::WAIT_CS_ANSWER, E::OPEN_CALL, nullptr, S::WAIT_CS_ANSWER),
    R(S::WAIT_CS_ANSWER, E::TUNNEL_UP, nullptr, S::WAIT_CS_ANSWER),
    R(S::WAIT_CS_ANSWER, E::BEARER_ANSWER, &X::ActSendOccnUp, S::ESTABLISHED), // send OCCN
    R(S::WAIT_CS_ANSWER, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_ICCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::WAIT_CS_ANSWER, E::RX_WEN, nullptr, S::WAIT_CS_ANSWER),
    R(S::WAIT_CS_ANSWER, E::RX_SLI, nullptr, S::WAIT_CS_ANSWER),
    R(S::WAIT_CS_ANSWER, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED), // bearer failure
    R(S::WAIT_CS_ANSWER, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // established
    R(S::ESTABLISHED, E::OPEN_CALL, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::TUNNEL_UP, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::BEARER_ANSWER, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_WEN, nullptr, S::ESTABLISHED), // WEN goes LAC -> LNS only
    R(S::ESTABLISHED, E::RX_SLI, &X::ActRecordSli, S::ESTABLISHED),
    R(S::ESTABLISHED, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // closed (terminal)
    R(S::CLOSED, E::OPEN_CALL, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_UP, nullptr, S::CLOSED),
    R(S::CLOSED, E::BEARER_ANSWER, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_NOT_ACCEPTABLE, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_CDN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_WEN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SLI, nullptr, S::CLOSED),
    R(S::CLOSED, E::LOCAL_CLOSE, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_DOWN, nullptr, S::CLOSED),
};

// RFC 2661 §7.5.2 LNS Outgoing Call States
const X::Table X::kLnsOutgoing[] = {
    // idle
    R(S::IDLE, E::OPEN_CALL, nullptr, S::WAIT_TUNNEL), // local open request: open tunnel
    R(S::IDLE, E::TUNNEL_UP, nullptr, S::IDLE),
    R(S::IDLE, E::BEARER_ANSWER, nullptr, S::IDLE),
    R(S::IDLE, E::RX_ICRQ, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_ICRP, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_ICCN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCRQ, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_OCRP, &X::ActCleanUp, S::CLOSED), // "Receive OCCN, OCRP, CDN: Clean up"
    R(S::IDLE, E::RX_OCCN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_NOT_ACCEPTABLE, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::RX_WEN, nullptr, S::IDLE),
    R(S::IDLE, E::RX_SLI, nullptr, S::IDLE),
    R(S::IDLE, E::LOCAL_CLOSE, &X::ActCleanUp, S::CLOSED),
    R(S::IDLE, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // wait-tunnel
    R(S::WAIT_TUNNEL, E::OPEN_CALL, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::TUNNEL_UP, &X::ActSendOcrq, S::WAIT_REPLY), // tunnel-open: send OCRQ
    R(S::WAIT_TUNNEL, E::BEARER_ANSWER, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_ICRQ, nullptr, S::WAIT_TUNNEL), // nothing can address us yet
    R(S::WAIT_TUNNEL, E::RX_ICRP, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_ICCN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_OCRQ, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_OCRP, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_OCCN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_NOT_ACCEPTABLE, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_CDN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_WEN, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::RX_SLI, nullptr, S::WAIT_TUNNEL),
    R(S::WAIT_TUNNEL, E::LOCAL_CLOSE, &X::ActCleanUp, S::CLOSED),
    R(S::WAIT_TUNNEL, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // wait-reply
    R(S::WAIT_REPLY, E::OPEN_CALL, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::TUNNEL_UP, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::BEARER_ANSWER, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_ICCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_OCRP, nullptr, S::WAIT_CONNECT), // acceptable: none
    R(S::WAIT_REPLY, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::RX_WEN, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::RX_SLI, nullptr, S::WAIT_REPLY),
    R(S::WAIT_REPLY, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_REPLY, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // wait-connect
    R(S::WAIT_CONNECT, E::OPEN_CALL, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::TUNNEL_UP, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::BEARER_ANSWER, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_ICCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_OCCN, &X::ActUp, S::ESTABLISHED), // prepare for data
    R(S::WAIT_CONNECT, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::RX_WEN, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::RX_SLI, nullptr, S::WAIT_CONNECT),
    R(S::WAIT_CONNECT, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::WAIT_CONNECT, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // established
    R(S::ESTABLISHED, E::OPEN_CALL, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::TUNNEL_UP, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::BEARER_ANSWER, nullptr, S::ESTABLISHED),
    R(S::ESTABLISHED, E::RX_ICRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_ICCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRQ, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCRP, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_OCCN, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_NOT_ACCEPTABLE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_CDN, &X::ActCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::RX_WEN, &X::ActRecordWen, S::ESTABLISHED),
    R(S::ESTABLISHED, E::RX_SLI, nullptr, S::ESTABLISHED), // SLI goes LNS -> LAC only
    R(S::ESTABLISHED, E::LOCAL_CLOSE, &X::ActSendCdnCleanUp, S::CLOSED),
    R(S::ESTABLISHED, E::TUNNEL_DOWN, &X::ActCleanUp, S::CLOSED),
    // closed (terminal)
    R(S::CLOSED, E::OPEN_CALL, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_UP, nullptr, S::CLOSED),
    R(S::CLOSED, E::BEARER_ANSWER, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_ICCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRQ, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCRP, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_OCCN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_NOT_ACCEPTABLE, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_CDN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_WEN, nullptr, S::CLOSED),
    R(S::CLOSED, E::RX_SLI, nullptr, S::CLOSED),
    R(S::CLOSED, E::LOCAL_CLOSE, nullptr, S::CLOSED),
    R(S::CLOSED, E::TUNNEL_DOWN, nullptr, S::CLOSED),
};

const X::Table*
L2tpSession::TableFor(L2tpSessionRole role, size_t& rows)
{
    switch (role)
    {
    case L2tpSessionRole::LAC_INCOMING:
        rows = sizeof(kLacIncoming) / sizeof(kLacIncoming[0]);
        return kLacIncoming;
    case L2tpSessionRole::LNS_INCOMING:
        rows = sizeof(kLnsIncoming) / sizeof(kLnsIncoming[0]);
        return kLnsIncoming;
    case L2tpSessionRole::LAC_OUTGOING:
        rows = sizeof(kLacOutgoing) / sizeof(kLacOutgoing[0]);
        return kLacOutgoing;
    case L2tpSessionRole::LNS_OUTGOING:
        rows = sizeof(kLnsOutgoing) / sizeof(kLnsOutgoing[0]);
        return kLnsOutgoing;
    }
    rows = 0;
    return nullptr;
}

std::vector<L2tpSessionState>
L2tpSession::StatesFor(L2tpSessionRole role)
{
    switch (role)
    {
    case L2tpSessionRole::LAC_INCOMING:
        return {S::IDLE, S::WAIT_TUNNEL, S::WAIT_REPLY, S::ESTABLISHED, S::CLOSED};
    case L2tpSessionRole::LNS_INCOMING:
        return {S::IDLE, S::WAIT_CONNECT, S::ESTABLISHED, S::CLOSED};
    case L2tpSessionRole::LAC_OUTGOING:
        return {S::IDLE, S::WAIT_CS_ANSWER, S::ESTABLISHED, S::CLOSED};
    case L2tpSessionRole::LNS_OUTGOING:
        return {S::IDLE, S::WAIT_TUNNEL, S::WAIT_REPLY, S::WAIT_CONNECT, S::ESTABLISHED, S::CLOSED};
    }
    return {};
}

std::vector<L2tpSessionEvent>
L2tpSession::AllEvents()
{
    return {E::OPEN_CALL, E::TUNNEL_UP, E::BEARER_ANSWER, E::RX_ICRQ,     E::RX_ICRP,
            E::RX_ICCN,   E::RX_OCRQ,   E::RX_OCRP,       E::RX_OCCN,     E::RX_NOT_ACCEPTABLE,
            E::RX_CDN,    E::RX_WEN,    E::RX_SLI,        E::LOCAL_CLOSE, E::TUNNEL_DOWN};
}

// ---- construction

namespace
{

const X::Table*
Rows(L2tpSessionRole role)
{
    size_t n = 0;
    return L2tpSession::TableFor(role, n);
}

size_t
RowCount(L2tpSessionRole role)
{
    size_t n = 0;
    L2tpSession::TableFor(role, n);
    return n;
}

} // namespace

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
    , m_fsm(this, Rows(role), RowCount(role), S::IDLE)
    , m_sendSequence(cfg.sequenceData)
{
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

bool
L2tpSession::IsLac() const
{
    return m_role == L2tpSessionRole::LAC_INCOMING || m_role == L2tpSessionRole::LAC_OUTGOING;
}

void
L2tpSession::Emit(const std::string& kind, std::vector<std::pair<std::string, std::string>> f)
{
    m_owner->SessionEmit(*this, kind, std::move(f));
}

void
L2tpSession::Raise(L2tpSessionEvent e, TimeNs now)
{
    m_now = now;
    m_fsm.Handle(e);
}

// ---- inputs

void
L2tpSession::Open(TimeNs now)
{
    Raise(E::OPEN_CALL, now);
}

void
L2tpSession::TunnelUp(TimeNs now)
{
    Raise(E::TUNNEL_UP, now);
}

void
L2tpSession::TunnelDown(TimeNs now)
{
    if (State() == S::CLOSED)
    {
        return;
    }
    // §6.4: sessions are cleared implicitly by StopCCN (no CDN); report it as such.
    m_result = 0;
    m_error = 0;
    m_resultText = "tunnel closed";
    m_closedByPeer = false;
    Raise(E::TUNNEL_DOWN, now);
}

void
L2tpSession::Close(uint16_t result, uint16_t error, const std::string& message, TimeNs now)
{
    if (State() == S::CLOSED)
    {
        return;
    }
    m_result = result;
    m_error = error;
    m_resultText = message;
    Raise(E::LOCAL_CLOSE, now);
}

L2tpSessionEvent
L2tpSession::Classify(const L2tpControlMessage& m)
{
    const L2tpMessageType type = m.Type();
    // Learn the peer's Assigned Session ID from the message that carries it (§4.4.4, §5.3).
    if (m_peerId == 0 && (type == L2tpMessageType::ICRQ || type == L2tpMessageType::ICRP ||
                          type == L2tpMessageType::OCRQ || type == L2tpMessageType::OCRP))
    {
        uint16_t id = 0;
        if (m.GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, id))
        {
            m_peerId = id;
        }
    }
    if (type == L2tpMessageType::CDN)
    {
        // §6.12: the peer MUST clean up whatever the CDN carries.
        return E::RX_CDN;
    }
    // Defaults for a CDN sent because the message is unexpected in our state (§7.4/§7.5 cells
    // "Send CDN, Clean up"): Result 2 (see Error Code) with a message naming the problem.
    m_result = static_cast<uint16_t>(L2tpCdnResult::GENERAL_ERROR);
    m_error = static_cast<uint16_t>(L2tpErrorCode::NO_GENERAL_ERROR);
    m_resultText = "unexpected " + ToString(type) + " in " + ToString(State());
    // §4.1: "If the M bit is set on an unrecognized AVP within a message associated with a
    // particular session, the session associated with this message MUST be terminated."
    if (const L2tpAvp* u = FirstUnknownMandatory(m))
    {
        m_error = static_cast<uint16_t>(L2tpErrorCode::UNKNOWN_MANDATORY_AVP);
        m_resultText =
            "unknown mandatory AVP " + std::to_string(u->vendorId) + ":" + std::to_string(u->type);
        return E::RX_NOT_ACCEPTABLE;
    }
    std::string missing;
    if (!L2tpHasRequiredAvps(m, &missing))
    {
        m_error = static_cast<uint16_t>(L2tpErrorCode::LENGTH_WRONG);
        m_resultText = "missing required AVP " + missing;
        return E::RX_NOT_ACCEPTABLE;
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
            m_error = static_cast<uint16_t>(L2tpErrorCode::FIELD_OUT_OF_RANGE);
            m_resultText = "Assigned Session ID missing or 0";
            return E::RX_NOT_ACCEPTABLE;
        }
        if (type == L2tpMessageType::ICRQ)
        {
            return E::RX_ICRQ;
        }
        if (type == L2tpMessageType::ICRP)
        {
            return E::RX_ICRP;
        }
        return type == L2tpMessageType::OCRQ ? E::RX_OCRQ : E::RX_OCRP;
    }
    case L2tpMessageType::ICCN:
    case L2tpMessageType::OCCN:
        // §4.4.4 Sequencing Required: the LNS MUST then keep sequence numbers on at all times.
        if (!IsLac() && m.Find(L2tpAvpType::SEQUENCING_REQUIRED))
        {
            m_sequencingRequired = true;
            m_sendSequence = true;
        }
        return type == L2tpMessageType::ICCN ? E::RX_ICCN : E::RX_OCCN;
    case L2tpMessageType::WEN:
        return E::RX_WEN;
    case L2tpMessageType::SLI:
        return E::RX_SLI;
    default:
        m_resultText = "not a call message: " + ToString(type);
        return E::RX_NOT_ACCEPTABLE;
    }
}

void
L2tpSession::Receive(const L2tpControlMessage& m, TimeNs now)
{
    m_now = now;
    L2tpSessionEvent ev = Classify(m);
    m_rx = &m;
    m_fsm.Handle(ev);
    m_rx = nullptr;
}

void
L2tpSession::Refuse(const L2tpControlMessage& m, uint16_t result, uint16_t error, TimeNs now)
{
    m_now = now;
    uint16_t id = 0;
    if (m_peerId == 0 && m.GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, id))
    {
        m_peerId = id;
    }
    m_result = result;
    m_error = error;
    m_resultText = "refused";
    m_rx = &m;
    m_fsm.Handle(E::RX_NOT_ACCEPTABLE);
    m_rx = nullptr;
}

bool
L2tpSession::SendWen(const L2tpCallErrors& errors, TimeNs now)
{
    if (State() != S::ESTABLISHED || !IsLac())
    {
        return false;
    }
    m_now = now;
    // §6.13: WEN carries Message Type and Call Errors; LAC -> LNS.
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::WEN);
    bool hide = m_owner->SessionHideAvps();
    if (hide)
    {
        m.Add(L2tpAvpType::RANDOM_VECTOR, m_owner->SessionRandomVector());
    }
    m.Add(L2tpAvpType::CALL_ERRORS, errors.Encode(), hide);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m));
    return true;
}

bool
L2tpSession::SendSli(uint32_t sendAccm, uint32_t recvAccm, TimeNs now)
{
    if (State() != S::ESTABLISHED || IsLac())
    {
        return false;
    }
    m_now = now;
    // §6.14: SLI carries Message Type and ACCM (Reserved(2), Send ACCM(4), Receive ACCM(4)).
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SLI);
    ByteWriter w;
    w.WriteU16(0);
    w.WriteU32(sendAccm);
    w.WriteU32(recvAccm);
    m.Add(L2tpAvpType::ACCM, w.Take());
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m));
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
L2tpSession::ActSendIcrq()
{
    // §6.6: Message Type, Assigned Session ID, Call Serial Number (Bearer Type etc. optional).
    m_callSerial = m_owner->SessionNextCallSerial();
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    AddSessionId(m);
    m.AddU32(L2tpAvpType::CALL_SERIAL_NUMBER, m_callSerial);
    m.AddU32(L2tpAvpType::BEARER_TYPE, m_owner->SessionBearerType());
    m.sessionId = 0; // §5.3: the peer has not assigned a Session ID yet
    m_owner->SessionSend(*this, std::move(m));
}

void
L2tpSession::ActSendIcrp()
{
    // §6.7: Message Type, Assigned Session ID.
    uint32_t serial = 0;
    if (m_rx && m_rx->GetU32(L2tpAvpType::CALL_SERIAL_NUMBER, serial))
    {
        m_callSerial = serial;
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICRP);
    AddSessionId(m);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m));
}

void
L2tpSession::ActSendIccnUp()
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
    m_owner->SessionSend(*this, std::move(m));
    ActUp();
}

void
L2tpSession::ActUp()
{
    m_wasUp = true;
    Emit("established", {{"role", ToString(m_role)},
                         {"peer-session", std::to_string(m_peerId)},
                         {"sequencing", m_sendSequence ? "yes" : "no"}});
    m_owner->SessionUp(*this);
}

void
L2tpSession::ActSendOcrq()
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
    m_owner->SessionSend(*this, std::move(m));
}

void
L2tpSession::ActSendOcrpAnswer()
{
    // §6.10: Message Type, Assigned Session ID. Then "open call": the simulated bearer answers
    // at once, which raises BEARER_ANSWER (queued behind this action by the engine).
    uint32_t serial = 0;
    if (m_rx && m_rx->GetU32(L2tpAvpType::CALL_SERIAL_NUMBER, serial))
    {
        m_callSerial = serial;
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::OCRP);
    AddSessionId(m);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m));
    m_fsm.Handle(E::BEARER_ANSWER);
}

void
L2tpSession::ActSendOccnUp()
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
    m_owner->SessionSend(*this, std::move(m));
    ActUp();
}

void
L2tpSession::ActSendCdnCleanUp()
{
    // §6.12: Message Type, Result Code, Assigned Session ID (ours, so the peer can identify the
    // call even if it never learned our id).
    if (m_result == 0)
    {
        m_result = static_cast<uint16_t>(L2tpCdnResult::ADMINISTRATIVE);
    }
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::CDN);
    m.AddResult(m_result, m_error, m_resultText);
    AddSessionId(m);
    m.sessionId = m_peerId;
    m_owner->SessionSend(*this, std::move(m));
    m_closedByPeer = false;
    ActCleanUp();
}

void
L2tpSession::ActCleanUp()
{
    if (m_rx && m_rx->Type() == L2tpMessageType::CDN)
    {
        m_closedByPeer = true;
        const L2tpAvp* rc = m_rx->Find(L2tpAvpType::RESULT_CODE);
        m_result = 0;
        m_error = 0;
        m_resultText.clear();
        if (rc)
        {
            L2tpReadResultCode(*rc, m_result, m_error, m_resultText);
        }
    }
    Emit("closed", {{"result", std::to_string(m_result)},
                    {"error", std::to_string(m_error)},
                    {"reason", m_resultText},
                    {"by", m_closedByPeer ? "peer" : "local"}});
    m_owner->SessionDown(*this);
}

void
L2tpSession::ActRecordWen()
{
    const L2tpAvp* a = m_rx ? m_rx->Find(L2tpAvpType::CALL_ERRORS) : nullptr;
    if (a && L2tpCallErrors::Decode(a->value, m_callErrors))
    {
        Emit("wen", {{"crc", std::to_string(m_callErrors.crcErrors)},
                     {"framing", std::to_string(m_callErrors.framingErrors)},
                     {"hw-overruns", std::to_string(m_callErrors.hardwareOverruns)},
                     {"buf-overruns", std::to_string(m_callErrors.bufferOverruns)},
                     {"timeouts", std::to_string(m_callErrors.timeoutErrors)},
                     {"alignment", std::to_string(m_callErrors.alignmentErrors)}});
    }
}

void
L2tpSession::ActRecordSli()
{
    // §6.14: the LAC MUST be able to update its call information on an active session.
    const L2tpAvp* a = m_rx ? m_rx->Find(L2tpAvpType::ACCM) : nullptr;
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
        Emit("sli", {{"send-accm", std::to_string(send)}, {"recv-accm", std::to_string(recv)}});
    }
}

} // namespace ns3
