#include "conformance/pcap-writer.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ns3
{

namespace
{

void
PutU16(std::vector<uint8_t>& b, uint16_t v)
{
    b.push_back(static_cast<uint8_t>(v >> 8));
    b.push_back(static_cast<uint8_t>(v & 0xFF));
}

void
PutU32(std::vector<uint8_t>& b, uint32_t v)
{
    PutU16(b, static_cast<uint16_t>(v >> 16));
    PutU16(b, static_cast<uint16_t>(v & 0xFFFF));
}

void
PutLe32(FILE* f, uint32_t v)
{
    uint8_t b[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8),
                    static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 24)};
    std::fwrite(b, 1, 4, f);
}

void
PutLe16(FILE* f, uint16_t v)
{
    uint8_t b[2] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)};
    std::fwrite(b, 1, 2, f);
}

} // namespace

RawAvp
RawAvp::U16(uint16_t type, uint16_t v, bool mandatory)
{
    RawAvp a;
    a.type = type;
    a.mandatory = mandatory;
    PutU16(a.value, v);
    return a;
}

RawAvp
RawAvp::U32(uint16_t type, uint32_t v, bool mandatory)
{
    RawAvp a;
    a.type = type;
    a.mandatory = mandatory;
    PutU32(a.value, v);
    return a;
}

RawAvp
RawAvp::Str(uint16_t type, const std::string& s, bool mandatory)
{
    RawAvp a;
    a.type = type;
    a.mandatory = mandatory;
    a.value.assign(s.begin(), s.end());
    return a;
}

RawAvp
RawAvp::Bytes(uint16_t type, std::vector<uint8_t> b, bool mandatory)
{
    RawAvp a;
    a.type = type;
    a.mandatory = mandatory;
    a.value = std::move(b);
    return a;
}

RawL2tp
RawL2tp::Control(uint16_t mt, uint16_t tid, uint16_t sid, uint16_t ns, uint16_t nr)
{
    RawL2tp m;
    m.tunnelId = tid;
    m.sessionId = sid;
    m.ns = ns;
    m.nr = nr;
    if (mt != 0)
    {
        m.avps.push_back(RawAvp::U16(0, mt));
    }
    return m;
}

RawL2tp
RawL2tp::Data(uint16_t tid, uint16_t sid, std::vector<uint8_t> ppp)
{
    RawL2tp m;
    m.flags = 0x4002;
    m.tunnelId = tid;
    m.sessionId = sid;
    m.payload = std::move(ppp);
    return m;
}

RawL2tp&
RawL2tp::Add(RawAvp a)
{
    avps.push_back(std::move(a));
    return *this;
}

std::vector<uint8_t>
RawL2tp::Bytes() const
{
    std::vector<uint8_t> b;
    PutU16(b, flags);
    bool hasLength = flags & 0x4000;
    bool hasSeq = flags & 0x0800;
    if (hasLength)
    {
        PutU16(b, 0); // patched below
    }
    PutU16(b, tunnelId);
    PutU16(b, sessionId);
    if (hasSeq)
    {
        PutU16(b, ns);
        PutU16(b, nr);
    }
    if (flags & 0x0200)
    {
        PutU16(b, 0); // Offset Size 0
    }
    for (const auto& a : avps)
    {
        uint16_t len = a.lengthOverride >= 0 ? static_cast<uint16_t>(a.lengthOverride)
                                             : static_cast<uint16_t>(6 + a.value.size());
        uint16_t w = static_cast<uint16_t>((a.mandatory ? 0x8000 : 0) | (a.hidden ? 0x4000 : 0) |
                                           ((a.reservedBits & 0x0F) << 10) | (len & 0x03FF));
        PutU16(b, w);
        PutU16(b, a.vendor);
        PutU16(b, a.type);
        b.insert(b.end(), a.value.begin(), a.value.end());
    }
    b.insert(b.end(), payload.begin(), payload.end());
    if (hasLength)
    {
        size_t len = lengthOverride >= 0 ? static_cast<size_t>(lengthOverride) : b.size();
        b[2] = static_cast<uint8_t>(len >> 8);
        b[3] = static_cast<uint8_t>(len & 0xFF);
    }
    return b;
}

bool
WritePcap(const std::string& path, const std::vector<PcapPacket>& packets, std::string& error)
{
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
    {
        error = "cannot write '" + path + "': " + std::strerror(errno);
        return false;
    }
    PutLe32(f, 0xa1b2c3d4); // classic pcap, microseconds
    PutLe16(f, 2);
    PutLe16(f, 4);
    PutLe32(f, 0);
    PutLe32(f, 0);
    PutLe32(f, 65535);
    PutLe32(f, 1); // LINKTYPE_ETHERNET
    uint16_t ipId = 1;
    for (const auto& p : packets)
    {
        in_addr src;
        in_addr dst;
        if (inet_pton(AF_INET, p.srcIp.c_str(), &src) != 1 ||
            inet_pton(AF_INET, p.dstIp.c_str(), &dst) != 1)
        {
            std::fclose(f);
            error = "bad IPv4 address in packet " + p.srcIp + " -> " + p.dstIp;
            return false;
        }
        std::vector<uint8_t> fr = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00};
        size_t ipStart = fr.size();
        uint16_t udpLen = static_cast<uint16_t>(8 + p.udpPayload.size());
        fr.push_back(0x45);
        fr.push_back(0);
        PutU16(fr, static_cast<uint16_t>(20 + udpLen));
        PutU16(fr, ipId++);
        PutU16(fr, 0x4000); // DF
        fr.push_back(64);
        fr.push_back(17);
        PutU16(fr, 0); // checksum, below
        const uint8_t* s = reinterpret_cast<const uint8_t*>(&src.s_addr);
        const uint8_t* d = reinterpret_cast<const uint8_t*>(&dst.s_addr);
        fr.insert(fr.end(), s, s + 4);
        fr.insert(fr.end(), d, d + 4);
        uint32_t sum = 0;
        for (size_t i = ipStart; i < ipStart + 20; i += 2)
        {
            sum += static_cast<uint32_t>(fr[i] << 8 | fr[i + 1]);
        }
        while (sum >> 16)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        uint16_t cs = static_cast<uint16_t>(~sum);
        fr[ipStart + 10] = static_cast<uint8_t>(cs >> 8);
        fr[ipStart + 11] = static_cast<uint8_t>(cs & 0xFF);
        PutU16(fr, p.srcPort);
        PutU16(fr, p.dstPort);
        PutU16(fr, udpLen);
        PutU16(fr, 0); // no UDP checksum (allowed over IPv4)
        fr.insert(fr.end(), p.udpPayload.begin(), p.udpPayload.end());

        TimeNs t = p.time < 0 ? 0 : p.time;
        PutLe32(f, static_cast<uint32_t>(t / kSec));
        PutLe32(f, static_cast<uint32_t>((t % kSec) / kUs));
        PutLe32(f, static_cast<uint32_t>(fr.size()));
        PutLe32(f, static_cast<uint32_t>(fr.size()));
        std::fwrite(fr.data(), 1, fr.size(), f);
    }
    if (std::fclose(f) != 0)
    {
        error = "cannot write '" + path + "'";
        return false;
    }
    return true;
}

} // namespace ns3
