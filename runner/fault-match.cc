#include "runner/fault-match.h"

#include "model/l2tp/l2tp-codec.h"

#include <sstream>

namespace ns3
{

namespace
{

constexpr uint16_t kL2tpPort = 1701;    //!< RFC 2661 §8.1
constexpr uint16_t kIkePort = 500;      //!< RFC 7296 §2
constexpr uint16_t kNatTPort = 4500;    //!< RFC 3948 §2
constexpr uint8_t kProtoIcmp = 1;       //!< IANA protocol numbers
constexpr uint8_t kProtoUdp = 17;       //!< UDP
constexpr uint8_t kProtoEsp = 50;       //!< ESP
constexpr uint16_t kPppLcp = 0xc021;    //!< RFC 1661 §2 / assigned numbers
constexpr uint16_t kPppPap = 0xc023;    //!< RFC 1334
constexpr uint16_t kPppChap = 0xc223;   //!< RFC 1994
constexpr uint16_t kPppIpcp = 0x8021;   //!< RFC 1332
constexpr uint16_t kPppIpv6cp = 0x8057; //!< RFC 5072
constexpr uint16_t kPppIpv4 = 0x0021;   //!< RFC 1332 §1

uint16_t
U16(const uint8_t* p)
{
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}

/** \brief Protocols whose frames start with a Code octet (RFC 1661 §5, RFC 1334, RFC 1994). */
bool
HasCode(uint16_t protocol)
{
    return protocol >= 0x8000 || protocol == kPppPap || protocol == kPppChap;
}

/** \brief A PPP frame (RFC 1661 §2, §6.5, §6.6: FF 03 and a 2-octet protocol may be compressed). */
void
ClassifyPpp(const uint8_t* p, size_t n, PacketClass& c)
{
    if (n >= 2 && p[0] == 0xff && p[1] == 0x03)
    {
        p += 2;
        n -= 2;
    }
    if (n == 0)
    {
        return;
    }
    size_t protoLen = (p[0] & 1) ? 1 : 2; // a 1-octet (PFC) protocol field is odd (§2)
    if (n < protoLen)
    {
        return;
    }
    c.ppp = true;
    c.pppProtocol = protoLen == 1 ? p[0] : U16(p);
    if (HasCode(c.pppProtocol) && n > protoLen)
    {
        c.pppCode = p[protoLen];
    }
}

/** \brief L2TP over UDP (RFC 2661 §3.1); Message Type is the first AVP, never hidden (§4.4.1). */
void
ClassifyL2tp(const uint8_t* p, size_t n, PacketClass& c)
{
    L2tpHeader h;
    if (DecodeL2tpHeader(p, n, h) != L2tpDecodeError::NONE || h.headerSize > n)
    {
        return;
    }
    size_t end = h.hasLength && h.length >= h.headerSize && h.length <= n ? h.length : n;
    const uint8_t* body = p + h.headerSize;
    size_t bodyLen = end - h.headerSize;
    c.l2tp = true;
    c.l2tpControl = h.isControl;
    if (!h.isControl)
    {
        ClassifyPpp(body, bodyLen, c);
        return;
    }
    if (bodyLen == 0)
    {
        c.l2tpMessageType = 0; // ZLB
    }
    else if (bodyLen >= 8 && U16(body + 2) == 0 && U16(body + 4) == 0)
    {
        c.l2tpMessageType = U16(body + 6);
    }
}

void
ClassifyUdp(const uint8_t* p, size_t n, PacketClass& c)
{
    if (n < 8)
    {
        return;
    }
    c.udp = true;
    c.srcPort = U16(p);
    c.dstPort = U16(p + 2);
    const uint8_t* body = p + 8;
    size_t bodyLen = n - 8;
    auto either = [&c](uint16_t port)
    {
        return c.srcPort == port || c.dstPort == port;
    };
    if (either(kL2tpPort))
    {
        ClassifyL2tp(body, bodyLen, c);
    }
    else if (either(kIkePort))
    {
        c.ike = true;
    }
    else if (either(kNatTPort) && bodyLen >= 4)
    {
        bool marker = body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 0;
        c.ike = marker;
        c.esp = !marker;
    }
}

const std::vector<FaultMatchSpec>&
BuildTable()
{
    using O = FaultMatchOn;
    static const std::vector<FaultMatchSpec> kRows = {
        {"l2tp-control", O::L2TP_CONTROL, 0, 0,
         "any L2TP control message, ZLB included (RFC 2661 §3.1, T=1)"},
        {"l2tp-zlb", O::L2TP_MESSAGE_TYPE, 0, 0, "L2TP ZLB acknowledgement (RFC 2661 §5.8)"},
        {"l2tp-sccrq", O::L2TP_MESSAGE_TYPE, 1, 0, "L2TP SCCRQ (RFC 2661 §6.1)"},
        {"l2tp-sccrp", O::L2TP_MESSAGE_TYPE, 2, 0, "L2TP SCCRP (RFC 2661 §6.2)"},
        {"l2tp-scccn", O::L2TP_MESSAGE_TYPE, 3, 0, "L2TP SCCCN (RFC 2661 §6.3)"},
        {"l2tp-stopccn", O::L2TP_MESSAGE_TYPE, 4, 0, "L2TP StopCCN (RFC 2661 §6.4)"},
        {"l2tp-hello", O::L2TP_MESSAGE_TYPE, 6, 0, "L2TP HELLO (RFC 2661 §6.5)"},
        {"l2tp-ocrq", O::L2TP_MESSAGE_TYPE, 7, 0, "L2TP OCRQ (RFC 2661 §6.6)"},
        {"l2tp-ocrp", O::L2TP_MESSAGE_TYPE, 8, 0, "L2TP OCRP (RFC 2661 §6.7)"},
        {"l2tp-occn", O::L2TP_MESSAGE_TYPE, 9, 0, "L2TP OCCN (RFC 2661 §6.8)"},
        {"l2tp-icrq", O::L2TP_MESSAGE_TYPE, 10, 0, "L2TP ICRQ (RFC 2661 §6.9)"},
        {"l2tp-icrp", O::L2TP_MESSAGE_TYPE, 11, 0, "L2TP ICRP (RFC 2661 §6.10)"},
        {"l2tp-iccn", O::L2TP_MESSAGE_TYPE, 12, 0, "L2TP ICCN (RFC 2661 §6.11)"},
        {"l2tp-cdn", O::L2TP_MESSAGE_TYPE, 14, 0, "L2TP CDN (RFC 2661 §6.12)"},
        {"l2tp-wen", O::L2TP_MESSAGE_TYPE, 15, 0, "L2TP WEN (RFC 2661 §6.13)"},
        {"l2tp-sli", O::L2TP_MESSAGE_TYPE, 16, 0, "L2TP SLI (RFC 2661 §6.14)"},
        {"l2tp-data", O::L2TP_DATA, 0, 0, "any L2TP data message (RFC 2661 §3.1, T=0)"},
        {"lcp", O::PPP_PROTOCOL, kPppLcp, 0, "any LCP packet in L2TP data (RFC 1661 §5)"},
        {"lcp-configure-request", O::PPP_CODE, kPppLcp, 1, "LCP Configure-Request (RFC 1661 §5.1)"},
        {"lcp-configure-ack", O::PPP_CODE, kPppLcp, 2, "LCP Configure-Ack (RFC 1661 §5.2)"},
        {"lcp-configure-nak", O::PPP_CODE, kPppLcp, 3, "LCP Configure-Nak (RFC 1661 §5.3)"},
        {"lcp-configure-reject", O::PPP_CODE, kPppLcp, 4, "LCP Configure-Reject (RFC 1661 §5.4)"},
        {"lcp-terminate-request", O::PPP_CODE, kPppLcp, 5, "LCP Terminate-Request (RFC 1661 §5.5)"},
        {"lcp-terminate-ack", O::PPP_CODE, kPppLcp, 6, "LCP Terminate-Ack (RFC 1661 §5.5)"},
        {"lcp-code-reject", O::PPP_CODE, kPppLcp, 7, "LCP Code-Reject (RFC 1661 §5.6)"},
        {"lcp-protocol-reject", O::PPP_CODE, kPppLcp, 8, "LCP Protocol-Reject (RFC 1661 §5.7)"},
        {"lcp-echo-request", O::PPP_CODE, kPppLcp, 9, "LCP Echo-Request (RFC 1661 §5.8)"},
        {"lcp-echo-reply", O::PPP_CODE, kPppLcp, 10, "LCP Echo-Reply (RFC 1661 §5.8)"},
        {"lcp-discard-request", O::PPP_CODE, kPppLcp, 11, "LCP Discard-Request (RFC 1661 §5.9)"},
        {"pap", O::PPP_PROTOCOL, kPppPap, 0, "any PAP packet (RFC 1334 §2)"},
        {"chap", O::PPP_PROTOCOL, kPppChap, 0, "any CHAP or MS-CHAP packet (RFC 1994 §4)"},
        {"ipcp", O::PPP_PROTOCOL, kPppIpcp, 0, "any IPCP packet (RFC 1332)"},
        {"ipv6cp", O::PPP_PROTOCOL, kPppIpv6cp, 0, "any IPV6CP packet (RFC 5072)"},
        {"ppp-ipv4", O::PPP_PROTOCOL, kPppIpv4, 0, "IPv4 datagrams inside PPP (RFC 1332 §1)"},
        {"icmp-echo-request", O::ICMP_TYPE, 8, 0, "outer ICMP Echo (RFC 792)"},
        {"icmp-echo-reply", O::ICMP_TYPE, 0, 0, "outer ICMP Echo Reply (RFC 792)"},
        {"esp", O::ESP, 0, 0,
         "ESP, IP protocol 50 or UDP 4500 without the non-ESP marker (RFC 4303, RFC 3948 §2.2)"},
        {"ike", O::IKE, 0, 0,
         "IKE, UDP 500 or UDP 4500 with the non-ESP marker (RFC 7296, RFC 3948 §2.2)"},
    };
    return kRows;
}

} // namespace

PacketClass
ClassifyIpv4(const uint8_t* data, size_t size)
{
    PacketClass c;
    if (size < 20 || (data[0] >> 4) != 4)
    {
        return c;
    }
    size_t ihl = static_cast<size_t>(data[0] & 0x0f) * 4;
    size_t total = U16(data + 2);
    if (ihl < 20 || ihl > size || total < ihl)
    {
        return c;
    }
    size_t end = total <= size ? total : size;
    c.ipv4 = true;
    c.ipProtocol = data[9];
    c.firstFragment = (U16(data + 6) & 0x1fff) == 0;
    c.esp = c.ipProtocol == kProtoEsp;
    if (!c.firstFragment)
    {
        return c;
    }
    const uint8_t* body = data + ihl;
    size_t bodyLen = end - ihl;
    if (c.ipProtocol == kProtoIcmp && bodyLen >= 1)
    {
        c.icmp = true;
        c.icmpType = body[0];
    }
    else if (c.ipProtocol == kProtoUdp)
    {
        ClassifyUdp(body, bodyLen, c);
    }
    return c;
}

PacketClass
ClassifyFrame(const uint8_t* data, size_t size)
{
    if (size >= 2 && U16(data) == kPppIpv4)
    {
        return ClassifyIpv4(data + 2, size - 2);
    }
    if (size >= 14 && U16(data + 12) == 0x0800)
    {
        return ClassifyIpv4(data + 14, size - 14);
    }
    return ClassifyIpv4(data, size);
}

const std::vector<FaultMatchSpec>&
FaultMatchTable()
{
    return BuildTable();
}

const FaultMatchSpec*
FindFaultMatch(const std::string& name)
{
    for (const FaultMatchSpec& s : FaultMatchTable())
    {
        if (name == s.name)
        {
            return &s;
        }
    }
    return nullptr;
}

bool
FaultMatches(const FaultMatchSpec& spec, const PacketClass& c)
{
    switch (spec.on)
    {
    case FaultMatchOn::L2TP_CONTROL:
        return c.l2tp && c.l2tpControl;
    case FaultMatchOn::L2TP_MESSAGE_TYPE:
        return c.l2tp && c.l2tpControl && c.l2tpMessageType == spec.value;
    case FaultMatchOn::L2TP_DATA:
        return c.l2tp && !c.l2tpControl;
    case FaultMatchOn::PPP_PROTOCOL:
        return c.ppp && c.pppProtocol == spec.value;
    case FaultMatchOn::PPP_CODE:
        return c.ppp && c.pppProtocol == spec.value && c.pppCode == spec.code;
    case FaultMatchOn::ICMP_TYPE:
        return c.icmp && c.icmpType == spec.value;
    case FaultMatchOn::ESP:
        return c.esp;
    case FaultMatchOn::IKE:
        return c.ike;
    }
    return false;
}

const char*
FaultMatchChoices()
{
    static const std::string kChoices = []()
    {
        std::string s;
        for (const FaultMatchSpec& r : FaultMatchTable())
        {
            s += (s.empty() ? "" : "|") + std::string(r.name);
        }
        return s;
    }();
    return kChoices.c_str();
}

std::string
FaultMatchMarkdown()
{
    std::ostringstream o;
    o << "| match | drops |\n|---|---|\n";
    for (const FaultMatchSpec& r : FaultMatchTable())
    {
        o << "| `" << r.name << "` | " << r.what << " |\n";
    }
    return o.str();
}

} // namespace ns3
