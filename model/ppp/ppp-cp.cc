#include "model/ppp/ppp-cp.h"

#include "model/ppp/ppp-frame.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

using S = PppCpState;
using E = PppCpEvent;
using X = PppControlProtocol;

namespace
{

constexpr auto Rfc = X::Row::Rfc; //!< a cell of the RFC's table
constexpr auto Def = X::Row::Def; //!< a "-" cell: ignored

constexpr const char* kCodeNames[] = {
    "unknown",          "configure-request", "configure-ack", "configure-nak",
    "configure-reject", "terminate-request", "terminate-ack", "code-reject",
    "protocol-reject",  "echo-request",      "echo-reply",    "discard-request",
};

/** \brief Lower-case protocol name for counters ("lcp"). */
std::string
LowerName(uint16_t protocol)
{
    std::string n = PppProtocolName(protocol);
    for (char& c : n)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return n;
}

/** \brief States where the Restart timer runs (§4.2: Closing, Stopping, Req-Sent, Ack-*). */
bool
TimerRuns(PppCpState s)
{
    return s == S::CLOSING || s == S::STOPPING || s == S::REQ_SENT || s == S::ACK_RCVD ||
           s == S::ACK_SENT;
}

} // namespace

// ---- packets

const char*
PppCpCodeName(uint8_t code)
{
    return code < sizeof(kCodeNames) / sizeof(kCodeNames[0]) ? kCodeNames[code] : kCodeNames[0];
}

bool
DecodePppCpPacket(const Bytes& info, PppCpPacket& out, std::string& why)
{
    out = PppCpPacket{};
    if (info.size() < 4)
    {
        why = "short-header";
        return false;
    }
    const size_t length = static_cast<size_t>(info[2] << 8 | info[3]);
    if (length < 4)
    {
        why = "length-below-header";
        return false;
    }
    if (length > info.size())
    {
        why = "length-beyond-frame";
        return false;
    }
    out.code = info[0];
    out.id = info[1];
    // §5: "Octets outside the range of the Length field are treated as padding and are ignored".
    out.data.assign(info.begin() + 4, info.begin() + static_cast<std::ptrdiff_t>(length));
    return true;
}

Bytes
EncodePppCpPacket(const PppCpPacket& p)
{
    ByteWriter w;
    w.WriteU8(p.code);
    w.WriteU8(p.id);
    w.WriteU16(static_cast<uint16_t>(std::min<size_t>(p.data.size() + 4, 0xffff)));
    w.WriteBytes(p.data.data(), std::min<size_t>(p.data.size(), 0xffff - 4));
    return w.Take();
}

bool
DecodePppCpOptions(const Bytes& data, std::vector<PppCpOption>& out, std::string& why)
{
    out.clear();
    size_t pos = 0;
    while (pos < data.size())
    {
        if (pos + 2 > data.size())
        {
            why = "option-short";
            return false;
        }
        const size_t len = data[pos + 1];
        if (len < 2)
        {
            why = "option-length-below-2";
            return false;
        }
        if (pos + len > data.size())
        {
            why = "option-beyond-packet";
            return false;
        }
        PppCpOption o;
        o.type = data[pos];
        o.data.assign(data.begin() + static_cast<std::ptrdiff_t>(pos + 2),
                      data.begin() + static_cast<std::ptrdiff_t>(pos + len));
        out.push_back(std::move(o));
        pos += len;
    }
    return true;
}

Bytes
EncodePppCpOptions(const std::vector<PppCpOption>& options)
{
    Bytes out;
    for (const PppCpOption& o : options)
    {
        const size_t n = std::min<size_t>(o.data.size(), 253);
        out.push_back(o.type);
        out.push_back(static_cast<uint8_t>(n + 2));
        out.insert(out.end(), o.data.begin(), o.data.begin() + static_cast<std::ptrdiff_t>(n));
    }
    return out;
}

const PppOptionSpec*
PppOptionTable::Find(uint8_t type) const
{
    for (const PppOptionSpec& r : *this)
    {
        if (r.type == type)
        {
            return &r;
        }
    }
    return nullptr;
}

std::string
PppOptionLabel(const PppOptionTable& table, uint8_t type)
{
    const PppOptionSpec* r = table.Find(type);
    if (r == nullptr)
    {
        return "type " + std::to_string(type);
    }
    return std::string(r->name) + "(" + std::to_string(type) + ")";
}

const char*
ToString(PppCpState s)
{
    return FsmName(s);
}

const char*
ToString(PppCpEvent e)
{
    return FsmName(e);
}

// ---- the RFC 1661 §4.1 state transition table, cell by cell.
//
// Notes quote the cell ("action,action/next-state"). The footnotes: [p] passive option (we take
// plain tlf/3 and wait in Stopped), [r] restart option (we do not restart: the state stays), [x]
// crossed connection (handled by the cell's own actions). Cells marked "-" cannot occur (the lower
// layer is down, so no packet can arrive; no timer runs in the state; Up while already up) and are
// ignored.

#define A(fn, name) &X::fn, name //!< an action and its RFC name
#define NOP nullptr, ""          //!< no action

#define LOWER_DOWN "-: no packet arrives while the lower layer is down (§4.1); ignored"
#define NO_TIMER "-: the Restart timer does not run in this state (§4.6); ignored"
#define ALREADY_UP "-: the lower layer is already Up (§4.1); ignored"
#define ALREADY_DOWN "-: the lower layer is already Down (§4.1); ignored"

