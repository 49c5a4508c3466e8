#include "conformance/ppp-records.h"

#include "model/ppp/ppp-frame.h"

#include "conformance/records.h"

#include "model/common/text.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

namespace ns3
{

namespace
{

std::string
Endpoint(const std::string& ip, uint16_t port)
{
    if (ip.empty())
    {
        return "?";
    }
    std::string a = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
    return port ? a + ":" + std::to_string(port) : a;
}

} // namespace

OptionValue::OptionValue(OptionValue&& o) noexcept
    : m_size(o.m_size)
{
    if (m_size > kInline)
    {
        m_heap = o.m_heap;
        o.m_size = 0;
    }
    else
    {
        std::memcpy(m_inline, o.m_inline, kInline);
    }
}

OptionValue&
OptionValue::operator=(const OptionValue& o)
{
    if (this != &o)
    {
        assign(o.data(), o.data() + o.size());
    }
    return *this;
}

OptionValue&
OptionValue::operator=(OptionValue&& o) noexcept
{
    if (this != &o)
    {
        Release();
        m_size = o.m_size;
        if (m_size > kInline)
        {
            m_heap = o.m_heap;
            o.m_size = 0;
        }
        else
        {
            std::memcpy(m_inline, o.m_inline, kInline);
        }
    }
    return *this;
}

void
OptionValue::Release()
{
    if (m_size > kInline)
    {
        delete[] m_heap;
    }
    m_size = 0;
}

void
OptionValue::assign(const uint8_t* b, const uint8_t* e)
{
    const size_t n = std::min<size_t>(static_cast<size_t>(e - b), 255);
    if (n > kInline)
    {
        auto* p = new uint8_t[n]; // before Release: b may point into this value
        std::memcpy(p, b, n);
        Release();
        m_heap = p;
    }
    else
    {
        uint8_t tmp[kInline] = {};
        if (n > 0)
        {
            std::memcpy(tmp, b, n);
        }
        Release();
        std::memcpy(m_inline, tmp, kInline);
    }
    m_size = static_cast<uint8_t>(n);
}

bool
OptionValue::operator==(const OptionValue& o) const
{
    return m_size == o.m_size && (m_size == 0 || std::memcmp(data(), o.data(), m_size) == 0);
}

bool
OptionValue::operator==(const std::vector<uint8_t>& v) const
{
    return m_size == v.size() && (m_size == 0 || std::memcmp(data(), v.data(), m_size) == 0);
}

const std::vector<uint8_t>&
PppRecord::ChapValue() const
{
    static const std::vector<uint8_t> kNone;
    return chap ? chap->value : kNone;
}

const std::string&
PppRecord::ChapName() const
{
    static const std::string kNone;
    return chap ? chap->name : kNone;
}

void
PppRecord::SetChap(std::vector<uint8_t> value, std::string name)
{
    if (value.empty() && name.empty())
    {
        chap.reset();
        return;
    }
    auto d = std::make_shared<PppChapData>();
    d->value = std::move(value);
    d->name = std::move(name);
    chap = std::move(d);
}

/**
 * Options of a Configure-* packet: a Type/Length walk over the packet octets tshark delimited
 * (Code..Length). tshark's own option subtrees are not used for this because Wireshark 4.0 prints
 * no Type/Length items for an option whose length it considers invalid (only an expert warning),
 * and those are exactly the options a length rule must see.
 */
void
WalkPppOptions(PppRecord& r)
{
    size_t end = std::min<size_t>(r.bytes.size(), r.length);
    size_t count = 0; // a capacity hint: one allocation, not one per doubling
    for (size_t k = 4; k + 2 <= end && r.bytes[k + 1] >= 2; k += r.bytes[k + 1])
    {
        ++count;
    }
    r.options.reserve(r.options.size() + count);
    size_t i = 4;
    while (i + 2 <= end)
    {
        PppOption o;
        o.type = r.bytes[i];
        o.length = r.bytes[i + 1];
        if (o.length < 2 || i + o.length > end)
        {
            r.optionsWellFormed = false;
            return;
        }
        o.value.assign(r.bytes.data() + i + 2, r.bytes.data() + i + o.length);
        r.options.push_back(std::move(o));
        i += o.length;
    }
    if (i != end)
    {
        r.optionsWellFormed = false;
    }
}

namespace
{

void
FillHeader(const TsharkNode& layer,
           const std::string& prefix,
           const std::string& rawHex,
           PppRecord& r)
{
    if (!layer.Member(prefix + ".code"))
    {
        return;
    }
    r.hasHeader = true;
    r.code = static_cast<uint8_t>(UnsignedOrZero(layer.Text(prefix + ".code")));
    r.identifier = static_cast<uint8_t>(UnsignedOrZero(layer.Text(prefix + ".identifier")));
    r.length = static_cast<uint16_t>(UnsignedOrZero(layer.Text(prefix + ".length")));
    r.bytes = HexToBytes(rawHex);
}

} // namespace

std::vector<uint8_t>
HexToBytes(const std::string& hex)
{
    std::vector<uint8_t> out;
    auto nib = [](char c) -> int
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    };
    size_t i = 0;
    while (i + 1 < hex.size())
    {
        if (hex[i] == ':')
        {
            ++i;
            continue;
        }
        int h = nib(hex[i]);
        int l = nib(hex[i + 1]);
        if (h < 0 || l < 0)
        {
            break;
        }
        out.push_back(static_cast<uint8_t>(h << 4 | l));
        i += 2;
    }
    return out;
}

