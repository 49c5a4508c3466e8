// MPPE (model/ppp/ppp-mppe.h) against RFC 3079's own sample derivations (§3.5.1-3.5.3: start
// keys, reduced session keys and the "Sample Encrypted Message" of each strength), RC4 against
// RFC 6229, and the RFC 3078 packet format and key schedule both ways: what an encryptor sends, a
// decryptor with the mirrored keys accepts; what the RFC forbids (a clear D bit, MPPC bits, a
// stateless packet without A, late or repeated counts, a stateful gap) is dropped and counted.

#include "model/common/crypto.h"
#include "model/ppp/ppp-mppe.h"
#include "model/ppp/ppp-mschap.h"

#include <boost/test/unit_test.hpp>

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

// RFC 3079 §3.5 initial values (the same as RFC 2759 §9.2).
const std::string kUser = "User";
const std::string kPassword = "clientPass";
const char* const kAuthChallenge = "5B5D7C7D7B3F2F3E3C2C602132262628";
const char* const kPeerChallenge = "21402324255E262A28295F2B3A337C7E";

/** The MS-CHAPv2 key material of the RFC's exchange (as PppAuthPeer::MasterKeyMaterial). */
Bytes
Material()
{
    Bytes nt = MsChapV2NtResponse(H(kAuthChallenge), H(kPeerChallenge), kUser, kPassword);
    BOOST_REQUIRE_EQUAL(ToHex(nt), "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df");
    return MsChapKeyMaterial(HashNtPasswordHash(NtPasswordHash(kPassword)), nt);
}

const Bytes kTestMessage = {'t', 'e', 's', 't', ' ', 'm', 'e', 's', 's', 'a', 'g', 'e'};

/** A pair of ends with mirrored keys (client and server of one MS-CHAPv2 exchange). */
struct Pair
{
    Mppe client;
    Mppe server;

    static MppeConfig
    Cfg(MppeStrength s, bool stateless, bool isServer)
    {
        MppeStartKeys k = MppeStartKeysFromMsChapV2(Material(), s, isServer);
        return MppeConfig{s, stateless, k.send, k.recv};
    }

    Pair(MppeStrength s, bool stateless)
        : client(Cfg(s, stateless, false))
        , server(Cfg(s, stateless, true))
    {
    }
};

uint64_t
Counter(const Mppe& m, const std::string& name)
{
    auto it = m.Counters().find(name);
    return it == m.Counters().end() ? 0 : it->second;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ppp_mppe)

BOOST_AUTO_TEST_CASE(rc4_rfc6229_key_0102030405)
{
    // RFC 6229 §2, 40-bit key 0x0102030405: keystream octets 0-15.
    Rc4 rc4;
    BOOST_REQUIRE(rc4.SetKey(H("0102030405")));
    BOOST_CHECK_EQUAL(ToHex(rc4.Apply(Bytes(16, 0))), "b2396305f03dc027ccc3524a0a1118a8");
    // The keystream continues across calls (octets 16-31).
    BOOST_CHECK_EQUAL(ToHex(rc4.Apply(Bytes(16, 0))), "6982944f18fc82d589c403a47a0d0919");
    // A new key restarts it; an empty key is refused and leaves no key.
    BOOST_REQUIRE(rc4.SetKey(H("0102030405")));
    BOOST_CHECK_EQUAL(ToHex(rc4.Apply(Bytes(4, 0))), "b2396305");
    BOOST_CHECK(!rc4.SetKey(Bytes{}));
    BOOST_CHECK(!rc4.Ready());
    Bytes untouched = {1, 2, 3};
    BOOST_CHECK(rc4.Apply(untouched) == untouched);
    BOOST_CHECK_EQUAL(LegacyCryptoStatus(), "");
}

