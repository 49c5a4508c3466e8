/**
 * \file
 * \brief BCP (RFC 3518) option negotiation on the shared automaton, both ways (what §5 asks us to
 * accept, what we refuse), and the bridged-frame codec of §4.2 (good frames with and without LAN
 * FCS, pads, tinygrams, and every way a frame can be refused).
 */

#include "model/ppp/ppp-bcp.h"
#include "ppp-test-support.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ns3;
using namespace ns3::ppptest;

namespace
{

using S = PppCpState;

struct BcpPair
{
    BackToBack wire;
    PppBcp client;
    PppBcp server;

    ~BcpPair()
    {
        CheckCountersDeclared(client);
        CheckCountersDeclared(server);
    }
    BcpPair(const PppBcpConfig& c, const PppBcpConfig& s)
        : client(c, wire.a)
        , server(s, wire.b)
    {
        wire.Attach(client, server);
        wire.OpenBoth();
        wire.Run();
    }
};

/** A BCP instance opened on a Recorder, ready for hand-made Configure-Requests. */
struct Lone
{
    Recorder rec;
    PppBcp cp;

    explicit Lone(const PppBcpConfig& cfg = PppBcpConfig{})
        : cp(cfg, rec)
    {
        cp.Up(0);
        cp.Open(0);
    }
    ~Lone() { CheckCountersDeclared(cp); }
    /** Feed a Configure-Request; return the reply's code (0 if none) and options. */
    uint8_t
    Request(const std::vector<PppCpOption>& options, std::vector<PppCpOption>& reply)
    {
        const size_t before = rec.sent.size();
        cp.Input(Configure(kPppConfigureRequest, 7, options), kMs);
        reply.clear();
        for (size_t i = before; i < rec.sent.size(); ++i)
        {
            const PppCpPacket& p = rec.sent[i];
            if (p.code == kPppConfigureAck || p.code == kPppConfigureNak ||
                p.code == kPppConfigureReject)
            {
                std::string why;
                BOOST_REQUIRE(DecodePppCpOptions(p.data, reply, why));
                return p.code;
            }
        }
        return 0;
    }
};

/** A minimal Ethernet II frame: broadcast ARP-like payload of `payload` octets. */
Bytes
EthernetFrame(size_t payload)
{
    Bytes f = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06};
    for (size_t i = 0; i < payload; ++i)
    {
        f.push_back(static_cast<uint8_t>(i + 1));
    }
    return f;
}

BcpFrameError
Decode(const Bytes& info, BcpBridgedFrame& out, bool tinygrams = false)
{
    return DecodeBcpFrame(info.data(), info.size(), tinygrams, out);
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppBcpTests)

// ---- negotiation

// Our RouterOS-like request (docs/ppp.md): MAC-Support IEEE 802.3 (§5.3) and Tinygram-Compression
// disabled (§5.4); two such ends open BCP and record what the peer accepts.
BOOST_AUTO_TEST_CASE(RouterOsRequestOpensBothWays)
{
    BcpPair p(PppBcpConfig{}, PppBcpConfig{});
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST((p.server.State() == S::OPENED));
    const PppCpPacket* req = p.wire.a.Last(kPppConfigureRequest);
    BOOST_REQUIRE(req != nullptr);
    BOOST_TEST(req->data == (Bytes{kBcpMacSupport, 3, kBcpMacIeee8023, kBcpTinygramCompression, 3,
                                   kBcpDisabled}),
               boost::test_tools::per_element());
    BOOST_TEST(p.client.Result().peerMacTypes == (std::vector<uint8_t>{kBcpMacIeee8023}),
               boost::test_tools::per_element());
    BOOST_TEST(!p.client.Result().weAcceptTinygrams);
    BOOST_TEST(!p.client.Result().peerAcceptsTinygrams);
    BOOST_TEST(p.client.Result().peerMac == 0u);
}

// §5.3: MAC-Support may appear once per MAC type; every defined type is Acked.
BOOST_AUTO_TEST_CASE(SeveralMacSupportInstancesAcked)
{
    PppBcpConfig c;
    c.macSupport = {kBcpMacIeee8023, kBcpMacFddi};
    BcpPair p(c, PppBcpConfig{});
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST(p.server.Result().peerMacTypes ==
                   (std::vector<uint8_t>{kBcpMacIeee8023, kBcpMacFddi}),
               boost::test_tools::per_element());
}

