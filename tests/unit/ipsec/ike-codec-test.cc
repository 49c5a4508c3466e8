// ISAKMP codec (RFC 2408 §3) both ways: what encodes decodes back (TV and TLV attributes §3.3,
// proposals §3.5, transforms §3.6, notify §3.14, delete §3.15, ID RFC 2407 §4.6.2, NAT-OA RFC
// 3947 §5.2), and every malformed input is refused with its own reason and never read past its
// end; the reason, payload and notify tables are complete. IKE crypto: the MODP primes of RFC 2409
// §6.2 and RFC 3526 §3, Diffie-Hellman agreement and its refusals, App. B key expansion.

#include "model/ipsec/ike-codec.h"
#include "model/ipsec/ike-crypto.h"

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

IkeSa
SampleSa()
{
    IkeSa sa;
    IkeProposal p;
    p.protocol = IkeProtocol::IPSEC_ESP;
    p.spi = H("c0ffee01");
    IkeTransform t;
    t.number = 1;
    t.id = 12; // ESP_AES
    IkeAttribute life;
    life.type = 2;
    life.tv = false;
    life.data = H("00015180"); // 86400, TLV (RFC 2407 §4.5 SA Life Duration is variable)
    life.value = 86400;
    IkeAttribute keyLen;
    keyLen.type = 6;
    keyLen.value = 256;
    t.attrs = {life, keyLen};
    IkeTransform t2 = t;
    t2.number = 2;
    t2.id = 3; // ESP_3DES
    t2.attrs = {life};
    p.transforms = {t, t2};
    sa.proposals = {p};
    return sa;
}

/** The reason, read after the call (by reference: argument order is unspecified). */
IkeReason
Why(bool ok, const IkeReason& why)
{
    BOOST_CHECK(!ok);
    return why;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ike_codec)

BOOST_AUTO_TEST_CASE(tables_are_complete)
{
    size_t n = 0;
    const IkeReasonInfo* r = IkeReasonTable(n);
    BOOST_REQUIRE_EQUAL(n, static_cast<size_t>(IkeReason::COUNT_));
    std::set<std::string> names;
    for (size_t i = 0; i < n; ++i)
    {
        BOOST_CHECK(static_cast<size_t>(r[i].reason) == i);
        BOOST_CHECK(std::string(r[i].rfc).rfind("RFC ", 0) == 0);
        BOOST_CHECK(names.insert(r[i].name).second);
    }
    const IkePayloadInfo* p = IkePayloadTable(n);
    std::set<uint8_t> types;
    for (size_t i = 0; i < n; ++i)
    {
        BOOST_CHECK(types.insert(p[i].type).second);
    }
    BOOST_CHECK_EQUAL(IkePayloadName(IkePayload::NAT_D), "NAT-D");
    BOOST_CHECK_EQUAL(IkePayloadName(IkePayload::NAT_OA), "NAT-OA");
    BOOST_CHECK_EQUAL(IkePayloadName(77), "payload-77");
    BOOST_CHECK_EQUAL(IkeNotifyName(IkeNotifyType::NO_PROPOSAL_CHOSEN), "NO-PROPOSAL-CHOSEN");
    BOOST_CHECK_EQUAL(IkeNotifyName(IkeNotifyType::R_U_THERE_ACK), "R-U-THERE-ACK");
    const IkeAttributeInfo* a = IkePhase1AttributeTable(n);
    BOOST_CHECK_EQUAL(n, 16u);                     // RFC 2409 App. A classes 1..16
    BOOST_CHECK(a[11].type == 12 && !a[11].basic); // Life Duration is variable
    a = IkePhase2AttributeTable(n);
    BOOST_CHECK(a[3].type == 4); // Encapsulation Mode
}

