#include "conformance/fast-layers.h"

#include <algorithm>

namespace ns3
{

namespace
{

uint16_t
Be16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
Be32(const uint8_t* p)
{
    return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
           (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

/** FT_STRING with ENC_ASCII as tshark prints it: up to the first NUL, non-ASCII as U+FFFD. */
std::string
Ascii(const uint8_t* p, size_t n)
{
    std::string s;
    for (size_t i = 0; i < n && p[i] != 0; ++i)
    {
        s += p[i] < 0x80 ? std::string(1, static_cast<char>(p[i])) : "\xEF\xBF\xBD";
    }
    return s;
}

/** PPP protocols whose layer tshark fills with the RFC 1661 Code/Identifier/Length header. */
bool
IsCpProtocol(uint16_t proto)
{
    return proto == pppproto::LCP || proto == pppproto::IPCP || proto == pppproto::BCP ||
           proto == pppproto::CCP || proto == pppproto::IPV6CP || proto == pppproto::MPLSCP;
}

/** LCP codes after the header (dissect_lcp): magic number, rejected protocol. */
void
LcpFields(const uint8_t* p, size_t n, PppRecord& r)
{
    const size_t left = r.length >= 4 ? r.length - 4u : 0; // tshark: length -= 4
    if (r.code >= pppcode::ECHO_REQUEST && r.code <= 13 && left >= 4 && n >= 8)
    {
        r.hasMagic = true; // Echo-Request/-Reply, Discard-Request, Identification, Time-Remaining
        r.magic = Be32(p + 4);
    }
    if (r.code == pppcode::PROTOCOL_REJECT && left >= 2 && n >= 6)
    {
        r.hasRejectedProtocol = true;
        r.rejectedProtocol = Be16(p + 4);
    }
}

/** CHAP Challenge/Response data (dissect_chap): Value-Size, Value, Name. */
void
ChapFields(const uint8_t* p, size_t n, PppRecord& r)
{
    if ((r.code != chapcode::CHALLENGE && r.code != chapcode::RESPONSE) || r.length <= 4 || n < 5)
    {
        return;
    }
    const size_t left = r.length - 4u;
    r.hasChapValue = true;
    r.chapValueSize = p[4];
    const size_t vs = r.chapValueSize;
    if (5 + vs > n)
    {
        return; // the Value read throws: no Value, no Name
    }
    std::string name;
    if (left > vs + 1)
    {
        const size_t nameLen = left - vs - 1;
        if (5 + vs + nameLen <= n)
        {
            name = Ascii(p + 5 + vs, nameLen);
        }
    }
    r.SetChap(std::vector<uint8_t>(p + 5, p + 5 + vs), std::move(name));
}

/** Code/Identifier/Length of a control protocol layer; bytes bounded by Length as tshark's layer
 * raw bytes are. \return false if the header is cut short (tshark adds no layer). */
bool
CpHeader(const uint8_t* p, size_t n, PppRecord& r, bool chap)
{
    if (n < 4)
    {
        return false;
    }
    r.hasHeader = true;
    r.code = p[0];
    r.identifier = p[1];
    r.length = Be16(p + 2);
    size_t take = std::min<size_t>(r.length, n);
    if (chap && r.length < 4)
    {
        take = n; // the CHAP item keeps its "rest of the packet" length when Length < 4
    }
    r.bytes.assign(p, p + take);
    return true;
}

/** ISAKMP payload chain walk (dissect_payloads): types, lengths, VID/NAT-D bytes, SA hash. */
class IkePayloadWalker
{
public:
    IkePayloadWalker(const uint8_t* p, size_t n, IkeRecord& r, int version)
        : m_p(p)
        , m_n(n)
        , m_r(r)
        , m_version(version)
    {
    }

    void
    Chain(uint8_t first, size_t off, long length)
    {
        uint8_t payload = first;
        while (length > 0)
        {
            if (payload == 0 || length < 4 || off + 4 > m_n)
            {
                return; // extra data, or no room for a payload header
            }
            const uint8_t next = m_p[off];
            const uint16_t plen = Be16(m_p + off + 2);
            IkePayload pl;
            pl.type = payload;
            pl.length = plen;
            if (plen >= 4)
            {
                if (off + plen > m_n)
                {
                    m_r.payloads.push_back(pl);
                    m_r.malformed = true;
                    return; // tvb_ensure_bytes_exist throws
                }
                Content(pl, off + 4, plen - 4u);
            }
            else if (plen > length)
            {
                m_r.payloads.push_back(pl);
                return;
            }
            m_r.payloads.push_back(std::move(pl));
            const size_t step = plen >= 4 ? plen : 4;
            length -= static_cast<long>(step);
            off += step;
            payload = next;
        }
    }

private:
    void
    Content(IkePayload& pl, size_t off, size_t len)
    {
        if (m_version != 1)
        {
            return;
        }
        if (pl.type == isakmp::PAYLOAD_VID)
        {
            pl.vid.assign(m_p + off, m_p + off + len);
        }
        if (pl.type == isakmp::PAYLOAD_NAT_D || pl.type == isakmp::PAYLOAD_NAT_D_DRAFT)
        {
            pl.hash.assign(m_p + off, m_p + off + len);
        }
        if (pl.type == isakmp::PAYLOAD_SA && m_r.hashAlgorithm < 0)
        {
            SaHash(off, len);
        }
    }

    /** RFC 2407 §4.6.1 SA (DOI, Situation), then proposals and transforms (RFC 2408 §3.5-3.6). */
    void
    SaHash(size_t off, size_t len)
    {
        if (len < 8 || Be32(m_p + off) != 1)
        {
            return; // only the IPsec DOI carries proposals
        }
        size_t o = off + 8;
        const size_t end = off + len;
        while (o + 4 <= end)
        {
            const uint16_t plen = Be16(m_p + o + 2);
            if (plen < 8 || o + plen > end)
            {
                return;
            }
            Proposal(o + 4, o + plen);
            if (m_r.hashAlgorithm >= 0 || m_p[o] == 0)
            {
                return;
            }
            o += plen;
        }
    }

    void
    Proposal(size_t o, size_t end)
    {
        const uint8_t protocolId = m_p[o + 1];
        const uint8_t spiSize = m_p[o + 2];
        uint8_t transforms = m_p[o + 3];
        o += 4 + spiSize;
        while (transforms-- > 0 && o + 4 <= end)
        {
            const uint16_t tlen = Be16(m_p + o + 2);
            if (tlen < 4 || o + tlen > end)
            {
                return;
            }
            if (protocolId == 1 && tlen >= 8 && m_p[o + 5] == 1) // PROTO_ISAKMP, KEY_IKE
            {
                Attributes(o + 8, o + tlen);
                if (m_r.hashAlgorithm >= 0)
                {
                    return;
                }
            }
            o += tlen;
        }
    }

    /** RFC 2409 Appendix A attributes: Hash Algorithm is class 2. */
    void
    Attributes(size_t o, size_t end)
    {
        while (o + 4 <= end)
        {
            const bool tv = (m_p[o] & 0x80) != 0;
            const uint16_t type = Be16(m_p + o) & 0x7FFF;
            const size_t vlen = tv ? 2 : Be16(m_p + o + 2);
            const size_t voff = tv ? o + 2 : o + 4;
            if (type == 2 && vlen == 2 && voff + 2 <= m_n)
            {
                m_r.hashAlgorithm = Be16(m_p + voff);
                return;
            }
            o = voff + vlen;
        }
    }

    const uint8_t* m_p;
    size_t m_n;
    IkeRecord& m_r;
    int m_version;
};

std::string
Hex(const uint8_t* p, size_t n)
{
    static const char* kHex = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i)
    {
        s += kHex[p[i] >> 4];
        s += kHex[p[i] & 0x0F];
    }
    return s;
}

/**
 * True if an IP datagram carried in PPP holds what tshark would make records of on its own: IKE
 * (UDP 500/4500), ESP, AH, GRE or L2TP again. Asked of PPP inside L2TP only: the fast engine does
 * not decode a tunnel's inner IP (PPP on a link of its own, PPPoE or a PPP capture, carries the
 * outer IP, which it decodes).
 */
bool
InnerIpHasRecords(uint16_t protocol, const uint8_t* q, size_t m)
{
    uint8_t next = 0;
    const uint8_t* l4 = nullptr;
    size_t l4len = 0;
    if (protocol == pppproto::IPV4 && m >= 20 && (q[0] >> 4) == 4)
    {
        const size_t ihl = static_cast<size_t>(q[0] & 0x0F) * 4;
        const bool firstFragment = (Be16(q + 6) & 0x1FFF) == 0;
        next = q[9];
        if (ihl >= 20 && m >= ihl && firstFragment)
        {
            l4 = q + ihl;
            l4len = m - ihl;
        }
    }
    else if (protocol == 0x0057 && m >= 40 && (q[0] >> 4) == 6)
    {
        next = q[6];
        l4 = q + 40;
        l4len = m - 40;
    }
    if (next == 47 || next == 50 || next == 51)
    {
        return true; // GRE, ESP, AH
    }
    if (next != 17 || !l4 || l4len < 4)
    {
        return false;
    }
    for (uint16_t port : {Be16(l4), Be16(l4 + 2)})
    {
        if (port == 500 || port == 4500 || port == 1701)
        {
            return true;
        }
    }
    return false;
}

} // namespace

bool
DecodePppLikeTshark(const uint8_t* p, size_t n, PppRecord& r, std::string& fallback)
{
    if (n < 1 || p[0] == 0x0F || p[0] == 0x8F)
    {
        return false; // nothing, or Cisco HDLC (tshark hands it to chdlc)
    }
    size_t off = p[0] == 0xFF ? 2 : 0;
    if (off + 1 > n)
    {
        return true; // the layer with no Protocol field
    }
    size_t protoLen = (p[off] & 0x01) ? 1 : 2;
    if (off + protoLen > n)
    {
        return true;
    }
    r.protocol = protoLen == 1 ? p[off] : Be16(p + off);
    const uint8_t* q = p + off + protoLen;
    const size_t m = n - off - protoLen;
    if (r.protocol == pppproto::MP)
    {
        fallback = "MP (RFC 1990) fragments need reassembly, which the fast engine does not do";
        return true;
    }
    if (r.inL2tp && InnerIpHasRecords(r.protocol, q, m))
    {
        fallback = "IKE, ESP, AH, GRE or L2TP inside a tunnelled IP packet (the fast engine "
                   "decodes the outer layers only)";
        return true;
    }
    if (IsCpProtocol(r.protocol))
    {
        if (CpHeader(q, m, r, false))
        {
            if (r.code >= pppcode::CONFIGURE_REQUEST && r.code <= pppcode::CONFIGURE_REJECT)
            {
                r.hasOptions = true;
                WalkPppOptions(r);
            }
            if (r.protocol == pppproto::LCP)
            {
                LcpFields(q, m, r);
            }
        }
    }
    else if (r.protocol == pppproto::CHAP)
    {
        if (CpHeader(q, m, r, true))
        {
            ChapFields(q, m, r);
        }
    }
    else if (r.protocol == pppproto::PAP)
    {
        CpHeader(q, m, r, false);
    }
    return true;
}

bool
DecodeEspLikeTshark(const uint8_t* p, size_t n, EspRecord& r)
{
    if (n < 4)
    {
        r.malformed = true;
        return n > 0;
    }
    r.spi = Be32(p);
    if (n >= 8)
    {
        r.sequence = Be32(p + 4);
    }
    else
    {
        r.malformed = true;
    }
    return true;
}

bool
DecodeIkeLikeTshark(const uint8_t* p, size_t n, IkeRecord& r)
{
    constexpr size_t kHdr = 28; // RFC 2408 §3.1
    if (n < kHdr)
    {
        return false;
    }
    r.initiatorCookie = Hex(p, 8);
    r.responderCookie = Hex(p + 8, 8);
    const uint8_t first = p[16];
    r.majorVersion = p[17] >> 4;
    if (r.majorVersion != 1 && r.majorVersion != 2)
    {
        // tshark's isakmp names the Exchange Type per version: with another major version it
        // shows cookies, version, flags and Message ID only, and walks no payload.
        r.flags = p[19];
        r.messageId = Be32(p + 20);
        r.payloadsVisible = !r.Encrypted();
        return true;
    }
    r.exchangeType = p[18];
    r.flags = p[19];
    r.messageId = Be32(p + 20);
    r.length = Be32(p + 24);
    if (r.length < kHdr)
    {
        return false; // tshark's isakmp refuses it: the datagram shows as data
    }
    if (r.length > n)
    {
        // tshark sizes the isakmp item by Length before adding the Length item: it throws, so
        // the message shows no Length and no payload.
        r.length = 0;
        r.malformed = true;
        r.payloadsVisible = !r.Encrypted();
        return true;
    }
    if (!(r.majorVersion == 1 && r.Encrypted()))
    {
        IkePayloadWalker(p, n, r, r.majorVersion)
            .Chain(first, kHdr, static_cast<long>(r.length - kHdr));
    }
    r.payloadsVisible = !r.Encrypted() || r.decrypted;
    return true;
}

UdpEncapKind
ClassifyUdpEncap(const uint8_t* p, size_t n)
{
    if (n == 1 && p[0] == 0xFF)
    {
        return UdpEncapKind::NAT_KEEPALIVE;
    }
    if (n < 4)
    {
        return UdpEncapKind::OTHER; // tvb_get_ntohl throws: neither marker nor ESP
    }
    return Be32(p) == 0 ? UdpEncapKind::NON_ESP_MARKER : UdpEncapKind::ESP;
}

} // namespace ns3
