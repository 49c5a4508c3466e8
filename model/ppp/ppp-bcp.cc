#include "model/ppp/ppp-bcp.h"

#include "model/ppp/ppp-frame.h"

#include <algorithm>

namespace ns3
{

namespace
{

using N = PppOptionSupport;

// clang-format off
constexpr PppOptionSpec kBcpOptions[] = {
    {kBcpBridgeIdentification, "Bridge-Identification", 4, 4, N::REJECTED, "RFC 3518 §5.1",
     "source-route bridging is not modelled (transparent bridging only, §2.1); Rejected"},
    {kBcpLineIdentification, "Line-Identification", 4, 4, N::REJECTED, "RFC 3518 §5.2",
     "source-route bridging is not modelled; Rejected"},
    {kBcpMacSupport, "MAC-Support", 3, 3, N::NEGOTIATED, "RFC 3518 §5.3",
     "one instance per MAC type the sender accepts; a defined type is Acked, an undefined one "
     "Nak'd with IEEE 802.3; we send IEEE 802.3 (1)"},
    {kBcpTinygramCompression, "Tinygram-Compression", 3, 3, N::NEGOTIATED, "RFC 3518 §5.4",
     "enabled (1) or disabled (2) Acked, anything else Nak'd with disabled; we send disabled"},
    {kBcpLanIdentification, "LAN-Identification", 2, 255, N::REJECTED, "RFC 3518 §5.5",
     "obsolete: never sent, Configure-Rejected when received"},
    {kBcpMacAddress, "MAC-Address", 8, 8, N::NEGOTIATED, "RFC 3518 §5.6",
     "a unicast address is Acked; all-zero (a request for an address) and multicast Rejected: "
     "we assign no addresses"},
    {kBcpSpanningTree, "Spanning-Tree-Protocol", 3, 255, N::NEGOTIATED, "RFC 3518 §5.7",
     "a list of defined protocols (0 Null ... 4 DEC LANbridge 100) is Acked, else Nak'd with "
     "ours; not sent unless configured"},
    {kBcpIeee802Tagged, "IEEE-802-Tagged-Frame", 3, 3, N::REJECTED, "RFC 3518 §5.8",
     "802.1Q-tagged frames are not modelled; Rejected"},
    {kBcpManagementInline, "Management-Inline", 2, 2, N::REJECTED, "RFC 3518 §5.9",
     "in-line bridge management is not modelled; Rejected"},
    {kBcpControlIndicator, "Bridge-Control-Packet-Indicator", 2, 2, N::REJECTED,
     "RFC 3518 §5.10", "no spanning tree runs here; Rejected (B-flag packets are dropped)"},
};
// clang-format on

/** \brief A MAC type and its name (§4.2). */
struct MacTypeRow
{
    uint8_t type;     //!< value
    const char* name; //!< name
    bool padOctet;    //!< one pad octet follows the MAC Type (802.4, 802.5, FDDI)
};

constexpr MacTypeRow kMacTypes[] = {
    {kBcpMacIeee8023, "IEEE 802.3", false},
    {kBcpMacIeee8024, "IEEE 802.4", true},
    {kBcpMacIeee8025Nc, "IEEE 802.5 non-canonical", true},
    {kBcpMacFddiNc, "FDDI non-canonical", true},
    {kBcpMacIeee8025, "IEEE 802.5", true},
    {kBcpMacFddi, "FDDI", true},
};

const MacTypeRow*
FindMacType(uint8_t t)
{
    for (const MacTypeRow& r : kMacTypes)
    {
        if (r.type == t)
        {
            return &r;
        }
    }
    return nullptr;
}

Bytes
MacBytes(uint64_t mac)
{
    Bytes b(6);
    for (int i = 0; i < 6; ++i)
    {
        b[i] = static_cast<uint8_t>(mac >> (8 * (5 - i)));
    }
    return b;
}

uint64_t
MacValue(const Bytes& b)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 6 && i < b.size(); ++i)
    {
        v = v << 8 | b[i];
    }
    return v;
}

} // namespace

const char*
BcpMacTypeName(uint8_t macType)
{
    const MacTypeRow* r = FindMacType(macType);
    return r != nullptr ? r->name : "";
}

PppOptionTable
BcpOptionTable()
{
    return MakePppOptionTable(kBcpOptions);
}

PppBcp::PppBcp(const PppBcpConfig& cfg, PppControlProtocol::Owner& owner)
    : PppControlProtocol(kPppBcp, cfg.timers, owner, *this, false)
    , m_cfg(cfg)
{
    NegotiationReset();
}

const PppBcpResult&
PppBcp::Result() const
{
    return m_result;
}

void
PppBcp::CountFrameDrop(const std::string& reason)
{
    Count("frame/" + reason);
}

PppOptionTable
PppBcp::OptionTable() const
{
    return BcpOptionTable();
}

void
PppBcp::NegotiationReset()
{
    m_macSupport = m_cfg.macSupport;
    m_sendTinygram = m_cfg.sendTinygram;
    m_tinygram = m_cfg.acceptTinygrams ? kBcpEnabled : kBcpDisabled;
    m_sendMac = (m_cfg.macAddress & 0xffffffffffffULL) != 0;
    m_sendStp = m_cfg.spanningTree >= 0;
    m_result = PppBcpResult{};
}

