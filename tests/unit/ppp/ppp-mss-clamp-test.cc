/**
 * \file
 * \brief RouterOS change-tcp-mss (model/ppp/ppp-mss-clamp.h): the MSS option (RFC 9293 §3.7.1)
 * of a TCP SYN lowered to MTU - 40 and the checksum (RFC 9293 §3.1) recomputed; never raised;
 * everything else untouched.
 */

#include "model/ppp/ppp-mss-clamp.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;

namespace
{

/** \brief A SYN 10.0.0.2:49153 -> 192.0.2.1:80 with MSS, NOP, NOP, SACK-permitted; checksums
 * computed independently (Python, RFC 1071). */
const char* const kSyn1460 = "450000300001400040066ec40a000002c0000201c0010050000003e800000000"
                             "7002fffff2e20000020405b401010402";
/** \brief The same SYN with MSS 1410: what clamping to a 1450 interface must produce. */
const char* const kSyn1410 = "450000300001400040066ec40a000002c0000201c0010050000003e800000000"
                             "7002fffff31400000204058201010402";

Bytes
Hex(const char* h)
{
    Bytes b;
    BOOST_REQUIRE(FromHex(h, b));
    return b;
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppMssClampTests)

// The clamp writes MTU - 40 and the checksum of the result: byte for byte the reference SYN.
BOOST_AUTO_TEST_CASE(clamps_mss_and_recomputes_the_checksum)
{
    Bytes d = Hex(kSyn1460);
    BOOST_TEST(TcpChecksumOf(d) == 0xf2e2); // the helper agrees with the reference
    uint16_t old = 0;
    BOOST_TEST((ClampTcpMss(d, 1450 - 40, &old) == MssClampResult::CLAMPED));
    BOOST_TEST(old == 1460);
    BOOST_TEST(d == Hex(kSyn1410), boost::test_tools::per_element());
}

// Only lowered: an MSS at or below the limit is left as it is (RouterOS matches tcp-mss above it).
BOOST_AUTO_TEST_CASE(never_raises)
{
    Bytes d = Hex(kSyn1410);
    const Bytes before = d;
    BOOST_TEST((ClampTcpMss(d, 1410) == MssClampResult::WITHIN));
    BOOST_TEST((ClampTcpMss(d, 1500) == MssClampResult::WITHIN));
    BOOST_TEST(d == before, boost::test_tools::per_element());
}

// Not a SYN, not TCP, a later fragment: untouched.
BOOST_AUTO_TEST_CASE(leaves_other_packets_alone)
{
    Bytes ack = Hex(kSyn1460);
    ack[33] = 0x10; // ACK only
    const Bytes ackBefore = ack;
    BOOST_TEST((ClampTcpMss(ack, 1000) == MssClampResult::NOT_TCP_SYN));
    BOOST_TEST(ack == ackBefore, boost::test_tools::per_element());
    Bytes udp = Hex(kSyn1460);
    udp[9] = 17;
    BOOST_TEST((ClampTcpMss(udp, 1000) == MssClampResult::NOT_TCP_SYN));
    Bytes frag = Hex(kSyn1460);
    frag[7] = 0x10; // fragment offset 16
    BOOST_TEST((ClampTcpMss(frag, 1000) == MssClampResult::NOT_TCP_SYN));
    Bytes v6(60, 0);
    v6[0] = 0x60;
    BOOST_TEST((ClampTcpMss(v6, 1000) == MssClampResult::NOT_TCP_SYN));
}

// A SYN without the option stays as it is.
BOOST_AUTO_TEST_CASE(syn_without_mss_option)
{
    Bytes d = Hex(kSyn1460);
    d[40] = 1; // MSS option turned into NOPs
    d[41] = 1;
    d[42] = 1;
    d[43] = 1;
    BOOST_TEST((ClampTcpMss(d, 1000) == MssClampResult::NO_MSS));
}

// Malformed lengths or options never read out of bounds and change nothing.
BOOST_AUTO_TEST_CASE(malformed_input_is_refused)
{
    Bytes shortTotal = Hex(kSyn1460);
    shortTotal[3] = 0x40; // total length beyond the octets
    BOOST_TEST((ClampTcpMss(shortTotal, 1000) == MssClampResult::MALFORMED));
    Bytes badOpt = Hex(kSyn1460);
    badOpt[41] = 40; // option length past the header
    BOOST_TEST((ClampTcpMss(badOpt, 1000) == MssClampResult::MALFORMED));
    Bytes zeroLen = Hex(kSyn1460);
    zeroLen[41] = 0;
    BOOST_TEST((ClampTcpMss(zeroLen, 1000) == MssClampResult::MALFORMED));
    Bytes badDoff = Hex(kSyn1460);
    badDoff[32] = 0xf2; // data offset 60 > segment
    BOOST_TEST((ClampTcpMss(badDoff, 1000) == MssClampResult::MALFORMED));
    for (size_t n = 0; n < 48; ++n)
    {
        Bytes cut = Hex(kSyn1460);
        cut.resize(n);
        BOOST_TEST((ClampTcpMss(cut, 1000) != MssClampResult::CLAMPED));
    }
    BOOST_TEST(std::string(ToString(MssClampResult::CLAMPED)) == "clamped");
}

BOOST_AUTO_TEST_SUITE_END()