// RFC 2408 §3.4-3.6, §3.3: an SA with two transforms, TV and TLV attributes, encodes to the
// documented layout and decodes back.
BOOST_AUTO_TEST_CASE(sa_round_trip_with_tv_and_tlv_attributes)
{
    Bytes body = EncodeIkeSa(SampleSa());
    // DOI 1, SIT_IDENTITY_ONLY, then the proposal: last (0), length, #1, ESP, SPI size 4, 2
    // transforms, SPI; the first transform says a transform follows (3).
    BOOST_CHECK_EQUAL(ToHex(Bytes(body.begin(), body.begin() + 20)),
                      "00000001000000010000003001030402c0ffee01");
    BOOST_CHECK_EQUAL(body[20], IkePayload::TRANSFORM);
    IkeSa back;
    IkeReason why = IkeReason::TRUNCATED;
    BOOST_REQUIRE(DecodeIkeSa(body, back, why));
    BOOST_REQUIRE_EQUAL(back.proposals.size(), 1u);
    const IkeProposal& p = back.proposals[0];
    BOOST_CHECK_EQUAL(ToHex(p.spi), "c0ffee01");
    BOOST_REQUIRE_EQUAL(p.transforms.size(), 2u);
    uint32_t v = 0;
    BOOST_CHECK(p.transforms[0].Get(2, v) && v == 86400);
    BOOST_CHECK(!p.transforms[0].attrs[0].tv);
    BOOST_CHECK(p.transforms[0].Get(6, v) && v == 256);
    BOOST_CHECK(!p.transforms[1].Get(6, v));
    BOOST_CHECK(EncodeIkeSa(back) == body);
}

BOOST_AUTO_TEST_CASE(malformed_sa_is_refused_with_a_reason)
{
    Bytes body = EncodeIkeSa(SampleSa());
    IkeSa sa;
    IkeReason why = IkeReason::TRUNCATED;
    // Every truncation of the SA is refused (never read past the end).
    for (size_t n = 0; n < body.size(); ++n)
    {
        Bytes cut(body.begin(), body.begin() + n);
        BOOST_CHECK(!DecodeIkeSa(cut, sa, why));
    }
    // Transform count 3 but two transforms present.
    Bytes b = body;
    b[15] = 3;
    BOOST_CHECK(Why(DecodeIkeSa(b, sa, why), why) == IkeReason::BAD_SA);
    // A TLV attribute whose length runs past its transform.
    b = body;
    b[30] = 0x40; // first attribute's TLV length 0x0004 -> 0x4004 (past the end)
    BOOST_CHECK(Why(DecodeIkeSa(b, sa, why), why) == IkeReason::BAD_ATTRIBUTE);
    // Zero transforms.
    b = body;
    b[15] = 0;
    BOOST_CHECK(Why(DecodeIkeSa(b, sa, why), why) == IkeReason::BAD_SA);
}

// RFC 2408 §3.1/§3.2: header and generic payload chain.
BOOST_AUTO_TEST_CASE(header_and_chain_refusals)
{
    IkeMessage m;
    m.hdr.icookie = {1, 2, 3, 4, 5, 6, 7, 8};
    m.hdr.exchange = IkeExchange::IDENTITY_PROTECTION;
    m.payloads = {IkeRawPayload{IkePayload::SA, EncodeIkeSa(SampleSa())},
                  IkeRawPayload{IkePayload::VENDOR_ID, H("4a131c81070358455c5728f20e95452f")}};
    Bytes msg = EncodeIkeMessage(m);
    IkeMessage back;
    IkeReason why = IkeReason::TRUNCATED;
    BOOST_REQUIRE(DecodeIkeMessage(msg, back, why));
    BOOST_CHECK_EQUAL(back.hdr.length, msg.size());
    BOOST_CHECK(back.payloads.size() == 2 && back.payloads[1].body == m.payloads[1].body);
    BOOST_CHECK(EncodeIkeMessage(back) == msg);

    Bytes b(msg.begin(), msg.begin() + 27);
    BOOST_CHECK(Why(DecodeIkeMessage(b, back, why), why) == IkeReason::TRUNCATED);
    b = msg;
    b[17] = 0x20; // version 2.0: INVALID-MAJOR-VERSION
    BOOST_CHECK(Why(DecodeIkeMessage(b, back, why), why) == IkeReason::BAD_VERSION);
    b = msg;
    b.push_back(0);
    BOOST_CHECK(Why(DecodeIkeMessage(b, back, why), why) == IkeReason::BAD_LENGTH);
    b = msg;
    b[16] = 99; // first payload type undefined
    BOOST_CHECK(Why(DecodeIkeMessage(b, back, why), why) == IkeReason::UNKNOWN_PAYLOAD);
    b = msg;
    b[28 + 2] = 0xff; // SA payload length past the end
    BOOST_CHECK(Why(DecodeIkeMessage(b, back, why), why) == IkeReason::BAD_PAYLOAD_LENGTH);
    b = msg;
    b[28 + 2] = 0;
    b[28 + 3] = 3; // below the generic header
    BOOST_CHECK(Why(DecodeIkeMessage(b, back, why), why) == IkeReason::BAD_PAYLOAD_LENGTH);
    // Trailing octets: padding of an encrypted message is allowed only there.
    Bytes chain(msg.begin() + 28, msg.end());
    chain.push_back(0);
    std::vector<IkeRawPayload> pl;
    BOOST_CHECK(!DecodeIkePayloads(chain.data(), chain.size(), IkePayload::SA, false, pl, why));
    BOOST_CHECK(DecodeIkePayloads(chain.data(), chain.size(), IkePayload::SA, true, pl, why));
}

