#include "model/ppp/ppp-ipv6cp.h"

#include "model/ppp/ppp-frame.h"

namespace ns3
{

namespace
{

using N = PppOptionSupport;

// clang-format off
constexpr PppOptionSpec kIpv6cpOptions[] = {
    {kIpv6cpInterfaceId, "Interface-Identifier", 10, 10, N::NEGOTIATED, "RFC 5072 §4.1",
     "zero or equal to ours: Nak'd with a new non-zero identifier"},
    {kIpv6cpCompression, "IPv6-Compression-Protocol", 4, 255, N::REJECTED, "RFC 5072 §4.2",
     "IPv6 header compression is not modelled; Rejected"},
};
// clang-format on

uint64_t
ReadId(const Bytes& b)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && i < b.size(); ++i)
    {
        v = v << 8 | b[i];
    }
    return v;
}

Bytes
IdBytes(uint64_t v)
{
    Bytes b(8);
    for (int i = 7; i >= 0; --i)
    {
        b[static_cast<size_t>(i)] = static_cast<uint8_t>(v);
        v >>= 8;
    }
    return b;
}

} // namespace

PppOptionTable
Ipv6cpOptionTable()
{
    return MakePppOptionTable(kIpv6cpOptions);
}

PppIpv6cp::PppIpv6cp(const PppIpv6cpConfig& cfg, PppControlProtocol::Owner& owner)
    : PppControlProtocol(kPppIpv6cp, cfg.timers, owner, *this, false)
    , m_cfg(cfg)
    , m_random(cfg.magicSeed)
{
    m_local = cfg.interfaceId != 0 ? cfg.interfaceId : NewId(0);
    NegotiationReset();
}

const PppIpv6cpResult&
PppIpv6cp::Result() const
{
    return m_result;
}

uint64_t
PppIpv6cp::NewId(uint64_t avoid)
{
    uint64_t v = 0;
    while (v == 0 || v == avoid || v == m_local)
    {
        v = m_random.Next();
    }
    return v;
}

PppOptionTable
PppIpv6cp::OptionTable() const
{
    return Ipv6cpOptionTable();
}

void
PppIpv6cp::NegotiationReset()
{
    m_sendId = true;
    m_result = PppIpv6cpResult{};
}

std::vector<PppCpOption>
PppIpv6cp::BuildRequest()
{
    std::vector<PppCpOption> o;
    if (m_sendId)
    {
        o.push_back({kIpv6cpInterfaceId, IdBytes(m_local)});
    }
    return o;
}

PppOptionVerdict
PppIpv6cp::CheckPeerOption(const PppCpOption& o, Bytes& nakData, TimeNs /*now*/)
{
    if (o.type != kIpv6cpInterfaceId)
    {
        return PppOptionVerdict::REJECT;
    }
    const uint64_t id = ReadId(o.data);
    // RFC 5072 §4.1: equal identifiers, or a zero one, are answered with a Configure-Nak carrying
    // a new non-zero identifier for the peer.
    if (id == 0 || id == m_local)
    {
        Count(id == 0 ? "interface-id/zero" : "interface-id/collision");
        nakData = IdBytes(NewId(id));
        return PppOptionVerdict::NAK;
    }
    return PppOptionVerdict::ACK;
}

void
PppIpv6cp::PeerRequestAcked(const std::vector<PppCpOption>& request)
{
    m_result.peer = 0;
    for (const PppCpOption& o : request)
    {
        if (o.type == kIpv6cpInterfaceId)
        {
            m_result.peer = ReadId(o.data);
        }
    }
}

void
PppIpv6cp::OurRequestAcked(const std::vector<PppCpOption>& /*request*/)
{
    m_result.local = m_local;
}

void
PppIpv6cp::OurOptionNaked(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.type != kIpv6cpInterfaceId || o.data.size() != 8)
    {
        return;
    }
    const uint64_t suggested = ReadId(o.data);
    // §4.1: use the suggested identifier unless it is zero or the peer's own; else make one.
    m_local = suggested != 0 && suggested != m_result.peer ? suggested : NewId(m_result.peer);
}

void
PppIpv6cp::OurOptionRejected(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.type == kIpv6cpInterfaceId)
    {
        m_sendId = false; // §4.1: the peer does not negotiate identifiers; keep ours
    }
}

} // namespace ns3
