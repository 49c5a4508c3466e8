// L2TP codec: RFC 2661 §3.1 header, §4.1 AVP format, §4.3 hiding, §4.4 length rules, §5.1.1
// challenge response. Expected values are computed here independently (hand-assembled bytes,
// OpenSSL EVP directly), never by the code under test.

#include "model/common/byte-buffer.h"
#include "model/common/crypto.h"
#include "model/l2tp/l2tp-avp-table.h"
#include "model/l2tp/l2tp-codec.h"
#include "model/l2tp/l2tp-types.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>

#include <string>
#include <vector>

using namespace ns3;
namespace bdata = boost::unit_test::data;

namespace
{

Bytes
Hex(const std::string& h)
{
    Bytes b;
    BOOST_REQUIRE(FromHex(h, b));
    return b;
}

/** \brief MD5 over concatenated pieces with OpenSSL EVP directly (independent of crypto.h). */
Bytes
EvpMd5(const std::vector<Bytes>& pieces)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
    for (const Bytes& p : pieces)
    {
        EVP_DigestUpdate(ctx, p.data(), p.size());
    }
    unsigned char out[16];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, out, &n);
    EVP_MD_CTX_free(ctx);
    return Bytes(out, out + n);
}

Bytes
Str(const std::string& s)
{
    return Bytes(s.begin(), s.end());
}

/** \brief One raw AVP: flags/length word computed from the arguments (length = 6 + value). */
Bytes
RawAvp(bool m, bool h, uint16_t vendor, uint16_t type, const Bytes& value, uint8_t rsvd = 0)
{
    ByteWriter w;
    uint16_t fl = static_cast<uint16_t>(6 + value.size()) | (m ? 0x8000 : 0) | (h ? 0x4000 : 0) |
                  static_cast<uint16_t>(rsvd << 10);
    w.WriteU16(fl);
    w.WriteU16(vendor);
    w.WriteU16(type);
    w.WriteBytes(value);
    return w.Take();
}

/** \brief A control message with T=1 L=1 S=1 Ver=2 and the given AVP bytes; Length correct. */
Bytes
RawControl(const Bytes& avps, uint16_t tunnel = 1, uint16_t session = 0, uint16_t flags = 0xC802)
{
    ByteWriter w;
    w.WriteU16(flags);
    w.WriteU16(static_cast<uint16_t>(12 + avps.size()));
    w.WriteU16(tunnel);
    w.WriteU16(session);
    w.WriteU16(0);
    w.WriteU16(0);
    w.WriteBytes(avps);
    return w.Take();
}

Bytes
Cat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const Bytes& p : parts)
    {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

const Bytes kMsgTypeSccrq = Hex("8008 0000 0000 0001"); // Message Type = SCCRQ, M=1
const Bytes kMsgTypeHello = Hex("8008 0000 0000 0006"); // Message Type = HELLO

L2tpDecodeError
DecodeCtl(const Bytes& b, L2tpControlMessage& m, const std::string& secret = "")
{
    return DecodeL2tpControl(b.data(), b.size(), secret, m);
}

bool
SameAvp(const L2tpAvp& a, const L2tpAvp& b)
{
    return a.mandatory == b.mandatory && a.hidden == b.hidden && a.vendorId == b.vendorId &&
           a.type == b.type && a.value == b.value && a.reservedBits == b.reservedBits;
}

bool
SameMessage(const L2tpControlMessage& a, const L2tpControlMessage& b)
{
    if (a.tunnelId != b.tunnelId || a.sessionId != b.sessionId || a.ns != b.ns || a.nr != b.nr ||
        a.avps.size() != b.avps.size())
    {
        return false;
    }
    for (size_t i = 0; i < a.avps.size(); ++i)
    {
        if (!SameAvp(a.avps[i], b.avps[i]))
        {
            return false;
        }
    }
    return true;
}

/** \brief A valid clear-text value for a catalog row (deterministic pattern). */
Bytes
SampleValue(const L2tpAvpInfo& row)
{
    size_t n = row.minValueLength == row.maxValueLength ? row.minValueLength
                                                        : std::max<size_t>(row.minValueLength, 7);
    Bytes v(n);
    for (size_t i = 0; i < n; ++i)
    {
        v[i] = static_cast<uint8_t>(0x41 + (i * 7 + static_cast<uint16_t>(row.type)) % 26);
    }
    return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(l2tp_codec)

// ---------------------------------------------------------------- names

BOOST_AUTO_TEST_CASE(message_type_names)
{
    // §3.2 / §6 spellings.
    BOOST_TEST(ToString(L2tpMessageType::SCCRQ) == "SCCRQ");
    BOOST_TEST(ToString(L2tpMessageType::STOPCCN) == "StopCCN");
    BOOST_TEST(ToString(L2tpMessageType::ZLB) == "ZLB");
    BOOST_TEST(ToString(static_cast<L2tpMessageType>(5)) == "Unknown(5)");
    for (uint16_t t = 0; t < 20; ++t)
    {
        L2tpMessageType mt = static_cast<L2tpMessageType>(t);
        std::string name = ToString(mt);
        L2tpMessageType parsed;
        if (name.rfind("Unknown", 0) == 0)
        {
            BOOST_TEST(!ParseMessageType(name, parsed));
            continue;
        }
        BOOST_TEST(ParseMessageType(name, parsed));
        BOOST_TEST((parsed == mt));
    }
    L2tpMessageType p;
    BOOST_TEST(ParseMessageType("stopccn", p));
    BOOST_TEST((p == L2tpMessageType::STOPCCN));
    BOOST_TEST(ParseMessageType("Hello", p));
    BOOST_TEST(!ParseMessageType("SCCRQX", p));
    BOOST_TEST(!ParseMessageType("", p));
}

BOOST_AUTO_TEST_CASE(decode_error_names_unique)
{
    std::vector<std::string> names;
    for (int e = 0; e <= static_cast<int>(L2tpDecodeError::RESERVED_AVP_BITS); ++e)
    {
        names.push_back(ToString(static_cast<L2tpDecodeError>(e)));
    }
    std::sort(names.begin(), names.end());
    BOOST_TEST((std::adjacent_find(names.begin(), names.end()) == names.end()));
    BOOST_TEST(ToString(L2tpDecodeError::AVP_LENGTH_RULE) == "AVP_LENGTH_RULE");
}

// ---------------------------------------------------------------- builders and accessors

// §4.4: Add* takes the M bit from the catalog (Tie Breaker/Firmware Revision M=0, others M=1).
BOOST_AUTO_TEST_CASE(builders_take_m_bit_from_catalog)
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
    m.AddU64(L2tpAvpType::TIE_BREAKER, 0x0102030405060708ULL)
        .AddU16(L2tpAvpType::FIRMWARE_REVISION, 0x0680)
        .AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, 0x1234)
        .AddString(L2tpAvpType::HOST_NAME, "lac")
        .AddU8(L2tpAvpType::CHALLENGE, 0x7f)
        .AddU32(L2tpAvpType::FRAMING_CAPABILITIES, 3);
    BOOST_TEST((m.Type() == L2tpMessageType::SCCRQ));
    BOOST_TEST(m.avps[0].mandatory);
    BOOST_TEST(!m.Find(L2tpAvpType::TIE_BREAKER)->mandatory);
    BOOST_TEST(!m.Find(L2tpAvpType::FIRMWARE_REVISION)->mandatory);
    BOOST_TEST(m.Find(L2tpAvpType::ASSIGNED_TUNNEL_ID)->mandatory);
    uint64_t tb = 0;
    uint16_t id = 0;
    uint32_t fc = 0;
    uint8_t ch = 0;
    std::string host;
    BOOST_TEST(m.GetU64(L2tpAvpType::TIE_BREAKER, tb));
    BOOST_TEST(tb == 0x0102030405060708ULL);
    BOOST_TEST(m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, id));
    BOOST_TEST(id == 0x1234);
    BOOST_TEST(m.GetU32(L2tpAvpType::FRAMING_CAPABILITIES, fc));
    BOOST_TEST(fc == 3u);
    BOOST_TEST(m.GetU8(L2tpAvpType::CHALLENGE, ch));
    BOOST_TEST(ch == 0x7f);
    BOOST_TEST(m.GetString(L2tpAvpType::HOST_NAME, host));
    BOOST_TEST(host == "lac");
    // Wrong width or absent: false.
    BOOST_TEST(!m.GetU32(L2tpAvpType::ASSIGNED_TUNNEL_ID, fc));
    BOOST_TEST(!m.GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, id));
    Bytes b;
    BOOST_TEST(!m.GetBytes(L2tpAvpType::RANDOM_VECTOR, b));
    BOOST_TEST(m.GetBytes(L2tpAvpType::HOST_NAME, b));
    BOOST_TEST((b == Str("lac")));
}