std::vector<PppCpOption>
PppBcp::BuildRequest()
{
    std::vector<PppCpOption> o;
    for (uint8_t t : m_macSupport)
    {
        o.push_back({kBcpMacSupport, {t}});
    }
    if (m_sendTinygram)
    {
        o.push_back({kBcpTinygramCompression, {m_tinygram}});
    }
    if (m_sendMac)
    {
        o.push_back({kBcpMacAddress, MacBytes(m_cfg.macAddress)});
    }
    if (m_sendStp)
    {
        o.push_back({kBcpSpanningTree, {static_cast<uint8_t>(m_cfg.spanningTree)}});
    }
    return o;
}

PppOptionVerdict
PppBcp::CheckSpanningTree(const PppCpOption& o, Bytes& nakData)
{
    // §5.7: the Length is 2 + the number of protocols listed; every one must be defined.
    for (uint8_t p : o.data)
    {
        if (p > kBcpStpLastDefined)
        {
            Count("spanning-tree/undefined");
            nakData = {
                static_cast<uint8_t>(m_cfg.spanningTree >= 0 ? m_cfg.spanningTree : kBcpStpNull)};
            return PppOptionVerdict::NAK;
        }
    }
    return PppOptionVerdict::ACK;
}

PppOptionVerdict
PppBcp::CheckPeerOption(const PppCpOption& o, Bytes& nakData, TimeNs /*now*/)
{
    switch (o.type)
    {
    case kBcpMacSupport:
        if (FindMacType(o.data[0]) != nullptr)
        {
            return PppOptionVerdict::ACK;
        }
        Count("mac-support/undefined");
        nakData = {kBcpMacIeee8023};
        return PppOptionVerdict::NAK;
    case kBcpTinygramCompression:
        if (o.data[0] == kBcpEnabled || o.data[0] == kBcpDisabled)
        {
            return PppOptionVerdict::ACK;
        }
        Count("tinygram/undefined");
        nakData = {kBcpDisabled};
        return PppOptionVerdict::NAK;
    case kBcpMacAddress:
        if (MacValue(o.data) == 0)
        {
            Count("mac-address/zero"); // a request for an address: we assign none
            return PppOptionVerdict::REJECT;
        }
        if ((o.data[0] & 0x01) != 0)
        {
            Count("mac-address/multicast"); // a group address names no station
            return PppOptionVerdict::REJECT;
        }
        return PppOptionVerdict::ACK;
    case kBcpSpanningTree:
        return CheckSpanningTree(o, nakData);
    default:
        return PppOptionVerdict::REJECT;
    }
}

void
PppBcp::PeerRequestAcked(const std::vector<PppCpOption>& request)
{
    m_result.peerMacTypes.clear();
    m_result.peerAcceptsTinygrams = false;
    m_result.peerMac = 0;
    m_result.peerSpanningTree = -1;
    for (const PppCpOption& o : request)
    {
        if (o.type == kBcpMacSupport)
        {
            m_result.peerMacTypes.push_back(o.data[0]);
        }
        else if (o.type == kBcpTinygramCompression)
        {
            m_result.peerAcceptsTinygrams = o.data[0] == kBcpEnabled;
        }
        else if (o.type == kBcpMacAddress)
        {
            m_result.peerMac = MacValue(o.data);
        }
        else if (o.type == kBcpSpanningTree && !o.data.empty())
        {
            m_result.peerSpanningTree = o.data[0];
        }
    }
}

void
PppBcp::OurRequestAcked(const std::vector<PppCpOption>& request)
{
    m_result.weAcceptTinygrams = false;
    for (const PppCpOption& o : request)
    {
        if (o.type == kBcpTinygramCompression)
        {
            m_result.weAcceptTinygrams = o.data.size() == 1 && o.data[0] == kBcpEnabled;
        }
    }
}

void
PppBcp::OurOptionNaked(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.type == kBcpTinygramCompression && o.data.size() == 1 &&
        (o.data[0] == kBcpEnabled || o.data[0] == kBcpDisabled))
    {
        m_tinygram = o.data[0];
        m_sendTinygram = true;
    }
    else if (o.type == kBcpMacAddress && o.data.size() == 6 && MacValue(o.data) != 0 &&
             (o.data[0] & 0x01) == 0)
    {
        m_cfg.macAddress = MacValue(o.data); // §5.6: the peer supplies an address
        m_sendMac = true;
    }
    else if (o.type == kBcpSpanningTree && !o.data.empty() && o.data[0] <= kBcpStpLastDefined)
    {
        m_cfg.spanningTree = o.data[0];
        m_sendStp = true;
    }
    // A Nak of MAC-Support names a type the peer prefers; we only bridge 802.3 and keep it.
}

