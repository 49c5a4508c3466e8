#include "model/ppp/ppp-frame.h"

namespace ns3
{

namespace
{

/** \brief A protocol number and its name. */
struct ProtocolRow
{
    uint16_t protocol; //!< number
    const char* name;  //!< name
};

constexpr ProtocolRow kProtocols[] = {
    {kPppIpv4, "IPv4"},     {kPppIpv6, "IPv6"},        {kPppMp, "MP"},
    {kPppBridged, "BPDU"},  {kPppLcp, "LCP"},          {kPppPap, "PAP"},
    {kPppChap, "CHAP"},     {kPppIpcp, "IPCP"},        {kPppIpv6cp, "IPV6CP"},
    {kPppBcp, "BCP"},       {kPppCcp, "CCP"},          {0x00fd, "Compressed"},
    {kPppMplscp, "MPLSCP"}, {kPppMplsUnicast, "MPLS"}, {kPppMplsMulticast, "MPLS-multicast"},
};

constexpr uint8_t kAddress = 0xff; //!< RFC 1662 §3.1 All-Stations address
constexpr uint8_t kControl = 0x03; //!< RFC 1662 §3.1 Unnumbered Information

} // namespace

const char*
PppProtocolName(uint16_t protocol)
{
    for (const ProtocolRow& r : kProtocols)
    {
        if (r.protocol == protocol)
        {
            return r.name;
        }
    }
    static thread_local char buf[8];
    static const char* const kHex = "0123456789abcdef";
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 4; ++i)
    {
        buf[2 + i] = kHex[(protocol >> (12 - 4 * i)) & 0xf];
    }
    buf[6] = '\0';
    return buf;
}

const char*
ToString(PppFrameError e)
{
    switch (e)
    {
    case PppFrameError::NONE:
        return "none";
    case PppFrameError::EMPTY:
        return "empty";
    case PppFrameError::BAD_ADDRESS_CONTROL:
        return "bad-address-control";
    case PppFrameError::BAD_PROTOCOL_FIELD:
        return "bad-protocol-field";
    case PppFrameError::TRUNCATED:
        return "truncated";
    }
    return "?";
}

PppFrameError
DecodePppFrame(const uint8_t* data, size_t size, PppFrame& out)
{
    out = PppFrame{};
    if (size == 0)
    {
        return PppFrameError::EMPTY;
    }
    size_t pos = 0;
    out.addressControl = false;
    // 0xFF can never start a protocol field (§6.6: 0x00FF is reserved for this reason), so a
    // leading 0xFF is the Address field and must be followed by the Control field 0x03.
    if (data[0] == kAddress)
    {
        if (size < 2)
        {
            return PppFrameError::TRUNCATED;
        }
        if (data[1] != kControl)
        {
            return PppFrameError::BAD_ADDRESS_CONTROL;
        }
        out.addressControl = true;
        pos = 2;
    }
    if (pos >= size)
    {
        return PppFrameError::TRUNCATED;
    }
    const uint8_t first = data[pos];
    if ((first & 1) != 0)
    {
        // §6.5: a 1-octet field is the low octet of a protocol whose high octet is 0.
        out.protocol = first;
        out.protocolCompressed = true;
        pos += 1;
    }
    else
    {
        if (pos + 1 >= size)
        {
            return PppFrameError::TRUNCATED;
        }
        const uint8_t second = data[pos + 1];
        if ((second & 1) == 0)
        {
            return PppFrameError::BAD_PROTOCOL_FIELD; // §2: the low octet must be odd
        }
        out.protocol = static_cast<uint16_t>(first << 8 | second);
        pos += 2;
    }
    out.info.assign(data + pos, data + size);
    return PppFrameError::NONE;
}

Bytes
EncodePppFrame(uint16_t protocol, const Bytes& info, bool acfc, bool pfc)
{
    Bytes out;
    out.reserve(info.size() + 4);
    const bool lcp = protocol == kPppLcp;
    if (!acfc || lcp)
    {
        out.push_back(kAddress);
        out.push_back(kControl);
    }
    if (pfc && !lcp && protocol < 0x100)
    {
        out.push_back(static_cast<uint8_t>(protocol));
    }
    else
    {
        out.push_back(static_cast<uint8_t>(protocol >> 8));
        out.push_back(static_cast<uint8_t>(protocol));
    }
    out.insert(out.end(), info.begin(), info.end());
    return out;
}

} // namespace ns3