// §4.4.2: Result Code Length 8 (result only), 10 (+ error), 10 + n (+ message).
BOOST_AUTO_TEST_CASE(add_result_code_lengths)
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::STOPCCN);
    m.AddResult(1).AddResult(2, 6).AddResult(2, 0, "bye");
    BOOST_TEST((m.avps[1].value == Hex("0001")));
    BOOST_TEST((m.avps[2].value == Hex("0002 0006")));
    BOOST_TEST((m.avps[3].value == Cat({Hex("0002 0000"), Str("bye")})));
    BOOST_TEST(m.avps[1].mandatory);
    BOOST_TEST(!m.avps[1].hidden);
}

// ---------------------------------------------------------------- golden SCCRQ

// RFC 2661 §3.1 header + §4.1 AVPs, assembled by hand from the figures.
BOOST_AUTO_TEST_CASE(golden_sccrq)
{
    const Bytes golden = Hex(
        // T=1 L=1 S=1 Ver=2 | Length=98 | Tunnel 0 | Session 0 | Ns 0 | Nr 0
        "c802 0062 0000 0000 0000 0000"
        "8008 0000 0000 0001"               // M, len 8, Message Type = 1 (SCCRQ)   §4.4.1
        "8008 0000 0002 0100"               // M, Protocol Version 1.0               §4.4.3
        "8009 0000 0007 6c6163"             // M, Host Name "lac"
        "800a 0000 0003 00000003"           // M, Framing Capabilities: sync|async
        "8008 0000 0009 1234"               // M, Assigned Tunnel ID 0x1234
        "8008 0000 000a 0004"               // M, Receive Window Size 4
        "0008 0000 0006 0680"               // Firmware Revision 0x0680 (M=0)
        "000d 0000 0008 6c3274706c6162"     // Vendor Name "l2tplab" (M=0)
        "000e 0000 0005 0102030405060708"); // Tie Breaker (M=0)
    BOOST_TEST_REQUIRE(golden.size() == 98u);

    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
    m.AddU16(L2tpAvpType::PROTOCOL_VERSION, 0x0100)
        .AddString(L2tpAvpType::HOST_NAME, "lac")
        .AddU32(L2tpAvpType::FRAMING_CAPABILITIES, 3)
        .AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, 0x1234)
        .AddU16(L2tpAvpType::RECEIVE_WINDOW_SIZE, 4)
        .AddU16(L2tpAvpType::FIRMWARE_REVISION, 0x0680)
        .AddString(L2tpAvpType::VENDOR_NAME, "l2tplab")
        .AddU64(L2tpAvpType::TIE_BREAKER, 0x0102030405060708ULL);
    Bytes enc = EncodeL2tpControl(m, "");
    BOOST_TEST(ToHex(enc) == ToHex(golden));

    L2tpControlMessage d;
    std::string detail;
    BOOST_TEST_REQUIRE(
        (DecodeL2tpControl(golden.data(), golden.size(), "", d, &detail) == L2tpDecodeError::NONE),
        detail);
    BOOST_TEST(SameMessage(d, m));
    BOOST_TEST((d.Type() == L2tpMessageType::SCCRQ));
    uint16_t id = 0;
    BOOST_TEST(d.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, id));
    BOOST_TEST(id == 0x1234);

    L2tpHeader h;
    BOOST_TEST((DecodeL2tpHeader(golden.data(), golden.size(), h) == L2tpDecodeError::NONE));
    BOOST_TEST(h.isControl);
    BOOST_TEST(h.hasLength);
    BOOST_TEST(h.hasSequence);
    BOOST_TEST(!h.hasOffset);
    BOOST_TEST(h.length == 98);
    BOOST_TEST(h.headerSize == 12u);
}