// clang-format off
const X::Row X::kTable[] = {
    // 0 Initial
    Rfc("4.1", S::INITIAL, E::UP, NOP, S::CLOSED, "2"),
    Def(S::INITIAL, E::DOWN, NOP, S::INITIAL, ALREADY_DOWN),
    Rfc("4.1", S::INITIAL, E::OPEN, A(ActTls, "tls"), S::STARTING, "tls/1"),
    Rfc("4.1", S::INITIAL, E::CLOSE, NOP, S::INITIAL, "0"),
    Def(S::INITIAL, E::TO_PLUS, NOP, S::INITIAL, NO_TIMER),
    Def(S::INITIAL, E::TO_MINUS, NOP, S::INITIAL, NO_TIMER),
    Def(S::INITIAL, E::RCR_PLUS, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RCR_MINUS, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RCA, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RCN, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RTR, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RTA, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RUC, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RXJ_PLUS, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RXJ_MINUS, NOP, S::INITIAL, LOWER_DOWN),
    Def(S::INITIAL, E::RXR, NOP, S::INITIAL, LOWER_DOWN),
    // 1 Starting
    Rfc("4.1", S::STARTING, E::UP, A(ActIrcScr, "irc,scr"), S::REQ_SENT, "irc,scr/6"),
    Def(S::STARTING, E::DOWN, NOP, S::STARTING, ALREADY_DOWN),
    Rfc("4.1", S::STARTING, E::OPEN, NOP, S::STARTING, "1"),
    Rfc("4.1", S::STARTING, E::CLOSE, A(ActTlf, "tlf"), S::INITIAL, "tlf/0"),
    Def(S::STARTING, E::TO_PLUS, NOP, S::STARTING, NO_TIMER),
    Def(S::STARTING, E::TO_MINUS, NOP, S::STARTING, NO_TIMER),
    Def(S::STARTING, E::RCR_PLUS, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RCR_MINUS, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RCA, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RCN, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RTR, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RTA, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RUC, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RXJ_PLUS, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RXJ_MINUS, NOP, S::STARTING, LOWER_DOWN),
    Def(S::STARTING, E::RXR, NOP, S::STARTING, LOWER_DOWN),
    // 2 Closed
    Def(S::CLOSED, E::UP, NOP, S::CLOSED, ALREADY_UP),
    Rfc("4.1", S::CLOSED, E::DOWN, NOP, S::INITIAL, "0"),
    Rfc("4.1", S::CLOSED, E::OPEN, A(ActIrcScr, "irc,scr"), S::REQ_SENT, "irc,scr/6"),
    Rfc("4.1", S::CLOSED, E::CLOSE, NOP, S::CLOSED, "2"),
    Def(S::CLOSED, E::TO_PLUS, NOP, S::CLOSED, NO_TIMER),
    Def(S::CLOSED, E::TO_MINUS, NOP, S::CLOSED, NO_TIMER),
    Rfc("4.1", S::CLOSED, E::RCR_PLUS, A(ActSta, "sta"), S::CLOSED, "sta/2"),
    Rfc("4.1", S::CLOSED, E::RCR_MINUS, A(ActSta, "sta"), S::CLOSED, "sta/2"),
    Rfc("4.1", S::CLOSED, E::RCA, A(ActSta, "sta"), S::CLOSED, "sta/2"),
    Rfc("4.1", S::CLOSED, E::RCN, A(ActSta, "sta"), S::CLOSED, "sta/2"),
    Rfc("4.1", S::CLOSED, E::RTR, A(ActSta, "sta"), S::CLOSED, "sta/2"),
    Rfc("4.1", S::CLOSED, E::RTA, NOP, S::CLOSED, "2"),
    Rfc("4.1", S::CLOSED, E::RUC, A(ActScj, "scj"), S::CLOSED, "scj/2"),
    Rfc("4.1", S::CLOSED, E::RXJ_PLUS, NOP, S::CLOSED, "2"),
    Rfc("4.1", S::CLOSED, E::RXJ_MINUS, A(ActTlf, "tlf"), S::CLOSED, "tlf/2"),
    Rfc("4.1", S::CLOSED, E::RXR, NOP, S::CLOSED, "2"),
    // 3 Stopped
    Def(S::STOPPED, E::UP, NOP, S::STOPPED, ALREADY_UP),
    Rfc("4.1", S::STOPPED, E::DOWN, A(ActTls, "tls"), S::STARTING, "tls/1"),
    Rfc("4.1", S::STOPPED, E::OPEN, NOP, S::STOPPED, "3r (no restart: stays Stopped)"),
    Rfc("4.1", S::STOPPED, E::CLOSE, NOP, S::CLOSED, "2"),
    Def(S::STOPPED, E::TO_PLUS, NOP, S::STOPPED, NO_TIMER),
    Def(S::STOPPED, E::TO_MINUS, NOP, S::STOPPED, NO_TIMER),
    Rfc("4.1", S::STOPPED, E::RCR_PLUS, A(ActIrcScrSca, "irc,scr,sca"), S::ACK_SENT, "irc,scr,sca/8"),
    Rfc("4.1", S::STOPPED, E::RCR_MINUS, A(ActIrcScrScn, "irc,scr,scn"), S::REQ_SENT, "irc,scr,scn/6"),
    Rfc("4.1", S::STOPPED, E::RCA, A(ActSta, "sta"), S::STOPPED, "sta/3"),
    Rfc("4.1", S::STOPPED, E::RCN, A(ActSta, "sta"), S::STOPPED, "sta/3"),
    Rfc("4.1", S::STOPPED, E::RTR, A(ActSta, "sta"), S::STOPPED, "sta/3"),
    Rfc("4.1", S::STOPPED, E::RTA, NOP, S::STOPPED, "3"),
    Rfc("4.1", S::STOPPED, E::RUC, A(ActScj, "scj"), S::STOPPED, "scj/3"),
    Rfc("4.1", S::STOPPED, E::RXJ_PLUS, NOP, S::STOPPED, "3"),
    Rfc("4.1", S::STOPPED, E::RXJ_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3"),
    Rfc("4.1", S::STOPPED, E::RXR, NOP, S::STOPPED, "3"),
    // 4 Closing
    Def(S::CLOSING, E::UP, NOP, S::CLOSING, ALREADY_UP),
    Rfc("4.1", S::CLOSING, E::DOWN, NOP, S::INITIAL, "0"),
    Rfc("4.1", S::CLOSING, E::OPEN, NOP, S::STOPPING, "5r (no restart)"),
    Rfc("4.1", S::CLOSING, E::CLOSE, NOP, S::CLOSING, "4"),
    Rfc("4.1", S::CLOSING, E::TO_PLUS, A(ActStr, "str"), S::CLOSING, "str/4"),
    Rfc("4.1", S::CLOSING, E::TO_MINUS, A(ActTlf, "tlf"), S::CLOSED, "tlf/2"),
    Rfc("4.1", S::CLOSING, E::RCR_PLUS, NOP, S::CLOSING, "4"),
    Rfc("4.1", S::CLOSING, E::RCR_MINUS, NOP, S::CLOSING, "4"),
    Rfc("4.1", S::CLOSING, E::RCA, NOP, S::CLOSING, "4"),
    Rfc("4.1", S::CLOSING, E::RCN, NOP, S::CLOSING, "4"),
    Rfc("4.1", S::CLOSING, E::RTR, A(ActSta, "sta"), S::CLOSING, "sta/4"),
    Rfc("4.1", S::CLOSING, E::RTA, A(ActTlf, "tlf"), S::CLOSED, "tlf/2"),
    Rfc("4.1", S::CLOSING, E::RUC, A(ActScj, "scj"), S::CLOSING, "scj/4"),
    Rfc("4.1", S::CLOSING, E::RXJ_PLUS, NOP, S::CLOSING, "4"),
    Rfc("4.1", S::CLOSING, E::RXJ_MINUS, A(ActTlf, "tlf"), S::CLOSED, "tlf/2"),
    Rfc("4.1", S::CLOSING, E::RXR, NOP, S::CLOSING, "4"),
    // 5 Stopping
    Def(S::STOPPING, E::UP, NOP, S::STOPPING, ALREADY_UP),
    Rfc("4.1", S::STOPPING, E::DOWN, NOP, S::STARTING, "1"),
    Rfc("4.1", S::STOPPING, E::OPEN, NOP, S::STOPPING, "5r (no restart)"),
    Rfc("4.1", S::STOPPING, E::CLOSE, NOP, S::CLOSING, "4"),
    Rfc("4.1", S::STOPPING, E::TO_PLUS, A(ActStr, "str"), S::STOPPING, "str/5"),
    Rfc("4.1", S::STOPPING, E::TO_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3"),
    Rfc("4.1", S::STOPPING, E::RCR_PLUS, NOP, S::STOPPING, "5"),
    Rfc("4.1", S::STOPPING, E::RCR_MINUS, NOP, S::STOPPING, "5"),
    Rfc("4.1", S::STOPPING, E::RCA, NOP, S::STOPPING, "5"),
    Rfc("4.1", S::STOPPING, E::RCN, NOP, S::STOPPING, "5"),
    Rfc("4.1", S::STOPPING, E::RTR, A(ActSta, "sta"), S::STOPPING, "sta/5"),
    Rfc("4.1", S::STOPPING, E::RTA, A(ActTlf, "tlf"), S::STOPPED, "tlf/3"),
    Rfc("4.1", S::STOPPING, E::RUC, A(ActScj, "scj"), S::STOPPING, "scj/5"),
    Rfc("4.1", S::STOPPING, E::RXJ_PLUS, NOP, S::STOPPING, "5"),
    Rfc("4.1", S::STOPPING, E::RXJ_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3"),
    Rfc("4.1", S::STOPPING, E::RXR, NOP, S::STOPPING, "5"),
    // 6 Req-Sent
    Def(S::REQ_SENT, E::UP, NOP, S::REQ_SENT, ALREADY_UP),
    Rfc("4.1", S::REQ_SENT, E::DOWN, NOP, S::STARTING, "1"),
    Rfc("4.1", S::REQ_SENT, E::OPEN, NOP, S::REQ_SENT, "6"),
    Rfc("4.1", S::REQ_SENT, E::CLOSE, A(ActIrcStr, "irc,str"), S::CLOSING, "irc,str/4"),
    Rfc("4.1", S::REQ_SENT, E::TO_PLUS, A(ActScr, "scr"), S::REQ_SENT, "scr/6"),
    Rfc("4.1", S::REQ_SENT, E::TO_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3p (passive: wait in Stopped)"),
    Rfc("4.1", S::REQ_SENT, E::RCR_PLUS, A(ActSca, "sca"), S::ACK_SENT, "sca/8"),
    Rfc("4.1", S::REQ_SENT, E::RCR_MINUS, A(ActScn, "scn"), S::REQ_SENT, "scn/6"),
    Rfc("4.1", S::REQ_SENT, E::RCA, A(ActIrc, "irc"), S::ACK_RCVD, "irc/7"),
    Rfc("4.1", S::REQ_SENT, E::RCN, A(ActIrcScr, "irc,scr"), S::REQ_SENT, "irc,scr/6"),
    Rfc("4.1", S::REQ_SENT, E::RTR, A(ActSta, "sta"), S::REQ_SENT, "sta/6"),
    Rfc("4.1", S::REQ_SENT, E::RTA, NOP, S::REQ_SENT, "6"),
    Rfc("4.1", S::REQ_SENT, E::RUC, A(ActScj, "scj"), S::REQ_SENT, "scj/6"),
    Rfc("4.1", S::REQ_SENT, E::RXJ_PLUS, NOP, S::REQ_SENT, "6"),
    Rfc("4.1", S::REQ_SENT, E::RXJ_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3"),
    Rfc("4.1", S::REQ_SENT, E::RXR, NOP, S::REQ_SENT, "6"),
    // 7 Ack-Rcvd
    Def(S::ACK_RCVD, E::UP, NOP, S::ACK_RCVD, ALREADY_UP),
    Rfc("4.1", S::ACK_RCVD, E::DOWN, NOP, S::STARTING, "1"),
    Rfc("4.1", S::ACK_RCVD, E::OPEN, NOP, S::ACK_RCVD, "7"),
    Rfc("4.1", S::ACK_RCVD, E::CLOSE, A(ActIrcStr, "irc,str"), S::CLOSING, "irc,str/4"),
    Rfc("4.1", S::ACK_RCVD, E::TO_PLUS, A(ActScr, "scr"), S::REQ_SENT, "scr/6"),
    Rfc("4.1", S::ACK_RCVD, E::TO_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3p (passive: wait in Stopped)"),
    Rfc("4.1", S::ACK_RCVD, E::RCR_PLUS, A(ActScaTlu, "sca,tlu"), S::OPENED, "sca,tlu/9"),
    Rfc("4.1", S::ACK_RCVD, E::RCR_MINUS, A(ActScn, "scn"), S::ACK_RCVD, "scn/7"),
    Rfc("4.1", S::ACK_RCVD, E::RCA, A(ActScr, "scr"), S::REQ_SENT, "scr/6x (crossed connection)"),
    Rfc("4.1", S::ACK_RCVD, E::RCN, A(ActScr, "scr"), S::REQ_SENT, "scr/6x (crossed connection)"),
    Rfc("4.1", S::ACK_RCVD, E::RTR, A(ActSta, "sta"), S::REQ_SENT, "sta/6"),
    Rfc("4.1", S::ACK_RCVD, E::RTA, NOP, S::REQ_SENT, "6"),
    Rfc("4.1", S::ACK_RCVD, E::RUC, A(ActScj, "scj"), S::ACK_RCVD, "scj/7"),
    Rfc("4.1", S::ACK_RCVD, E::RXJ_PLUS, NOP, S::ACK_RCVD, "7"),
    Rfc("4.1", S::ACK_RCVD, E::RXJ_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3"),
    Rfc("4.1", S::ACK_RCVD, E::RXR, NOP, S::ACK_RCVD, "7"),
    // 8 Ack-Sent
    Def(S::ACK_SENT, E::UP, NOP, S::ACK_SENT, ALREADY_UP),
    Rfc("4.1", S::ACK_SENT, E::DOWN, NOP, S::STARTING, "1"),
    Rfc("4.1", S::ACK_SENT, E::OPEN, NOP, S::ACK_SENT, "8"),
    Rfc("4.1", S::ACK_SENT, E::CLOSE, A(ActIrcStr, "irc,str"), S::CLOSING, "irc,str/4"),
    Rfc("4.1", S::ACK_SENT, E::TO_PLUS, A(ActScr, "scr"), S::ACK_SENT, "scr/8"),
    Rfc("4.1", S::ACK_SENT, E::TO_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3p (passive: wait in Stopped)"),
    Rfc("4.1", S::ACK_SENT, E::RCR_PLUS, A(ActSca, "sca"), S::ACK_SENT, "sca/8"),
    Rfc("4.1", S::ACK_SENT, E::RCR_MINUS, A(ActScn, "scn"), S::REQ_SENT, "scn/6"),
    Rfc("4.1", S::ACK_SENT, E::RCA, A(ActIrcTlu, "irc,tlu"), S::OPENED, "irc,tlu/9"),
    Rfc("4.1", S::ACK_SENT, E::RCN, A(ActIrcScr, "irc,scr"), S::ACK_SENT, "irc,scr/8"),
    Rfc("4.1", S::ACK_SENT, E::RTR, A(ActSta, "sta"), S::REQ_SENT, "sta/6"),
    Rfc("4.1", S::ACK_SENT, E::RTA, NOP, S::ACK_SENT, "8"),
    Rfc("4.1", S::ACK_SENT, E::RUC, A(ActScj, "scj"), S::ACK_SENT, "scj/8"),
    Rfc("4.1", S::ACK_SENT, E::RXJ_PLUS, NOP, S::ACK_SENT, "8"),
    Rfc("4.1", S::ACK_SENT, E::RXJ_MINUS, A(ActTlf, "tlf"), S::STOPPED, "tlf/3"),
    Rfc("4.1", S::ACK_SENT, E::RXR, NOP, S::ACK_SENT, "8"),
    // 9 Opened
    Def(S::OPENED, E::UP, NOP, S::OPENED, ALREADY_UP),
    Rfc("4.1", S::OPENED, E::DOWN, A(ActTld, "tld"), S::STARTING, "tld/1"),
    Rfc("4.1", S::OPENED, E::OPEN, NOP, S::OPENED, "9r (no restart)"),
    Rfc("4.1", S::OPENED, E::CLOSE, A(ActTldIrcStr, "tld,irc,str"), S::CLOSING, "tld,irc,str/4"),
    Def(S::OPENED, E::TO_PLUS, NOP, S::OPENED, NO_TIMER),
    Def(S::OPENED, E::TO_MINUS, NOP, S::OPENED, NO_TIMER),
    Rfc("4.1", S::OPENED, E::RCR_PLUS, A(ActTldScrSca, "tld,scr,sca"), S::ACK_SENT, "tld,scr,sca/8"),
    Rfc("4.1", S::OPENED, E::RCR_MINUS, A(ActTldScrScn, "tld,scr,scn"), S::REQ_SENT, "tld,scr,scn/6"),
    Rfc("4.1", S::OPENED, E::RCA, A(ActTldScr, "tld,scr"), S::REQ_SENT, "tld,scr/6x (crossed connection)"),
    Rfc("4.1", S::OPENED, E::RCN, A(ActTldScr, "tld,scr"), S::REQ_SENT, "tld,scr/6x (crossed connection)"),
    Rfc("4.1", S::OPENED, E::RTR, A(ActTldZrcSta, "tld,zrc,sta"), S::STOPPING, "tld,zrc,sta/5"),
    Rfc("4.1", S::OPENED, E::RTA, A(ActTldScr, "tld,scr"), S::REQ_SENT, "tld,scr/6"),
    Rfc("4.1", S::OPENED, E::RUC, A(ActScj, "scj"), S::OPENED, "scj/9"),
    Rfc("4.1", S::OPENED, E::RXJ_PLUS, NOP, S::OPENED, "9"),
    Rfc("4.1", S::OPENED, E::RXJ_MINUS, A(ActTldIrcStr, "tld,irc,str"), S::STOPPING, "tld,irc,str/5"),
    Rfc("4.1", S::OPENED, E::RXR, A(ActSer, "ser"), S::OPENED, "ser/9"),
};
// clang-format on

#undef A
#undef NOP

X::Table
PppControlProtocol::GetTable()
{
    return MakeFsmTable(kTable);
}

// ---- the instance

PppControlProtocol::PppControlProtocol(uint16_t protocol,
                                       const PppCpTimers& timers,
                                       Owner& owner,
                                       PppCpNegotiator& negotiator,
                                       bool lcpCodes)
    : m_protocol(protocol)
    , m_name(LowerName(protocol))
    , m_timers(timers)
    , m_owner(owner)
    , m_negotiator(negotiator)
    , m_lcpCodes(lcpCodes)
    , m_fsm(this, MakeFsmTable(kTable), S::INITIAL)
{
    m_fsm.SetObserver(
        [this](S from, const PppCpInput& in, S to, bool handled)
        {
            if (!handled)
            {
                Emit("fsm-miss", std::string(ToString(from)) + " " + ToString(in.event), in.now);
            }
            else if (from != to)
            {
                Emit("state",
                     std::string(ToString(from)) + " -" + ToString(in.event) + "-> " + ToString(to),
                     in.now);
            }
        });
}

void
PppControlProtocol::Fire(PppCpInput in)
{
    m_fsm.Handle(in);
    if (!TimerRuns(m_fsm.GetState()))
    {
        m_deadline = kNever; // §4.6: the timer only runs in Closing, Stopping, Req-Sent, Ack-*
    }
}

void
PppControlProtocol::Up(TimeNs now)
{
    if (State() == S::STARTING)
    {
        m_negotiator.NegotiationReset();
        m_failures = 0;
        m_failureReported = false;
    }
    Fire(PppCpInput{E::UP, now});
}

void
PppControlProtocol::Down(TimeNs now)
{
    Fire(PppCpInput{E::DOWN, now});
}

void
PppControlProtocol::Open(TimeNs now)
{
    if (State() == S::INITIAL || State() == S::CLOSED)
    {
        m_negotiator.NegotiationReset();
        m_failures = 0;
        m_failureReported = false;
    }
    Fire(PppCpInput{E::OPEN, now});
}

void
PppControlProtocol::Close(TimeNs now)
{
    Fire(PppCpInput{E::CLOSE, now});
}

void
PppControlProtocol::RejectedByPeer(TimeNs now)
{
    Count("protocol-rejected-by-peer");
    Fire(PppCpInput{E::RXJ_MINUS, now});
}

TimeNs
PppControlProtocol::NextDeadline() const
{
    return m_deadline;
}

void
PppControlProtocol::OnTimer(TimeNs now)
{
    if (m_deadline == kNever || now < m_deadline)
    {
        return;
    }
    m_deadline = kNever;
    Count("timeout");
    Fire(PppCpInput{m_restart > 0 ? E::TO_PLUS : E::TO_MINUS, now});
}

PppCpState
PppControlProtocol::State() const
{
    return m_fsm.GetState();
}

uint16_t
PppControlProtocol::Protocol() const
{
    return m_protocol;
}

const std::string&
PppControlProtocol::Name() const
{
    return m_name;
}

std::map<std::string, uint64_t>
PppControlProtocol::Counters() const
{
    return m_counters.All();
}

uint64_t
PppControlProtocol::Counter(const std::string& name) const
{
    return m_counters.Get(name);
}

uint32_t
PppControlProtocol::RestartCounter() const
{
    return m_restart;
}

uint8_t
PppControlProtocol::LastRequestId() const
{
    return m_lastRequestId;
}

void
PppControlProtocol::Count(const std::string& name)
{
    m_counters.Add(m_name + "/" + name);
}

void
PppControlProtocol::Emit(const std::string& kind, const std::string& detail, TimeNs now)
{
    m_owner.CpEvent(kind, detail, now);
}

PppControlProtocol::Owner&
PppControlProtocol::GetOwner()
{
    return m_owner;
}

uint8_t
PppControlProtocol::NextId()
{
    return ++m_nextId;
}

void
PppControlProtocol::SendPacket(uint8_t code, uint8_t id, const Bytes& data, TimeNs now)
{
    const char* extra = !m_lcpCodes && code > kPppCodeReject ? ExtraCodeName(code) : nullptr;
    Count(std::string("tx/") + (extra ? extra : PppCpCodeName(code)));
    m_owner.CpSend(m_protocol, EncodePppCpPacket(PppCpPacket{code, id, data}), now);
}

void
PppControlProtocol::Drop(const std::string& reason, TimeNs now)
{
    Count("drop/" + reason);
    Emit("drop", reason, now);
}

// ---- receive: classify a packet into an event (§4.3, §5)

void
PppControlProtocol::Input(const Bytes& info, TimeNs now)
{
    PppCpPacket p;
    std::string why;
    if (!DecodePppCpPacket(info, p, why))
    {
        Drop("malformed/" + why, now);
        return;
    }
    const char* extra = m_lcpCodes || p.code <= kPppCodeReject ? nullptr : ExtraCodeName(p.code);
    Count(std::string("rx/") +
          (extra ? extra : PppCpCodeName(m_lcpCodes || p.code <= kPppCodeReject ? p.code : 0)));
    switch (p.code)
    {
    case kPppConfigureRequest:
        ReceiveConfigureRequest(p, now);
        return;
    case kPppConfigureAck:
        ReceiveConfigureAck(p, now);
        return;
    case kPppConfigureNak:
    case kPppConfigureReject:
        ReceiveConfigureNakOrReject(p, now);
        return;
    case kPppTerminateRequest:
        Fire(PppCpInput{E::RTR, now, &p});
        return;
    case kPppTerminateAck:
        Fire(PppCpInput{E::RTA, now, &p});
        return;
    case kPppCodeReject:
        ReceiveCodeReject(p, now);
        return;
    default:
        break;
    }
    if (m_lcpCodes && p.code == kPppProtocolReject)
    {
        ReceiveProtocolReject(p, now);
    }
    else if (m_lcpCodes && p.code >= kPppEchoRequest && p.code <= kPppDiscardRequest)
    {
        Fire(PppCpInput{E::RXR, now, &p});
    }
    else if (!m_lcpCodes && ReceiveExtraCode(p, now))
    {
        return;
    }
    else
    {
        Emit("unknown-code", std::to_string(p.code), now);
        Fire(PppCpInput{E::RUC, now, &p});
    }
}

void
PppControlProtocol::ReceiveConfigureRequest(const PppCpPacket& p, TimeNs now)
{
    std::vector<PppCpOption> options;
    std::string why;
    if (!DecodePppCpOptions(p.data, options, why))
    {
        Drop("malformed/" + why, now);
        return;
    }
    const PppOptionTable table = m_negotiator.OptionTable();
    std::vector<PppCpOption> naks;
    std::vector<PppCpOption> rejects;
    std::vector<PppCpOption> nakedOriginals;
    for (const PppCpOption& o : options)
    {
        const PppOptionSpec* spec = table.Find(o.type);
        const size_t len = o.data.size() + 2;
        if (spec == nullptr || spec->support == PppOptionSupport::REJECTED ||
            len < spec->minLength || len > spec->maxLength)
        {
            rejects.push_back(o); // §5.4: unrecognizable or not acceptable for negotiation
            continue;
        }
        PppCpOption nak{o.type, {}};
        switch (m_negotiator.CheckPeerOption(o, nak.data, now))
        {
        case PppOptionVerdict::ACK:
            break;
        case PppOptionVerdict::NAK:
            naks.push_back(nak);
            nakedOriginals.push_back(o);
            break;
        case PppOptionVerdict::REJECT:
            rejects.push_back(o);
            break;
        }
    }
    if (rejects.empty())
    {
        m_negotiator.AddMissingNaks(options, naks);
    }
    // §4.6 Max-Failure: after this many Naks without an Ack, Reject what we would Nak.
    if (rejects.empty() && !naks.empty() && m_failures >= m_timers.maxFailure)
    {
        Count("max-failure");
        rejects = nakedOriginals;
        naks.clear();
    }
    PppCpInput in{E::RCR_PLUS, now, &p};
    if (!rejects.empty())
    {
        in.event = E::RCR_MINUS;
        in.replyCode = kPppConfigureReject;
        in.reply = EncodePppCpOptions(rejects); // §5.4 Reject takes precedence over Nak
    }
    else if (!naks.empty())
    {
        in.event = E::RCR_MINUS;
        in.replyCode = kPppConfigureNak;
        in.reply = EncodePppCpOptions(naks);
    }
    else
    {
        m_negotiator.PeerRequestAcked(options);
    }
    Fire(in);
    CheckNegotiationFailure(now);
}

void
PppControlProtocol::ReceiveConfigureAck(const PppCpPacket& p, TimeNs now)
{
    // §5.2: the Identifier must match the last Configure-Request, and the options must match it
    // exactly; otherwise the packet is invalid and silently discarded.
    if (!m_requestSent || p.id != m_lastRequestId)
    {
        Drop("bad-id", now);
        return;
    }
    if (p.data != m_lastRequestData)
    {
        Drop("ack-mismatch", now);
        return;
    }
    m_negotiator.OurRequestAcked(LastRequest());
    Fire(PppCpInput{E::RCA, now, &p});
}

bool
PppControlProtocol::ValidReject(const std::vector<PppCpOption>& rejected) const
{
    // §5.4: the rejected options are a subset of our request, in order, unmodified.
    const std::vector<PppCpOption> request = LastRequest();
    size_t at = 0;
    for (const PppCpOption& o : rejected)
    {
        while (at < request.size() && !(request[at] == o))
        {
            ++at;
        }
        if (at == request.size())
        {
            return false;
        }
        ++at;
    }
    return true;
}

void
PppControlProtocol::ReceiveConfigureNakOrReject(const PppCpPacket& p, TimeNs now)
{
    if (!m_requestSent || p.id != m_lastRequestId)
    {
        Drop("bad-id", now); // §5.3, §5.4
        return;
    }
    std::vector<PppCpOption> options;
    std::string why;
    if (!DecodePppCpOptions(p.data, options, why))
    {
        Drop("malformed/" + why, now);
        return;
    }
    if (p.code == kPppConfigureReject)
    {
        if (!ValidReject(options))
        {
            Drop("reject-mismatch", now);
            return;
        }
        for (const PppCpOption& o : options)
        {
            m_negotiator.OurOptionRejected(o, now);
        }
    }
    else
    {
        for (const PppCpOption& o : options)
        {
            m_negotiator.OurOptionNaked(o, now);
        }
    }
    Fire(PppCpInput{E::RCN, now, &p});
    CheckNegotiationFailure(now);
}

void
PppControlProtocol::CheckNegotiationFailure(TimeNs now)
{
    const std::string failure = m_negotiator.NegotiationFailure();
    if (failure.empty() || m_failureReported)
    {
        return;
    }
    m_failureReported = true;
    Count(failure);
    Emit(failure, "", now);
    if (State() != S::CLOSING && State() != S::CLOSED && State() != S::INITIAL)
    {
        Close(now);
    }
}

void
PppControlProtocol::ReceiveCodeReject(const PppCpPacket& p, TimeNs now)
{
    if (p.data.empty())
    {
        Drop("malformed/code-reject-empty", now);
        return;
    }
    // §5.6/§4.3 RXJ: a rejected code this protocol cannot work without (1-7) is catastrophic; the
    // LCP extension codes (8-11) are permitted to be rejected.
    const uint8_t rejected = p.data[0];
    const bool catastrophic = rejected >= kPppConfigureRequest && rejected <= kPppCodeReject;
    Emit("code-rejected", std::string(PppCpCodeName(rejected)), now);
    Fire(PppCpInput{catastrophic ? E::RXJ_MINUS : E::RXJ_PLUS, now, &p});
}

void
PppControlProtocol::ReceiveProtocolReject(const PppCpPacket& p, TimeNs now)
{
    if (p.data.size() < 2)
    {
        Drop("malformed/protocol-reject-short", now);
        return;
    }
    // §5.7: received in any state but Opened: silently discarded.
    if (State() != S::OPENED)
    {
        Drop("protocol-reject-not-opened", now);
        return;
    }
    const uint16_t rejected = static_cast<uint16_t>(p.data[0] << 8 | p.data[1]);
    Emit("protocol-rejected", PppProtocolName(rejected), now);
    if (rejected == kPppLcp)
    {
        Fire(PppCpInput{E::RXJ_MINUS, now, &p}); // LCP itself rejected: the link cannot work
        return;
    }
    m_owner.CpProtocolRejected(rejected, now);
    Fire(PppCpInput{E::RXJ_PLUS, now, &p});
}

// ---- primitives (§4.4)

void
PppControlProtocol::Tlu(TimeNs now)
{
    m_owner.CpThisLayerUp(m_protocol, now);
}

void
PppControlProtocol::Tld(TimeNs now)
{
    m_owner.CpThisLayerDown(m_protocol, now);
}

void
PppControlProtocol::Tls(TimeNs now)
{
    m_owner.CpThisLayerStarted(m_protocol, now);
}

void
PppControlProtocol::Tlf(TimeNs now)
{
    m_owner.CpThisLayerFinished(m_protocol, now);
}

void
PppControlProtocol::IrcConfigure()
{
    m_restart = m_timers.maxConfigure;
}

void
PppControlProtocol::IrcTerminate()
{
    m_restart = m_timers.maxTerminate;
}

void
PppControlProtocol::Zrc(TimeNs now)
{
    m_restart = 0;
    m_deadline = now + m_timers.restart;
}

std::vector<PppCpOption>
PppControlProtocol::LastRequest() const
{
    std::vector<PppCpOption> options;
    std::string why;
    DecodePppCpOptions(m_lastRequestData, options, why); // we encoded it: it decodes
    return options;
}

void
PppControlProtocol::Scr(TimeNs now)
{
    m_lastRequestData = EncodePppCpOptions(m_negotiator.BuildRequest());
    m_lastRequestId = NextId();
    m_requestSent = true;
    if (m_restart > 0)
    {
        --m_restart;
    }
    m_deadline = now + m_timers.restart;
    SendPacket(kPppConfigureRequest, m_lastRequestId, m_lastRequestData, now);
}

void
PppControlProtocol::Sca(const PppCpInput& in)
{
    m_failures = 0;
    SendPacket(kPppConfigureAck, in.msg ? in.msg->id : 0, in.msg ? in.msg->data : Bytes{}, in.now);
}

void
PppControlProtocol::Scn(const PppCpInput& in)
{
    if (in.replyCode == kPppConfigureNak)
    {
        ++m_failures;
    }
    SendPacket(in.replyCode, in.msg ? in.msg->id : 0, in.reply, in.now);
}

void
PppControlProtocol::Str(TimeNs now)
{
    if (m_restart > 0)
    {
        --m_restart;
    }
    m_deadline = now + m_timers.restart;
    SendPacket(kPppTerminateRequest, NextId(), {}, now);
}

void
PppControlProtocol::Sta(const PppCpInput& in)
{
    SendPacket(kPppTerminateAck, in.msg ? in.msg->id : NextId(), {}, in.now);
}

void
PppControlProtocol::Scj(const PppCpInput& in)
{
    if (in.msg == nullptr)
    {
        return;
    }
    // §5.6: the Rejected-Packet field holds the packet as received (from the Code field).
    SendPacket(kPppCodeReject, NextId(), EncodePppCpPacket(*in.msg), in.now);
}

// ---- table actions

void
PppControlProtocol::ActTls(const PppCpInput& in)
{
    Tls(in.now);
}

void
PppControlProtocol::ActTlf(const PppCpInput& in)
{
    Tlf(in.now);
}

void
PppControlProtocol::ActTld(const PppCpInput& in)
{
    Tld(in.now);
}

void
PppControlProtocol::ActIrc(const PppCpInput& /*in*/)
{
    IrcConfigure();
}

void
PppControlProtocol::ActIrcScr(const PppCpInput& in)
{
    IrcConfigure();
    Scr(in.now);
}

void
PppControlProtocol::ActIrcScrSca(const PppCpInput& in)
{
    IrcConfigure();
    Scr(in.now);
    Sca(in);
}

void
PppControlProtocol::ActIrcScrScn(const PppCpInput& in)
{
    IrcConfigure();
    Scr(in.now);
    Scn(in);
}

void
PppControlProtocol::ActIrcStr(const PppCpInput& in)
{
    IrcTerminate();
    Str(in.now);
}

void
PppControlProtocol::ActIrcTlu(const PppCpInput& in)
{
    IrcConfigure();
    Tlu(in.now);
}

void
PppControlProtocol::ActScr(const PppCpInput& in)
{
    Scr(in.now);
}

void
PppControlProtocol::ActSca(const PppCpInput& in)
{
    Sca(in);
}

void
PppControlProtocol::ActScaTlu(const PppCpInput& in)
{
    Sca(in);
    Tlu(in.now);
}

void
PppControlProtocol::ActScn(const PppCpInput& in)
{
    Scn(in);
}

void
PppControlProtocol::ActStr(const PppCpInput& in)
{
    Str(in.now);
}

void
PppControlProtocol::ActSta(const PppCpInput& in)
{
    Sta(in);
}

void
PppControlProtocol::ActScj(const PppCpInput& in)
{
    Scj(in);
}

void
PppControlProtocol::ActSer(const PppCpInput& in)
{
    if (in.msg != nullptr)
    {
        OnReceiveEchoOrDiscard(*in.msg, in.now);
    }
}

void
PppControlProtocol::ActTldScr(const PppCpInput& in)
{
    Tld(in.now);
    Scr(in.now);
}

void
PppControlProtocol::ActTldScrSca(const PppCpInput& in)
{
    Tld(in.now);
    Scr(in.now);
    Sca(in);
}

void
PppControlProtocol::ActTldScrScn(const PppCpInput& in)
{
    Tld(in.now);
    Scr(in.now);
    Scn(in);
}

void
PppControlProtocol::ActTldZrcSta(const PppCpInput& in)
{
    Tld(in.now);
    Zrc(in.now);
    Sta(in);
}

void
PppControlProtocol::ActTldIrcStr(const PppCpInput& in)
{
    Tld(in.now);
    IrcTerminate();
    Str(in.now);
}

} // namespace ns3
