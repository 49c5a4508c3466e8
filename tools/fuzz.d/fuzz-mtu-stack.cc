// fuzz-target: MTU calculator: stack spec parser (`l2tplab mtu --stack`) and layout invariants
/**
 * \file
 * \brief libFuzzer target "mtu-stack": input = 2 octets underlay MTU (big-endian), 1 octet whose
 * low bit picks an IPv6 tunnel header, then the stack spec text. ParseMtuStack must accept or
 * refuse with a message; an accepted spec must lay out, and whenever an inner packet fits, the
 * calculator's own wire size must put the limit exactly at the underlay (the limit fits, one octet
 * more does not). Seeds: the .hex files of tools/fuzz.d/seeds/mtu-stack/; dictionary:
 * mtu-stack.dict.
 */
#include "model/mtu/mtu-calculator.h"

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3)
    {
        return 0;
    }
    uint32_t underlay = (static_cast<uint32_t>(data[0]) << 8) | data[1];
    uint8_t ip = (data[2] & 1) ? 6 : 4;
    std::string text(reinterpret_cast<const char*>(data + 3), size - 3);
    ns3::MtuStackSpec spec;
    std::string err;
    if (!ns3::ParseMtuStack(text, spec, err))
    {
        if (err.empty())
        {
            std::fprintf(stderr, "refused without a message: '%s'\n", text.c_str());
            std::abort();
        }
        return 0;
    }
    ns3::MtuResult r;
    if (!ns3::ComputeMtu(underlay, ip, spec, r, err))
    {
        if (underlay >= 1 && underlay <= 65535)
        {
            std::fprintf(stderr, "accepted spec did not lay out: '%s': %s\n", text.c_str(),
                         err.c_str());
            std::abort();
        }
        return 0;
    }
    if (r.fits && (ns3::MtuWireSize(r, r.innerMtu) > underlay ||
                   ns3::MtuWireSize(r, r.innerMtu + 1) <= underlay))
    {
        std::fprintf(stderr, "limit not at the underlay: '%s' over %u: inner %u\n", text.c_str(),
                     underlay, r.innerMtu);
        std::abort();
    }
    (void)ns3::FormatMtuText(r);
    return 0;
}