// §5.8: a ZLB is a control header with no AVPs (Length 12).
BOOST_AUTO_TEST_CASE(zlb_round_trip)
{
    L2tpControlMessage z;
    z.tunnelId = 7;
    z.ns = 3;
    z.nr = 9;
    Bytes enc = EncodeL2tpControl(z, "");
    BOOST_TEST(ToHex(enc) == "c802000c0007000000030009");
    L2tpControlMessage d;
    BOOST_TEST((DecodeCtl(enc, d) == L2tpDecodeError::NONE));
    BOOST_TEST(d.IsZlb());
    BOOST_TEST((d.Type() == L2tpMessageType::ZLB));
    BOOST_TEST(SameMessage(d, z));
}

// ---------------------------------------------------------------- every catalog AVP

// §4.4: every AVP round-trips in clear; wire size = 12 + 8 (Message Type) + 6 + value.
BOOST_DATA_TEST_CASE(every_avp_round_trips_clear, bdata::xrange(kL2tpAvpTableSize), i)
{
    const L2tpAvpInfo& row = kL2tpAvpTable[i];
    BOOST_TEST_CONTEXT("AVP " << row.name << " §" << row.section)
    {
        L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::HELLO);
        m.tunnelId = 0xBEEF;
        m.sessionId = 0x0102;
        m.ns = 0xFFFF;
        m.nr = 0x8000;
        if (row.type != L2tpAvpType::MESSAGE_TYPE)
        {
            m.Add(row.type, SampleValue(row));
        }
        BOOST_TEST(m.avps.back().mandatory == row.DefaultMandatory());
        Bytes enc = EncodeL2tpControl(m, "");
        size_t expected =
            12 + 8 + (row.type == L2tpAvpType::MESSAGE_TYPE ? 0 : 6 + SampleValue(row).size());
        BOOST_TEST(enc.size() == expected);
        L2tpControlMessage d;
        std::string detail;
        BOOST_TEST_REQUIRE(
            (DecodeL2tpControl(enc.data(), enc.size(), "", d, &detail) == L2tpDecodeError::NONE),
            detail);
        BOOST_TEST(SameMessage(d, m));
        BOOST_TEST(FirstUnknownMandatory(d) == nullptr);
    }
}

// §4.3: every AVP that "may be hidden" round-trips hidden, using the preceding Random Vector;
// the wire value is 2 (Original Length) + value, no padding.
BOOST_DATA_TEST_CASE(every_hideable_avp_round_trips_hidden, bdata::xrange(kL2tpAvpTableSize), i)
{
    const L2tpAvpInfo& row = kL2tpAvpTable[i];
    if (row.hide != L2tpHideRule::MAY_HIDE)
    {
        return;
    }
    BOOST_TEST_CONTEXT("AVP " << row.name << " §" << row.section)
    {
        const std::string secret = "s3cret";
        const Bytes rv = Hex("00112233445566778899aabbccddeeff");
        L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICCN);
        m.Add(L2tpAvpType::RANDOM_VECTOR, rv).Add(row.type, SampleValue(row), true);
        Bytes enc = EncodeL2tpControl(m, secret);
        BOOST_TEST(enc.size() == 12 + 8 + (6 + rv.size()) + 6 + 2 + SampleValue(row).size());
        L2tpControlMessage d;
        std::string detail;
        BOOST_TEST_REQUIRE((DecodeL2tpControl(enc.data(), enc.size(), secret, d, &detail) ==
                            L2tpDecodeError::NONE),
                           detail);
        BOOST_TEST(SameMessage(d, m));
        BOOST_TEST(d.avps.back().hidden);
        // The wrong secret yields garbage that (almost surely) fails a length check, or a
        // different value: never the clear text.
        L2tpControlMessage wrong;
        if (DecodeCtl(enc, wrong, "other") == L2tpDecodeError::NONE)
        {
            BOOST_TEST(!(wrong.avps.back().value == SampleValue(row)));
        }
    }
}

// One message carrying every catalog AVP: bytes length == sum of the AVP lengths.
BOOST_AUTO_TEST_CASE(all_avps_in_one_message)
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    size_t sum = 12 + 8;
    for (const L2tpAvpInfo& row : kL2tpAvpTable)
    {
        if (row.type == L2tpAvpType::MESSAGE_TYPE)
        {
            continue;
        }
        m.Add(row.type, SampleValue(row));
        sum += 6 + SampleValue(row).size();
    }
    Bytes enc = EncodeL2tpControl(m, "");
    BOOST_TEST(enc.size() == sum);
    L2tpControlMessage d;
    BOOST_TEST_REQUIRE((DecodeCtl(enc, d) == L2tpDecodeError::NONE));
    BOOST_TEST(SameMessage(d, m));
}

// ---------------------------------------------------------------- hiding, hand-worked (§4.3)

// Assigned Tunnel ID 0x1234 hidden: plain = 0002 1234, b1 = MD5(0009 | secret | RV).
BOOST_AUTO_TEST_CASE(hidden_avp_single_segment_vector)
{
    const std::string secret = "tunnel-secret";
    const Bytes rv = Hex("a1a2a3a4a5a6a7a8");
    Bytes b1 = EvpMd5({Hex("0009"), Str(secret), rv});
    Bytes plain = Hex("0002 1234");
    Bytes hidden(4);
    for (size_t i = 0; i < 4; ++i)
    {
        hidden[i] = plain[i] ^ b1[i];
    }
    const Bytes expected = RawControl(
        Cat({kMsgTypeSccrq, RawAvp(true, false, 0, 36, rv), RawAvp(true, true, 0, 9, hidden)}));

    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
    m.tunnelId = 1;
    m.Add(L2tpAvpType::RANDOM_VECTOR, rv).AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, 0x1234, true);
    BOOST_TEST(ToHex(EncodeL2tpControl(m, secret)) == ToHex(expected));
    BOOST_TEST(ToHex(HideAvpValue(9, Hex("1234"), secret, rv)) == ToHex(hidden));

    L2tpControlMessage d;
    BOOST_TEST_REQUIRE((DecodeCtl(expected, d, secret) == L2tpDecodeError::NONE));
    uint16_t id = 0;
    BOOST_TEST(d.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, id));
    BOOST_TEST(id == 0x1234);
    BOOST_TEST(d.Find(L2tpAvpType::ASSIGNED_TUNNEL_ID)->hidden);
}