BOOST_AUTO_TEST_CASE(rfc3079_3_5_1_forty_bit)
{
    // §3.5.1: SendStartKey40 (the server's send key: GetAsymmetricStartKey with IsSend, IsServer),
    // SendSessionKey40 after ReduceSessionKey, and rc4(SendSessionKey40, "test message").
    MppeStartKeys server = MppeStartKeysFromMsChapV2(Material(), MppeStrength::BITS_40, true);
    BOOST_CHECK_EQUAL(ToHex(server.send), "8b7cdc149b993a1b");
    Bytes session = MppeInitialSessionKey(server.send, MppeStrength::BITS_40);
    BOOST_CHECK_EQUAL(ToHex(session), "d1269ec49fa62e3e");
    Rc4 rc4;
    rc4.SetKey(session);
    BOOST_CHECK_EQUAL(ToHex(rc4.Apply(kTestMessage)), "929137917e5803d668d75898");
    // The client receives with the same key (§3.1: Magic3 on both ends of that direction).
    MppeStartKeys client = MppeStartKeysFromMsChapV2(Material(), MppeStrength::BITS_40, false);
    BOOST_CHECK(client.recv == server.send);
    BOOST_CHECK(client.send == server.recv);
    BOOST_CHECK(client.send != client.recv);
}

BOOST_AUTO_TEST_CASE(rfc3079_3_5_2_fifty_six_bit)
{
    MppeStartKeys server = MppeStartKeysFromMsChapV2(Material(), MppeStrength::BITS_56, true);
    BOOST_CHECK_EQUAL(ToHex(server.send), "8b7cdc149b993a1b");
    Bytes session = MppeInitialSessionKey(server.send, MppeStrength::BITS_56);
    // §3.2 ReduceSessionKey: only the first octet becomes D1.
    BOOST_CHECK_EQUAL(ToHex(session), "d15c00c49fa62e3e");
    Rc4 rc4;
    rc4.SetKey(session);
    BOOST_CHECK_EQUAL(ToHex(rc4.Apply(kTestMessage)), "3f106833fa448da842bc57b8");
}

BOOST_AUTO_TEST_CASE(rfc3079_3_5_3_one_twenty_eight_bit)
{
    MppeStartKeys server = MppeStartKeysFromMsChapV2(Material(), MppeStrength::BITS_128, true);
    BOOST_CHECK_EQUAL(ToHex(server.send), "8b7cdc149b993a1ba118cb153f56dccb");
    Bytes session = MppeInitialSessionKey(server.send, MppeStrength::BITS_128);
    // §3.3: no reduction for 128-bit keys.
    BOOST_CHECK_EQUAL(ToHex(session), "405cb2247a7956e6e211007ae27b22d4");
    Rc4 rc4;
    rc4.SetKey(session);
    BOOST_CHECK_EQUAL(ToHex(rc4.Apply(kTestMessage)), "81848317df68846272fb5abe");
}

BOOST_AUTO_TEST_CASE(reduce_session_key_and_wrong_sizes)
{
    Bytes k = H("0011223344556677");
    BOOST_CHECK_EQUAL(ToHex(MppeReduceSessionKey(k, MppeStrength::BITS_40)), "d1269e3344556677");
    BOOST_CHECK_EQUAL(ToHex(MppeReduceSessionKey(k, MppeStrength::BITS_56)), "d111223344556677");
    BOOST_CHECK(MppeReduceSessionKey(k, MppeStrength::BITS_128) == k);
    BOOST_CHECK(MppeReduceSessionKey(Bytes{1}, MppeStrength::BITS_40) == Bytes{1});
    // Wrong material sizes give empty keys, never a read past the input.
    BOOST_CHECK(MppeStartKeysFromMsChapV2(Bytes(39, 0), MppeStrength::BITS_128, true).send.empty());
    BOOST_CHECK(MppeStartKeysFromMsChapV1(Bytes(23, 0), MppeStrength::BITS_128).send.empty());
    BOOST_CHECK(MppeInitialSessionKey(Bytes{}, MppeStrength::BITS_128).empty());
    BOOST_CHECK(MppeChangeKey(Bytes(4, 0), Bytes(4, 0), MppeStrength::BITS_128).empty());
}

BOOST_AUTO_TEST_CASE(mschapv1_128_bit_start_key_rfc3079_2_4)
{
    // §2.4 GetStartKey: SHA1(PasswordHashHash || PasswordHashHash || Challenge), first 16 octets;
    // one key for both directions. RFC 2433 B.2's password and challenge.
    Bytes hashHash = HashNtPasswordHash(NtPasswordHash("MyPw"));
    Bytes challenge = H("102DB5DF085D3041");
    MppeStartKeys k =
        MppeStartKeysFromMsChapV1(MsChapKeyMaterial(hashHash, challenge), MppeStrength::BITS_128);
    Sha1Digest d = Sha1({hashHash, hashHash, challenge});
    BOOST_CHECK(k.send == Bytes(d.begin(), d.begin() + 16));
    BOOST_CHECK(k.send == k.recv);
    // 40/56-bit MS-CHAPv1 keys need the LAN Manager hash: not offered.
    BOOST_CHECK(
        MppeStartKeysFromMsChapV1(MsChapKeyMaterial(hashHash, challenge), MppeStrength::BITS_40)
            .send.empty());
}

