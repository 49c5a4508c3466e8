#include "conformance/ipsec-records.h"

#include "conformance/records.h"

#include "model/common/text.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace ns3
{

namespace
{

std::string
Endpoint(const std::string& ip, uint16_t port)
{
    std::string a = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
    return port ? a + ":" + std::to_string(port) : a;
}

/** "06:08:ab:7e:c9:98:d4:3f" → "0608ab7ec998d43f". */
std::string
CookieHex(const std::string& s)
{
    std::string out;
    for (char c : s)
    {
        if (c != ':')
        {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

/** Top-level payloads: the `isakmp.typepayload` members of n, in order. */
void
CollectPayloads(const TsharkNode& n, IkeRecord& r)
{
    for (size_t i = 0; i < n.children.size(); ++i)
    {
        if (n.keys[i] != "isakmp.typepayload")
        {
            continue;
        }
        IkePayload p;
        p.type = static_cast<uint8_t>(UnsignedOrZero(n.children[i].scalar));
        // The subtree of that payload is the next "isakmp.typepayload_tree" member.
        for (size_t j = i + 1; j < n.children.size(); ++j)
        {
            if (n.keys[j] == "isakmp.typepayload")
            {
                break;
            }
            if (n.keys[j] == "isakmp.typepayload_tree")
            {
                const TsharkNode& t = n.children[j];
                p.length = static_cast<uint16_t>(UnsignedOrZero(t.Text("isakmp.payloadlength")));
                if (p.type == isakmp::PAYLOAD_VID)
                {
                    p.vid = HexToBytes(t.Text("isakmp.vid_bytes"));
                }
                if (p.type == isakmp::PAYLOAD_NAT_D || p.type == isakmp::PAYLOAD_NAT_D_DRAFT)
                {
                    p.hash = HexToBytes(t.Text("isakmp.ike.nat_hash"));
                }
                if (p.type == isakmp::PAYLOAD_SA && r.hashAlgorithm < 0)
                {
                    std::string h = t.Find("isakmp.ike.attr.hash_algorithm");
                    if (!h.empty())
                    {
                        r.hashAlgorithm = static_cast<int>(UnsignedOrZero(h));
                    }
                }
                break;
            }
        }
        r.payloads.push_back(std::move(p));
    }
}

} // namespace

const std::vector<uint8_t>&
Rfc3947VendorId()
{
    static const std::vector<uint8_t> kVid = {0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
                                              0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f};
    return kVid;
}

std::string
EspRecord::Src() const
{
    return Endpoint(srcIp, udpEncapsulated ? srcPort : 0);
}

std::string
EspRecord::Dst() const
{
    return Endpoint(dstIp, udpEncapsulated ? dstPort : 0);
}

std::string
IkeRecord::Src() const
{
    return Endpoint(srcIp, srcPort);
}

std::string
IkeRecord::Dst() const
{
    return Endpoint(dstIp, dstPort);
}

size_t
IkeRecord::Count(uint8_t type) const
{
    return static_cast<size_t>(std::count_if(payloads.begin(), payloads.end(),
                                             [type](const IkePayload& p)
                                             {
                                                 return p.type == type;
                                             }));
}

bool
IkeRecord::HasVendorId(const std::vector<uint8_t>& vid) const
{
    return std::any_of(payloads.begin(), payloads.end(),
                       [&vid](const IkePayload& p)
                       {
                           return p.type == isakmp::PAYLOAD_VID && p.vid == vid;
                       });
}

std::string
IkeRecord::ExchangeName() const
{
    switch (exchangeType)
    {
    case isakmp::EXCHANGE_IDENTITY_PROTECTION:
        return "Main Mode";
    case isakmp::EXCHANGE_AGGRESSIVE:
        return "Aggressive Mode";
    case isakmp::EXCHANGE_INFORMATIONAL:
        return "Informational";
    case isakmp::EXCHANGE_QUICK_MODE:
        return "Quick Mode";
    default:
        return "Exchange(" + std::to_string(exchangeType) + ")";
    }
}

std::string
NattRecord::Src() const
{
    return Endpoint(srcIp, srcPort);
}

std::string
NattRecord::Dst() const
{
    return Endpoint(dstIp, dstPort);
}

void
FillEspRecord(const TsharkNode& esp, EspRecord& r)
{
    r.spi = static_cast<uint32_t>(UnsignedOrZero(esp.Text("esp.spi")));
    r.sequence = static_cast<uint32_t>(UnsignedOrZero(esp.Text("esp.sequence")));
    r.decrypted = esp.Member("esp.decrypted_data") != nullptr;
}

void
FillIkeRecord(const TsharkNode& L, IkeRecord& r)
{
    r.initiatorCookie = CookieHex(L.Text("isakmp.ispi"));
    r.responderCookie = CookieHex(L.Text("isakmp.rspi"));
    r.majorVersion = static_cast<uint8_t>(UnsignedOrZero(L.Find("isakmp.mjver")));
    r.exchangeType = static_cast<uint8_t>(UnsignedOrZero(L.Text("isakmp.exchangetype")));
    r.flags = static_cast<uint8_t>(UnsignedOrZero(L.Text("isakmp.flags")));
    r.messageId = static_cast<uint32_t>(UnsignedOrZero(L.Text("isakmp.messageid")));
    r.length = static_cast<uint32_t>(UnsignedOrZero(L.Text("isakmp.length")));
    CollectPayloads(L, r);
    if (const TsharkNode* enc = L.Member("isakmp.enc.data"))
    {
        if (enc->kind == TsharkNode::OBJECT)
        {
            r.decrypted = true;
            CollectPayloads(*enc, r);
        }
    }
    r.payloadsVisible = !r.Encrypted() || r.decrypted;
}

} // namespace ns3