// A 40-octet Called Number with 5 octets of padding: 47 octets = three segments; the chain is
// b(i) = MD5(secret | c(i-1)) over the previous HIDDEN segment.
BOOST_AUTO_TEST_CASE(hidden_avp_multi_segment_chain_and_padding)
{
    const std::string secret = "xyzzy";
    const Bytes rv = Hex("0f0e0d0c0b0a09080706050403020100ffee");
    const std::string number = "0123456789012345678901234567890123456789";
    const Bytes padding = Hex("dead beef 00");
    Bytes plain = Cat({Hex("0028"), Str(number), padding});
    BOOST_TEST_REQUIRE(plain.size() == 47u);
    Bytes hidden;
    Bytes b = EvpMd5({Hex("0015"), Str(secret), rv}); // type 21
    for (size_t off = 0; off < plain.size(); off += 16)
    {
        Bytes c;
        for (size_t i = off; i < std::min(plain.size(), off + 16); ++i)
        {
            c.push_back(plain[i] ^ b[i - off]);
        }
        hidden.insert(hidden.end(), c.begin(), c.end());
        b = EvpMd5({Str(secret), c});
    }
    BOOST_TEST(ToHex(HideAvpValue(21, Str(number), secret, rv, padding)) == ToHex(hidden));
    Bytes value;
    BOOST_TEST(UnhideAvpValue(21, hidden, secret, rv, value));
    BOOST_TEST((value == Str(number)));

    // Decoding a message that carries it (padding is discarded).
    Bytes wire = RawControl(Cat({Hex("8008 0000 0000 000a"), RawAvp(true, false, 0, 36, rv),
                                 RawAvp(true, true, 0, 21, hidden)}));
    L2tpControlMessage d;
    BOOST_TEST_REQUIRE((DecodeCtl(wire, d, secret) == L2tpDecodeError::NONE));
    std::string got;
    BOOST_TEST(d.GetString(L2tpAvpType::CALLED_NUMBER, got));
    BOOST_TEST(got == number);
}

// §4.3: "a hidden AVP uses the Random Vector AVP most closely preceding it".
BOOST_AUTO_TEST_CASE(hidden_uses_nearest_preceding_random_vector)
{
    const std::string secret = "k";
    const Bytes rv1 = Hex("01");
    const Bytes rv2 = Hex("0202");
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    m.Add(L2tpAvpType::RANDOM_VECTOR, rv1)
        .AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 5, true)
        .Add(L2tpAvpType::RANDOM_VECTOR, rv2)
        .AddU32(L2tpAvpType::CALL_SERIAL_NUMBER, 77, true);
    Bytes enc = EncodeL2tpControl(m, secret);
    Bytes expected =
        RawControl(Cat({Hex("8008 0000 0000 000a"), RawAvp(true, false, 0, 36, rv1),
                        RawAvp(true, true, 0, 14, HideAvpValue(14, Hex("0005"), secret, rv1)),
                        RawAvp(true, false, 0, 36, rv2),
                        RawAvp(true, true, 0, 15, HideAvpValue(15, Hex("0000004d"), secret, rv2))}),
                   0);
    BOOST_TEST(ToHex(enc) == ToHex(expected));
    L2tpControlMessage d;
    BOOST_TEST_REQUIRE((DecodeCtl(enc, d, secret) == L2tpDecodeError::NONE));
    BOOST_TEST(SameMessage(d, m));
}

// Encoding refuses (empty buffer) what the RFC forbids: hidden with no RV, no secret, or an AVP
// that "MUST NOT be hidden".
BOOST_AUTO_TEST_CASE(encode_refuses_impossible_hiding)
{
    L2tpControlMessage noRv = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    noRv.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 5, true);
    BOOST_TEST(EncodeL2tpControl(noRv, "secret").empty());

    L2tpControlMessage noSecret = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    noSecret.Add(L2tpAvpType::RANDOM_VECTOR, Hex("01"))
        .AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 5, true);
    BOOST_TEST(EncodeL2tpControl(noSecret, "").empty());
    BOOST_TEST(!EncodeL2tpControl(noSecret, "s").empty());

    L2tpControlMessage never = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
    never.Add(L2tpAvpType::RANDOM_VECTOR, Hex("01")).AddString(L2tpAvpType::HOST_NAME, "h", true);
    BOOST_TEST(EncodeL2tpControl(never, "s").empty());

    // §4.1: AVP Length is 10 bits: a value of 1018 octets does not fit.
    L2tpControlMessage big = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    big.Add(L2tpAvpType::CALLED_NUMBER, Bytes(kL2tpAvpMaxValue, 'x'));
    BOOST_TEST(!EncodeL2tpControl(big, "").empty());
    big.avps.back().value.push_back('x');
    BOOST_TEST(EncodeL2tpControl(big, "").empty());
}

// ---------------------------------------------------------------- §5.1.1 challenge response

BOOST_AUTO_TEST_CASE(challenge_response_is_md5_of_type_secret_challenge)
{
    const Bytes challenge = Hex("0102030405060708090a0b0c0d0e0f10");
    Bytes expected = EvpMd5({Hex("02"), Str("shared"), challenge});
    BOOST_TEST(ToHex(ChallengeResponse(2, "shared", challenge)) == ToHex(expected));
    BOOST_TEST(ChallengeResponse(3, "shared", challenge) != expected);
    BOOST_TEST(ChallengeResponse(2, "shared", challenge).size() == 16u);
}

// ---------------------------------------------------------------- malformed input

// §3.1: a control header is 12 octets; every shorter prefix is truncated.
BOOST_AUTO_TEST_CASE(truncated_header_every_length)
{
    const Bytes full = RawControl(kMsgTypeHello);
    for (size_t n = 0; n < 12; ++n)
    {
        L2tpHeader h;
        L2tpControlMessage m;
        L2tpDataMessage dm;
        BOOST_TEST((DecodeL2tpHeader(full.data(), n, h) == L2tpDecodeError::TRUNCATED_HEADER),
                   "length " << n);
        BOOST_TEST((DecodeL2tpControl(full.data(), n, "", m) == L2tpDecodeError::TRUNCATED_HEADER),
                   "length " << n);
        BOOST_TEST((DecodeL2tpData(full.data(), n, dm) == L2tpDecodeError::TRUNCATED_HEADER),
                   "length " << n);
    }
    // A null pointer is an empty datagram.
    L2tpControlMessage m;
    BOOST_TEST((DecodeL2tpControl(nullptr, 0, "", m) == L2tpDecodeError::TRUNCATED_HEADER));
    // Header complete but body cut: the Length field exceeds the datagram.
    for (size_t n = 12; n < full.size(); ++n)
    {
        BOOST_TEST((DecodeL2tpControl(full.data(), n, "", m) == L2tpDecodeError::LENGTH_MISMATCH),
                   "length " << n);
    }
}

