// RFC 3948 UDP encapsulation on port 4500, both ways: the three kinds of datagram (ESP, marked IKE,
// keepalive) are told apart as §2.1-§2.3 define them, real strongSwan datagrams included, and the
// malformed ones are counted by reason; the keepalive schedule (§4) and the transport-mode inner
// checksum repair after a NAT (§3.1.2, RFC 1624).

#include "model/ipsec/udp-encap.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace ns3;

namespace
{

Bytes
H(const std::string& hex)
{
    Bytes b;
    BOOST_REQUIRE(FromHex(hex, b));
    return b;
}

// From pcaps/reference/strongswan/l2tp-ipsec-natt.pcap (strongSwan 5.9.8 through a Linux NAT):
// frame 10 (ESP, SPI 0xb41f8d3f seq 1, UDP payload), frame 30 (keepalive), and the first 40
// octets of frame 5 (main mode message 5 on 4500 after the non-ESP marker).
const char* const kStrongswanEsp =
    "b41f8d3f00000001ef4791e5641b422283f400bb4900c2f5054dfabe0e19e94c893477749db32d2b6478cc6f5a"
    "1e19c49c5ba7c7e4516b297fe23af6213dd481fb241fe9b7b520debf383255cd2b81aebb316829ce3cd4544a74"
    "6e7519a6990738bf26c304515a6b378154b7c6e76b27f99b9630bbc84c81041e078d9d20b609d0fc63fb";
const char* const kStrongswanKeepalive = "ff";
const char* const kStrongswanIke =
    "000000000608ab7ec998d43f0db0206ae10f9c9005100201000000000000006c461124aa9aad4334";

} // namespace

BOOST_AUTO_TEST_SUITE(ipsec_udp_encap)

BOOST_AUTO_TEST_CASE(reason_rows_are_complete)
{
    size_t n = 0;
    const NattReasonInfo* rows = NattReasonTable(n);
    BOOST_REQUIRE_EQUAL(n, static_cast<size_t>(NattReason::COUNT_));
    std::set<std::string> names;
    for (size_t i = 0; i < n; ++i)
    {
        BOOST_CHECK_EQUAL(static_cast<size_t>(rows[i].reason), i);
        BOOST_CHECK(names.insert(rows[i].name).second);
    }
}

BOOST_AUTO_TEST_CASE(strongswan_datagrams_are_classified)
{
    NattClass esp = ClassifyNattPayload(H(kStrongswanEsp));
    BOOST_CHECK(esp.kind == NattKind::ESP); // §2.1: the SPI is never 0
    BOOST_CHECK_EQUAL(esp.offset, 0u);
    BOOST_CHECK_EQUAL(esp.length, H(kStrongswanEsp).size());

    NattClass ka = ClassifyNattPayload(H(kStrongswanKeepalive));
    BOOST_CHECK(ka.kind == NattKind::KEEPALIVE); // §2.3

    Bytes ike = H(kStrongswanIke);
    NattClass c = ClassifyNattPayload(ike);
    BOOST_CHECK(c.kind == NattKind::IKE); // §2.2: non-ESP marker
    BOOST_CHECK_EQUAL(c.offset, 4u);
    BOOST_CHECK_EQUAL(c.length, ike.size() - 4);
    BOOST_CHECK_EQUAL(std::string(NattKindName(c.kind)), "ike");
}

BOOST_AUTO_TEST_CASE(malformed_datagrams_are_counted_by_reason)
{
    NattCounters k;
    k.Count(ClassifyNattPayload(Bytes()));
    BOOST_CHECK(ClassifyNattPayload(Bytes()).reason == NattReason::EMPTY);
    // One octet that is not 0xFF, and 2-7 octets: neither a keepalive nor an ESP header.
    for (size_t n = 1; n < 8; ++n)
    {
        Bytes b(n, 0x11);
        NattClass c = ClassifyNattPayload(b);
        BOOST_CHECK(c.kind == NattKind::MALFORMED);
        BOOST_CHECK(c.reason == NattReason::SHORT);
        k.Count(c);
    }
    // 0xFF followed by more octets is not a keepalive (§2.3 defines exactly one octet).
    BOOST_CHECK(ClassifyNattPayload(H("ffff")).reason == NattReason::SHORT);
    // A marker followed by less than the ISAKMP header.
    Bytes shortIke = UdpEncapIke(Bytes(27, 1));
    NattClass c = ClassifyNattPayload(shortIke);
    BOOST_CHECK(c.reason == NattReason::IKE_TOO_SHORT);
    k.Count(c);
    BOOST_CHECK(ClassifyNattPayload(UdpEncapIke(Bytes(28, 1))).kind == NattKind::IKE);
    // Four zero octets alone: a marker with nothing after it.
    BOOST_CHECK(ClassifyNattPayload(Bytes(4, 0)).reason == NattReason::IKE_TOO_SHORT);
    k.Count(ClassifyNattPayload(H(kStrongswanEsp)));
    BOOST_CHECK_EQUAL(k.Kind(NattKind::MALFORMED), 9u);
    BOOST_CHECK_EQUAL(k.Malformed(NattReason::SHORT), 7u);
    BOOST_CHECK_EQUAL(k.Malformed(NattReason::EMPTY), 1u);
    BOOST_CHECK_EQUAL(k.Malformed(NattReason::IKE_TOO_SHORT), 1u);
    BOOST_CHECK_EQUAL(k.Kind(NattKind::ESP), 1u);
}

