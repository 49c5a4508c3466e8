/**
 * \file
 * \brief IPV6CP (RFC 5072) back to back: Interface-Identifier negotiation (§4.1), collision and
 * zero identifiers, Rejected compression option (§4.2).
 */

#include "model/ppp/ppp-ipv6cp.h"
#include "ppp-test-support.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;
using namespace ns3::ppptest;

namespace
{

using S = PppCpState;

struct Ipv6cpPair
{
    BackToBack wire;
    PppIpv6cp client;
    PppIpv6cp server;

    ~Ipv6cpPair()
    {
        CheckCountersDeclared(client);
        CheckCountersDeclared(server);
    }
    Ipv6cpPair(const PppIpv6cpConfig& c, const PppIpv6cpConfig& s)
        : client(c, wire.a)
        , server(s, wire.b)
    {
        wire.Attach(client, server);
        wire.OpenBoth();
        wire.Run();
    }
};

PppIpv6cpConfig
Cfg(uint64_t id, uint64_t seed)
{
    PppIpv6cpConfig c;
    c.interfaceId = id;
    c.magicSeed = seed;
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppIpv6cpTests)

// Distinct identifiers: both Acked as sent.
BOOST_AUTO_TEST_CASE(DistinctIdentifiers)
{
    Ipv6cpPair p(Cfg(0x1111, 1), Cfg(0x2222, 2));
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST(p.client.Result().local == 0x1111u);
    BOOST_TEST(p.client.Result().peer == 0x2222u);
    BOOST_TEST(p.server.Result().peer == 0x1111u);
}

// §4.1: equal identifiers are Nak'd with a new one; the side that receives the Nak takes it, and
// both end with different identifiers.
BOOST_AUTO_TEST_CASE(CollisionResolved)
{
    Ipv6cpPair p(Cfg(0x4242, 1), Cfg(0x4242, 2));
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST(p.client.Result().local != p.server.Result().local);
    BOOST_TEST(p.client.Result().local == p.server.Result().peer);
    BOOST_TEST(p.server.Result().local == p.client.Result().peer);
    BOOST_TEST(p.client.Counter("ipv6cp/interface-id/collision") +
                   p.server.Counter("ipv6cp/interface-id/collision") >=
               1u);
}

// §4.1: a zero identifier is Nak'd with a non-zero suggestion.
BOOST_AUTO_TEST_CASE(ZeroIdentifierNaked)
{
    Recorder rec;
    PppIpv6cp cp(Cfg(0x99, 3), rec);
    cp.Up(0);
    cp.Open(0);
    cp.Input(Configure(kPppConfigureRequest, 1, {{kIpv6cpInterfaceId, Bytes(8, 0)}}), kMs);
    const PppCpPacket* nak = rec.Last(kPppConfigureNak);
    BOOST_REQUIRE(nak != nullptr);
    BOOST_REQUIRE(nak->data.size() == 10u);
    BOOST_TEST(nak->data[0] == kIpv6cpInterfaceId);
    BOOST_TEST(Bytes(nak->data.begin() + 2, nak->data.end()) != Bytes(8, 0));
    BOOST_TEST(cp.Counter("ipv6cp/interface-id/zero") == 1u);
}

// An identifier derived from the seed when none is configured is non-zero and deterministic.
BOOST_AUTO_TEST_CASE(DerivedIdentifier)
{
    Ipv6cpPair p(Cfg(0, 7), Cfg(0, 8));
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST(p.client.Result().local != 0u);
    Ipv6cpPair q(Cfg(0, 7), Cfg(0, 8));
    BOOST_TEST(q.client.Result().local == p.client.Result().local);
}

// §4.2 IPv6-Compression-Protocol is not modelled: Rejected.
BOOST_AUTO_TEST_CASE(CompressionRejected)
{
    Recorder rec;
    PppIpv6cp cp(Cfg(0x99, 3), rec);
    cp.Up(0);
    cp.Open(0);
    cp.Input(Configure(kPppConfigureRequest, 2,
                       {{kIpv6cpInterfaceId, {0, 0, 0, 0, 0, 0, 0, 5}},
                        {kIpv6cpCompression, {0x00, 0x4f}}}),
             kMs);
    const PppCpPacket* rej = rec.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    BOOST_TEST(rej->data == (Bytes{kIpv6cpCompression, 4, 0x00, 0x4f}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