// §3.1 Length: "the total length of the message in octets".
BOOST_AUTO_TEST_CASE(length_field_checks)
{
    L2tpControlMessage m;
    Bytes b = RawControl(kMsgTypeHello);
    b[3] = static_cast<uint8_t>(b.size() + 1); // Length > datagram
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::LENGTH_MISMATCH));
    b[3] = 11; // Length < header
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::LENGTH_MISMATCH));
    b[2] = 0xFF;
    b[3] = 0xFF;
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::LENGTH_MISMATCH));
    // Trailing octets beyond Length are not part of the message.
    Bytes padded = RawControl(kMsgTypeHello);
    padded.push_back(0xAA);
    padded.push_back(0xBB);
    BOOST_TEST((DecodeCtl(padded, m) == L2tpDecodeError::NONE));
    BOOST_TEST(m.avps.size() == 1u);
}

// §3.1: "Packets received with an unknown Ver field MUST be discarded."
BOOST_AUTO_TEST_CASE(bad_version)
{
    for (uint8_t ver : {0, 1, 3, 15})
    {
        Bytes b = RawControl(kMsgTypeHello, 1, 0, static_cast<uint16_t>(0xC800 | ver));
        L2tpControlMessage m;
        L2tpDataMessage d;
        BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::UNSUPPORTED_VERSION), "ver " << int(ver));
        Bytes data = Hex("0001 0001 0002 ff03");
        data[1] = ver;
        BOOST_TEST(
            (DecodeL2tpData(data.data(), data.size(), d) == L2tpDecodeError::UNSUPPORTED_VERSION));
    }
}

// §3.1: for control messages L and S MUST be 1, O and P MUST be 0.
BOOST_AUTO_TEST_CASE(control_bits)
{
    L2tpControlMessage m;
    const uint16_t bad[] = {0x8802 /* no L */, 0xC002 /* no S */, 0xCA02 /* O */, 0xC902 /* P */};
    for (uint16_t flags : bad)
    {
        Bytes b = RawControl(kMsgTypeHello, 1, 0, flags);
        BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::CONTROL_BITS), "flags " << flags);
    }
    // A data message handed to the control decoder and vice versa.
    Bytes data = Hex("0002 0001 0002 ff03");
    BOOST_TEST((DecodeCtl(data, m) == L2tpDecodeError::CONTROL_BITS));
    Bytes ctl = RawControl(kMsgTypeHello);
    L2tpDataMessage dm;
    BOOST_TEST((DecodeL2tpData(ctl.data(), ctl.size(), dm) == L2tpDecodeError::CONTROL_BITS));
}

// §3.1: reserved bits "MUST be set to 0 on outgoing messages and ignored on incoming messages".
BOOST_AUTO_TEST_CASE(reserved_header_bits_ignored)
{
    L2tpControlMessage m;
    Bytes b = RawControl(kMsgTypeHello, 1, 0, 0xC802 | 0x3000 | 0x0400 | 0x00F0);
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::NONE));
    BOOST_TEST((m.Type() == L2tpMessageType::HELLO));
    // ...and we send them as zero.
    Bytes enc = EncodeL2tpControl(m, "");
    BOOST_TEST(enc[0] == 0xC8);
    BOOST_TEST(enc[1] == 0x02);
    L2tpDataMessage d;
    Bytes data = Hex("34f2 0001 0002 ff03"); // reserved bits in a data header
    BOOST_TEST((DecodeL2tpData(data.data(), data.size(), d) == L2tpDecodeError::NONE));
    BOOST_TEST(d.payload.size() == 2u);
}

// §4.1: AVP Length includes the 6-octet header.
BOOST_AUTO_TEST_CASE(avp_length_below_six)
{
    L2tpControlMessage m;
    for (uint16_t len = 0; len < 6; ++len)
    {
        Bytes avp = Hex("8000 0000 0009 1234");
        avp[1] = static_cast<uint8_t>(len);
        Bytes b = RawControl(Cat({kMsgTypeHello, avp}));
        BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::AVP_TOO_SHORT), "AVP Length " << len);
    }
}

BOOST_AUTO_TEST_CASE(avp_overrun)
{
    L2tpControlMessage m;
    // AVP Length 10 but only 8 octets left in the message.
    Bytes b = RawControl(Cat({kMsgTypeHello, Hex("800a 0000 0009 1234")}));
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::AVP_OVERRUN));
    // One stray octet after the last AVP.
    b = RawControl(Cat({kMsgTypeHello, Hex("80")}));
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::AVP_OVERRUN));
    // An AVP header cut after its flags/length word.
    b = RawControl(Cat({kMsgTypeHello, Hex("8008 0000")}));
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::AVP_OVERRUN));
    // The first AVP already overruns.
    b = RawControl(Hex("8009 0000 0000 0006"));
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::AVP_OVERRUN));
}