BOOST_AUTO_TEST_CASE(built_payloads_match_the_rfc_formats)
{
    BOOST_CHECK_EQUAL(ToHex(UdpEncapKeepalive()), "ff");              // §2.3
    BOOST_CHECK_EQUAL(ToHex(UdpEncapIke(H("0102"))), "000000000102"); // §2.2
    // §2.1: UDP header with the Length filled in and a zero checksum.
    Bytes d = UdpEncapBuildDatagram(4500, 4500, H("b41f8d3f00000001"));
    BOOST_CHECK_EQUAL(ToHex(d), "1194119400100000b41f8d3f00000001");
}

BOOST_AUTO_TEST_CASE(keepalive_schedule_follows_the_last_datagram_sent)
{
    // RFC 3948 §4: a keepalive only when nothing else was sent for the interval (20 s default).
    NatKeepaliveSchedule s(kNatKeepaliveDefault, 0);
    BOOST_CHECK_EQUAL(s.NextDeadline(), 20 * kSec);
    BOOST_CHECK(!s.Due(19 * kSec));
    s.NoteSent(15 * kSec); // an ESP packet went out
    BOOST_CHECK(!s.Due(20 * kSec));
    BOOST_CHECK(s.Due(35 * kSec));
    NatKeepaliveSchedule off(0, 0);
    BOOST_CHECK(!off.Due(1000 * kSec));
    BOOST_CHECK_EQUAL(off.NextDeadline(), kNever);
}

BOOST_AUTO_TEST_CASE(inner_udp_checksum_is_repaired_after_nat)
{
    // RFC 3948 §3.1.2: the L2TP/UDP segment inside transport-mode ESP was checksummed with the
    // client's private address; after the NAT the receiver sees the public one.
    std::array<uint8_t, 4> priv{192, 168, 88, 10};
    std::array<uint8_t, 4> pub{100, 64, 0, 2};
    std::array<uint8_t, 4> server{203, 0, 113, 2};
    Bytes seg = H("06a506a5001c0000"
                  "c80200140000000000000000"
                  "0102030405060708");
    uint16_t orig = UdpChecksumIpv4(seg, priv, server);
    seg[6] = static_cast<uint8_t>(orig >> 8);
    seg[7] = static_cast<uint8_t>(orig & 0xFF);
    Bytes fixed = seg;
    BOOST_REQUIRE(FixInnerUdpChecksum(fixed, priv, server, pub, server));
    uint16_t want = UdpChecksumIpv4(seg, pub, server);
    BOOST_CHECK_EQUAL((fixed[6] << 8) | fixed[7], want);
    BOOST_CHECK_NE(want, orig);
    // A segment without a checksum stays without one; a short one is refused.
    Bytes none = seg;
    none[6] = none[7] = 0;
    BOOST_REQUIRE(FixInnerUdpChecksum(none, priv, server, pub, server));
    BOOST_CHECK_EQUAL(none[6] | none[7], 0);
    Bytes tiny(7, 0);
    BOOST_CHECK(!FixInnerUdpChecksum(tiny, priv, server, pub, server));
}

BOOST_AUTO_TEST_CASE(internet_checksum_rfc1071_example)
{
    // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum (folded) to ddf2.
    Bytes b = H("0001f203f4f5f6f7");
    BOOST_CHECK_EQUAL(InternetChecksumAdd(0, b.data(), b.size()), 0xddf2);
}

BOOST_AUTO_TEST_SUITE_END()