// §5.3: a MAC type RFC 3518 does not define is Nak'd with one we accept (IEEE 802.3).
BOOST_AUTO_TEST_CASE(UndefinedMacTypeNaked)
{
    Lone l;
    std::vector<PppCpOption> reply;
    BOOST_TEST(l.Request({{kBcpMacSupport, {7}}}, reply) == kPppConfigureNak);
    BOOST_REQUIRE(reply.size() == 1u);
    BOOST_TEST((reply[0] == PppCpOption{kBcpMacSupport, {kBcpMacIeee8023}}));
    BOOST_TEST(l.cp.Counter("bcp/mac-support/undefined") == 1u);
}

// §5.4: Tinygram-Compression is 1 (enabled) or 2 (disabled); either is Acked and recorded, any
// other value is Nak'd with disabled.
BOOST_AUTO_TEST_CASE(TinygramValues)
{
    Lone l;
    std::vector<PppCpOption> reply;
    BOOST_TEST(l.Request({{kBcpTinygramCompression, {kBcpEnabled}}}, reply) == kPppConfigureAck);
    BOOST_TEST(l.Request({{kBcpTinygramCompression, {0}}}, reply) == kPppConfigureNak);
    BOOST_REQUIRE(reply.size() == 1u);
    BOOST_TEST((reply[0] == PppCpOption{kBcpTinygramCompression, {kBcpDisabled}}));
    BOOST_TEST(l.cp.Counter("bcp/tinygram/undefined") == 1u);

    PppBcpConfig c;
    c.acceptTinygrams = true;
    BcpPair p(c, PppBcpConfig{});
    BOOST_TEST(p.client.Result().weAcceptTinygrams);
    BOOST_TEST(p.server.Result().peerAcceptsTinygrams);
    BOOST_TEST(!p.server.Result().weAcceptTinygrams);
}

// §5.1, §5.2: the source-routing options are Configure-Rejected (transparent bridging only);
// §5.5: the obsolete LAN-Identification is Rejected, whatever its length; §5.8-5.10 too.
BOOST_AUTO_TEST_CASE(UnmodelledAndObsoleteOptionsRejected)
{
    Lone l;
    std::vector<PppCpOption> reply;
    const std::vector<PppCpOption> asked = {
        {kBcpMacSupport, {kBcpMacIeee8023}},
        {kBcpBridgeIdentification, {0x00, 0x11}},
        {kBcpLineIdentification, {0x00, 0x21}},
        {kBcpLanIdentification, {0, 0, 0, 9}},
        {kBcpIeee802Tagged, {kBcpEnabled}},
        {kBcpManagementInline, {}},
        {kBcpControlIndicator, {}},
    };
    BOOST_TEST(l.Request(asked, reply) == kPppConfigureReject);
    BOOST_REQUIRE(reply.size() == 6u);
    BOOST_TEST(reply[0].type == kBcpBridgeIdentification);
    BOOST_TEST(reply[2].type == kBcpLanIdentification);
    BOOST_TEST(reply[5].type == kBcpControlIndicator);
    // Never sent by us: LAN-Identification is not in our request.
    const PppCpPacket* ours = l.rec.Last(kPppConfigureRequest);
    BOOST_REQUIRE(ours != nullptr);
    std::vector<PppCpOption> o;
    std::string why;
    BOOST_REQUIRE(DecodePppCpOptions(ours->data, o, why));
    for (const PppCpOption& x : o)
    {
        BOOST_TEST(x.type != kBcpLanIdentification);
    }
}

// §5.6: a unicast MAC-Address is Acked and recorded; all-zero (asking us for an address) and a
// group address are Rejected.
BOOST_AUTO_TEST_CASE(MacAddressOption)
{
    Lone l;
    std::vector<PppCpOption> reply;
    BOOST_TEST(l.Request({{kBcpMacAddress, Bytes(6, 0)}}, reply) == kPppConfigureReject);
    BOOST_TEST(l.Request({{kBcpMacAddress, {0x01, 0, 0x5e, 0, 0, 1}}}, reply) ==
               kPppConfigureReject);
    BOOST_TEST(l.cp.Counter("bcp/mac-address/zero") == 1u);
    BOOST_TEST(l.cp.Counter("bcp/mac-address/multicast") == 1u);

    PppBcpConfig c;
    c.macAddress = 0x020000aabbccULL;
    BcpPair p(c, PppBcpConfig{});
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST(p.server.Result().peerMac == 0x020000aabbccULL);
}