// §4.4.x lengths: a known AVP with a value size its row forbids.
BOOST_AUTO_TEST_CASE(known_avp_wrong_size)
{
    struct Case
    {
        uint16_t type;
        Bytes value;
    };
    const std::vector<Case> cases = {
        {9, Hex("123456")},               // Assigned Tunnel ID: 2
        {9, Hex("12")},                   // Assigned Tunnel ID: 2
        {10, Hex("")},                    // Receive Window Size: 2
        {13, Bytes(15, 1)},               // Challenge Response: 16
        {13, Bytes(17, 1)}, {7, Bytes()}, // Host Name: at least 1 octet
        {11, Bytes()},                    // Challenge: one or more octets
        {39, Hex("00")},                  // Sequencing Required: no value
        {1, Hex("00")},                   // Result Code: at least 2
        {12, Hex("0001")},                // Q.931 Cause Code: at least 3
        {34, Bytes(25, 0)},               // Call Errors: 26
        {35, Bytes(11, 0)},               // ACCM: 10
        {2, Hex("01")},                   // Protocol Version: 2
    };
    for (const Case& c : cases)
    {
        L2tpControlMessage m;
        std::string detail;
        Bytes b = RawControl(Cat({kMsgTypeHello, RawAvp(true, false, 0, c.type, c.value)}));
        BOOST_TEST((DecodeL2tpControl(b.data(), b.size(), "", m, &detail) ==
                    L2tpDecodeError::AVP_LENGTH_RULE),
                   "type " << c.type << " size " << c.value.size());
        BOOST_TEST(!detail.empty());
    }
    // The Message Type itself (§4.4.1: Length 8).
    L2tpControlMessage m;
    BOOST_TEST((DecodeCtl(RawControl(Hex("8009 0000 0000 000600")), m) ==
                L2tpDecodeError::AVP_LENGTH_RULE));
    // Tie Breaker with 7 octets.
    BOOST_TEST((DecodeCtl(RawControl(Cat({kMsgTypeHello, RawAvp(false, false, 0, 5, Bytes(7, 1))})),
                          m) == L2tpDecodeError::AVP_LENGTH_RULE));
}

// §3.2 / §4.4.1: the Message Type AVP MUST be the first AVP.
BOOST_AUTO_TEST_CASE(first_avp_not_message_type)
{
    L2tpControlMessage m;
    Bytes b = RawControl(Cat({Hex("8008 0000 0009 1234"), kMsgTypeHello}));
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::FIRST_AVP_NOT_MESSAGE_TYPE));
    // A vendor AVP with type 0 is not the IETF Message Type.
    b = RawControl(RawAvp(true, false, 9, 0, Hex("0006")));
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::FIRST_AVP_NOT_MESSAGE_TYPE));
    // Nor is a type-0 AVP with a reserved bit (§4.1: unrecognized).
    b = RawControl(RawAvp(true, false, 0, 0, Hex("0006"), 0x2));
    BOOST_TEST((DecodeCtl(b, m) == L2tpDecodeError::FIRST_AVP_NOT_MESSAGE_TYPE));
}

// §4.3: hidden AVPs need a preceding Random Vector and the shared secret.
BOOST_AUTO_TEST_CASE(hidden_without_rv_or_secret)
{
    L2tpControlMessage m;
    Bytes noRv = RawControl(Cat({kMsgTypeSccrq, RawAvp(true, true, 0, 9, Hex("00021234"))}));
    BOOST_TEST((DecodeCtl(noRv, m, "secret") == L2tpDecodeError::HIDDEN_WITHOUT_RANDOM_VECTOR));
    // The Random Vector comes AFTER the hidden AVP: still none preceding.
    Bytes rvAfter = RawControl(Cat({kMsgTypeSccrq, RawAvp(true, true, 0, 9, Hex("00021234")),
                                    RawAvp(true, false, 0, 36, Hex("01"))}));
    BOOST_TEST((DecodeCtl(rvAfter, m, "secret") == L2tpDecodeError::HIDDEN_WITHOUT_RANDOM_VECTOR));
    Bytes withRv = RawControl(Cat({kMsgTypeSccrq, RawAvp(true, false, 0, 36, Hex("01")),
                                   RawAvp(true, true, 0, 9, Hex("00021234"))}));
    BOOST_TEST((DecodeCtl(withRv, m, "") == L2tpDecodeError::HIDDEN_WITHOUT_SECRET));
}

// §4.3 / §4.4.1: Message Type and Random Vector (and the catalog's NEVER_HIDE rows) must not be
// hidden.
BOOST_AUTO_TEST_CASE(hidden_not_allowed)
{
    L2tpControlMessage m;
    Bytes b = RawControl(Hex("c008 0000 0000 0006"));
    BOOST_TEST((DecodeCtl(b, m, "s") == L2tpDecodeError::HIDDEN_NOT_ALLOWED));
    b = RawControl(Cat({kMsgTypeHello, RawAvp(true, false, 0, 36, Hex("01")),
                        RawAvp(true, true, 0, 36, Hex("0001ff"))}));
    BOOST_TEST((DecodeCtl(b, m, "s") == L2tpDecodeError::HIDDEN_NOT_ALLOWED));
    b = RawControl(Cat({kMsgTypeSccrq, RawAvp(true, false, 0, 36, Hex("01")),
                        RawAvp(true, true, 0, 7, HideAvpValue(7, Str("h"), "s", Hex("01")))}));
    BOOST_TEST((DecodeCtl(b, m, "s") == L2tpDecodeError::HIDDEN_NOT_ALLOWED));
}

// §4.3 Hidden AVP Subformat: Original Length must fit in the hidden data.
BOOST_AUTO_TEST_CASE(hidden_bad_length)
{
    const Bytes rv = Hex("55");
    L2tpControlMessage m;
    Bytes full = HideAvpValue(9, Hex("1234"), "s", rv);
    Bytes cut(full.begin(), full.end() - 1); // Original Length 2, only 1 octet left
    Bytes b = RawControl(
        Cat({kMsgTypeSccrq, RawAvp(true, false, 0, 36, rv), RawAvp(true, true, 0, 9, cut)}));
    BOOST_TEST((DecodeCtl(b, m, "s") == L2tpDecodeError::HIDDEN_BAD_LENGTH));
    Bytes one(full.begin(), full.begin() + 1); // not even the Original Length
    b = RawControl(
        Cat({kMsgTypeSccrq, RawAvp(true, false, 0, 36, rv), RawAvp(true, true, 0, 9, one)}));
    BOOST_TEST((DecodeCtl(b, m, "s") == L2tpDecodeError::HIDDEN_BAD_LENGTH));
    Bytes out;
    BOOST_TEST(!UnhideAvpValue(9, cut, "s", rv, out));
    // The length rule applies to the UN-hidden value: hidden Assigned Tunnel ID of 3 octets.
    b = RawControl(Cat({kMsgTypeSccrq, RawAvp(true, false, 0, 36, rv),
                        RawAvp(true, true, 0, 9, HideAvpValue(9, Hex("123456"), "s", rv))}));
    BOOST_TEST((DecodeCtl(b, m, "s") == L2tpDecodeError::AVP_LENGTH_RULE));
}