void
PppBcp::OurOptionRejected(const PppCpOption& o, TimeNs /*now*/)
{
    if (o.type == kBcpMacSupport && !o.data.empty())
    {
        auto it = std::find(m_macSupport.begin(), m_macSupport.end(), o.data[0]);
        if (it != m_macSupport.end())
        {
            m_macSupport.erase(it);
        }
    }
    else if (o.type == kBcpTinygramCompression)
    {
        m_sendTinygram = false;
    }
    else if (o.type == kBcpMacAddress)
    {
        m_sendMac = false;
    }
    else if (o.type == kBcpSpanningTree)
    {
        m_sendStp = false;
    }
}

// ---- bridged frames

const char*
ToString(BcpFrameError e)
{
    switch (e)
    {
    case BcpFrameError::NONE:
        return "none";
    case BcpFrameError::SHORT_HEADER:
        return "short-header";
    case BcpFrameError::PADS_BEYOND_FRAME:
        return "pads-beyond-frame";
    case BcpFrameError::TRUNCATED:
        return "truncated";
    case BcpFrameError::BAD_LAN_FCS:
        return "bad-lan-fcs";
    case BcpFrameError::RESERVED_FLAG:
        return "reserved-flag";
    case BcpFrameError::MAC_TYPE_UNSUPPORTED:
        return "mac-type-unsupported";
    case BcpFrameError::TINYGRAM_UNNEGOTIATED:
        return "tinygram-unnegotiated";
    }
    return "?";
}

uint32_t
Ieee8023Crc32(const uint8_t* data, size_t size)
{
    uint32_t crc = 0xffffffffU;
    for (size_t i = 0; i < size; ++i)
    {
        crc ^= data[i];
        for (int bit = 0; bit < 8; ++bit)
        {
            crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
        }
    }
    return ~crc;
}

namespace
{

/** \brief The FCS field of an 802.3 frame: the CRC least significant octet first. */
bool
FcsMatches(const Bytes& frame, const uint8_t* fcs)
{
    const uint32_t crc = Ieee8023Crc32(frame.data(), frame.size());
    for (int i = 0; i < 4; ++i)
    {
        if (fcs[i] != static_cast<uint8_t>(crc >> (8 * i)))
        {
            return false;
        }
    }
    return true;
}

} // namespace

BcpFrameError
DecodeBcpFrame(const uint8_t* data, size_t size, bool acceptTinygrams, BcpBridgedFrame& out)
{
    out = BcpBridgedFrame{};
    if (size < kBcpHeaderSize)
    {
        return BcpFrameError::SHORT_HEADER;
    }
    out.flags = data[0];
    out.macType = data[1];
    out.lanFcs = (out.flags & kBcpFlagLanFcs) != 0;
    out.zeroPad = (out.flags & kBcpFlagZeroPad) != 0;
    out.bridgeControl = (out.flags & kBcpFlagBridgeControl) != 0;
    if ((out.flags & kBcpFlagReserved40) != 0)
    {
        return BcpFrameError::RESERVED_FLAG;
    }
    const MacTypeRow* mt = FindMacType(out.macType);
    const size_t header = kBcpHeaderSize + (mt != nullptr && mt->padOctet ? 1 : 0);
    const size_t pads = out.flags & kBcpPadsMask;
    if (size < header + pads)
    {
        return BcpFrameError::PADS_BEYOND_FRAME;
    }
    const size_t bodySize = size - header - pads;
    const uint8_t* body = data + header;
    if (out.bridgeControl)
    {
        out.frame.assign(body, body + bodySize); // a BPDU, not a LAN frame: the caller decides
        return BcpFrameError::NONE;
    }
    if (out.macType != kBcpMacIeee8023)
    {
        return BcpFrameError::MAC_TYPE_UNSUPPORTED;
    }
    const size_t fcs = out.lanFcs ? kLanFcsSize : 0;
    if (bodySize < kEthernetHeaderSize + fcs)
    {
        return BcpFrameError::TRUNCATED;
    }
    if (out.zeroPad && !acceptTinygrams)
    {
        return BcpFrameError::TINYGRAM_UNNEGOTIATED;
    }
    out.frame.assign(body, body + bodySize - fcs);
    if (out.zeroPad && out.frame.size() < kEthernetMinFrame)
    {
        out.frame.resize(kEthernetMinFrame, 0); // §3.3: restore the zero pad the sender removed
    }
    if (out.lanFcs && !FcsMatches(out.frame, body + bodySize - fcs))
    {
        return BcpFrameError::BAD_LAN_FCS;
    }
    return BcpFrameError::NONE;
}

Bytes
EncodeBcpFrame(const Bytes& ethernet, bool withLanFcs)
{
    Bytes out;
    out.reserve(kBcpHeaderSize + ethernet.size() + kLanFcsSize);
    out.push_back(withLanFcs ? kBcpFlagLanFcs : 0);
    out.push_back(kBcpMacIeee8023);
    out.insert(out.end(), ethernet.begin(), ethernet.end());
    if (withLanFcs)
    {
        const uint32_t crc = Ieee8023Crc32(ethernet.data(), ethernet.size());
        for (int i = 0; i < 4; ++i)
        {
            out.push_back(static_cast<uint8_t>(crc >> (8 * i)));
        }
    }
    return out;
}

} // namespace ns3
