// fuzz-target: Multilink PPP (RFC 1990) header decoder, reassembler and fragmenter; TCP MSS clamp
/**
 * \file
 * \brief libFuzzer target "mp-decoder". Octet 0: bit 0 the sequence format (short, §5.1.2),
 * bits 1-3 the reorder window, bits 4-7 the buffer bound (fragments); octets 1-2 the MRRU; the
 * rest is a list of records (one length octet, then that many octets: the Information field of
 * one MP frame, its first octet's low bit choosing member link 0 or 1). Each record goes through
 * DecodePppMpFragment and a two-link PppMpReassembler. Then the whole input as a datagram through
 * the fragmenter and a fresh reassembler, and through ClampTcpMss.
 *
 * Asserts: a decoded fragment re-encodes to a header that decodes to the same fields; the
 * reassembler never holds more fragments than its bound and never delivers a packet above the
 * MRRU or with an invalid Protocol field; fragmenting then reassembling in order gives the packet
 * back exactly once; a clamped SYN clamps no further and carries a correct checksum.
 */
#include "model/ppp/ppp-mp.h"
#include "model/ppp/ppp-mss-clamp.h"

#include <cstdio>
#include <cstdlib>

namespace
{

[[noreturn]] void
Fail(const char* what)
{
    std::fprintf(stderr, "mp-decoder: %s\n", what);
    std::abort();
}

void
CheckPackets(const std::vector<ns3::Bytes>& packets, uint32_t mrru)
{
    for (const ns3::Bytes& p : packets)
    {
        uint16_t protocol = 0;
        const size_t field = ns3::DecodePppMpProtocol(p, protocol);
        if (field == 0)
        {
            Fail("delivered a packet with an invalid Protocol field");
        }
        if (p.size() - field > mrru)
        {
            Fail("delivered a packet above the MRRU");
        }
    }
}

void
RoundTripHeader(const ns3::PppMpFragment& f, ns3::PppMpFormat format)
{
    const ns3::Bytes again = ns3::EncodePppMpFragment(f, format);
    ns3::PppMpFragment g;
    if (ns3::DecodePppMpFragment(again.data(), again.size(), format, g) !=
            ns3::PppMpDecodeError::NONE ||
        g.begin != f.begin || g.end != f.end || g.sequence != f.sequence || g.data != f.data ||
        g.reserved != 0)
    {
        Fail("header round trip");
    }
}

void
FragmentAndReassemble(const uint8_t* data, size_t size, ns3::PppMpFormat format)
{
    ns3::Bytes packet{0x00, 0x21};
    packet.insert(packet.end(), data, data + size);
    const size_t maxInfo = 3 + (size > 0 ? data[0] : 0);
    ns3::PppMpSender tx(format, size > 1 ? data[1] * 4099u : 0);
    std::vector<ns3::Bytes> wire;
    if (!tx.Fragment(packet, maxInfo, wire))
    {
        if (maxInfo > ns3::PppMpHeaderSize(format))
        {
            Fail("fragmenter refused a packet that fits");
        }
        return;
    }
    ns3::PppMpReassemblerConfig c;
    c.format = format;
    c.mrru = static_cast<uint32_t>(size);
    c.maxFragments = wire.size() + 1;
    ns3::PppMpReassembler rx(c);
    std::vector<ns3::Bytes> out;
    for (const ns3::Bytes& w : wire)
    {
        if (w.size() > maxInfo)
        {
            Fail("a fragment exceeds the MRU");
        }
        ns3::PppMpFragment f;
        if (ns3::DecodePppMpFragment(w.data(), w.size(), format, f) != ns3::PppMpDecodeError::NONE)
        {
            Fail("the fragmenter's output does not decode");
        }
        rx.Input(0, f, out);
    }
    if (out.size() != 1 || out[0] != packet)
    {
        Fail("fragment + reassemble did not give the packet back");
    }
}

void
Clamp(const uint8_t* data, size_t size)
{
    ns3::Bytes d(data, data + size);
    const uint16_t limit = size > 1 ? static_cast<uint16_t>(data[size - 1] << 4) : 536;
    if (ns3::ClampTcpMss(d, limit) != ns3::MssClampResult::CLAMPED)
    {
        if (d != ns3::Bytes(data, data + size))
        {
            Fail("an unclamped datagram was changed");
        }
        return;
    }
    if (ns3::ClampTcpMss(d, limit) != ns3::MssClampResult::WITHIN)
    {
        Fail("a clamped SYN clamps again");
    }
    const uint16_t want = ns3::TcpChecksumOf(d);
    // The stored checksum sits after the IPv4 header, at offset 16 of the TCP header.
    const size_t at = static_cast<size_t>(d[0] & 0x0f) * 4 + 16;
    if ((static_cast<uint16_t>(d[at] << 8 | d[at + 1])) != want)
    {
        Fail("clamped SYN with a wrong checksum");
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3)
    {
        return 0;
    }
    const ns3::PppMpFormat format =
        (data[0] & 1) ? ns3::PppMpFormat::SHORT : ns3::PppMpFormat::LONG;
    ns3::PppMpReassemblerConfig c;
    c.format = format;
    c.links = 2;
    c.reorderWindow = (data[0] >> 1) & 0x07;
    c.maxFragments = 1 + (data[0] >> 4);
    c.mrru = static_cast<uint32_t>(data[1] << 8 | data[2]);
    ns3::PppMpReassembler rx(c);
    size_t pos = 3;
    while (pos < size)
    {
        const size_t len = std::min<size_t>(data[pos], size - pos - 1);
        const uint8_t* rec = data + pos + 1;
        pos += 1 + len;
        ns3::PppMpFragment f;
        if (ns3::DecodePppMpFragment(rec, len, format, f) != ns3::PppMpDecodeError::NONE)
        {
            continue;
        }
        RoundTripHeader(f, format);
        std::vector<ns3::Bytes> out;
        rx.Input(rec[0] & 1, f, out);
        CheckPackets(out, c.mrru);
        if (rx.Buffered() > c.maxFragments)
        {
            Fail("buffering above the bound");
        }
    }
    FragmentAndReassemble(data + 3, std::min<size_t>(size - 3, 4000), format);
    Clamp(data + 3, size - 3);
    return 0;
}