// ---------------------------------------------------------------- unknown and vendor AVPs (§4.1)

BOOST_AUTO_TEST_CASE(unknown_avps_kept_opaquely)
{
    const Bytes unknownM = RawAvp(true, false, 0, 20, Hex("abcd"));         // reserved type, M=1
    const Bytes unknownNoM = RawAvp(false, false, 0, 200, Hex("01020304")); // unknown, M=0
    const Bytes vendorM = RawAvp(true, false, 311, 1, Hex("ff"));           // vendor, M=1
    const Bytes vendorNoM = RawAvp(false, false, 9, 9, Hex("1234"));        // vendor, M=0
    const Bytes rsvdBits = RawAvp(false, false, 0, 9, Hex("123456"), 0x5);  // §4.1 reserved bits

    // Only non-mandatory unknowns: FirstUnknownMandatory finds nothing; they round-trip.
    Bytes b = RawControl(Cat({kMsgTypeHello, unknownNoM, vendorNoM, rsvdBits}));
    L2tpControlMessage m;
    BOOST_TEST_REQUIRE((DecodeCtl(b, m) == L2tpDecodeError::NONE));
    BOOST_TEST(m.avps.size() == 4u);
    BOOST_TEST(FirstUnknownMandatory(m) == nullptr);
    BOOST_TEST(m.avps[2].vendorId == 9);
    // The reserved-bit AVP is unrecognized: no length rule, not found as Assigned Tunnel ID.
    BOOST_TEST(m.avps[3].reservedBits == 0x5);
    BOOST_TEST(m.Find(L2tpAvpType::ASSIGNED_TUNNEL_ID) == nullptr);
    BOOST_TEST(ToHex(EncodeL2tpControl(m, "")) == ToHex(b));

    // With M set: found, in wire order.
    b = RawControl(Cat({kMsgTypeHello, unknownNoM, vendorM, unknownM}));
    BOOST_TEST_REQUIRE((DecodeCtl(b, m) == L2tpDecodeError::NONE));
    const L2tpAvp* first = FirstUnknownMandatory(m);
    BOOST_TEST_REQUIRE(first != nullptr);
    BOOST_TEST(first->vendorId == 311);
    BOOST_TEST(first->type == 1);
    BOOST_TEST(ToHex(EncodeL2tpControl(m, "")) == ToHex(b));

    b = RawControl(Cat({kMsgTypeHello, unknownM}));
    BOOST_TEST_REQUIRE((DecodeCtl(b, m) == L2tpDecodeError::NONE));
    BOOST_TEST_REQUIRE(FirstUnknownMandatory(m) != nullptr);
    BOOST_TEST(FirstUnknownMandatory(m)->type == 20);

    // Reserved flag bits + M: unrecognized mandatory.
    b = RawControl(Cat({kMsgTypeHello, RawAvp(true, false, 0, 9, Hex("1234"), 0x8)}));
    BOOST_TEST_REQUIRE((DecodeCtl(b, m) == L2tpDecodeError::NONE));
    BOOST_TEST(FirstUnknownMandatory(m) == &m.avps[1]);
}

// A hidden vendor AVP is un-hidden like any other (§4.3 does not depend on the attribute).
BOOST_AUTO_TEST_CASE(hidden_vendor_avp)
{
    const Bytes rv = Hex("99887766");
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::HELLO);
    m.Add(L2tpAvpType::RANDOM_VECTOR, rv);
    L2tpAvp v;
    v.vendorId = 4491;
    v.type = 1000;
    v.hidden = true;
    v.value = Str("vendor data");
    m.avps.push_back(v);
    Bytes enc = EncodeL2tpControl(m, "s");
    BOOST_TEST_REQUIRE(!enc.empty());
    L2tpControlMessage d;
    BOOST_TEST_REQUIRE((DecodeCtl(enc, d, "s") == L2tpDecodeError::NONE));
    BOOST_TEST(SameMessage(d, m));
}

// ---------------------------------------------------------------- data messages (§3.1, §5.4)

BOOST_AUTO_TEST_CASE(data_message_golden)
{
    L2tpDataMessage m;
    m.tunnelId = 0x0102;
    m.sessionId = 0x0304;
    m.payload = Hex("ff03c021");
    BOOST_TEST(ToHex(EncodeL2tpData(m)) == "000201020304ff03c021");
    m.hasLength = true;
    m.hasSequence = true;
    m.ns = 5;
    m.nr = 0;
    BOOST_TEST(ToHex(EncodeL2tpData(m)) == "480200100102030400050000ff03c021");
    m.hasLength = false;
    m.hasSequence = false;
    m.hasOffset = true;
    m.offsetSize = 3;
    m.priority = true;
    BOOST_TEST(ToHex(EncodeL2tpData(m)) == "0302010203040003000000ff03c021");
}

// Every combination of L, S, O, P round-trips.
BOOST_DATA_TEST_CASE(data_message_round_trip, bdata::xrange(16), bits)
{
    L2tpDataMessage m;
    m.tunnelId = 0xA1B2;
    m.sessionId = 0xC3D4;
    m.hasLength = bits & 1;
    m.hasSequence = bits & 2;
    m.hasOffset = bits & 4;
    m.priority = bits & 8;
    if (m.hasSequence)
    {
        m.ns = 0xFFFE;
        m.nr = 0x0001;
    }
    if (m.hasOffset)
    {
        m.offsetSize = static_cast<uint16_t>(bits + 1);
    }
    m.payload = Hex("ff03 0021 4500 0014");
    Bytes enc = EncodeL2tpData(m);
    size_t hdr =
        6 + (m.hasLength ? 2 : 0) + (m.hasSequence ? 4 : 0) + (m.hasOffset ? 2 + m.offsetSize : 0);
    BOOST_TEST(enc.size() == hdr + m.payload.size());
    L2tpDataMessage d;
    BOOST_TEST_REQUIRE((DecodeL2tpData(enc.data(), enc.size(), d) == L2tpDecodeError::NONE));
    BOOST_TEST(d.tunnelId == m.tunnelId);
    BOOST_TEST(d.sessionId == m.sessionId);
    BOOST_TEST(d.hasLength == m.hasLength);
    BOOST_TEST(d.hasSequence == m.hasSequence);
    BOOST_TEST(d.hasOffset == m.hasOffset);
    BOOST_TEST(d.priority == m.priority);
    BOOST_TEST(d.ns == m.ns);
    BOOST_TEST(d.nr == m.nr);
    BOOST_TEST(d.offsetSize == m.offsetSize);
    BOOST_TEST((d.payload == m.payload));
    L2tpHeader h;
    BOOST_TEST((DecodeL2tpHeader(enc.data(), enc.size(), h) == L2tpDecodeError::NONE));
    BOOST_TEST(h.headerSize == hdr);
    BOOST_TEST(!h.isControl);
}

