#include "model/ipsec/udp-encap.h"

namespace ns3
{

namespace
{

const NattReasonInfo kReasons[] = {
    {NattReason::NONE, "none", "RFC 3948 §2", "not malformed"},
    {NattReason::EMPTY, "empty", "RFC 3948 §2", "a zero-length UDP payload on port 4500"},
    {NattReason::SHORT, "short", "RFC 3948 §2.1",
     "1-7 octets that are not a keepalive: too short for an ESP header or a marked IKE message"},
    {NattReason::IKE_TOO_SHORT, "ike_too_short", "RFC 3948 §2.2",
     "non-ESP marker followed by less than the 28-octet ISAKMP header"},
};
static_assert(sizeof(kReasons) / sizeof(kReasons[0]) == static_cast<size_t>(NattReason::COUNT_),
              "one row per NattReason");

NattClass
Malformed(NattReason r)
{
    NattClass c;
    c.kind = NattKind::MALFORMED;
    c.reason = r;
    return c;
}

/** \brief RFC 1624 eq. 3: HC' = ~(~HC + ~m + m') over 16-bit words. */
uint16_t
IncrementalUpdate(uint16_t check, const uint8_t* oldBytes, const uint8_t* newBytes, size_t n)
{
    uint32_t sum = static_cast<uint16_t>(~check);
    for (size_t i = 0; i + 1 < n; i += 2)
    {
        uint16_t m = static_cast<uint16_t>((oldBytes[i] << 8) | oldBytes[i + 1]);
        uint16_t m2 = static_cast<uint16_t>((newBytes[i] << 8) | newBytes[i + 1]);
        sum += static_cast<uint16_t>(~m);
        sum += m2;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

} // namespace

const NattReasonInfo*
NattReasonTable(size_t& count)
{
    count = sizeof(kReasons) / sizeof(kReasons[0]);
    return kReasons;
}

const char*
NattKindName(NattKind k)
{
    switch (k)
    {
    case NattKind::ESP:
        return "esp";
    case NattKind::IKE:
        return "ike";
    case NattKind::KEEPALIVE:
        return "keepalive";
    case NattKind::MALFORMED:
        return "malformed";
    }
    return "?";
}

NattClass
ClassifyNattPayload(const uint8_t* data, size_t size)
{
    ByteReader r(data, size);
    uint8_t first = 0;
    if (!r.PeekU8(0, first))
    {
        return Malformed(NattReason::EMPTY);
    }
    if (size == 1 && first == kNatKeepaliveOctet)
    {
        NattClass c;
        c.kind = NattKind::KEEPALIVE;
        c.reason = NattReason::NONE;
        c.offset = 0;
        c.length = 1;
        return c;
    }
    uint32_t marker = 0;
    if (!r.ReadU32(marker))
    {
        return Malformed(NattReason::SHORT);
    }
    NattClass c;
    c.reason = NattReason::NONE;
    if (marker == 0)
    {
        if (r.Remaining() < kIkeHeaderLen)
        {
            return Malformed(NattReason::IKE_TOO_SHORT);
        }
        c.kind = NattKind::IKE;
        c.offset = kNonEspMarkerLen;
        c.length = r.Remaining();
        return c;
    }
    if (size < 8)
    {
        return Malformed(NattReason::SHORT); // no room for the Sequence Number
    }
    c.kind = NattKind::ESP;
    c.offset = 0;
    c.length = size;
    return c;
}

void
NattCounters::Count(const NattClass& c)
{
    ++kinds[static_cast<size_t>(c.kind)];
    if (c.kind == NattKind::MALFORMED)
    {
        ++malformed[static_cast<size_t>(c.reason)];
    }
}

Bytes
UdpEncapKeepalive()
{
    return Bytes{kNatKeepaliveOctet};
}

Bytes
UdpEncapIke(const Bytes& ikeMessage)
{
    Bytes out(kNonEspMarkerLen, 0);
    out.insert(out.end(), ikeMessage.begin(), ikeMessage.end());
    return out;
}

Bytes
UdpEncapBuildDatagram(uint16_t srcPort, uint16_t dstPort, const Bytes& payload)
{
    ByteWriter w;
    w.WriteU16(srcPort);
    w.WriteU16(dstPort);
    w.WriteU16(static_cast<uint16_t>(8 + payload.size()));
    w.WriteU16(0); // RFC 3948 §2.1: the checksum SHOULD be transmitted as zero
    w.WriteBytes(payload);
    return w.Take();
}

uint16_t
InternetChecksumAdd(uint32_t sum, const uint8_t* data, size_t size)
{
    uint64_t s = sum;
    for (size_t i = 0; i + 1 < size; i += 2)
    {
        s += static_cast<uint32_t>((data[i] << 8) | data[i + 1]);
    }
    if (size % 2 == 1)
    {
        s += static_cast<uint32_t>(data[size - 1] << 8);
    }
    while (s >> 16)
    {
        s = (s & 0xFFFF) + (s >> 16);
    }
    return static_cast<uint16_t>(s);
}

uint16_t
UdpChecksumIpv4(const Bytes& segment,
                const std::array<uint8_t, 4>& src,
                const std::array<uint8_t, 4>& dst)
{
    uint8_t pseudo[12] = {src[0],
                          src[1],
                          src[2],
                          src[3],
                          dst[0],
                          dst[1],
                          dst[2],
                          dst[3],
                          0,
                          17,
                          static_cast<uint8_t>(segment.size() >> 8),
                          static_cast<uint8_t>(segment.size() & 0xFF)};
    uint16_t sum = InternetChecksumAdd(0, pseudo, sizeof(pseudo));
    // The checksum field itself counts as zero.
    Bytes copy = segment;
    if (copy.size() >= 8)
    {
        copy[6] = 0;
        copy[7] = 0;
    }
    sum = InternetChecksumAdd(sum, copy.data(), copy.size());
    uint16_t check = static_cast<uint16_t>(~sum);
    return check == 0 ? 0xFFFF : check;
}

bool
FixInnerUdpChecksum(Bytes& segment,
                    const std::array<uint8_t, 4>& origSrc,
                    const std::array<uint8_t, 4>& origDst,
                    const std::array<uint8_t, 4>& newSrc,
                    const std::array<uint8_t, 4>& newDst)
{
    ByteReader r(segment);
    uint16_t check = 0;
    if (segment.size() < 8 || !r.PeekU16(6, check))
    {
        return false;
    }
    if (check == 0)
    {
        return true; // no checksum was sent (RFC 768)
    }
    uint8_t oldAddrs[8] = {origSrc[0], origSrc[1], origSrc[2], origSrc[3],
                           origDst[0], origDst[1], origDst[2], origDst[3]};
    uint8_t newAddrs[8] = {newSrc[0], newSrc[1], newSrc[2], newSrc[3],
                           newDst[0], newDst[1], newDst[2], newDst[3]};
    uint16_t updated = IncrementalUpdate(check, oldAddrs, newAddrs, 8);
    if (updated == 0)
    {
        updated = 0xFFFF; // RFC 768: a computed 0 is sent as all ones
    }
    segment[6] = static_cast<uint8_t>(updated >> 8);
    segment[7] = static_cast<uint8_t>(updated & 0xFF);
    return true;
}

} // namespace ns3
