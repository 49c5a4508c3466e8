#include "model/ppp/ppp-lcp.h"

#include "model/ppp/ppp-frame.h"

#include <algorithm>

namespace ns3
{

namespace
{

using N = PppOptionSupport;

// clang-format off
constexpr PppOptionSpec kLcpOptions[] = {
    {kLcpMru, "Maximum-Receive-Unit", 4, 4, N::NEGOTIATED, "RFC 1661 §6.1",
     "Nak'd with max-mtu (maxPeerMru) when above it; sent when max-mru is not 1500"},
    {kLcpAccm, "Async-Control-Character-Map", 6, 6, N::NEGOTIATED, "RFC 1662 §7.1",
     "Acked and ignored (no async framing in the simulator); sent when configured"},
    {kLcpAuthProtocol, "Authentication-Protocol", 4, 255, N::NEGOTIATED, "RFC 1661 §6.2",
     "peer: Acked if in authAccept, else Nak'd with our preferred one, Rejected if none"},
    {kLcpQualityProtocol, "Quality-Protocol", 4, 255, N::REJECTED, "RFC 1661 §6.3",
     "Link Quality Monitoring (RFC 1989) is not modelled"},
    {kLcpMagicNumber, "Magic-Number", 6, 6, N::NEGOTIATED, "RFC 1661 §6.4",
     "loop detection: our own value or zero is Nak'd with a new one"},
    {kLcpPfc, "Protocol-Field-Compression", 2, 2, N::NEGOTIATED, "RFC 1661 §6.5", "Acked"},
    {kLcpAcfc, "Address-and-Control-Field-Compression", 2, 2, N::NEGOTIATED, "RFC 1661 §6.6",
     "Acked"},
    {kLcpCallback, "Callback", 3, 255, N::REJECTED, "RFC 1570 §2.3", "callback is not modelled"},
    {kLcpMrru, "Multilink-MRRU", 4, 4, N::NEGOTIATED, "RFC 1990 §5.1.1",
     "Acked when our mrru is set (multilink enabled), else Rejected; sent only with mrru"},
    {kLcpShortSequence, "Multilink-Short-Sequence-Number-Header-Format", 2, 2, N::NEGOTIATED,
     "RFC 1990 §5.1.2", "Acked when our mrru is set (we then send 12-bit sequence numbers), "
     "else Rejected; sent only when configured (RouterOS never asks)"},
    {kLcpEndpointDiscriminator, "Endpoint-Discriminator", 3, 23, N::NEGOTIATED,
     "RFC 1990 §5.1.3", "Acked and recorded when class and length agree (§5.1.3), else "
     "Rejected; sent with mrru"},
};
// clang-format on

uint32_t
ReadU32(const Bytes& b)
{
    return b.size() < 4 ? 0
                        : static_cast<uint32_t>(b[0]) << 24 | static_cast<uint32_t>(b[1]) << 16 |
                              static_cast<uint32_t>(b[2]) << 8 | b[3];
}

uint16_t
ReadU16(const Bytes& b)
{
    return b.size() < 2 ? 0 : static_cast<uint16_t>(b[0] << 8 | b[1]);
}

Bytes
U32(uint32_t v)
{
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

Bytes
U16(uint16_t v)
{
    return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

/** \brief Position of m in v, or v.size(). */
size_t
IndexOf(const std::vector<PppAuthMethod>& v, PppAuthMethod m)
{
    return static_cast<size_t>(std::find(v.begin(), v.end(), m) - v.begin());
}

} // namespace

bool
ValidEndpointDiscriminator(const Bytes& data)
{
    if (data.empty())
    {
        return false;
    }
    const size_t len = data.size() - 1;
    switch (data[0])
    {
    case 0:
        return len == 0; // Null Class
    case 1:
    case 4:
        return len <= 20; // Locally Assigned Address, PPP Magic-Number Block
    case 2:
        return len == 4; // Internet Protocol (IP) Address
    case 3:
        return len == 6; // IEEE 802.1 Globally Assigned MAC Address
    case 5:
        return len <= 15; // Public Switched Network Directory Number
    default:
        return false;
    }
}

PppOptionTable
LcpOptionTable()
{
    return MakePppOptionTable(kLcpOptions);
}

PppLcp::PppLcp(const PppLcpConfig& cfg, PppControlProtocol::Owner& owner)
    : PppLcp(std::make_shared<const PppLcpConfig>(cfg), cfg.magicSeed, owner)
{
}

PppLcp::PppLcp(std::shared_ptr<const PppLcpConfig> cfg,
               uint64_t magicSeed,
               PppControlProtocol::Owner& owner)
    : PppControlProtocol(kPppLcp, cfg->timers, owner, *this, true)
    , m_shared(std::move(cfg))
    , m_cfg(*m_shared)
    , m_random(magicSeed)
{
    m_magic = NewMagic(0);
    NegotiationReset();
}

const PppLcpResult&
PppLcp::Result() const
{
    return m_result;
}

uint32_t
PppLcp::CurrentMagic() const
{
    return m_magic;
}

uint32_t
PppLcp::NewMagic(uint32_t avoid)
{
    uint32_t m = 0;
    while (m == 0 || m == avoid || m == m_magic)
    {
        m = m_random.NextU32(); // §6.4: zero is not a valid Magic-Number
    }
    return m;
}

PppOptionTable
PppLcp::OptionTable() const
{
    return LcpOptionTable();
}

void
PppLcp::NegotiationReset()
{
    m_sendMru = m_cfg.mru != 1500; // §6.1: the default need not be sent
    m_mru = m_cfg.mru;
    m_sendAccm = m_cfg.accm != 0;
    m_accm = m_cfg.accm;
    m_authIndex = 0;
    m_authFailed = false;
    m_sendMagic = true;
    m_sendPfc = m_cfg.pfc;
    m_sendAcfc = m_cfg.acfc;
    m_sendMrru = m_cfg.mrru != 0;
    m_mrru = m_cfg.mrru;
    m_sendShortSeq = m_cfg.mrru != 0 && m_cfg.shortSequence;
    m_sendEd = !m_cfg.endpointDiscriminator.empty();
    m_lastNakMagic = 0;
    m_loopSuspicions = 0;
    m_looped = false;
    m_result = PppLcpResult{};
}

std::vector<PppCpOption>
PppLcp::BuildRequest()
{
    std::vector<PppCpOption> o;
    // Authentication-Protocol first, then MRU and Magic-Number: a real RouterOS LNS's
    // Configure-Request (RFC 1661 §6 leaves the order to the sender).
    if (!m_authFailed && m_authIndex < m_cfg.authRequire.size())
    {
        o.push_back({kLcpAuthProtocol, PppAuthOptionData(m_cfg.authRequire[m_authIndex])});
    }
    if (m_sendMru)
    {
        o.push_back({kLcpMru, U16(m_mru)});
    }
    if (m_sendAccm)
    {
        o.push_back({kLcpAccm, U32(m_accm)});
    }
    if (m_sendMagic)
    {
        o.push_back({kLcpMagicNumber, U32(m_magic)});
    }
    if (m_sendPfc)
    {
        o.push_back({kLcpPfc, {}});
    }
    if (m_sendAcfc)
    {
        o.push_back({kLcpAcfc, {}});
    }
    if (m_sendMrru)
    {
        o.push_back({kLcpMrru, U16(m_mrru)});
    }
    if (m_sendShortSeq && m_sendMrru)
    {
        o.push_back({kLcpShortSequence, {}});
    }
    if (m_sendEd)
    {
        o.push_back({kLcpEndpointDiscriminator, m_cfg.endpointDiscriminator});
    }
    return o;
}

PppOptionVerdict
PppLcp::CheckPeerMagic(uint32_t magic, Bytes& nakData)
{
    // §6.4: zero MUST be Nak'd; our own value may mean a looped-back link: Nak with another value.
    if (magic != 0 && !(m_sendMagic && magic == m_magic))
    {
        m_loopSuspicions = 0;
        return PppOptionVerdict::ACK;
    }
    if (magic != 0)
    {
        ++m_loopSuspicions;
        Count("magic/own-value-received");
        // §6.4: repeated requests with our own (fresh) Magic-Number: the link is looped back.
        m_looped = m_looped || m_loopSuspicions >= 2;
    }
    m_lastNakMagic = NewMagic(magic);
    nakData = U32(m_lastNakMagic);
    return PppOptionVerdict::NAK;
}

PppOptionVerdict
PppLcp::CheckPeerAuth(const Bytes& data, Bytes& nakData) const
{
    if (m_cfg.authAccept.empty())
    {
        return PppOptionVerdict::REJECT; // we agree to no method
    }
    PppAuthMethod m;
    if (DecodePppAuthOption(data, m) && IndexOf(m_cfg.authAccept, m) < m_cfg.authAccept.size())
    {
        return PppOptionVerdict::ACK;
    }
    nakData = PppAuthOptionData(m_cfg.authAccept.front()); // §6.2: Nak with our preferred method
    return PppOptionVerdict::NAK;
}

PppOptionVerdict
PppLcp::CheckPeerOption(const PppCpOption& o, Bytes& nakData, TimeNs /*now*/)
{
    switch (o.type)
    {
    case kLcpMru:
        if (ReadU16(o.data) > m_cfg.maxPeerMru)
        {
            nakData = U16(m_cfg.maxPeerMru);
            return PppOptionVerdict::NAK;
        }
        return PppOptionVerdict::ACK;
    case kLcpAuthProtocol:
        return CheckPeerAuth(o.data, nakData);
    case kLcpMagicNumber:
        return CheckPeerMagic(ReadU32(o.data), nakData);
    case kLcpMrru:
    case kLcpShortSequence:
        // RFC 1990 §5.1.1: a system without multilink Rejects the MRRU (and §5.1.2 the short
        // format); the ackMrruWithoutMp lab peer Acks it all the same.
        return m_cfg.mrru != 0 || m_cfg.ackMrruWithoutMp ? PppOptionVerdict::ACK
                                                         : PppOptionVerdict::REJECT;
    case kLcpEndpointDiscriminator:
        if (!ValidEndpointDiscriminator(o.data))
        {
            Count("endpoint-discriminator/invalid");
            return PppOptionVerdict::REJECT;
        }
        return PppOptionVerdict::ACK;
    case kLcpAccm:
        return m_cfg.rejectAccm ? PppOptionVerdict::REJECT : PppOptionVerdict::ACK;
    default:
        return PppOptionVerdict::ACK; // PFC, ACFC
    }
}

void
PppLcp::PeerRequestAcked(const std::vector<PppCpOption>& request)
{
    PppLcpResult& r = m_result;
    r.peerMru = 1500;
    r.authByPeer = PppAuthMethod::NONE;
    r.txPfc = r.txAcfc = false;
    r.peerMagic = 0;
    r.peerMrru = 0;
    r.txShortSequence = false;
    r.peerEndpointDiscriminator.clear();
    for (const PppCpOption& o : request)
    {
        switch (o.type)
        {
        case kLcpMru:
            r.peerMru = ReadU16(o.data);
            break;
        case kLcpAuthProtocol:
            (void)DecodePppAuthOption(o.data, r.authByPeer);
            break;
        case kLcpMagicNumber:
            r.peerMagic = ReadU32(o.data);
            break;
        case kLcpPfc:
            r.txPfc = true;
            break;
        case kLcpAcfc:
            r.txAcfc = true;
            break;
        case kLcpMrru:
            r.peerMrru = ReadU16(o.data);
            break;
        case kLcpShortSequence:
            r.txShortSequence = true;
            break;
        case kLcpEndpointDiscriminator:
            r.peerEndpointDiscriminator = o.data;
            break;
        default:
            break;
        }
    }
}

void
PppLcp::OurRequestAcked(const std::vector<PppCpOption>& request)
{
    PppLcpResult& r = m_result;
    r.ourMru = 1500;
    r.authByUs = PppAuthMethod::NONE;
    r.rxPfc = r.rxAcfc = false;
    r.ourMagic = 0;
    r.ourMrru = 0;
    r.rxShortSequence = false;
    for (const PppCpOption& o : request)
    {
        switch (o.type)
        {
        case kLcpMru:
            r.ourMru = ReadU16(o.data);
            break;
        case kLcpAuthProtocol:
            (void)DecodePppAuthOption(o.data, r.authByUs);
            break;
        case kLcpMagicNumber:
            r.ourMagic = ReadU32(o.data);
            break;
        case kLcpPfc:
            r.rxPfc = true;
            break;
        case kLcpAcfc:
            r.rxAcfc = true;
            break;
        case kLcpMrru:
            r.ourMrru = ReadU16(o.data);
            break;
        case kLcpShortSequence:
            r.rxShortSequence = true;
            break;
        default:
            break;
        }
    }
}

void
PppLcp::AuthNaked(const Bytes& data)
{
    const std::vector<PppAuthMethod>& want = m_cfg.authRequire;
    if (m_authFailed || m_authIndex >= want.size())
    {
        return; // we do not ask for authentication: a Nak cannot make us
    }
    PppAuthMethod m;
    const size_t at = DecodePppAuthOption(data, m) ? IndexOf(want, m) : want.size();
    if (at < want.size() && at != m_authIndex)
    {
        m_authIndex = at; // the peer suggests a method we also allow
    }
    else
    {
        ++m_authIndex; // not one of ours: our next method
    }
    m_authFailed = m_authIndex >= want.size();
}

void
PppLcp::OurOptionNaked(const PppCpOption& o, TimeNs /*now*/)
{
    switch (o.type)
    {
    case kLcpMru:
        if (m_sendMru && o.data.size() == 2)
        {
            m_mru = std::min(ReadU16(o.data), m_cfg.mru);
        }
        break;
    case kLcpAccm:
        if (m_sendAccm && o.data.size() == 4)
        {
            m_accm = ReadU32(o.data);
        }
        break;
    case kLcpAuthProtocol:
        AuthNaked(o.data);
        break;
    case kLcpMagicNumber:
        // §6.4: a Nak'd Magic-Number means a new one; equal to the value of our last Nak makes
        // a looped-back link more likely.
        if (m_lastNakMagic != 0 && ReadU32(o.data) == m_lastNakMagic)
        {
            Count("magic/own-nak-received");
        }
        m_magic = NewMagic(ReadU32(o.data));
        break;
    case kLcpMrru:
        if (m_sendMrru && o.data.size() == 2 && ReadU16(o.data) != 0)
        {
            m_mrru = ReadU16(o.data);
        }
        break;
    default:
        break; // PFC, ACFC, Endpoint Discriminator and unsent options: keep our request
    }
}

void
PppLcp::OurOptionRejected(const PppCpOption& o, TimeNs /*now*/)
{
    switch (o.type)
    {
    case kLcpMru:
        m_sendMru = false;
        break;
    case kLcpAccm:
        m_sendAccm = false;
        break;
    case kLcpAuthProtocol:
        m_authFailed = true; // the peer will not authenticate at all
        break;
    case kLcpMagicNumber:
        m_sendMagic = false;
        break;
    case kLcpPfc:
        m_sendPfc = false;
        break;
    case kLcpAcfc:
        m_sendAcfc = false;
        break;
    case kLcpMrru:
        m_sendMrru = false;
        break;
    case kLcpShortSequence:
        m_sendShortSeq = false;
        break;
    case kLcpEndpointDiscriminator:
        m_sendEd = false;
        break;
    default:
        break;
    }
}

std::string
PppLcp::NegotiationFailure() const
{
    if (m_looped)
    {
        return "looped-back";
    }
    return m_authFailed ? "auth-negotiation-failed" : "";
}

void
PppLcp::OnReceiveEchoOrDiscard(const PppCpPacket& p, TimeNs now)
{
    if (p.code == kPppDiscardRequest)
    {
        return; // §5.9: counted (rx/discard-request), nothing else
    }
    if (p.data.size() < 4)
    {
        Count("drop/malformed/echo-short");
        Emit("drop", "malformed/echo-short", now);
        return;
    }
    const uint32_t magic = ReadU32(p.data);
    // §5.8: a Magic-Number equal to ours means the packet is our own, looped back.
    if (m_result.ourMagic != 0 && magic == m_result.ourMagic)
    {
        Count("drop/echo-own-magic");
        Emit("looped-back", std::string("echo, magic ") + std::to_string(magic), now);
        return;
    }
    if (p.code == kPppEchoReply)
    {
        GetOwner().CpEchoReply(magic, now);
        return;
    }
    Bytes reply = U32(m_result.ourMagic);
    reply.insert(reply.end(), p.data.begin() + 4, p.data.end());
    SendPacket(kPppEchoReply, p.id, reply, now);
}

void
PppLcp::SendEchoRequest(TimeNs now)
{
    if (State() != PppCpState::OPENED)
    {
        Count("tx/refused/echo-request"); // §5.8: only in Opened
        return;
    }
    SendPacket(kPppEchoRequest, NextId(), U32(m_result.ourMagic), now);
}

void
PppLcp::SendProtocolReject(uint16_t protocol, const Bytes& info, TimeNs now)
{
    if (State() != PppCpState::OPENED)
    {
        Count("tx/refused/protocol-reject"); // §5.7: only in Opened
        return;
    }
    Bytes data = U16(protocol);
    // §5.7: truncated to the peer's MRU (the whole packet: 4 header octets + data).
    const size_t room = m_result.peerMru > 6 ? m_result.peerMru - 6 : 0;
    data.insert(data.end(), info.begin(),
                info.begin() + static_cast<std::ptrdiff_t>(std::min(info.size(), room)));
    SendPacket(kPppProtocolReject, NextId(), data, now);
}

} // namespace ns3