// §3.1 Offset Size: the pad must lie inside the message.
BOOST_AUTO_TEST_CASE(data_message_bad_offset_and_length)
{
    L2tpDataMessage d;
    Bytes b = Hex("0202 0001 0002 0005 0000"); // O=1, Offset Size 5, 2 octets follow
    BOOST_TEST((DecodeL2tpData(b.data(), b.size(), d) == L2tpDecodeError::BAD_OFFSET));
    b = Hex("0202 0001 0002 0002 0000"); // exactly the pad, empty payload
    BOOST_TEST((DecodeL2tpData(b.data(), b.size(), d) == L2tpDecodeError::NONE));
    BOOST_TEST(d.payload.empty());
    b = Hex("0202 0001 0002 00"); // Offset Size field cut
    BOOST_TEST((DecodeL2tpData(b.data(), b.size(), d) == L2tpDecodeError::TRUNCATED_HEADER));
    // L=1 with Length shorter than the datagram: payload stops at Length.
    b = Hex("4002 000a 0001 0002 ff03 eeee");
    BOOST_TEST_REQUIRE((DecodeL2tpData(b.data(), b.size(), d) == L2tpDecodeError::NONE));
    BOOST_TEST(ToHex(d.payload) == "ff03");
    b = Hex("4002 0010 0001 0002 ff03");
    BOOST_TEST((DecodeL2tpData(b.data(), b.size(), d) == L2tpDecodeError::LENGTH_MISMATCH));
    // Offset pad beyond Length (but inside the datagram).
    b = Hex("4202 000a 0001 0002 0004 0000 0000");
    BOOST_TEST((DecodeL2tpData(b.data(), b.size(), d) == L2tpDecodeError::BAD_OFFSET));
}

// ---------------------------------------------------------------- robustness

// 20k random and mutated datagrams into every decoder: never crash (ASan/valgrind optional), and
// whatever decodes must re-encode to something that decodes to the same message.
BOOST_AUTO_TEST_CASE(randomized_robustness)
{
    const std::string secret = "fuzz";
    std::vector<Bytes> seeds;
    {
        L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
        m.AddU16(L2tpAvpType::PROTOCOL_VERSION, 0x0100)
            .AddString(L2tpAvpType::HOST_NAME, "lac")
            .Add(L2tpAvpType::RANDOM_VECTOR, Hex("0102030405060708"))
            .AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, 9, true)
            .AddString(L2tpAvpType::CALLED_NUMBER, "0123456789abcdefghijklmnop", true)
            .AddResult(2, 6, "x");
        seeds.push_back(EncodeL2tpControl(m, secret));
        seeds.push_back(RawControl(Cat({kMsgTypeHello, RawAvp(true, false, 77, 3, Hex("00"))})));
        L2tpDataMessage d;
        d.hasLength = d.hasSequence = d.hasOffset = true;
        d.offsetSize = 2;
        d.payload = Hex("ff03c02101010004");
        seeds.push_back(EncodeL2tpData(d));
        seeds.push_back(EncodeL2tpControl(L2tpControlMessage{}, ""));
    }
    DetRandom rng(20240611);
    size_t decodedControl = 0;
    size_t decodedData = 0;
    for (int iter = 0; iter < 20000; ++iter)
    {
        Bytes b;
        uint64_t r = rng.Next();
        if (r % 4 == 0)
        {
            b = rng.NextBytes(rng.Next() % 64);
            if (b.size() >= 2 && (r & 0x10))
            {
                b[1] = (b[1] & 0xF0) | 0x02; // version 2 more often
            }
        }
        else
        {
            b = seeds[rng.Next() % seeds.size()];
            int flips = 1 + static_cast<int>(rng.Next() % 4);
            for (int k = 0; k < flips && !b.empty(); ++k)
            {
                b[rng.Next() % b.size()] ^= static_cast<uint8_t>(1u << (rng.Next() % 8));
            }
            if (rng.Next() % 3 == 0 && !b.empty())
            {
                b.resize(rng.Next() % (b.size() + 4), 0x5A);
            }
        }
        L2tpHeader h;
        (void)DecodeL2tpHeader(b.data(), b.size(), h);
        L2tpDataMessage dm;
        if (DecodeL2tpData(b.data(), b.size(), dm) == L2tpDecodeError::NONE)
        {
            ++decodedData;
            Bytes again = EncodeL2tpData(dm);
            L2tpDataMessage dm2;
            BOOST_REQUIRE(
                (DecodeL2tpData(again.data(), again.size(), dm2) == L2tpDecodeError::NONE));
            BOOST_REQUIRE((dm2.payload == dm.payload));
        }
        for (const std::string& s : {std::string(), secret})
        {
            L2tpControlMessage cm;
            std::string detail;
            if (DecodeL2tpControl(b.data(), b.size(), s, cm, &detail) != L2tpDecodeError::NONE)
            {
                continue;
            }
            ++decodedControl;
            (void)FirstUnknownMandatory(cm);
            (void)cm.Type();
            Bytes again = EncodeL2tpControl(cm, s);
            BOOST_REQUIRE(!again.empty());
            L2tpControlMessage cm2;
            BOOST_REQUIRE((DecodeL2tpControl(again.data(), again.size(), s, cm2, &detail) ==
                           L2tpDecodeError::NONE));
            BOOST_REQUIRE(SameMessage(cm, cm2));
        }
    }
    BOOST_TEST_MESSAGE("robustness: " << decodedControl << " control and " << decodedData
                                      << " data datagrams decoded of 20000");
    BOOST_TEST(decodedControl > 0u);
    BOOST_TEST(decodedData > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