std::string
PppProtocolLabel(uint16_t protocol)
{
    return PppProtocolName(protocol); // the model's table (model/ppp/ppp-frame.cc)
}

std::string
PppCodeName(uint16_t protocol, uint8_t code)
{
    if (protocol == pppproto::CHAP)
    {
        static const char* kChap[] = {"", "Challenge", "Response", "Success", "Failure"};
        return code >= 1 && code <= 4 ? kChap[code] : "Code(" + std::to_string(code) + ")";
    }
    if (protocol == pppproto::PAP)
    {
        static const char* kPap[] = {"", "Authenticate-Request", "Authenticate-Ack",
                                     "Authenticate-Nak"};
        return code >= 1 && code <= 3 ? kPap[code] : "Code(" + std::to_string(code) + ")";
    }
    static const char* kCodes[] = {"",
                                   "Configure-Request",
                                   "Configure-Ack",
                                   "Configure-Nak",
                                   "Configure-Reject",
                                   "Terminate-Request",
                                   "Terminate-Ack",
                                   "Code-Reject",
                                   "Protocol-Reject",
                                   "Echo-Request",
                                   "Echo-Reply",
                                   "Discard-Request"};
    uint8_t maxCode = protocol == pppproto::LCP ? 11 : 7;
    if (protocol == pppproto::CCP && (code == 14 || code == 15))
    {
        return code == 14 ? "Reset-Request" : "Reset-Ack";
    }
    return code >= 1 && code <= maxCode ? kCodes[code] : "Code(" + std::to_string(code) + ")";
}

std::string
PppEndpointLink(const PppRecord& r, int& dir)
{
    std::string a = r.Src();
    std::string b = r.Dst();
    dir = a < b ? 0 : 1;
    std::string carrier = r.inL2tp ? " L2TP" : "";
    if (r.inPppoe)
    {
        char sid[16];
        std::snprintf(sid, sizeof(sid), " PPPoE 0x%04x", r.pppoeSession);
        carrier += sid; // RFC 2516 §4: a session is its SESSION_ID and the two Ethernet addresses
    }
    return (a < b ? a + " " + b : b + " " + a) + carrier;
}

std::string
PppRecord::Src() const
{
    return srcIp.empty() && !srcLink.empty() ? srcLink.str() : Endpoint(srcIp, srcPort);
}

std::string
PppRecord::Dst() const
{
    return dstIp.empty() && !dstLink.empty() ? dstLink.str() : Endpoint(dstIp, dstPort);
}

