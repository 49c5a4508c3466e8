#include "model/ppp/ppp-mss-clamp.h"

namespace ns3
{

namespace
{

constexpr uint8_t kIpProtoTcp = 6;    //!< IANA protocol number of TCP
constexpr uint8_t kTcpSyn = 0x02;     //!< RFC 9293 §3.1 control bit SYN
constexpr uint8_t kOptEnd = 0;        //!< End of Option List
constexpr uint8_t kOptNop = 1;        //!< No-Operation
constexpr uint8_t kOptMss = 2;        //!< Maximum Segment Size
constexpr size_t kTcpChecksumAt = 16; //!< offset of the checksum in the TCP header

/** \brief Where the TCP segment of an unfragmented IPv4 datagram lies. */
struct Segment
{
    size_t offset{0}; //!< first octet of the TCP header
    size_t length{0}; //!< TCP header + data
};

/** \brief False if `d` is not an IPv4 datagram carrying a whole TCP segment. */
bool
FindSegment(const Bytes& d, Segment& s, bool& malformed)
{
    malformed = false;
    if (d.size() < 20 || (d[0] >> 4) != 4)
    {
        return false;
    }
    const size_t ihl = static_cast<size_t>(d[0] & 0x0f) * 4;
    const size_t total = static_cast<size_t>(d[2]) << 8 | d[3];
    if (ihl < 20 || total < ihl || total > d.size())
    {
        malformed = true;
        return false;
    }
    const bool laterFragment = ((d[6] & 0x1f) != 0 || d[7] != 0);
    if (d[9] != kIpProtoTcp || laterFragment)
    {
        return false;
    }
    s.offset = ihl;
    s.length = total - ihl;
    if (s.length < 20)
    {
        malformed = true;
        return false;
    }
    return true;
}

/** \brief One's-complement sum of `n` octets at `p` (RFC 1071), folded into `sum`. */
uint32_t
Sum(const uint8_t* p, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
    {
        sum += static_cast<uint32_t>(p[i]) << 8 | p[i + 1];
    }
    if (n % 2 != 0)
    {
        sum += static_cast<uint32_t>(p[n - 1]) << 8;
    }
    return sum;
}

uint16_t
Checksum(const Bytes& d, const Segment& s)
{
    // RFC 9293 §3.1: the pseudo-header (source, destination, zero, protocol, TCP length), then
    // the segment with its checksum field taken as zero.
    uint32_t sum = Sum(d.data() + 12, 8, 0);
    sum += kIpProtoTcp;
    sum += static_cast<uint32_t>(s.length);
    sum = Sum(d.data() + s.offset, kTcpChecksumAt, sum);
    const size_t after = kTcpChecksumAt + 2;
    sum = Sum(d.data() + s.offset + after, s.length - after, sum);
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

/** \brief Offset of the MSS option's value in `d`, 0 if absent; false if the options are bad. */
bool
FindMss(const Bytes& d, const Segment& s, size_t& at)
{
    at = 0;
    const size_t doff = static_cast<size_t>(d[s.offset + 12] >> 4) * 4;
    if (doff < 20 || doff > s.length)
    {
        return false;
    }
    size_t i = s.offset + 20;
    const size_t end = s.offset + doff;
    while (i < end)
    {
        const uint8_t kind = d[i];
        if (kind == kOptEnd)
        {
            return true;
        }
        if (kind == kOptNop)
        {
            ++i;
            continue;
        }
        if (i + 1 >= end || d[i + 1] < 2 || i + d[i + 1] > end)
        {
            return false; // RFC 9293 §3.1: an option's length covers kind and length octets
        }
        if (kind == kOptMss)
        {
            if (d[i + 1] != 4)
            {
                return false;
            }
            at = i + 2;
        }
        i += d[i + 1];
    }
    return true;
}

} // namespace

const char*
ToString(MssClampResult r)
{
    switch (r)
    {
    case MssClampResult::NOT_TCP_SYN:
        return "not-tcp-syn";
    case MssClampResult::NO_MSS:
        return "no-mss";
    case MssClampResult::WITHIN:
        return "within";
    case MssClampResult::CLAMPED:
        return "clamped";
    case MssClampResult::MALFORMED:
        return "malformed";
    }
    return "?";
}

uint16_t
TcpChecksumOf(const Bytes& datagram)
{
    Segment s;
    bool malformed = false;
    return FindSegment(datagram, s, malformed) ? Checksum(datagram, s) : 0;
}

MssClampResult
ClampTcpMss(Bytes& d, uint16_t maxMss, uint16_t* oldMss)
{
    if (oldMss != nullptr)
    {
        *oldMss = 0;
    }
    Segment s;
    bool malformed = false;
    if (!FindSegment(d, s, malformed))
    {
        return malformed ? MssClampResult::MALFORMED : MssClampResult::NOT_TCP_SYN;
    }
    if ((d[s.offset + 13] & kTcpSyn) == 0)
    {
        return MssClampResult::NOT_TCP_SYN;
    }
    size_t at = 0;
    if (!FindMss(d, s, at))
    {
        return MssClampResult::MALFORMED;
    }
    if (at == 0)
    {
        return MssClampResult::NO_MSS;
    }
    const uint16_t mss = static_cast<uint16_t>(d[at] << 8 | d[at + 1]);
    if (oldMss != nullptr)
    {
        *oldMss = mss;
    }
    if (mss <= maxMss)
    {
        return MssClampResult::WITHIN;
    }
    d[at] = static_cast<uint8_t>(maxMss >> 8);
    d[at + 1] = static_cast<uint8_t>(maxMss);
    const uint16_t c = Checksum(d, s);
    d[s.offset + kTcpChecksumAt] = static_cast<uint8_t>(c >> 8);
    d[s.offset + kTcpChecksumAt + 1] = static_cast<uint8_t>(c);
    return MssClampResult::CLAMPED;
}

} // namespace ns3
