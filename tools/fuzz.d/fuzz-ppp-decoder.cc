// fuzz-target: PPP frame (RFC 1661 §2, PFC/ACFC), control packet (§5) and option decoders;
// LCP/IPCP/IPV6CP input
/**
 * \file
 * \brief libFuzzer target "ppp-decoder": one PPP frame (without HDLC flags and FCS, as L2TP carries
 * it) through every PPP decoder: DecodePppFrame, DecodePppCpPacket, DecodePppCpOptions, and the
 * Information field into fresh LCP, IPCP and IPV6CP instances (Req-Sent, so Configure-Requests,
 * Naks, Rejects, Code-Rejects, Echo... all reach the negotiators). Seeds:
 * the .hex files of tools/fuzz.d/seeds/ppp-decoder/.
 *
 * Besides "no crash, no sanitizer report" it asserts the codecs' round trips: a frame re-encoded
 * decodes to the same protocol and information; a control packet re-encodes to a packet that
 * decodes to the same one; options re-encode to exactly the bytes they came from.
 */
#include "tools/fuzz.d/fuzz-null-cp-owner.h"
#include "model/ppp/ppp-cp.h"
#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-ipcp.h"
#include "model/ppp/ppp-ipv6cp.h"
#include "model/ppp/ppp-mplscp.h"
#include "model/ppp/ppp-lcp.h"

#include <cstdio>
#include <cstdlib>

namespace
{

using NullOwner = ns3::FuzzNullCpOwner; // drops everything

[[noreturn]] void
Fail(const char* what)
{
    std::fprintf(stderr, "round trip: %s\n", what);
    std::abort();
}

void
CheckFrameRoundTrip(const ns3::PppFrame& f)
{
    const ns3::Bytes wire =
        ns3::EncodePppFrame(f.protocol, f.info, !f.addressControl, f.protocolCompressed);
    ns3::PppFrame again;
    if (ns3::DecodePppFrame(wire.data(), wire.size(), again) != ns3::PppFrameError::NONE ||
        again.protocol != f.protocol || again.info != f.info)
    {
        Fail("re-encoded frame decodes differently");
    }
}

void
CheckPacketRoundTrip(const ns3::PppCpPacket& p)
{
    std::string why;
    ns3::PppCpPacket again;
    if (!ns3::DecodePppCpPacket(ns3::EncodePppCpPacket(p), again, why) || again.code != p.code ||
        again.id != p.id || again.data != p.data)
    {
        Fail("re-encoded control packet decodes differently");
    }
    std::vector<ns3::PppCpOption> options;
    if (ns3::DecodePppCpOptions(p.data, options, why) && ns3::EncodePppCpOptions(options) != p.data)
    {
        Fail("options re-encode to other bytes");
    }
}

/** The info into a fresh instance of each control protocol, in Req-Sent. */
void
FeedControlProtocols(const ns3::Bytes& info)
{
    NullOwner owner;
    ns3::PppLcpConfig lcpCfg;
    lcpCfg.authRequire = {ns3::PppAuthMethod::MSCHAP_V2, ns3::PppAuthMethod::PAP};
    lcpCfg.authAccept = {ns3::PppAuthMethod::CHAP_MD5};
    lcpCfg.mrru = 1600;
    ns3::PppLcp lcp(lcpCfg, owner);
    ns3::PppIpcpConfig ipcpCfg;
    ipcpCfg.peerAddress = 0x0a000002;
    ipcpCfg.dns1 = 0x08080808;
    ipcpCfg.requestDns = true;
    ns3::PppIpcp ipcp(ipcpCfg, owner);
    ns3::PppIpv6cp ipv6cp(ns3::PppIpv6cpConfig{}, owner);
    ns3::PppMplscp mplscp(ns3::PppCpTimers{}, owner);
    for (ns3::PppControlProtocol* cp :
         {static_cast<ns3::PppControlProtocol*>(&lcp), static_cast<ns3::PppControlProtocol*>(&ipcp),
          static_cast<ns3::PppControlProtocol*>(&ipv6cp),
          static_cast<ns3::PppControlProtocol*>(&mplscp)})
    {
        cp->Up(0);
        cp->Open(0);
        cp->Input(info, 1);
        cp->Input(info, 2); // again: now in whatever state the first input left it
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ns3::PppFrame frame;
    if (ns3::DecodePppFrame(data, size, frame) == ns3::PppFrameError::NONE)
    {
        CheckFrameRoundTrip(frame);
        ns3::PppCpPacket p;
        std::string why;
        if (ns3::DecodePppCpPacket(frame.info, p, why))
        {
            CheckPacketRoundTrip(p);
        }
        FeedControlProtocols(frame.info);
    }
    ns3::PppAuthMethod m;
    (void)ns3::DecodePppAuthOption(ns3::Bytes(data, data + size), m);
    return 0;
}