BOOST_AUTO_TEST_CASE(key_change_rfc3078_7_3)
{
    // §7.3: InterimKey = GetNewKeyFromSHA(StartKey, SessionKey); SessionKey = RC4(InterimKey,
    // InterimKey); then ReduceSessionKey.
    Bytes start = H("8b7cdc149b993a1b");
    Bytes session = H("d1269ec49fa62e3e");
    Bytes interim = MppeNewKeyFromSha(start, session, 8);
    Rc4 rc4;
    rc4.SetKey(interim);
    Bytes expected = MppeReduceSessionKey(rc4.Apply(interim), MppeStrength::BITS_40);
    Bytes next = MppeChangeKey(start, session, MppeStrength::BITS_40);
    BOOST_CHECK(next == expected);
    BOOST_CHECK_EQUAL(ToHex(Bytes(next.begin(), next.begin() + 3)), "d1269e");
    BOOST_CHECK(next != session);
}

BOOST_AUTO_TEST_CASE(packet_format_rfc3078_3)
{
    Pair p(MppeStrength::BITS_128, true);
    Bytes ping = {0x45, 0x00, 0x00, 0x1c};
    Bytes f1 = p.client.Encrypt(0x0021, ping);
    // §3: A (flushed, stateless) and D (encrypted) set, B and C clear, coherency count 0; the
    // protocol field and the payload are encrypted: 2 + 2 + 4 octets.
    BOOST_REQUIRE_EQUAL(f1.size(), ping.size() + kMppeOverhead);
    BOOST_CHECK_EQUAL(f1[0], kMppeFlagA | kMppeFlagD);
    BOOST_CHECK_EQUAL(f1[1], 0);
    BOOST_CHECK(Bytes(f1.begin() + 4, f1.end()) != ping);
    Bytes f2 = p.client.Encrypt(0x0021, ping);
    MppeHeader h;
    BOOST_REQUIRE(DecodeMppeHeader(f2, h));
    BOOST_CHECK(h.flushed && h.encrypted && !h.compressed && !h.front);
    BOOST_CHECK_EQUAL(h.count, 1);
    // Stateless: the key changes every packet, so equal datagrams encrypt differently.
    BOOST_CHECK(Bytes(f1.begin() + 2, f1.end()) != Bytes(f2.begin() + 2, f2.end()));
    uint16_t proto = 0;
    Bytes out;
    BOOST_CHECK(p.server.Decrypt(f1, proto, out) == MppeDrop::NONE);
    BOOST_CHECK_EQUAL(proto, 0x0021);
    BOOST_CHECK(out == ping);
    BOOST_CHECK(p.server.Decrypt(f2, proto, out) == MppeDrop::NONE);
    BOOST_CHECK(out == ping);
    BOOST_CHECK_EQUAL(Counter(p.server, "mppe/rx"), 2u);
    BOOST_CHECK_EQUAL(Counter(p.client, "mppe/rekey/tx"), 2u);
    BOOST_CHECK_EQUAL(p.client.EncodingName(), "MPPE128 stateless");
}

BOOST_AUTO_TEST_CASE(both_directions_every_strength)
{
    for (MppeStrength s : {MppeStrength::BITS_40, MppeStrength::BITS_56, MppeStrength::BITS_128})
    {
        for (bool stateless : {true, false})
        {
            Pair p(s, stateless);
            for (int i = 0; i < 600; ++i) // crosses two stateful key changes (count 0xFF, 0x1FF)
            {
                Bytes d(static_cast<size_t>(i % 50 + 1), static_cast<uint8_t>(i));
                uint16_t proto = 0;
                Bytes out;
                BOOST_REQUIRE(p.server.Decrypt(p.client.Encrypt(0x0057, d), proto, out) ==
                              MppeDrop::NONE);
                BOOST_REQUIRE(out == d && proto == 0x0057);
                BOOST_REQUIRE(p.client.Decrypt(p.server.Encrypt(0x0021, d), proto, out) ==
                              MppeDrop::NONE);
                BOOST_REQUIRE(out == d && proto == 0x0021);
            }
            BOOST_CHECK_EQUAL(Counter(p.client, "mppe/rekey/tx"), stateless ? 600u : 2u);
        }
    }
}