// §5.7: a list of defined spanning-tree protocols is Acked; an undefined one is Nak'd with ours
// (Null when we run none), and a sender takes the Nak.
BOOST_AUTO_TEST_CASE(SpanningTreeOption)
{
    Lone l;
    std::vector<PppCpOption> reply;
    BOOST_TEST(l.Request({{kBcpSpanningTree, {kBcpStpIeee8021D, kBcpStpNull}}}, reply) ==
               kPppConfigureAck);
    BOOST_TEST(l.Request({{kBcpSpanningTree, {9}}}, reply) == kPppConfigureNak);
    BOOST_REQUIRE(reply.size() == 1u);
    BOOST_TEST((reply[0] == PppCpOption{kBcpSpanningTree, {kBcpStpNull}}));
    BOOST_TEST(l.cp.Counter("bcp/spanning-tree/undefined") == 1u);

    PppBcpConfig c;
    c.spanningTree = kBcpStpIeee8021D;
    BcpPair p(c, PppBcpConfig{});
    BOOST_TEST(p.server.Result().peerSpanningTree == kBcpStpIeee8021D);
}

// RFC 1661 §5.4 on BCP: a peer that Rejects Tinygram-Compression gets a request without it, and
// BCP still opens; a Nak of Tinygram-Compression is taken (§5.3).
BOOST_AUTO_TEST_CASE(OurOptionsRejectedOrNaked)
{
    Recorder rec;
    PppBcp cp(PppBcpConfig{}, rec);
    cp.Up(0);
    cp.Open(0);
    const PppCpPacket first = *rec.Last(kPppConfigureRequest);
    cp.Input(Configure(kPppConfigureReject, first.id, {{kBcpTinygramCompression, {kBcpDisabled}}}),
             kMs);
    const PppCpPacket* second = rec.Last(kPppConfigureRequest);
    BOOST_REQUIRE(second != nullptr);
    BOOST_TEST(second->data == (Bytes{kBcpMacSupport, 3, kBcpMacIeee8023}),
               boost::test_tools::per_element());

    Recorder rec2;
    PppBcp cp2(PppBcpConfig{}, rec2);
    cp2.Up(0);
    cp2.Open(0);
    const uint8_t id = rec2.Last(kPppConfigureRequest)->id;
    cp2.Input(Configure(kPppConfigureNak, id, {{kBcpTinygramCompression, {kBcpEnabled}}}), kMs);
    const PppCpPacket* next = rec2.Last(kPppConfigureRequest);
    BOOST_REQUIRE(next != nullptr);
    BOOST_TEST(next->data.back() == kBcpEnabled);
}

// ---- bridged frames (§4.2)

// CRC-32 of IEEE 802.3 against the standard check value ("123456789" -> 0xCBF43926).
BOOST_AUTO_TEST_CASE(LanFcsCheckValue)
{
    const std::string s = "123456789";
    BOOST_TEST(Ieee8023Crc32(reinterpret_cast<const uint8_t*>(s.data()), s.size()) == 0xcbf43926U);
}

// Without LAN FCS (what we send, and the 2 + 14 octets of the RouterOS MTU arithmetic): flags 0,
// MAC Type 1, then the Ethernet frame unchanged.
BOOST_AUTO_TEST_CASE(FrameWithoutFcsRoundTrip)
{
    const Bytes eth = EthernetFrame(46);
    const Bytes info = EncodeBcpFrame(eth, false);
    BOOST_REQUIRE(info.size() == eth.size() + 2);
    BOOST_TEST(info[0] == 0x00);
    BOOST_TEST(info[1] == kBcpMacIeee8023);
    BcpBridgedFrame f;
    BOOST_TEST((Decode(info, f) == BcpFrameError::NONE));
    BOOST_TEST(f.frame == eth, boost::test_tools::per_element());
    BOOST_TEST(!f.lanFcs);
    BOOST_TEST(!f.bridgeControl);
}

// With LAN FCS (F): four CRC octets follow, are checked, and removed; a damaged one is refused.
BOOST_AUTO_TEST_CASE(FrameWithFcs)
{
    const Bytes eth = EthernetFrame(46);
    Bytes info = EncodeBcpFrame(eth, true);
    BOOST_REQUIRE(info.size() == eth.size() + 2 + 4);
    BOOST_TEST(info[0] == kBcpFlagLanFcs);
    BcpBridgedFrame f;
    BOOST_TEST((Decode(info, f) == BcpFrameError::NONE));
    BOOST_TEST(f.lanFcs);
    BOOST_TEST(f.frame == eth, boost::test_tools::per_element());
    info.back() ^= 0x01;
    BOOST_TEST((Decode(info, f) == BcpFrameError::BAD_LAN_FCS));
}