BOOST_AUTO_TEST_CASE(notify_delete_id_nat_oa_both_ways)
{
    IkeReason why = IkeReason::TRUNCATED;
    IkeNotify n;
    n.protocol = IkeProtocol::ISAKMP;
    n.spi = H("0102030405060708090a0b0c0d0e0f10");
    n.type = IkeNotifyType::R_U_THERE;
    n.data = H("00000007");
    Bytes nb = EncodeIkeNotify(n);
    IkeNotify nback;
    BOOST_REQUIRE(DecodeIkeNotify(nb, nback, why));
    BOOST_CHECK(nback.type == n.type && nback.spi == n.spi && nback.data == n.data);
    nb[5] = 40; // SPI size past the end
    BOOST_CHECK(Why(DecodeIkeNotify(nb, nback, why), why) == IkeReason::BAD_NOTIFY);

    IkeDelete d;
    d.spis = {H("c0000001"), H("c0000002")};
    Bytes db = EncodeIkeDelete(d);
    IkeDelete dback;
    BOOST_REQUIRE(DecodeIkeDelete(db, dback, why));
    BOOST_CHECK(dback.spis == d.spis);
    db[7] = 3; // three SPIs announced, two present
    BOOST_CHECK(Why(DecodeIkeDelete(db, dback, why), why) == IkeReason::BAD_DELETE);

    IkeId id;
    id.protocol = 17;
    id.port = 1701;
    BOOST_REQUIRE(IkeParseIpv4("192.0.2.10", id.data));
    Bytes ib = EncodeIkeId(id);
    BOOST_CHECK_EQUAL(ToHex(ib), "011106a5c000020a");
    IkeId iback;
    BOOST_REQUIRE(DecodeIkeId(ib, iback, why));
    BOOST_CHECK_EQUAL(IkeFormatIpv4(iback.data), "192.0.2.10");
    ib.pop_back(); // ID_IPV4_ADDR with 3 octets
    BOOST_CHECK(Why(DecodeIkeId(ib, iback, why), why) == IkeReason::BAD_ID);

    Bytes oa = EncodeIkeNatOa(H("c0000201"));
    BOOST_CHECK_EQUAL(ToHex(oa), "01000000c0000201");
    Bytes oaBack;
    BOOST_REQUIRE(DecodeIkeNatOa(oa, oaBack, why));
    BOOST_CHECK_EQUAL(ToHex(oaBack), "c0000201");
    oa[0] = 5; // ID_IPV6_ADDR is not what this model carries
    BOOST_CHECK(Why(DecodeIkeNatOa(oa, oaBack, why), why) == IkeReason::BAD_NAT_OA);
    BOOST_CHECK(!IkeParseIpv4("192.0.2", oaBack));
    BOOST_CHECK(!IkeParseIpv4("192.0.2.256", oaBack));
}