BOOST_AUTO_TEST_CASE(wrong_keys_do_not_decrypt)
{
    // Both ends deriving as client: the receive key is not the peer's send key.
    MppeConfig c = Pair::Cfg(MppeStrength::BITS_128, true, false);
    Mppe a(c);
    Mppe b(c);
    uint16_t proto = 0;
    Bytes out;
    Bytes ping = {0x45, 0, 0, 20, 1, 2, 3, 4};
    MppeDrop d = b.Decrypt(a.Encrypt(0x0021, ping), proto, out);
    BOOST_CHECK(d != MppeDrop::NONE || out != ping);
}

BOOST_AUTO_TEST_CASE(stateless_loss_and_lateness_rfc3078_7_1)
{
    Pair p(MppeStrength::BITS_128, true);
    Bytes d = {0x45, 1, 2, 3};
    Bytes f0 = p.client.Encrypt(0x0021, d);
    p.client.Encrypt(0x0021, d); // lost
    p.client.Encrypt(0x0021, d); // lost
    Bytes f3 = p.client.Encrypt(0x0021, d);
    uint16_t proto = 0;
    Bytes out;
    BOOST_CHECK(p.server.Decrypt(f0, proto, out) == MppeDrop::NONE);
    // Losses cost nothing in stateless mode: the receiver steps the key to count 3.
    BOOST_CHECK(p.server.Decrypt(f3, proto, out) == MppeDrop::NONE);
    BOOST_CHECK(out == d);
    // A repeat of count 3, or the older count 0, is late.
    BOOST_CHECK(p.server.Decrypt(f3, proto, out) == MppeDrop::LATE);
    BOOST_CHECK(p.server.Decrypt(f0, proto, out) == MppeDrop::LATE);
    BOOST_CHECK_EQUAL(Counter(p.server, "mppe/drop/late"), 2u);
    // Stateless packets must carry A.
    Bytes f4 = p.client.Encrypt(0x0021, d);
    f4[0] = static_cast<uint8_t>(f4[0] & ~kMppeFlagA);
    BOOST_CHECK(p.server.Decrypt(f4, proto, out) == MppeDrop::NOT_FLUSHED);
}

BOOST_AUTO_TEST_CASE(counts_wrap_at_4096)
{
    Pair p(MppeStrength::BITS_40, true);
    Bytes d = {0x45};
    uint16_t proto = 0;
    Bytes out;
    for (int i = 0; i < 4100; ++i)
    {
        Bytes f = p.client.Encrypt(0x0021, d);
        MppeHeader h;
        BOOST_REQUIRE(DecodeMppeHeader(f, h));
        BOOST_REQUIRE_EQUAL(h.count, i % 4096);
        BOOST_REQUIRE(p.server.Decrypt(f, proto, out) == MppeDrop::NONE);
    }
}

BOOST_AUTO_TEST_CASE(stateful_gap_reset_request_and_flush_rfc3078_8)
{
    Pair p(MppeStrength::BITS_128, false);
    Bytes d = {0x45, 9, 9};
    uint16_t proto = 0;
    Bytes out;
    Bytes f0 = p.client.Encrypt(0x0021, d);
    // Stateful packets are not flushed unless the key changed or a reset was asked for.
    BOOST_CHECK_EQUAL(f0[0] & kMppeFlagA, 0);
    BOOST_CHECK(p.server.Decrypt(f0, proto, out) == MppeDrop::NONE);
    p.client.Encrypt(0x0021, d); // lost
    Bytes f2 = p.client.Encrypt(0x0021, d);
    BOOST_CHECK(p.server.Decrypt(f2, proto, out) == MppeDrop::COHERENCY_GAP);
    BOOST_CHECK(p.server.TakeResetRequest());
    BOOST_CHECK(!p.server.TakeResetRequest()); // once per gap
    Bytes f3 = p.client.Encrypt(0x0021, d);
    BOOST_CHECK(p.server.Decrypt(f3, proto, out) == MppeDrop::AWAITING_FLUSH);
    // The Reset-Request reaches the sender: its next packet is flushed and decrypts.
    p.client.ResetRequested();
    Bytes f4 = p.client.Encrypt(0x0021, d);
    BOOST_CHECK_NE(f4[0] & kMppeFlagA, 0);
    BOOST_CHECK(p.server.Decrypt(f4, proto, out) == MppeDrop::NONE);
    BOOST_CHECK(out == d);
    Bytes f5 = p.client.Encrypt(0x0021, d);
    BOOST_CHECK(p.server.Decrypt(f5, proto, out) == MppeDrop::NONE);
    BOOST_CHECK_EQUAL(Counter(p.server, "mppe/drop/coherency-gap"), 1u);
    BOOST_CHECK_EQUAL(Counter(p.server, "mppe/drop/awaiting-flush"), 1u);
}