// Pads (low 4 bits of the flags): that many octets at the end are padding and removed; a count
// larger than the frame is refused.
BOOST_AUTO_TEST_CASE(PadsRemovedOrRefused)
{
    const Bytes eth = EthernetFrame(46);
    Bytes info = EncodeBcpFrame(eth, false);
    info[0] |= 3;
    info.insert(info.end(), {0xaa, 0xbb, 0xcc});
    BcpBridgedFrame f;
    BOOST_TEST((Decode(info, f) == BcpFrameError::NONE));
    BOOST_TEST(f.frame == eth, boost::test_tools::per_element());
    const Bytes tiny = {0x0f, kBcpMacIeee8023, 1, 2, 3};
    BOOST_TEST((Decode(tiny, f) == BcpFrameError::PADS_BEYOND_FRAME));
}

// Truncated input never reads out of bounds: empty, one octet, and a LAN frame shorter than an
// Ethernet header (with and without the FCS it claims).
BOOST_AUTO_TEST_CASE(TruncatedFramesRefused)
{
    BcpBridgedFrame f;
    BOOST_TEST((Decode(Bytes{}, f) == BcpFrameError::SHORT_HEADER));
    BOOST_TEST((Decode(Bytes{0x00}, f) == BcpFrameError::SHORT_HEADER));
    Bytes shortEth = EncodeBcpFrame(Bytes(13, 0x11), false);
    BOOST_TEST((Decode(shortEth, f) == BcpFrameError::TRUNCATED));
    Bytes claimsFcs = EncodeBcpFrame(Bytes(14, 0x11), false);
    claimsFcs[0] = kBcpFlagLanFcs;
    BOOST_TEST((Decode(claimsFcs, f) == BcpFrameError::TRUNCATED));
}

// Flags and MAC types we did not agree to: the 0x40 bit, a MAC type other than 802.3 (we only
// announce 802.3 in MAC-Support), and Z (tinygram) when we sent Tinygram-Compression disabled.
BOOST_AUTO_TEST_CASE(BadFlagsAndTypesRefused)
{
    const Bytes eth = EthernetFrame(46);
    BcpBridgedFrame f;
    Bytes reserved = EncodeBcpFrame(eth, false);
    reserved[0] = kBcpFlagReserved40;
    BOOST_TEST((Decode(reserved, f) == BcpFrameError::RESERVED_FLAG));
    Bytes fddi = EncodeBcpFrame(eth, false);
    fddi[1] = kBcpMacFddiNc;
    BOOST_TEST((Decode(fddi, f) == BcpFrameError::MAC_TYPE_UNSUPPORTED));
    Bytes tiny = EncodeBcpFrame(EthernetFrame(4), false);
    tiny[0] = kBcpFlagZeroPad;
    BOOST_TEST((Decode(tiny, f, false) == BcpFrameError::TINYGRAM_UNNEGOTIATED));
}

// Tinygram compression (§3.3, Z flag): the receiver that accepted it restores the zero pad to the
// 60-octet minimum; with F the FCS covers the padded frame.
BOOST_AUTO_TEST_CASE(TinygramRepadded)
{
    const Bytes eth = EthernetFrame(4);
    Bytes padded = eth;
    padded.resize(kEthernetMinFrame, 0);
    Bytes info = EncodeBcpFrame(padded, true);
    info.erase(info.begin() + 2 + static_cast<long>(eth.size()),
               info.begin() + 2 + static_cast<long>(padded.size()));
    info[0] |= kBcpFlagZeroPad;
    BcpBridgedFrame f;
    BOOST_TEST((Decode(info, f, true) == BcpFrameError::NONE));
    BOOST_TEST(f.zeroPad);
    BOOST_TEST(f.frame == padded, boost::test_tools::per_element());
}

// B: a bridge control packet (a BPDU) is decoded but marked, never taken for a LAN frame.
BOOST_AUTO_TEST_CASE(BridgeControlMarked)
{
    const Bytes info = {kBcpFlagBridgeControl, kBcpMacIeee8023, 0x00, 0x00, 0x00};
    BcpBridgedFrame f;
    BOOST_TEST((Decode(info, f) == BcpFrameError::NONE));
    BOOST_TEST(f.bridgeControl);
    BOOST_TEST(f.frame.size() == 3u);
}

// Every decode outcome has a counter-friendly name.
BOOST_AUTO_TEST_CASE(ErrorNames)
{
    BOOST_TEST(std::string(ToString(BcpFrameError::TRUNCATED)) == "truncated");
    BOOST_TEST(std::string(ToString(BcpFrameError::BAD_LAN_FCS)) == "bad-lan-fcs");
    BOOST_TEST(std::string(BcpMacTypeName(kBcpMacIeee8023)) == "IEEE 802.3");
    BOOST_TEST(std::string(BcpMacTypeName(5)).empty());
}

BOOST_AUTO_TEST_SUITE_END()
