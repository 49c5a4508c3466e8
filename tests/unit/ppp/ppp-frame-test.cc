/**
 * \file
 * \brief PPP frame codec (RFC 1661 §2 protocol field, §6.5 PFC, §6.6 ACFC; RFC 1662 §3.1
 * Address/Control) and protocol names.
 */

#include "model/ppp/ppp-frame.h"

#include <boost/test/unit_test.hpp>
#include <ostream>

using namespace ns3;

namespace ns3
{
/** Printable in Boost.Test messages. */
std::ostream&
operator<<(std::ostream& o, PppFrameError e)
{
    return o << ToString(e);
}
} // namespace ns3

namespace
{

PppFrameError
Decode(const Bytes& b, PppFrame& f)
{
    return DecodePppFrame(b.data(), b.size(), f);
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppFrameTests)

BOOST_AUTO_TEST_CASE(ProtocolNames)
{
    BOOST_TEST(std::string(PppProtocolName(kPppLcp)) == "LCP");
    BOOST_TEST(std::string(PppProtocolName(kPppIpcp)) == "IPCP");
    BOOST_TEST(std::string(PppProtocolName(kPppIpv6cp)) == "IPV6CP");
    BOOST_TEST(std::string(PppProtocolName(kPppChap)) == "CHAP");
    BOOST_TEST(std::string(PppProtocolName(0x1234)) == "0x1234");
    BOOST_TEST(std::string(PppProtocolName(0xabcd)) == "0xabcd");
}

// §2 / RFC 1662 §3.1: the full form FF 03 + 2-octet protocol.
BOOST_AUTO_TEST_CASE(DecodesFullForm)
{
    PppFrame f;
    BOOST_TEST(Decode({0xff, 0x03, 0xc0, 0x21, 0x01, 0x02}, f) == PppFrameError::NONE);
    BOOST_TEST(f.protocol == kPppLcp);
    BOOST_TEST(f.addressControl);
    BOOST_TEST(!f.protocolCompressed);
    BOOST_TEST(f.info == (Bytes{0x01, 0x02}), boost::test_tools::per_element());
}

// §6.5 and §6.6: a receiver accepts frames without FF 03 and with a 1-octet protocol field.
BOOST_AUTO_TEST_CASE(DecodesCompressedForms)
{
    PppFrame f;
    BOOST_TEST(Decode({0x21, 0x45}, f) == PppFrameError::NONE);
    BOOST_TEST(f.protocol == kPppIpv4);
    BOOST_TEST(!f.addressControl);
    BOOST_TEST(f.protocolCompressed);
    BOOST_TEST(f.info.size() == 1u);

    BOOST_TEST(Decode({0xff, 0x03, 0x57}, f) == PppFrameError::NONE);
    BOOST_TEST(f.protocol == kPppIpv6);
    BOOST_TEST(f.addressControl);
    BOOST_TEST(f.protocolCompressed);
    BOOST_TEST(f.info.empty());

    BOOST_TEST(Decode({0x80, 0x21, 0x01}, f) == PppFrameError::NONE);
    BOOST_TEST(f.protocol == kPppIpcp);
    BOOST_TEST(!f.addressControl);
    BOOST_TEST(!f.protocolCompressed);
}

// §2: "the least significant bit of the least significant octet is 1, and the least significant
// bit of the most significant octet is 0": anything else is refused, as are truncated frames.
BOOST_AUTO_TEST_CASE(RefusesWhatTheRfcForbids)
{
    PppFrame f;
    BOOST_TEST(Decode({}, f) == PppFrameError::EMPTY);
    BOOST_TEST(Decode({0xff}, f) == PppFrameError::TRUNCATED);
    BOOST_TEST(Decode({0xff, 0x03}, f) == PppFrameError::TRUNCATED);
    BOOST_TEST(Decode({0xff, 0x05, 0xc0, 0x21}, f) == PppFrameError::BAD_ADDRESS_CONTROL);
    BOOST_TEST(Decode({0xc0, 0x20}, f) == PppFrameError::BAD_PROTOCOL_FIELD); // low octet even
    BOOST_TEST(Decode({0xff, 0x03, 0x00, 0x00}, f) == PppFrameError::BAD_PROTOCOL_FIELD);
    BOOST_TEST(Decode({0xc0}, f) == PppFrameError::TRUNCATED);
    BOOST_TEST(Decode({0xff, 0x03, 0x80}, f) == PppFrameError::TRUNCATED);
    BOOST_TEST(std::string(ToString(PppFrameError::BAD_PROTOCOL_FIELD)) == "bad-protocol-field");
}

// §6.5/§6.6: compression only where negotiated and never for LCP.
BOOST_AUTO_TEST_CASE(EncodesAndRoundTrips)
{
    const Bytes info{0xde, 0xad};
    BOOST_TEST(EncodePppFrame(kPppIpv4, info, false, false) ==
                   (Bytes{0xff, 0x03, 0x00, 0x21, 0xde, 0xad}),
               boost::test_tools::per_element());
    BOOST_TEST(EncodePppFrame(kPppIpv4, info, true, true) == (Bytes{0x21, 0xde, 0xad}),
               boost::test_tools::per_element());
    BOOST_TEST(EncodePppFrame(kPppIpcp, info, true, true) == (Bytes{0x80, 0x21, 0xde, 0xad}),
               boost::test_tools::per_element());
    BOOST_TEST(EncodePppFrame(kPppLcp, info, true, true) ==
                   (Bytes{0xff, 0x03, 0xc0, 0x21, 0xde, 0xad}),
               boost::test_tools::per_element());
    for (bool acfc : {false, true})
    {
        for (bool pfc : {false, true})
        {
            for (uint16_t proto : {kPppIpv4, kPppIpv6, kPppLcp, kPppIpcp, kPppChap, kPppMp})
            {
                const Bytes wire = EncodePppFrame(proto, info, acfc, pfc);
                PppFrame f;
                BOOST_TEST(Decode(wire, f) == PppFrameError::NONE);
                BOOST_TEST(f.protocol == proto);
                BOOST_TEST(f.info == info, boost::test_tools::per_element());
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