// RFC 2409 §6.2 (group 2, 1024 bits) and RFC 3526 §3 (group 14, 2048 bits): the primes begin
// with 64 one bits then pi's digits (C90FDAA2 2168C234 ...) and end with 64 one bits.
BOOST_AUTO_TEST_CASE(modp_primes_are_the_rfc_ones)
{
    Bytes p2 = IkeGroupPrime(2);
    BOOST_REQUIRE_EQUAL(p2.size(), 128u);
    BOOST_CHECK_EQUAL(ToHex(Bytes(p2.begin(), p2.begin() + 16)),
                      "ffffffffffffffffc90fdaa22168c234");
    BOOST_CHECK_EQUAL(ToHex(Bytes(p2.end() - 16, p2.end())), "49286651ece65381ffffffffffffffff");
    Bytes p14 = IkeGroupPrime(14);
    BOOST_REQUIRE_EQUAL(p14.size(), 256u);
    BOOST_CHECK_EQUAL(ToHex(Bytes(p14.begin(), p14.begin() + 16)),
                      "ffffffffffffffffc90fdaa22168c234");
    BOOST_CHECK_EQUAL(ToHex(Bytes(p14.end() - 16, p14.end())), "15728e5a8aacaa68ffffffffffffffff");
    BOOST_CHECK(IkeGroupPrime(5).empty());
    BOOST_CHECK(FindIkeGroup("modp1024")->id == 2 && FindIkeGroup("modp2048")->id == 14);
    BOOST_CHECK(FindIkeGroup("ecp256") == nullptr);
}

BOOST_AUTO_TEST_CASE(diffie_hellman_agrees_and_refuses_degenerate_values)
{
    for (uint16_t g : {uint16_t{2}, uint16_t{14}})
    {
        IkeDh a(g, H("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
        IkeDh b(g, H("2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"));
        Bytes ka;
        Bytes kb;
        BOOST_REQUIRE(a.Shared(b.PublicValue(), ka));
        BOOST_REQUIRE(b.Shared(a.PublicValue(), kb));
        BOOST_CHECK(ka == kb);
        BOOST_CHECK_EQUAL(ka.size(), FindIkeGroupById(g)->bytes);
        size_t len = FindIkeGroupById(g)->bytes;
        Bytes zero(len, 0);
        Bytes one(len, 0);
        one.back() = 1;
        Bytes pm1 = IkeGroupPrime(g);
        pm1.back() -= 1;
        Bytes out;
        BOOST_CHECK(!a.Shared(zero, out));
        BOOST_CHECK(!a.Shared(one, out));
        BOOST_CHECK(!a.Shared(pm1, out));
        BOOST_CHECK(!a.Shared(IkeGroupPrime(g), out));
        BOOST_CHECK(!a.Shared(Bytes(len - 1, 7), out)); // wrong size
    }
}

// RFC 2409 App. B: Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1).
BOOST_AUTO_TEST_CASE(appendix_b_key_expansion)
{
    Bytes e = H("851bf091638ab4d0517b16603938aff76265545c");
    Bytes ka = IkeExpandKey(IkeHash::SHA1, e, 32);
    BOOST_REQUIRE_EQUAL(ka.size(), 32u);
    const uint8_t zero = 0;
    Bytes k1 = IkePrf(IkeHash::SHA1, e, {ByteSpan(&zero, 1)});
    Bytes k2 = IkePrf(IkeHash::SHA1, e, {k1});
    BOOST_CHECK(Bytes(ka.begin(), ka.begin() + 20) == k1);
    BOOST_CHECK(Bytes(ka.begin() + 20, ka.end()) == Bytes(k2.begin(), k2.begin() + 12));
    // RFC 2202 §3 test case 2: HMAC-SHA1("Jefe", "what do ya want for nothing?").
    Bytes mac = IkePrf(IkeHash::SHA1, Bytes{'J', 'e', 'f', 'e'},
                       {std::string("what do ya want "), std::string("for nothing?")});
    BOOST_CHECK_EQUAL(ToHex(mac), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

BOOST_AUTO_TEST_SUITE_END()