std::string
PppRecord::Describe() const
{
    std::string s = PppProtocolLabel(protocol);
    if (isMpHeader)
    {
        return s + " fragment seq " + std::to_string(mpSequence) + (mpBegin ? " B" : "") +
               (mpEnd ? " E" : "");
    }
    if (hasHeader)
    {
        s += " " + PppCodeName(protocol, code) + " id " + std::to_string(identifier);
    }
    return s;
}

std::vector<uint8_t>
PppRecord::Data() const
{
    if (bytes.size() <= 4)
    {
        return {};
    }
    size_t end = std::min<size_t>(bytes.size(), length >= 4 ? length : bytes.size());
    return std::vector<uint8_t>(bytes.begin() + 4, bytes.begin() + std::max<size_t>(4, end));
}

const PppOption*
PppRecord::FindOption(uint8_t type) const
{
    for (const auto& o : options)
    {
        if (o.type == type)
        {
            return &o;
        }
    }
    return nullptr;
}

bool
FillPppRecordFromLayer(const std::string& layerName,
                       const TsharkNode& layer,
                       const std::string& rawHex,
                       PppRecord& r)
{
    if (layerName == "ppp")
    {
        r.protocol = static_cast<uint16_t>(UnsignedOrZero(layer.Text("ppp.protocol")));
        if (layer.Member("ppp.direction"))
        {
            r.pppDirection = static_cast<int>(UnsignedOrZero(layer.Text("ppp.direction")));
        }
        return true;
    }
    if (layerName == "lcp" || layerName == "ipcp" || layerName == "bcp_ncp" || layerName == "ccp" ||
        layerName == "ipv6cp" || layerName == "mplscp")
    {
        FillHeader(layer, "ppp", rawHex, r);
        if (r.hasHeader && r.code >= pppcode::CONFIGURE_REQUEST &&
            r.code <= pppcode::CONFIGURE_REJECT)
        {
            r.hasOptions = true;
            WalkPppOptions(r);
        }
        if (layer.Member("lcp.magic_number"))
        {
            r.hasMagic = true;
            r.magic = static_cast<uint32_t>(UnsignedOrZero(layer.Text("lcp.magic_number")));
        }
        if (layer.Member("lcp.rej_proto"))
        {
            r.hasRejectedProtocol = true;
            r.rejectedProtocol = static_cast<uint16_t>(UnsignedOrZero(layer.Text("lcp.rej_proto")));
        }
        return true;
    }
    if (layerName == "chap")
    {
        FillHeader(layer, "chap", rawHex, r);
        const TsharkNode* data = layer.Member("chap.data");
        if (data && data->kind == TsharkNode::OBJECT && data->Member("chap.value_size"))
        {
            r.hasChapValue = true;
            r.chapValueSize = static_cast<uint8_t>(UnsignedOrZero(data->Text("chap.value_size")));
            r.SetChap(HexToBytes(data->RawHex("chap.value_raw")), data->Text("chap.name"));
        }
        return true;
    }
    if (layerName == "pap")
    {
        FillHeader(layer, "pap", rawHex, r);
        return true;
    }
    if (layerName == "mp")
    {
        r.isMpHeader = true;
        r.mpSequence = static_cast<uint32_t>(UnsignedOrZero(layer.Text("mp.seq")));
        r.mpShortSequence = !layer.Member("mp.seq") && layer.Member("mp.sseq");
        if (r.mpShortSequence)
        {
            r.mpSequence = static_cast<uint32_t>(UnsignedOrZero(layer.Text("mp.sseq")));
        }
        r.mpBegin = layer.Find("mp.first") == "1";
        r.mpEnd = layer.Find("mp.last") == "1";
        std::vector<uint8_t> hdr = HexToBytes(rawHex);
        if (!hdr.empty())
        {
            // Long format: B E 0 0 0 0 0 0 (6 reserved bits); short: B E 0 0 (2 reserved bits).
            r.mpReservedBits = r.mpShortSequence ? static_cast<uint8_t>(hdr[0] & 0x30)
                                                 : static_cast<uint8_t>(hdr[0] & 0x3F);
        }
        return true;
    }
    return false;
}

bool
IsPppControlPacket(const PppRecord& p)
{
    return p.protocol >= 0x8000;
}

} // namespace ns3
