#include "model/ppp/ppp-ipcp.h"

#include "model/ppp/ppp-frame.h"

namespace ns3
{

namespace
{

using N = PppOptionSupport;

// clang-format off
constexpr PppOptionSpec kIpcpOptions[] = {
    {kIpcpIpAddresses, "IP-Addresses", 10, 10, N::REJECTED, "RFC 1332 §3.1",
     "deprecated (replaced by IP-Address); Rejected"},
    {kIpcpIpCompression, "IP-Compression-Protocol", 4, 255, N::REJECTED, "RFC 1332 §3.2",
     "Van Jacobson TCP/IP header compression is not modelled; Rejected"},
    {kIpcpIpAddress, "IP-Address", 6, 6, N::NEGOTIATED, "RFC 1332 §3.3",
     "server Naks 0.0.0.0 or another address with its peer address; client takes the Nak"},
    {kIpcpPrimaryDns, "Primary-DNS-Server-Address", 6, 6, N::NEGOTIATED, "RFC 1877 §1.1",
     "Nak'd with dns1 by a server that has one, Rejected otherwise"},
    {kIpcpPrimaryNbns, "Primary-NBNS-Server-Address", 6, 6, N::REJECTED, "RFC 1877 §1.2",
     "NetBIOS name servers are not modelled; Rejected"},
    {kIpcpSecondaryDns, "Secondary-DNS-Server-Address", 6, 6, N::NEGOTIATED, "RFC 1877 §1.3",
     "Nak'd with dns2 by a server that has one, Rejected otherwise"},
    {kIpcpSecondaryNbns, "Secondary-NBNS-Server-Address", 6, 6, N::REJECTED, "RFC 1877 §1.4",
     "NetBIOS name servers are not modelled; Rejected"},
};
// clang-format on

uint32_t
Addr(const Bytes& b)
{
    return b.size() < 4 ? 0
                        : static_cast<uint32_t>(b[0]) << 24 | static_cast<uint32_t>(b[1]) << 16 |
                              static_cast<uint32_t>(b[2]) << 8 | b[3];
}

Bytes
AddrBytes(uint32_t v)
{
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

/** \brief Server side of a value only we can give: Ack ours, Nak others with ours, Reject if none.
 */
PppOptionVerdict
GiveValue(uint32_t ours, uint32_t asked, Bytes& nakData)
{
    if (ours == 0)
    {
        return PppOptionVerdict::REJECT;
    }
    if (asked == ours)
    {
        return PppOptionVerdict::ACK;
    }
    nakData = AddrBytes(ours);
    return PppOptionVerdict::NAK;
}

} // namespace

PppOptionTable
IpcpOptionTable()
{
    return MakePppOptionTable(kIpcpOptions);
}

PppIpcp::PppIpcp(const PppIpcpConfig& cfg, PppControlProtocol::Owner& owner)
    : PppControlProtocol(kPppIpcp, cfg.timers, owner, *this, false)
    , m_cfg(cfg)
{
    NegotiationReset();
}

const PppIpcpResult&
PppIpcp::Result() const
{
    return m_result;
}

PppOptionTable
PppIpcp::OptionTable() const
{
    return IpcpOptionTable();
}

void
PppIpcp::NegotiationReset()
{
    m_sendAddress = true;
    m_local = m_cfg.localAddress;
    m_sendDns1 = m_sendDns2 = m_cfg.requestDns;
    m_dns1 = m_dns2 = 0;
    m_result = PppIpcpResult{};
}

std::vector<PppCpOption>
PppIpcp::BuildRequest()
{
    std::vector<PppCpOption> o;
    if (m_sendAddress)
    {
        o.push_back({kIpcpIpAddress, AddrBytes(m_local)});
    }
    if (m_sendDns1)
    {
        o.push_back({kIpcpPrimaryDns, AddrBytes(m_dns1)});
    }
    if (m_sendDns2)
    {
        o.push_back({kIpcpSecondaryDns, AddrBytes(m_dns2)});
    }
    return o;
}

PppOptionVerdict
PppIpcp::CheckPeerOption(const PppCpOption& o, Bytes& nakData, TimeNs /*now*/)
{
    const uint32_t v = Addr(o.data);
    switch (o.type)
    {
    case kIpcpIpAddress:
        if (m_cfg.peerAddress != 0)
        {
            return GiveValue(m_cfg.peerAddress, v, nakData);
        }
        // No address to assign: the peer's own address is fine, a request for one is Rejected.
        return v != 0 ? PppOptionVerdict::ACK : PppOptionVerdict::REJECT;
    case kIpcpPrimaryDns:
        return GiveValue(m_cfg.dns1, v, nakData);
    case kIpcpSecondaryDns:
        return GiveValue(m_cfg.dns2, v, nakData);
    default:
        return PppOptionVerdict::REJECT;
    }
}

void
PppIpcp::AddMissingNaks(const std::vector<PppCpOption>& request, std::vector<PppCpOption>& naks)
{
    // RFC 1661 §5.3: a Nak may append options the peer did not send. A server that assigns the
    // peer's address tells a peer that did not ask.
    if (m_cfg.peerAddress == 0)
    {
        return;
    }
    for (const PppCpOption& o : request)
    {
        if (o.type == kIpcpIpAddress)
        {
            return;
        }
    }
    naks.push_back({kIpcpIpAddress, AddrBytes(m_cfg.peerAddress)});
}

void
PppIpcp::PeerRequestAcked(const std::vector<PppCpOption>& request)
{
    m_result.peer = 0;
    for (const PppCpOption& o : request)
    {
        if (o.type == kIpcpIpAddress)
        {
            m_result.peer = Addr(o.data);
        }
    }
}

void
PppIpcp::OurRequestAcked(const std::vector<PppCpOption>& request)
{
    m_result.local = m_result.dns1 = m_result.dns2 = 0;
    for (const PppCpOption& o : request)
    {
        const uint32_t v = Addr(o.data);
        if (o.type == kIpcpIpAddress)
        {
            m_result.local = v;
        }
        else if (o.type == kIpcpPrimaryDns)
        {
            m_result.dns1 = v;
        }
        else if (o.type == kIpcpSecondaryDns)
        {
            m_result.dns2 = v;
        }
    }
}

void
PppIpcp::OurOptionNaked(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.data.size() != 4)
    {
        return;
    }
    const uint32_t v = Addr(o.data);
    if (o.type == kIpcpIpAddress && m_cfg.localAddress == 0)
    {
        m_local = v; // RFC 1332 §3.3: the Nak tells us our address
        m_sendAddress = true;
    }
    else if (o.type == kIpcpPrimaryDns && m_sendDns1)
    {
        m_dns1 = v; // RFC 1877 §1.1
    }
    else if (o.type == kIpcpSecondaryDns && m_sendDns2)
    {
        m_dns2 = v;
    }
}

void
PppIpcp::OurOptionRejected(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.type == kIpcpIpAddress)
    {
        m_sendAddress = false;
    }
    else if (o.type == kIpcpPrimaryDns)
    {
        m_sendDns1 = false;
    }
    else if (o.type == kIpcpSecondaryDns)
    {
        m_sendDns2 = false;
    }
}

} // namespace ns3