BOOST_AUTO_TEST_CASE(stateful_flush_across_a_key_change)
{
    // Packets lost across count 0xFF: the receiver catches up with every key change it missed.
    Pair p(MppeStrength::BITS_128, false);
    Bytes d = {0x45};
    uint16_t proto = 0;
    Bytes out;
    BOOST_CHECK(p.server.Decrypt(p.client.Encrypt(0x0021, d), proto, out) == MppeDrop::NONE);
    for (int i = 0; i < 300; ++i)
    {
        p.client.Encrypt(0x0021, d); // lost
    }
    p.client.ResetRequested();
    BOOST_CHECK(p.server.Decrypt(p.client.Encrypt(0x0021, d), proto, out) == MppeDrop::NONE);
    BOOST_CHECK(out == d);
}

BOOST_AUTO_TEST_CASE(refused_packets_rfc3078_3)
{
    Pair p(MppeStrength::BITS_128, true);
    uint16_t proto = 0;
    Bytes out;
    BOOST_CHECK(p.server.Decrypt(Bytes{}, proto, out) == MppeDrop::SHORT);
    BOOST_CHECK(p.server.Decrypt(Bytes{0x90}, proto, out) == MppeDrop::SHORT);
    // D clear: not encrypted.
    BOOST_CHECK(p.server.Decrypt(Bytes{0x80, 0x00, 0, 0x21}, proto, out) ==
                MppeDrop::NOT_ENCRYPTED);
    // C (or B) set: MPPC compression, never negotiated.
    BOOST_CHECK(p.server.Decrypt(Bytes{0xb0, 0x00, 0, 0x21}, proto, out) == MppeDrop::COMPRESSED);
    BOOST_CHECK(p.server.Decrypt(Bytes{0xd0, 0x00, 0, 0x21}, proto, out) == MppeDrop::COMPRESSED);
    // A header with nothing behind it: no protocol field to decrypt.
    BOOST_CHECK(p.server.Decrypt(Bytes{0x90, 0x00}, proto, out) == MppeDrop::BAD_INNER_PROTOCOL);
    BOOST_CHECK_EQUAL(Counter(p.server, "mppe/drop/short"), 2u);
    BOOST_CHECK_EQUAL(Counter(p.server, "mppe/drop/compressed"), 2u);
    // A config without keys refuses everything instead of reading anything.
    Mppe none(MppeConfig{});
    BOOST_CHECK(none.Decrypt(Bytes{0x90, 0x00, 1, 2}, proto, out) == MppeDrop::NO_KEY);
}

BOOST_AUTO_TEST_CASE(names_and_bits)
{
    BOOST_CHECK_EQUAL(MppeEncodingName(MppeStrength::BITS_40, false), "MPPE40 stateful");
    BOOST_CHECK_EQUAL(MppeBitsText(kMppeBitS | kMppeBitH), "H S");
    BOOST_CHECK_EQUAL(MppeBitsText(0), "none");
    MppeStrength s{};
    BOOST_CHECK(MppeStrongest(kMppeBitL | kMppeBitS, s) && s == MppeStrength::BITS_128);
    BOOST_CHECK(MppeStrongest(kMppeBitL | kMppeBitM, s) && s == MppeStrength::BITS_56);
    BOOST_CHECK(!MppeStrongest(kMppeBitC | kMppeBitH, s));
    BOOST_CHECK_EQUAL(MppeKeyLength(MppeStrength::BITS_56), 8u);
}

BOOST_AUTO_TEST_SUITE_END()
