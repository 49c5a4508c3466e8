// fuzz-target: BCP (RFC 3518): bridged-frame codec (0x0031: flags, pads, MAC type, LAN FCS,
// tinygrams; round trip) and BCP control packets into a negotiating instance
/**
 * \file
 * \brief libFuzzer target "bcp-decoder". Octet 0 picks the options (bit 0: we accepted
 * Tinygram-Compression; bit 1: our BCP instance announces a MAC address and a spanning tree);
 * the rest is one Information field, given to DecodeBcpFrame (as a 0x0031 bridged frame) and to
 * a fresh PppBcp in Req-Sent (as a BCP control packet, twice, so the second input meets the
 * state the first left). Seeds: the .hex files of tools/fuzz.d/seeds/bcp-decoder/.
 *
 * Besides "no crash, no sanitizer report" it asserts the codec's round trip: a decoded LAN frame
 * (not a bridge control packet) re-encoded with the LAN FCS it came with decodes to the same
 * frame; and that a decoded frame is never shorter than an Ethernet header.
 */
#include "tools/fuzz.d/fuzz-null-cp-owner.h"
#include "model/ppp/ppp-bcp.h"

#include <cstdio>
#include <cstdlib>

namespace
{

using NullOwner = ns3::FuzzNullCpOwner;

[[noreturn]] void
Fail(const char* what)
{
    std::fprintf(stderr, "bcp-decoder: %s\n", what);
    std::abort();
}

void
CheckFrame(const uint8_t* data, size_t size, bool tinygrams)
{
    ns3::BcpBridgedFrame f;
    if (ns3::DecodeBcpFrame(data, size, tinygrams, f) != ns3::BcpFrameError::NONE ||
        f.bridgeControl)
    {
        return;
    }
    if (f.frame.size() < ns3::kEthernetHeaderSize)
    {
        Fail("decoded LAN frame shorter than an Ethernet header");
    }
    const ns3::Bytes again = ns3::EncodeBcpFrame(f.frame, f.lanFcs);
    ns3::BcpBridgedFrame g;
    if (ns3::DecodeBcpFrame(again.data(), again.size(), tinygrams, g) != ns3::BcpFrameError::NONE ||
        g.frame != f.frame || g.lanFcs != f.lanFcs)
    {
        Fail("re-encoded bridged frame decodes differently");
    }
}

void
FeedBcp(const ns3::Bytes& info, bool announce)
{
    NullOwner owner;
    ns3::PppBcpConfig cfg;
    if (announce)
    {
        cfg.macAddress = 0x020000000001ULL;
        cfg.spanningTree = ns3::kBcpStpIeee8021D;
        cfg.macSupport = {ns3::kBcpMacIeee8023, ns3::kBcpMacFddi};
    }
    ns3::PppBcp bcp(cfg, owner);
    bcp.Up(0);
    bcp.Open(0);
    bcp.Input(info, 1);
    bcp.Input(info, 2);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    const bool tinygrams = (data[0] & 1) != 0;
    const bool announce = (data[0] & 2) != 0;
    CheckFrame(data + 1, size - 1, tinygrams);
    FeedBcp(ns3::Bytes(data + 1, data + size), announce);
    return 0;
}
